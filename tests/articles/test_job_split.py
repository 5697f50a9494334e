"""A large admin import is split into jobs of a few files each, which any worker may run."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Article, ImportJob
from articles.services import import_job_create, import_job_run
from tests.articles.jobs import edition, job_of_files, run_worker_until_queue_is_empty
from tests.articles.test_job_recovery import running_job

# Transactional, as the worker run in-process closes and reopens its connection between tasks.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def titles(numbers: range) -> list[str]:
    return sorted(edition(n)["title"] for n in numbers)


def test_a_job_over_the_chunk_size_becomes_queued_parts_of_at_most_that_many_files(settings):
    settings.NEWSBROWSER_IMPORT_CHUNK_FILES = 2
    job = job_of_files(files=5, per_file=1)

    import_job_run(job_id=job.pk, task_id=job.task_id)

    job.refresh_from_db()
    parts = list(ImportJob.objects.exclude(pk=job.pk).order_by("pk"))
    assert job.status == ImportJob.Status.DONE
    assert job.events[-1]["event"] == "split"
    assert job.events[-1]["detail"] == (
        f"5 files into 3 jobs: {', '.join(f'#{p.pk}' for p in parts)}"
    )
    assert [sorted(p.uploads.values_list("name", flat=True)) for p in parts] == [
        ["part-00.jsonl", "part-01.jsonl"],
        ["part-02.jsonl", "part-03.jsonl"],
        ["part-04.jsonl"],
    ]
    assert all(p.status == ImportJob.Status.QUEUED and p.task_id for p in parts)
    assert parts[0].events[0]["detail"] == f"part 1 of 3 of job {job.pk}"


def test_a_zip_is_repacked_member_by_member_under_its_own_name(settings):
    settings.NEWSBROWSER_IMPORT_CHUNK_FILES = 2
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(3):
            archive.writestr(f"2016/05/1{n}/story-{n}.txt", f"Title {n}\nBody {n}.")
    upload = SimpleUploadedFile("batch.zip", buffer.getvalue())
    job = import_job_create(files=[upload], user=None)

    import_job_run(job_id=job.pk, task_id=job.task_id)

    members = []
    for part in ImportJob.objects.exclude(pk=job.pk).order_by("pk"):
        (stored,) = part.uploads.all()
        assert stored.name == "batch.zip"
        with zipfile.ZipFile(stored.file.path) as archive:
            members.append(archive.namelist())
            assert archive.read(members[-1][0]).startswith(b"Title ")
    assert members == [
        ["2016/05/10/story-0.txt", "2016/05/11/story-1.txt"],
        ["2016/05/12/story-2.txt"],
    ]


def test_a_job_within_the_chunk_size_or_with_splitting_off_is_run_whole(settings):
    settings.NEWSBROWSER_IMPORT_CHUNK_FILES = 0
    job = job_of_files(files=3, per_file=0)

    import_job_run(job_id=job.pk, task_id=job.task_id)

    assert not ImportJob.objects.exclude(pk=job.pk).exists()


@pytest.mark.slow
def test_the_parts_of_a_split_job_store_every_article_once(settings, nlp):
    settings.NEWSBROWSER_IMPORT_CHUNK_FILES = 2
    job = job_of_files(files=5, per_file=2)
    # The same articles twice, in two parts: still stored once.
    again = job_of_files(files=3, per_file=2)

    run_worker_until_queue_is_empty()

    assert sorted(Article.objects.values_list("title", flat=True)) == titles(range(10))
    parts = ImportJob.objects.exclude(pk__in=[job.pk, again.pk])
    assert set(parts.values_list("status", flat=True)) == {ImportJob.Status.DONE}
    assert sum(parts.values_list("imported", flat=True)) == 10
    assert sum(parts.values_list("unchanged", flat=True)) == 6


def test_recover_jobs_queues_again_a_job_whose_worker_went_silent(settings):
    settings.NEWSBROWSER_JOB_STALE_SECONDS = 60
    silent = running_job(heartbeat_age=timedelta(seconds=90))
    out = StringIO()

    call_command("recover_jobs", stdout=out)

    silent.refresh_from_db()
    assert silent.status == ImportJob.Status.QUEUED
    assert out.getvalue() == f"Queued again: 1 job(s): {silent.pk}.\n"
    out = StringIO()
    call_command("recover_jobs", stdout=out)
    assert out.getvalue() == "No job to recover.\n"
