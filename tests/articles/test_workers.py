"""Real worker processes on PostgreSQL: killed, stopped, cut off from the database, supervised.

Each test starts `manage.py newsbrowser_worker` processes against the test database (a
transactional test, so they see what it commits) with a short heartbeat, and causes the
fault for real: SIGKILL, two SIGTERMs, pg_terminate_backend with connections refused.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ImportJob
from entities.models import Person
from tests.articles.jobs import edition, job_of_files

ROOT = Path(__file__).resolve().parents[2]
HEARTBEAT_SECONDS = 0.5
STALE_SECONDS = 5
# Generous: a worker loads the spaCy model first, on a machine that may be busy.
PATIENCE = 240

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="worker processes need a database they can share with the test (PostgreSQL); "
        "SQLite's in-memory test database cannot be",
    ),
]


def database_url() -> str:
    db = settings.DATABASES["default"]  # the test database, during the test
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Starts worker processes (each in a session of its own) and reads what they logged."""

    def __init__(self, folder: Path, media_root: Path) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(media_root),
            "PYTHONPATH": str(ROOT),
            "NEWSBROWSER_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "NEWSBROWSER_JOB_STALE_SECONDS": str(STALE_SECONDS),
            # One article per parse: articles land one by one, so a kill falls mid-file.
            "NEWSBROWSER_NLP_BATCH_SIZE": "1",
        }
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = self.folder / f"worker-{len(self.started) + 1}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "newsbrowser_worker", "--no-reload", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append((process, log))
        return process

    def log(self, process: subprocess.Popen[bytes] | None = None) -> str:
        return "\n".join(
            f"--- worker pid {p.pid}:\n{log.read_text(errors='replace')}"
            for p, log in self.started
            if process is None or p is process
        )

    def stop_all(self) -> None:
        """Kill every process of every session started here: workers and a supervisor's."""
        for process, _ in self.started:
            for pid in session_members(process.pid):
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            process.wait()


def session_members(session: int) -> list[int]:
    """The processes of a session (Linux /proc): a supervisor and its workers' own groups."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[3]) == session:  # state, ppid, pgrp, session
                members.append(int(stat.parent.name))
    return members


@pytest.fixture
def workers(tmp_path, settings) -> Iterator[Workers]:
    settings.MEDIA_ROOT = tmp_path / "media"
    started = Workers(tmp_path, settings.MEDIA_ROOT)
    yield started
    started.stop_all()


def wait_for(condition: Callable[[], object], what: str, workers: Workers) -> object:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    pytest.fail(f"waited {PATIENCE} s for {what}\n{workers.log()}")


def job_now(job: ImportJob) -> ImportJob:
    return ImportJob.objects.get(pk=job.pk)


def mid_job(job: ImportJob) -> Callable[[], bool]:
    """Whether the job's worker has finished two files, and not all of them."""

    def check() -> bool:
        now = job_now(job)
        return now.status == ImportJob.Status.RUNNING and 2 <= now.processed < now.total

    return check


def done(job: ImportJob) -> Callable[[], bool]:
    return lambda: job_now(job).status == ImportJob.Status.DONE


def worker_pid(job: ImportJob) -> int:
    """The pid of the process running the job, from its lease (host:pid:token)."""
    return int(job_now(job).worker.split(":")[1])


def assert_every_article_once(numbers: range) -> None:
    titles = list(Article.objects.order_by("title").values_list("title", flat=True))
    assert titles == sorted(edition(n)["title"] for n in numbers)
    # The article cut short was stored once, with its statements once: all editions alike.
    statements = Article.objects.annotate(n=Count("statements")).values_list("n", flat=True)
    assert len(set(statements)) == 1 and statements[0] > 0, set(statements)
    assert Person.objects.filter(name="Jake Sullivan").count() == 1


def events(job: ImportJob) -> list[str]:
    return [event["event"] for event in job_now(job).events]


def test_a_worker_killed_mid_job_leaves_it_to_the_next_worker_which_ends_it_with_every_article_once(
    workers,
):
    job = job_of_files(files=6, per_file=2)
    first = workers.start()
    wait_for(mid_job(job), "the first worker to be half-way", workers)
    assert worker_pid(job) == first.pid
    assert job_now(job).heartbeat_at is not None

    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = job_now(job)
    assert killed_at.status == ImportJob.Status.RUNNING  # nobody left to say otherwise
    assert killed_at.processed < killed_at.total

    second = workers.start()
    wait_for(done(job), "the second worker to finish the job", workers)

    job = job_now(job)
    assert (job.imported, job.updated, job.unchanged, job.failed) == (12, 0, 0, 0), workers.log()
    assert (job.processed, job.total, job.attempts) == (6, 6, 2)
    assert_every_article_once(range(12))
    assert events(job) == ["queued", "started", "interrupted", "re-queued", "started", "done"]
    assert f":{first.pid}:" in job.events[2]["detail"]
    assert f":{second.pid}:" in job.events[4]["detail"]
    # The killed worker's task is closed as failed; the job's new task succeeded.
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [(t.status, t.exception_class_path.rsplit(".", 1)[-1]) for t in tasks] == [
        ("FAILED", "WorkerLost"),
        ("SUCCESSFUL", ""),
    ]
    assert second.poll() is None


