"""The import job's page: its progress fragment, polled by htmx, in every state a job can be in."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.admin import duration_words
from articles.models import Article, ImportJob
from tests.conftest import SEED_ARTICLE

PASSWORD = "a-long-passphrase"
HTMX = {"HTTP_HX_REQUEST": "true"}
IMPORT_URL = reverse("admin:articles_importjob_import")
JOBS_URL = reverse("admin:articles_importjob_changelist")


def job_url(job: ImportJob) -> str:
    return reverse("admin:articles_importjob_change", args=[job.pk])


class ImportJobPageTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = get_user_model().objects.create_superuser("root", "r@example.org", PASSWORD)

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def job_make(self, **fields: object) -> ImportJob:
        return ImportJob.objects.create(created_by=self.admin, **fields)

    def test_a_running_job_shows_files_and_articles_done_its_rate_and_time_left(self):
        job = self.job_make(
            status=ImportJob.Status.RUNNING,
            started_at=timezone.now() - timedelta(minutes=2),
            total=10,
            processed=4,
            imported=6,
        )
        page = self.client.get(job_url(job))
        self.assertContains(page, "4 of 10 files")
        self.assertContains(page, "6 done")
        self.assertContains(page, "3.0 articles/min")  # 6 articles in 2 minutes
        self.assertContains(page, "about 3 minutes")  # 6 files left at 2 a minute
        self.assertContains(page, 'hx-trigger="every 2s"')
        self.assertContains(page, f'hx-get="{job_url(job)}"')
        # Without JavaScript the page still follows the job.
        self.assertContains(page, '<noscript><meta http-equiv="refresh" content="2"></noscript>')
        self.assertContains(page, ">Refresh</a>")
        self.assertEqual(page["Vary"].count("HX-Request"), 1)

    def test_htmx_gets_only_the_progress_fragment_still_polling_while_the_job_runs(self):
        job = self.job_make(status=ImportJob.Status.QUEUED)
        fragment = self.client.get(job_url(job), **HTMX)
        html = fragment.content.decode()
        self.assertTrue(html.lstrip().startswith('<div id="job-progress"'), html[:200])
        self.assertNotIn("<html", html)
        self.assertIn('hx-trigger="every 2s"', html)
        self.assertIn("not started", html)

    def test_a_done_job_says_done_stops_polling_and_links_its_articles_on_the_site(self):
        job = self.job_make(
            status=ImportJob.Status.DONE,
            started_at=timezone.now() - timedelta(minutes=1),
            finished_at=timezone.now(),
            total=2,
            processed=2,
            imported=2,
        )
        article = Article.objects.create(
            title="Kishida warns Russia", body="Body.", content_hash="a" * 64, import_job=job
        )
        for response in (self.client.get(job_url(job)), self.client.get(job_url(job), **HTMX)):
            with self.subTest(htmx="HX-Request" in response.request):
                self.assertContains(response, 'data-state="done">Done</p>', html=False)
                self.assertNotContains(response, "hx-trigger")
                self.assertNotContains(response, "articles/min")
                self.assertContains(response, f'href="{article.get_absolute_url()}"')
                self.assertContains(response, "1 article(s) from this job")
        page = self.client.get(job_url(job))
        self.assertNotContains(page, 'http-equiv="refresh"')
        self.assertNotContains(page, "Message")
        self.assertNotContains(page, "Why it failed")

    def test_a_job_where_some_files_failed_is_done_with_errors_and_lists_them(self):
        job = self.job_make(
            status=ImportJob.Status.DONE,
            total=3,
            processed=3,
            imported=1,
            failed=2,
            errors=[
                {"source": "empty.txt", "reason": "empty file"},
                {"source": "batch.zip:picture.txt", "reason": "binary file (PNG image), not text"},
            ],
        )
        page = self.client.get(job_url(job), **HTMX)
        self.assertContains(page, "Done with errors: 2 files failed")
        self.assertContains(page, "<code>empty.txt</code>: empty file")
        self.assertContains(page, "<code>batch.zip:picture.txt</code>: binary file (PNG image)")
        self.assertNotContains(page, "hx-trigger")

    def test_a_job_where_every_file_failed_is_failed_never_done(self):
        job = self.job_make(
            status=ImportJob.Status.DONE,  # as recorded before jobs learnt to say failed
            total=1,
            processed=1,
            failed=1,
            errors=[{"source": "empty.txt", "reason": "empty file"}],
        )
        page = self.client.get(job_url(job), **HTMX)
        self.assertContains(page, 'data-state="failed">Failed</p>')
        self.assertNotContains(page, ">Done")
        self.assertContains(page, "<code>empty.txt</code>: empty file")

    def test_a_job_that_failed_as_a_whole_says_why(self):
        job = self.job_make(
            status=ImportJob.Status.FAILED,
            message="SpacyModelMissing: no model",
            finished_at=timezone.now(),
        )
        page = self.client.get(job_url(job))
        self.assertContains(page, 'data-state="failed">Failed</p>')
        self.assertContains(page, "SpacyModelMissing: no model")
        self.assertNotContains(page, "hx-trigger")

    def test_upload_sizes_are_in_human_units(self):
        job = self.job_make(status=ImportJob.Status.DONE, total=1, processed=1, imported=1)
        job.uploads.create(file="imports/x/big.zip", name="big.zip", size=3 * 2**20)
        self.assertContains(self.client.get(job_url(job)), "3.0\xa0MB")


CHANGELIST_URL = reverse("admin:articles_importjob_changelist")
# One job of every state, as (fields, what the list and the job page say): jobs recorded
# "done" before jobs learnt to say "failed" are judged by their counts like the others.
JOBS = {
    "queued": ({"status": "queued"}, "Queued"),
    "running": ({"status": "running", "total": 3, "processed": 1, "imported": 1}, "Running"),
    "done": ({"status": "done", "total": 2, "processed": 2, "imported": 2}, "Done"),
    "partly failed": (
        {"status": "done", "total": 3, "processed": 3, "imported": 1, "unchanged": 1, "failed": 1},
        "Done with errors",
    ),
    "failed": ({"status": "failed", "message": "SpacyModelMissing: no model"}, "Failed"),
    "old, every file failed": (
        {"status": "done", "total": 2, "processed": 2, "failed": 2},
        "Failed",
    ),
}


class ImportJobListTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = get_user_model().objects.create_superuser("root", "r@example.org", PASSWORD)
        cls.jobs = {
            name: ImportJob.objects.create(created_by=cls.admin, **fields)
            for name, (fields, _) in JOBS.items()
        }

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def states_listed(self, query: str = "") -> dict[int, str]:
        """{job id: the status its row shows} for the job list's rows."""
        html = self.client.get(CHANGELIST_URL + query).content.decode()
        rows = re.findall(
            r'importjob/(\d+)/change/[^<]*</a></th><td class="field-state">([^<]*)</td>', html
        )
        return {int(pk): state for pk, state in rows}

    def test_the_list_says_how_each_job_ended(self):
        listed = self.states_listed()
        for name, (_, state) in JOBS.items():
            with self.subTest(name):
                self.assertEqual(listed[self.jobs[name].pk], state)

    def test_the_job_page_and_its_title_agree_with_the_list(self):
        for name, (_, state) in JOBS.items():
            with self.subTest(name):
                job = self.jobs[name]
                page = self.client.get(job_url(job)).content.decode()
                self.assertIn(f"#{job.pk} ({state.lower()})", page)
                self.assertIn(f">{state}", page)

    def test_the_status_filter_reads_the_counts_too(self):
        expected = {
            "failed": {"failed", "old, every file failed"},
            "done+with+errors": {"partly failed"},
            "done": {"done"},
            "running": {"running"},
            "queued": {"queued"},
        }
        for state, names in expected.items():
            with self.subTest(state):
                listed = self.states_listed(f"?state={state}")
                self.assertEqual(set(listed), {self.jobs[name].pk for name in names})

    def test_the_outcome_queryset_matches_each_jobs_own_outcome(self):
        for state in ("queued", "running", "done", "done with errors", "failed"):
            with self.subTest(state):
                matched = set(ImportJob.objects.with_outcome(state))
                self.assertEqual(
                    matched, {job for job in self.jobs.values() if job.state.lower() == state}
                )


class ImportJobPageAccessTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        users = get_user_model().objects
        cls.reader = users.create_user("reader", "r@example.org", PASSWORD)
        cls.job = ImportJob.objects.create(status=ImportJob.Status.RUNNING)

    def test_the_fragment_needs_a_staff_login(self):
        url = job_url(self.job)
        anonymous = self.client.get(url, **HTMX)
        self.assertRedirects(anonymous, f"{reverse('admin:login')}?next={url}")
        self.client.force_login(self.reader)
        not_staff = self.client.get(url, **HTMX)
        self.assertRedirects(not_staff, f"{reverse('admin:login')}?next={url}")


class UploadKeepsGoodFilesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = get_user_model().objects.create_user(
            "editor", "e@example.org", PASSWORD, is_staff=True
        )
        cls.editor.user_permissions.add(Permission.objects.get(codename="import_articles"))

    def setUp(self) -> None:
        media_root = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(override_settings(MEDIA_ROOT=media_root))
        self.client.force_login(self.editor)

    def test_good_files_are_kept_and_each_refused_one_is_named_with_its_reason(self):
        good = SimpleUploadedFile("seed.txt", SEED_ARTICLE.read_bytes())
        empty = SimpleUploadedFile("empty.txt", b"")
        big = SimpleUploadedFile("big.txt", b"Title\n\n" + b"word " * 700)
        unknown = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        with self.settings(NEWSBROWSER_MAX_FILE_BYTES=3000):
            response = self.client.post(
                IMPORT_URL, {"files": [good, empty, big, unknown]}, follow=True
            )
        job = ImportJob.objects.get()
        self.assertRedirects(response, job_url(job))
        self.assertEqual(list(job.uploads.values_list("name", flat=True)), ["seed.txt"])
        self.assertContains(response, "Refused 3 file(s), kept the rest")
        self.assertContains(response, "<code>empty.txt</code> (empty file)")
        self.assertContains(
            response, "<code>big.txt</code> (too big (3.4\xa0KB; the limit is 2.9\xa0KB))"
        )
        self.assertContains(response, "<code>photo.png</code> (unknown format")
        # The job records them too, so its page lists them after the message has gone.
        self.assertEqual((job.total, job.processed, job.failed), (3, 3, 3))
        self.assertEqual(
            [error["source"] for error in job.errors], ["empty.txt", "big.txt", "photo.png"]
        )
        self.assertContains(self.client.get(job_url(job)), "<code>photo.png</code>: unknown format")

    def test_an_upload_where_every_file_is_refused_names_each_and_stores_nothing(self):
        response = self.client.post(
            IMPORT_URL,
            {"files": [SimpleUploadedFile("a.txt", b""), SimpleUploadedFile("b.exe", b"MZ\x90")]},
        )
        self.assertContains(response, "a.txt: empty file.")
        self.assertContains(response, "b.exe: unknown format")
        self.assertFalse(ImportJob.objects.exists())

    def test_the_upload_still_needs_a_csrf_token(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.editor)
        upload = SimpleUploadedFile("seed.txt", SEED_ARTICLE.read_bytes())
        self.assertEqual(client.post(IMPORT_URL, {"files": [upload]}).status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    def test_a_zip_is_judged_by_the_archive_limit(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.txt", "Title\n\n" + "word " * 300)
        upload = SimpleUploadedFile("batch.zip", buffer.getvalue())
        with self.settings(NEWSBROWSER_MAX_FILE_BYTES=100):
            response = self.client.post(IMPORT_URL, {"files": [upload]})
        self.assertEqual(response.status_code, 302)


class ImportJobActionsTest(TestCase):
    """Re-queue and cancel: admin actions, also offered as buttons on the job's page."""

    @classmethod
    def setUpTestData(cls) -> None:
        users = get_user_model().objects
        cls.editor = users.create_user("editor", "e@example.org", PASSWORD, is_staff=True)
        cls.editor.user_permissions.add(Permission.objects.get(codename="import_articles"))
        cls.viewer = users.create_user("viewer", "v@example.org", PASSWORD, is_staff=True)
        cls.viewer.user_permissions.add(Permission.objects.get(codename="view_importjob"))

    def job_make(self, **fields: object) -> ImportJob:
        return ImportJob.objects.create(created_by=self.editor, total=4, **fields)

    def act(self, action: str, job: ImportJob, client=None):
        client = client or self.client
        return client.post(JOBS_URL, {"action": action, "_selected_action": [job.pk]})

    def test_the_job_page_offers_cancel_while_active_and_re_queue_once_stopped(self):
        self.client.force_login(self.editor)
        job = self.job_make()
        queued = self.client.get(job_url(job))
        self.assertContains(queued, 'form="job-actions" name="action" value="cancel"')
        self.assertNotContains(queued, 'value="requeue"')
        # The buttons' form comes after the page's own form: forms do not nest.
        self.assertContains(queued, f'<form id="job-actions" method="post" action="{JOBS_URL}">')
        self.assertContains(queued, f'name="_selected_action" value="{job.pk}"')
        self.assertContains(queued, "csrfmiddlewaretoken")
        failed = self.client.get(job_url(self.job_make(status=ImportJob.Status.FAILED)), **HTMX)
        self.assertContains(failed, 'value="requeue"')
        self.assertNotContains(failed, 'value="cancel"')
        done = self.client.get(job_url(self.job_make(status=ImportJob.Status.DONE)), **HTMX)
        self.assertNotContains(done, 'form="job-actions"')

    def test_cancelling_a_queued_job_cancels_it_at_once_and_the_page_says_by_whom(self):
        self.client.force_login(self.editor)
        job = self.job_make()
        response = self.act("cancel", job)
        self.assertRedirects(response, job_url(job), fetch_redirect_response=False)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.CANCELLED)
        page = self.client.get(response.url)
        self.assertContains(page, 'data-state="cancelled">Cancelled</p>')
        self.assertContains(page, "cancelled by editor, before it started")
        self.assertContains(page, "Cancelled: #")
        self.assertNotContains(page, "hx-trigger")

    def test_cancelling_a_running_job_asks_its_worker_to_stop_at_the_next_file(self):
        self.client.force_login(self.editor)
        job = self.job_make(status=ImportJob.Status.RUNNING, worker="host:1:x", processed=1)
        page = self.client.get(self.act("cancel", job).url)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.RUNNING)
        self.assertIsNotNone(job.cancel_requested_at)
        self.assertContains(page, "Running: cancel requested; it stops at the next file")
        self.assertContains(page, "cancel requested by editor, the worker stops at the next file")
        self.assertNotContains(page, 'value="cancel"')  # asked once is enough

    def test_re_queueing_an_interrupted_job_queues_a_new_task_and_says_so(self):
        self.client.force_login(self.editor)
        job = self.job_make(status=ImportJob.Status.INTERRUPTED, attempts=2)
        page = self.client.get(self.act("requeue", job).url)
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (ImportJob.Status.QUEUED, 0))
        self.assertEqual(DBTaskResult.objects.get(id=job.task_id).status, "READY")
        self.assertContains(page, "Re-queued: #")
        self.assertContains(page, "re-queued by editor")

    def test_a_done_job_is_not_re_queued_and_a_warning_says_why(self):
        self.client.force_login(self.editor)
        job = self.job_make(status=ImportJob.Status.DONE)
        response = self.client.post(
            JOBS_URL, {"action": "requeue", "_selected_action": [job.pk]}, follow=True
        )
        self.assertContains(response, "Only interrupted, failed or cancelled jobs can be re-queued")
        job.refresh_from_db()
        self.assertEqual((job.status, job.task_id), (ImportJob.Status.DONE, ""))

    def test_the_actions_need_the_import_permission(self):
        self.client.force_login(self.viewer)
        job = self.job_make()
        page = self.client.get(job_url(job))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'form="job-actions"')
        self.act("cancel", job)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.QUEUED)

    def test_the_actions_need_a_staff_login_and_a_csrf_token(self):
        job = self.job_make()
        anonymous = self.act("cancel", job)
        self.assertRedirects(anonymous, f"{reverse('admin:login')}?next={JOBS_URL}")
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.editor)
        self.assertEqual(self.act("cancel", job, client=client).status_code, 403)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.QUEUED)

    def test_the_page_tells_the_story_of_an_interrupted_job(self):
        self.client.force_login(self.editor)
        events = [
            {"at": "2026-03-01T10:00:00+00:00", "event": "queued", "detail": "", "by": "editor"},
            {
                "at": "2026-03-01T10:05:30+00:00",
                "event": "interrupted",
                "detail": "no sign of life from its worker for 64 s (h:7:a), after 3 of 8 files",
                "by": "",
            },
            {
                "at": "2026-03-01T10:05:31+00:00",
                "event": "re-queued",
                "detail": "automatically, after the interruption",
                "by": "",
            },
        ]
        job = self.job_make(status=ImportJob.Status.QUEUED, events=events)
        page = self.client.get(job_url(job), **HTMX)
        self.assertContains(page, '<time datetime="2026-03-01T10:05:30+00:00">1 Mar 2026, 10:05:30')
        self.assertContains(
            page,
            "interrupted, no sign of life from its worker for 64 s (h:7:a), after 3 of 8 files",
        )
        self.assertContains(page, "re-queued, automatically, after the interruption")
        self.assertContains(page, "queued by editor")


def test_durations_read_as_words():
    assert duration_words(0.2) == "about 1 second"
    assert duration_words(42) == "about 42 seconds"
    assert duration_words(185) == "about 3 minutes"
    assert duration_words(3900) == "about 1 hour 5 minutes"
