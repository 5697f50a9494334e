"""Oversized uploads are refused (413) before they are read, and never reach the disk.

FILE_UPLOAD_MAX_MEMORY_SIZE is set to 1 KiB here, so any file Django kept would be
written to FILE_UPLOAD_TEMP_DIR; that folder does not exist, so any attempt to write
there raises and fails the test. The control test shows that a good staff upload does
try to write there.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.test.client import (
    BOUNDARY,
    MULTIPART_CONTENT,
    AsyncClientHandler,
    FakePayload,
    encode_multipart,
)
from django.urls import reverse

from articles.models import ImportJob

IMPORT_URL = reverse("admin:articles_importjob_import")
LOGIN_URL = reverse("admin:login")
LIMIT = 64 * 1024
MISSING_FOLDER = str(Path(tempfile.gettempdir()) / "newsbrowser-no-such-folder" / "uploads")


def article_file(size: int, name: str = "big.txt") -> SimpleUploadedFile:
    """A text file of about ``size`` bytes, a title and sentences."""
    body = b"A title\n\n" + b"Officials said the talks would go on. " * (size // 38 + 1)
    return SimpleUploadedFile(name, body[:size], content_type="text/plain")


def post_with_csrf_token(client, files: list[SimpleUploadedFile]):
    """Post like a browser with a CSRF cookie: the CSRF check parses the body for the token."""
    token = client.get(LOGIN_URL).cookies["csrftoken"].value
    return client.post(IMPORT_URL, {"csrfmiddlewaretoken": token, "files": files})


class UnreadBody(io.RawIOBase):
    """A request body that counts how much of it the server read."""

    def __init__(self) -> None:
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.bytes_read += len(buffer)
        buffer[:] = b"x" * len(buffer)
        return len(buffer)


@override_settings(
    NEWSBROWSER_MAX_UPLOAD_BYTES=LIMIT,
    FILE_UPLOAD_MAX_MEMORY_SIZE=1024,
    FILE_UPLOAD_TEMP_DIR=MISSING_FOLDER,
)
class UploadLimitTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = get_user_model().objects.create_user("editor", is_staff=True)
        cls.editor.user_permissions.add(Permission.objects.get(codename="import_articles"))

    def setUp(self) -> None:
        media = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def test_a_staff_upload_declaring_300_mb_is_refused_before_a_byte_is_read(self):
        self.client.force_login(self.editor)
        body = UnreadBody()

        response = self.client.generic(
            "POST",
            IMPORT_URL,
            CONTENT_TYPE=MULTIPART_CONTENT,
            CONTENT_LENGTH=str(300 * 10**6),
            **{"wsgi.input": body},
        )

        self.assertEqual(response.status_code, 413)
        self.assertIn(b"the limit is 64.0\xc2\xa0KB", response.content)
        self.assertEqual(body.bytes_read, 0)
        self.assertFalse(ImportJob.objects.exists())

    def test_an_anonymous_upload_over_a_forms_size_is_refused_before_a_byte_is_read(self):
        body = UnreadBody()

        response = self.client.generic(
            "POST",
            IMPORT_URL,
            CONTENT_TYPE=MULTIPART_CONTENT,
            CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
            **{"wsgi.input": body},
        )

        self.assertEqual(response.status_code, 413)
        self.assertEqual(body.bytes_read, 0)

    def test_a_staff_upload_over_the_limit_is_refused_and_writes_nothing(self):
        self.client.force_login(self.editor)

        response = self.client.post(IMPORT_URL, {"files": [article_file(300 * 1024)]})

        self.assertEqual(response.status_code, 413)
        self.assertFalse(ImportJob.objects.exists())

    def test_an_anonymous_upload_under_a_forms_size_is_sent_to_log_in_unwritten(self):
        client = self.client_class(enforce_csrf_checks=True)

        response = post_with_csrf_token(client, [article_file(300 * 1024)])

        self.assertRedirects(response, f"{LOGIN_URL}?next={IMPORT_URL}")
        self.assertFalse(ImportJob.objects.exists())

    def test_a_logged_in_reader_is_treated_as_anonymous(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(get_user_model().objects.create_user("reader"))

        response = post_with_csrf_token(client, [article_file(300 * 1024)])

        self.assertRedirects(response, f"{LOGIN_URL}?next={IMPORT_URL}")

    def test_control_a_good_staff_upload_is_written_to_the_temporary_folder(self):
        """The missing folder catches writes: a good upload over 1 KiB tries to write there."""
        self.client.force_login(self.editor)
        with self.assertRaises(FileNotFoundError) as caught:
            self.client.post(IMPORT_URL, {"files": [article_file(32 * 1024)]})
        self.assertIn("newsbrowser-no-such-folder", str(caught.exception))

    def test_a_good_staff_upload_under_the_limit_is_queued(self):
        self.client.force_login(self.editor)
        with self.settings(FILE_UPLOAD_TEMP_DIR=self.enterContext(tempfile.TemporaryDirectory())):
            response = self.client.post(IMPORT_URL, {"files": [article_file(32 * 1024)]})
        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("admin:articles_importjob_change", args=[job.pk]))
        self.assertEqual(job.uploads.get().size, 32 * 1024)

    def test_a_staff_body_longer_than_its_content_length_is_stopped_at_the_limit(self):
        """Django's ASGI handler hands the view the whole body, whatever Content-Length said;
        the upload is counted as it streams and stopped once past the limit."""
        self.client.force_login(self.editor)
        body = encode_multipart(BOUNDARY, {"files": article_file(300 * 1024)})
        scope = {
            "type": "http",
            "method": "POST",
            "path": IMPORT_URL,
            "headers": [
                (b"host", b"testserver"),
                (b"content-type", MULTIPART_CONTENT.encode()),
                (b"content-length", b"1000"),  # a lie: the body is 300 KB
                (b"cookie", f"sessionid={self.client.session.session_key}".encode()),
            ],
            "_body_file": FakePayload(body),
        }

        response = async_to_sync(AsyncClientHandler(enforce_csrf_checks=False))(scope)

        self.assertEqual(response.status_code, 413)
        self.assertFalse(ImportJob.objects.exists())
