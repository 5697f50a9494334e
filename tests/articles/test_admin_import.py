"""The admin's "Import articles" page, the background job it queues, and the worker that runs it."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from articles.models import Article, ImportJob
from articles.services import import_job_run
from entities.models import Statement
from tests.articles.jobs import run_worker_until_queue_is_empty
from tests.conftest import SEED_ARTICLE

GOOD = Path(__file__).parent / "good_inputs"
BAD = Path(__file__).parent / "bad_inputs"
IMPORT_URL = reverse("admin:articles_importjob_import")
PASSWORD = "a-long-passphrase"


def upload_zip() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(SEED_ARTICLE, "news/seed.txt")
        archive.write(GOOD / "feed.xml", "news/feed.xml")
        archive.write(BAD / "picture.txt", "news/picture.txt")
        archive.writestr("../escape.txt", "Escape\n\nOutside the folder, officials said.\n")
    return SimpleUploadedFile("batch.zip", buffer.getvalue(), content_type="application/zip")


def use_temporary_media_root(test: SimpleTestCase) -> None:
    media_root = test.enterContext(tempfile.TemporaryDirectory())
    test.enterContext(override_settings(MEDIA_ROOT=media_root))


class AdminImportTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        users = get_user_model().objects
        cls.editor = users.create_user("editor", "e@example.org", PASSWORD, is_staff=True)
        cls.editor.user_permissions.add(
            Permission.objects.get(codename="import_articles"),
            Permission.objects.get(codename="view_article"),
        )
        cls.staff = users.create_user("staff", "s@example.org", PASSWORD, is_staff=True)
        cls.reader = users.create_user("reader", "r@example.org", PASSWORD)

    def setUp(self) -> None:
        use_temporary_media_root(self)

    def test_non_staff_users_are_sent_to_the_login_page(self):
        self.client.force_login(self.reader)
        response = self.client.post(IMPORT_URL, {"files": [upload_zip()]})
        self.assertRedirects(response, f"{reverse('admin:login')}?next={IMPORT_URL}")
        self.assertFalse(ImportJob.objects.exists())

    def test_staff_without_the_import_permission_are_refused(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(IMPORT_URL).status_code, 403)
        response = self.client.post(IMPORT_URL, {"files": [upload_zip()]})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    def test_the_upload_needs_a_csrf_token(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.editor)
        response = client.post(IMPORT_URL, {"files": [upload_zip()]})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ImportJob.objects.exists())

    def test_posting_no_file_shows_the_form_again_with_an_error(self):
        self.client.force_login(self.editor)
        response = self.client.post(IMPORT_URL, {})
        self.assertContains(response, "This field is required")
        self.assertFalse(ImportJob.objects.exists())

    def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(self):
        self.client.force_login(self.editor)
        big = SimpleUploadedFile("big.txt", b"Title\n\n" + b"word " * 300)
        with self.settings(NEWSBROWSER_MAX_FILE_BYTES=1000):
            response = self.client.post(IMPORT_URL, {"files": [big]})
        self.assertContains(response, "big.txt: too big (1.5\xa0KB; the limit is 1000\xa0bytes).")
        self.assertFalse(ImportJob.objects.exists())

    def test_the_job_and_article_lists_offer_the_import_page_to_those_who_may_import(self):
        self.client.force_login(self.editor)
        for model in ("importjob", "article"):
            with self.subTest(model=model):
                response = self.client.get(reverse(f"admin:articles_{model}_changelist"))
                self.assertContains(response, f'href="{IMPORT_URL}"')

    def test_a_job_that_cannot_run_is_marked_failed_with_the_reason(self):
        job = ImportJob.objects.create(kind=ImportJob.Kind.EXTRACT, article_ids=[1], total=1)
        with self.settings(NEWSBROWSER_SPACY_MODEL="no_such_spacy_model"):
            import_job_run(job_id=job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("NEWSBROWSER_SPACY_MODEL", job.message)
        self.assertIsNotNone(job.finished_at)


@pytest.mark.slow
class AdminImportWorkerTest(TransactionTestCase):
    """The worker commits as it goes, as in production, so these tests run outside a transaction."""

    serialized_rollback = True  # keeps the countries loaded by a data migration

    def setUp(self) -> None:
        use_temporary_media_root(self)
        users = get_user_model().objects
        self.editor = users.create_user("editor", "e@example.org", PASSWORD, is_staff=True)
        self.editor.user_permissions.add(
            Permission.objects.get(codename="import_articles"),
            Permission.objects.get(codename="view_article"),
        )

    def test_staff_uploads_a_zip_and_the_worker_imports_it_into_browsable_articles(self):
        self.client.force_login(self.editor)
        page = self.client.get(IMPORT_URL)
        self.assertContains(page, 'enctype="multipart/form-data"')
        self.assertContains(page, "csrfmiddlewaretoken")

        html = SimpleUploadedFile("kishida.html", (GOOD / "kishida.html").read_bytes())
        response = self.client.post(IMPORT_URL, {"files": [upload_zip(), html]})

        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("admin:articles_importjob_change", args=[job.pk]))
        self.assertEqual(job.status, ImportJob.Status.QUEUED)
        self.assertEqual(
            list(job.uploads.values_list("name", flat=True)), ["batch.zip", "kishida.html"]
        )
        queued = self.client.get(response.url)
        self.assertContains(queued, 'http-equiv="refresh"')

        run_worker_until_queue_is_empty()

        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.DONE, job.message)
        self.assertEqual((job.processed, job.total), (5, 5))
        self.assertEqual((job.imported, job.unchanged, job.failed), (4, 0, 2))
        self.assertEqual(
            {error["source"] for error in job.errors},
            {"batch.zip:news/picture.txt", "batch.zip:../escape.txt"},
        )
        self.assertIsNotNone(job.started_at)
        self.assertIsNotNone(job.finished_at)
        done = self.client.get(reverse("admin:articles_importjob_change", args=[job.pk]))
        self.assertNotContains(done, 'http-equiv="refresh"')
        self.assertContains(done, "5 of 5 files")
        self.assertContains(done, "binary file (PNG image), not text")
        self.assertContains(done, "4 article(s) from this job")

        articles = Article.objects.filter(import_job=job)
        self.assertEqual(articles.count(), 4)
        self.assertEqual(articles.get(title="Kishida warns Russia").source_name, "kishida.html")
        seed = articles.get(title__startswith="China's indirect aid")
        self.assertEqual(seed.source_name, "batch.zip:news/seed.txt")
        self.assertContains(self.client.get("/"), seed.get_absolute_url())
        self.assertContains(self.client.get(seed.get_absolute_url()), "Jake Sullivan")

    def test_extraction_action_runs_again_in_the_background(self):
        article = Article.objects.create(
            title="Kishida warns Russia",
            body='"We will not accept any attack on Japan," Fumio Kishida said on Monday.',
            content_hash="x" * 64,
        )
        admin_user = get_user_model().objects.create_superuser("root", "r@x.org", PASSWORD)
        self.client.force_login(admin_user)

        response = self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "extract_again", "_selected_action": [article.pk]},
            follow=True,
        )

        self.assertContains(response, "Extraction of 1 article(s) is queued")
        self.assertFalse(Statement.objects.exists())
        run_worker_until_queue_is_empty()
        job = ImportJob.objects.get()
        self.assertEqual((job.kind, job.status), ("extract", "done"))
        self.assertEqual((job.processed, job.total, job.updated), (1, 1, 1))
        self.assertEqual(Statement.objects.get(article=article).speaker.name, "Fumio Kishida")


class ImportJobPageQueriesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = get_user_model().objects.create_superuser("root", "r@example.org", PASSWORD)
        cls.job = ImportJob.objects.create(
            created_by=cls.admin,
            status=ImportJob.Status.DONE,
            total=40,
            processed=40,
            imported=30,
            failed=10,
            errors=[{"source": f"batch.zip:{n}.txt", "reason": "empty file"} for n in range(10)],
        )
        for n in range(30):
            Article.objects.create(
                title=f"Article {n}", body="Body.", content_hash=f"{n:064d}", import_job=cls.job
            )

    def test_job_page_and_list_run_a_fixed_number_of_queries(self):
        self.client.force_login(self.admin)
        # The job twice, its creator, uploads, its articles' count and the first few of them.
        with self.assertNumQueries(9):
            page = self.client.get(reverse("admin:articles_importjob_change", args=[self.job.pk]))
        self.assertContains(page, "40 of 40 files")
        self.assertContains(page, "30 article(s) from this job")
        self.assertContains(page, "<code>batch.zip:9.txt</code>: empty file")
        ImportJob.objects.create(created_by=self.admin)
        with self.assertNumQueries(5):
            self.client.get(reverse("admin:articles_importjob_changelist"))
