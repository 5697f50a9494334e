"""Requests the database cannot answer get a clear 4xx or 503 page, never a bare 500.

- ``UnstorableCharacterMiddleware``: PostgreSQL cannot store or compare a NUL character
  (psycopg refuses the query) and UTF-8 has no encoding for a lone surrogate, so a query
  string, form value or path holding one is refused with 400 before any view runs a query.
- ``DatabaseOutageMiddleware``: a view that fails because the database cannot answer
  (``OperationalError``, ``InterfaceError``) gets a 503 page with ``Retry-After``, rendered
  without a query. Failures outside views (a session read in another middleware) reach
  ``handler500`` (guards/views.py), which answers the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from guards.pages import outage_response, unstorable_response

logger = logging.getLogger(__name__)

# NUL, and the surrogate code points, which a str can hold but UTF-8 cannot encode.
# (Invalid percent-escapes such as %FF arrive as U+FFFD, which is stored like any letter.)
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable_character(values: Iterable[str]) -> bool:
    return any(UNSTORABLE.search(value) for value in values)


def _query_values(query: object) -> Iterable[str]:
    """Every key and value of a QueryDict, each value of repeated keys included."""
    for key, values in query.lists():  # type: ignore[attr-defined]
        yield key
        yield from (value for value in values if isinstance(value, str))


class UnstorableCharacterMiddleware:
    """400 for a path, query string or form value holding a character no query can carry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Cookies come back on every request: a bad one would lock its browser out, so it is
        # dropped (the session then starts afresh) rather than refused.
        for name in [n for n, v in request.COOKIES.items() if UNSTORABLE.search(n + v)]:
            del request.COOKIES[name]
        if has_unstorable_character([request.path, *_query_values(request.GET)]):
            return unstorable_response(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., object], args: object, kwargs: object
    ) -> HttpResponseBase | None:
        # The body is read here, after every middleware's __call__, so the request-size
        # limit (articles/upload_limits.py) has refused an oversized one unread.
        if request.method == "POST" and has_unstorable_character(_query_values(request.POST)):
            return unstorable_response(request)
        return None


def is_database_outage(error: BaseException) -> bool:
    """True for the errors DB-API raises when the database cannot answer (down, cut off,
    out of connections, locked too long), as opposed to a query that is wrong."""
    return isinstance(error, OperationalError | InterfaceError)


class DatabaseOutageMiddleware:
    """503 with ``Retry-After`` when a view fails because the database cannot answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        logger.error(
            "Database unavailable (%s): %s answered 503",
            str(exception).strip().splitlines()[0] if str(exception).strip() else "no reason",
            request.path,
            exc_info=exception,
        )
        return outage_response(request)
