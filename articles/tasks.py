"""Background tasks, run by `manage.py db_worker` (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from articles.services import import_job_run


@task()
def import_job_task(job_id: int) -> None:
    """Run an admin import, or a re-extraction, recorded as an ImportJob."""
    import_job_run(job_id=job_id)
