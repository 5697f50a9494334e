"""Request-size limits: an oversized upload is refused before it is read or written.

Django writes an uploaded file larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary
file as it parses the body, and CsrfViewMiddleware parses the body of any POST that
carries a CSRF cookie (to read the token) before a view can send the user to the login
page. So the limits are applied here, in a middleware that runs before any of that:

- a body whose Content-Length is over the limit is answered 413 unread: the limit is
  NEWSBROWSER_MAX_UPLOAD_BYTES for active staff users (the admin's import page) and
  DATA_UPLOAD_MAX_MEMORY_SIZE for everyone else;
- files sent by anyone but staff are only ever held in memory (Django's memory upload
  handler, which ignores files that would not fit), never written to disk;
- a staff upload is parsed here, counted by ``UploadSizeLimitHandler`` as it streams;
  should the body run past the limit whatever its Content-Length said (Django's ASGI
  handler reads past it), the upload stops, its temporary files are removed, and the
  answer is 413.

A body without a Content-Length is never parsed by Django (it reads Content-Length
bytes, none when the header is missing), so it cannot reach the disk either.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat


def content_length(request: HttpRequest) -> int:
    """The body's declared length; 0 when the header is missing or invalid, as Django reads it."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def may_upload(request: HttpRequest) -> bool:
    """Whether the request comes from an active staff user, the only ones who upload files."""
    return request.user.is_active and request.user.is_staff


def too_large_response(*, size: int | None, limit: int) -> HttpResponse:
    said = f" ({filesizeformat(size)})" if size is not None else ""
    return HttpResponse(
        f"Request too large{said}: the limit is {filesizeformat(limit)}.\n",
        status=413,
        content_type="text/plain; charset=utf-8",
    )


class UploadSizeLimitHandler(FileUploadHandler):
    """First in the handler chain: stops the upload once its files pass ``limit`` bytes."""

    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            # The parser then closes every handler's file: temporary files are deleted.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) keeps the file


class RequestSizeLimitMiddleware:
    """Refuse request bodies over the caller's limit with 413 before they are read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        size = content_length(request)
        if not size:
            return self.get_response(request)  # no body Django would read
        staff = may_upload(request)
        limit = (
            settings.NEWSBROWSER_MAX_UPLOAD_BYTES if staff else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if size > limit:
            return too_large_response(size=size, limit=limit)
        if staff:
            refusal = self._staff_upload_parse(request, limit=limit)
            if refusal is not None:
                return refusal
        else:
            # Files from anyone else stay in memory, or are dropped: never on disk.
            request.upload_handlers = [MemoryFileUploadHandler(request)]
        return self.get_response(request)

    def _staff_upload_parse(self, request: HttpRequest, *, limit: int) -> HttpResponse | None:
        """Parse a staff member's multipart body under the counting handler; 413 if it overflows."""
        if request.content_type != "multipart/form-data":
            return None
        counter = UploadSizeLimitHandler(request, limit=limit)
        request.upload_handlers.insert(0, counter)
        try:
            request.POST  # noqa: B018 - parses the body (and FILES) now, under the counter
        except RequestDataTooBig:
            return too_large_response(size=None, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if counter.exceeded:
            return too_large_response(size=None, limit=limit)
        return None
