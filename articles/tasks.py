"""Background tasks, run by `manage.py newsbrowser_worker` (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import TaskContext, task

from articles.services import import_job_run


@task(takes_context=True)
def import_job_task(context: TaskContext, job_id: int) -> None:
    """Run an admin import, or a re-extraction, recorded as an ImportJob."""
    # The task's id lets the run tell itself from a task queued before the job was re-queued.
    import_job_run(job_id=job_id, task_id=context.task_result.id)