def test_a_worker_stopped_by_two_sigterms_marks_its_job_interrupted_and_the_next_resumes_it(
    workers,
):
    job = job_of_files(files=6, per_file=2)
    first = workers.start()
    wait_for(mid_job(job), "the first worker to be half-way", workers)

    first.send_signal(signal.SIGTERM)  # the worker would finish its task, then stop...
    time.sleep(0.2)
    first.send_signal(signal.SIGTERM)  # ...but a second SIGTERM stops the task (SystemExit)
    first.wait(timeout=60)

    stopped = job_now(job)
    # Interrupted, and possibly already queued again: the stopping worker's own recovery
    # thread may re-queue it before the process exits.
    assert stopped.status in (ImportJob.Status.INTERRUPTED, ImportJob.Status.QUEUED), workers.log(
        first
    )
    interruptions = [event for event in stopped.events if event["event"] == "interrupted"]
    assert interruptions, workers.log(first)
    assert "the worker stopped (SystemExit)" in interruptions[-1]["detail"]

    workers.start()
    wait_for(done(job), "the second worker to finish the job", workers)
    job = job_now(job)
    assert (job.imported, job.unchanged, job.failed, job.processed, job.attempts) == (
        12,
        0,
        0,
        6,
        2,
    )
    assert_every_article_once(range(12))


def refuse_connections(refuse: bool) -> None:
    """Let no new connection into the test database (or let them in again): an outage.

    Said from the server's maintenance database: a database cannot refuse its own.
    """
    db = settings.DATABASES["default"]
    name = connection.ops.quote_name(db["NAME"])
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as maintenance:
        maintenance.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {not refuse}")


def cut_off_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_worker_that_loses_the_database_mid_job_waits_reconnects_and_the_job_completes(
    workers,
):
    job = job_of_files(files=6, per_file=2)
    worker = workers.start()
    wait_for(mid_job(job), "the worker to be half-way", workers)
    log = lambda: workers.log(worker)  # noqa: E731

    refuse_connections(True)
    try:
        assert cut_off_other_connections() >= 1
        wait_for(lambda: "Lost the database" in log(), "the worker to notice", workers)
        time.sleep(3)  # several attempts to reconnect fail meanwhile
        assert worker.poll() is None, log()
    finally:
        refuse_connections(False)

    wait_for(done(job), "the job to complete after the outage", workers)
    assert worker.poll() is None  # the same worker, never restarted
    assert "The database is back; carrying on." in log()
    job = job_now(job)
    assert (job.imported, job.unchanged, job.failed, job.processed) == (12, 0, 0, 6), log()
    assert events(job)[-4:] == ["interrupted", "re-queued", "started", "done"]
    assert_every_article_once(range(12))

    # An idle worker cut off carries on too: a job queued afterwards is run.
    assert cut_off_other_connections() >= 1
    later = job_of_files(files=1, per_file=1)
    wait_for(done(later), "the worker to run a job queued after it was cut off", workers)
    assert worker.poll() is None


def test_supervised_workers_run_jobs_side_by_side_and_a_killed_one_is_replaced(workers):
    jobs = [job_of_files(files=4, per_file=2), job_of_files(files=4, per_file=2, first=8)]
    supervisor = workers.start("--supervise", "--workers", "2", "--no-startup-delay")

    def both_running() -> bool:
        return all(job_now(job).status == ImportJob.Status.RUNNING for job in jobs)

    wait_for(both_running, "two workers to run the two jobs at once", workers)
    pids = {worker_pid(job) for job in jobs}
    assert len(pids) == 2 and supervisor.pid not in pids
    wait_for(mid_job(jobs[0]), "the first job to be half-way", workers)
    killed = worker_pid(jobs[0])
    os.kill(killed, signal.SIGKILL)
    wait_for(
        lambda: re.search(
            rf"\(pid {killed}\) exited with status -9; starting another", workers.log()
        ),
        "the supervisor to replace the killed worker",
        workers,
    )

    for job in jobs:
        wait_for(done(job), f"job {job.pk} to complete", workers)
    assert [job_now(job).attempts for job in jobs] == [2, 1]
    assert [(job_now(job).imported, job_now(job).unchanged) for job in jobs] == [(8, 0)] * 2
    assert_every_article_once(range(16))
    # Each task was claimed by one worker, once.
    assert all(len(task.worker_ids) == 1 for task in DBTaskResult.objects.all())

    children = {worker_pid(job) for job in jobs} | pids
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=60) == 0, workers.log()
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_running_job_is_cancelled_from_the_admin_and_re_queued_to_finish(workers, client):
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw-long-enough")
    client.force_login(admin)
    job = job_of_files(files=6, per_file=2, user=admin)
    workers.start()
    wait_for(mid_job(job), "the worker to be half-way", workers)

    jobs_url = "/admin/articles/importjob/"
    client.post(jobs_url, {"action": "cancel", "_selected_action": [job.pk]})
    wait_for(lambda: job_now(job).status == ImportJob.Status.CANCELLED, "the job to stop", workers)
    cancelled = job_now(job)
    assert cancelled.processed < cancelled.total
    assert Article.objects.count() < 12
    assert events(job)[-2:] == ["cancel requested", "cancelled"]
    assert cancelled.events[-1]["by"] == "root"

    client.post(jobs_url, {"action": "requeue", "_selected_action": [job.pk]})
    wait_for(done(job), "the re-queued job to finish", workers)
    job = job_now(job)
    assert (job.imported, job.unchanged, job.processed) == (12, 0, 6)
    assert_every_article_once(range(12))
