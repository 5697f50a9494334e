"""Jobs that recover, in one process: interrupted runs, recovery by a worker, resuming, cancelling.

The multi-process cases (SIGKILL, SIGTERM, a lost database, several workers) are in
test_workers.py, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ImportJob
from articles.services import import_job_run, job_cancel, job_requeue, jobs_recover
from articles.tasks import import_job_task
from entities.models import Person
from tests.articles.jobs import edition, job_of_files, run_worker_until_queue_is_empty

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@contextmanager
def on_article_save(action, *, save: int) -> Iterator[None]:
    """Run ``action`` in the import as it stores its ``save``-th new article (fault injection)."""
    saves = 0

    def receiver(created: bool, **kwargs: object) -> None:
        nonlocal saves
        saves += created
        if created and saves == save:
            action()

    post_save.connect(receiver, sender=Article, weak=False)
    try:
        yield
    finally:
        post_save.disconnect(receiver, sender=Article)


def raise_(error: BaseException):
    def action() -> None:
        raise error

    return action


def titles(numbers: range) -> list[str]:
    return sorted(edition(n)["title"] for n in numbers)


def events(job: ImportJob) -> list[str]:
    return [event["event"] for event in job.events]


def running_job(*, heartbeat_age: timedelta | None, **fields: object) -> ImportJob:
    """A job a worker claimed (with its task) and then went silent for ``heartbeat_age``."""
    job = ImportJob.objects.create(kind=ImportJob.Kind.EXTRACT, **fields)
    task = DBTaskResult.objects.get(id=import_job_task.enqueue(job.pk).id)
    task.claim("a-worker-that-is-gone")
    now = timezone.now()
    job.status = ImportJob.Status.RUNNING
    job.task_id = str(task.id)
    job.worker = "elsewhere:4242:gone"
    job.started_at = now - timedelta(minutes=10)
    job.heartbeat_at = None if heartbeat_age is None else now - heartbeat_age
    job.save()
    return job


@pytest.mark.slow
@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(1)], ids=type)
def test_an_interrupted_run_is_marked_interrupted_and_resumes_without_duplicates(error, nlp):
    job = job_of_files(files=4, per_file=3)
    first_file = job.uploads.order_by("name").first()

    # The fifth article is the second of the second file: the first file is done for good.
    # A file's articles are stored in one transaction (a batch), so the second file's first
    # article goes back with the fifth: an interruption is not one broken article.
    with on_article_save(raise_(error), save=5), pytest.raises(type(error)):
        import_job_run(job_id=job.pk, task_id=job.task_id)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.INTERRUPTED
    assert events(job)[-1] == "interrupted"
    assert f"the worker stopped ({type(error).__name__})" in job.events[-1]["detail"]
    assert job.checkpoint["done"] == [first_file.pk]
    assert Article.objects.count() == 3  # the second file's batch was rolled back

    assert jobs_recover() == [job.pk]
    run_worker_until_queue_is_empty()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert sorted(Article.objects.values_list("title", flat=True)) == titles(range(12))
    assert (job.imported, job.updated, job.unchanged, job.failed) == (12, 0, 0, 0)
    assert (job.processed, job.total, job.attempts) == (4, 4, 2)
    assert events(job) == ["queued", "started", "interrupted", "re-queued", "started", "done"]
    assert "resuming after 1 part(s) done" in job.events[4]["detail"]
    assert Person.objects.filter(name="Jake Sullivan").count() == 1


def test_recovery_requeues_a_job_whose_worker_went_silent_and_leaves_a_live_one_alone(settings):
    settings.NEWSBROWSER_JOB_STALE_SECONDS = 60
    silent = running_job(heartbeat_age=timedelta(seconds=90), total=5, processed=2)
    live = running_job(heartbeat_age=timedelta(seconds=5))
    old_task = silent.task_id

    assert jobs_recover() == [silent.pk]

    silent.refresh_from_db()
    live.refresh_from_db()
    assert live.status == ImportJob.Status.RUNNING
    assert silent.status == ImportJob.Status.QUEUED
    assert events(silent) == ["interrupted", "re-queued"]
    assert "no sign of life from its worker for 90 s" in silent.events[0]["detail"]
    assert "elsewhere:4242:gone" in silent.events[0]["detail"]
    assert "after 2 of 5 articles" in silent.events[0]["detail"]
    assert silent.events[1]["detail"] == "automatically, after the interruption"
    # The lost worker's task is closed; a new one is queued.
    assert silent.task_id != old_task
    assert DBTaskResult.objects.get(id=old_task).status == "FAILED"
    assert "WorkerLost" in DBTaskResult.objects.get(id=old_task).exception_class_path
    assert DBTaskResult.objects.get(id=silent.task_id).status == "READY"


def test_recovery_run_twice_queues_a_job_once():
    job = running_job(heartbeat_age=timedelta(hours=1))
    assert jobs_recover() == [job.pk]
    assert jobs_recover() == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    job.refresh_from_db()
    assert events(job) == ["interrupted", "re-queued"]


def test_a_running_job_from_before_heartbeats_is_recovered():
    job = running_job(heartbeat_age=None)
    assert jobs_recover() == [job.pk]
    job.refresh_from_db()
    assert job.events[0]["detail"].startswith("its worker left no heartbeat")


def test_a_job_interrupted_too_often_is_failed_and_a_requeue_by_hand_starts_the_count_again(
    settings,
):
    settings.NEWSBROWSER_JOB_MAX_ATTEMPTS = 3
    job = running_job(heartbeat_age=timedelta(hours=1), attempts=3)

    assert jobs_recover() == []

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message.startswith("Interrupted 3 times in a row")
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw-long-enough")
    assert job_requeue(job_id=job.pk, user=admin)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.QUEUED, 0)
    assert job.events[-1] == {**job.events[-1], "event": "re-queued", "by": "root"}


def test_a_job_cancelled_while_its_worker_was_gone_ends_cancelled_not_queued():
    job = running_job(heartbeat_age=timedelta(hours=1), total=4, processed=1)
    assert job_cancel(job_id=job.pk, user=None) == "stopping"
    assert jobs_recover() == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert events(job) == ["cancel requested", "interrupted", "cancelled"]


def test_a_task_queued_before_a_requeue_leaves_the_job_to_the_new_task():
    job = running_job(heartbeat_age=timedelta(hours=1))
    stale_task = job.task_id
    jobs_recover()

    returned = import_job_run(job_id=job.pk, task_id=stale_task)

    assert returned.status == ImportJob.Status.QUEUED
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.QUEUED, 0)


def test_a_job_that_is_not_queued_is_not_run_again():
    job = ImportJob.objects.create(status=ImportJob.Status.DONE, total=1, processed=1, imported=1)
    assert import_job_run(job_id=job.pk).status == ImportJob.Status.DONE
    job.refresh_from_db()
    assert (job.attempts, job.events) == (0, [])


@pytest.mark.slow
def test_a_cancelled_job_stops_at_the_next_file_and_a_requeue_finishes_it(nlp):
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw-long-enough")
    job = job_of_files(files=4, per_file=3, user=admin)

    with on_article_save(lambda: job_cancel(job_id=job.pk, user=admin), save=2):
        import_job_run(job_id=job.pk, task_id=job.task_id)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert job.outcome == "cancelled"
    assert (job.processed, job.total, job.imported) == (1, 4, 3)
    assert events(job) == ["queued", "started", "cancel requested", "cancelled"]
    assert job.events[-1]["by"] == "root"
    assert job.events[-1]["detail"] == "after 1 of 4 files"
    assert Article.objects.count() == 3

    assert job_requeue(job_id=job.pk, user=admin)
    run_worker_until_queue_is_empty()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert sorted(Article.objects.values_list("title", flat=True)) == titles(range(12))
    assert (job.imported, job.unchanged, job.processed) == (12, 0, 4)


@pytest.mark.slow
def test_a_run_whose_job_was_recovered_behind_its_back_stops_without_writing(nlp):
    """A worker cut off (not dead) past the stale time finds, once back, its job taken over."""
    job = job_of_files(files=3, per_file=2)

    def taken_over() -> None:
        # As if this run had been frozen: its heartbeat is old, and a worker recovers the job.
        old = timezone.now() - timedelta(hours=1)
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=old)
        assert jobs_recover() == [job.pk]

    with on_article_save(taken_over, save=3):
        import_job_run(job_id=job.pk, task_id=job.task_id)

    job.refresh_from_db()
    # As the recovery left it: the old run wrote nothing more (no checkpoint, no "done").
    assert (job.status, job.worker) == (ImportJob.Status.QUEUED, "")
    assert events(job) == ["queued", "started", "interrupted", "re-queued"]
    assert len(job.checkpoint["done"]) == 1

    run_worker_until_queue_is_empty()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert sorted(Article.objects.values_list("title", flat=True)) == titles(range(6))
    assert (job.imported, job.unchanged, job.processed, job.attempts) == (6, 0, 3, 2)
