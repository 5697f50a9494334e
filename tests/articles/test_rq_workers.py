"""Two RQ workers (django-tasks-rq on Redis) import one large admin job in parallel.

The job is split into parts (NEWSBROWSER_IMPORT_CHUNK_FILES); each worker is a real
`manage.py rqworker` process against the test database (a transactional test, so they
see what it commits) and Redis database 11, which this test empties before and after.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from itertools import pairwise
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.db.models import Count

from articles.models import Article, ImportJob
from tests.articles.jobs import edition, job_of_files
from tests.articles.test_workers import database_url

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/11"
PATIENCE = 300  # seconds: each part loads the spaCy model on a machine that may be busy


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="worker processes need a database they can share with the test (PostgreSQL)",
    ),
    pytest.mark.skipif(not redis_reachable(), reason=f"Redis is unreachable at {REDIS_URL}"),
]


@pytest.fixture
def rq_backend(settings, tmp_path):
    """This process queues on RQ, as the workers read from it."""
    settings.NEWSBROWSER_TASK_BACKEND = "rq"
    settings.NEWSBROWSER_IMPORT_CHUNK_FILES = 2
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    yield
    store.flushdb()


def rq_worker(log: Path, media_root: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media_root),
        "PYTHONPATH": str(ROOT),
        "NEWSBROWSER_TASK_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "NEWSBROWSER_IMPORT_CHUNK_FILES": "2",
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "rqworker",
                "--job-class",
                "django_tasks_rq.Job",
                "default",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def test_two_rq_workers_import_one_large_job_in_parallel_without_duplicates(
    rq_backend, settings, tmp_path
):
    workers = [rq_worker(tmp_path / f"worker-{n}.log", settings.MEDIA_ROOT) for n in (1, 2)]
    try:
        # 6 files of 3 articles, one of them (edition 0) in two files.
        job = job_of_files(files=6, per_file=3)
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            job.refresh_from_db()
            parts = ImportJob.objects.exclude(pk=job.pk)
            split = job.status == ImportJob.Status.DONE and parts.count() == 3
            if split and not parts.exclude(status=ImportJob.Status.DONE).exists():
                break
            time.sleep(0.5)
        logs = "\n".join(p.read_text(errors="replace") for p in tmp_path.glob("worker-*.log"))
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, logs
        assert set(parts.values_list("status", flat=True)) == {ImportJob.Status.DONE}, logs
    finally:
        for process in workers:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    titles = sorted(edition(n)["title"] for n in range(18))
    assert sorted(Article.objects.values_list("title", flat=True)) == titles
    assert not Article.objects.values("content_hash").annotate(n=Count("pk")).filter(n__gt=1)
    assert sum(parts.values_list("imported", flat=True)) == 18
    # The workers ran parts at the same time: one job imported in parallel, not in turn.
    spans = sorted(parts.values_list("started_at", "finished_at"))
    assert any(later[0] < earlier[1] for earlier, later in pairwise(spans)), spans
