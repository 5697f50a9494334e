"""Whole pages for visitors who are not logged in, served from the page cache.

A page is stored when everything about it is the same for every such visitor: a GET, an
answer 200 that is not streamed, sets no cookie, carries no CSRF token (the token is bound
to a browser), shows no messages, is not marked private or uncacheable, and varies on no
request header but the htmx ones the key holds. The key is the data's generation
(pagecache.generation), the method, the scheme and host, the full path with its query, and
the htmx headers (a fragment and its full page never share an entry). Logged-in users
(the editors) neither get stored pages nor store any.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.cache import cc_delim_re

from pagecache.generation import generation_current

PAGE_CACHE_ALIAS = "pages"
# Request headers a page may vary on, all part of the key. A page varying on any other
# header (Cookie aside: it is the same for every anonymous visitor) is not stored.
KEY_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")
VARY_ALLOWED = {"cookie", *(header.lower() for header in KEY_HEADERS)}
# Tells a client (and the benchmark) whether the page came from the cache.
STATUS_HEADER = "X-Page-Cache"
# A browser holding this cookie has messages waiting for it (django.contrib.messages).
MESSAGES_COOKIE = "messages"


class PageCacheMiddleware:
    """Serve a stored page when there is one for this request; else store the answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.NEWSBROWSER_PAGE_CACHE or not request_cacheable(request):
            return self.get_response(request)
        try:
            generation = generation_current()
        except DatabaseError:
            # The view meets the outage too, and answers it (guards.middleware).
            return self.get_response(request)
        key = page_key(request, generation=generation)
        cache = caches[PAGE_CACHE_ALIAS]
        stored = cache.get(key)
        if stored is not None:
            return page_response(stored)
        response = self.get_response(request)
        if response_cacheable(request, response):
            cache.set(key, page_stored(response), settings.NEWSBROWSER_PAGE_CACHE_SECONDS)
            response[STATUS_HEADER] = "miss"
        return response


def request_cacheable(request: HttpRequest) -> bool:
    """Whether this request may be answered from the cache (and its answer stored)."""
    if request.method not in ("GET", "HEAD") or MESSAGES_COOKIE in request.COOKIES:
        return False
    if request.path.startswith(reverse("admin:index")):
        return False
    # Reads the session only for a browser that has one: no query for most visitors.
    return not request.user.is_authenticated


def response_cacheable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether this answer is the same for every visitor who is not logged in."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # get_token() marks the request: the page holds this browser's CSRF token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or len(messages)):
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-cache", "no-store"}:
        return False
    varies = {
        header.strip().lower()
        for header in cc_delim_re.split(response.get("Vary", ""))
        if header.strip()
    }
    return varies <= VARY_ALLOWED


def page_key(request: HttpRequest, *, generation: int) -> str:
    """The cache key of this request's page under ``generation``."""
    headers = "\n".join(f"{name}:{request.headers.get(name, '')}" for name in KEY_HEADERS)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{request.method}\n{address}\n{headers}".encode()).hexdigest()
    return f"page:{generation}:{digest}"


def page_stored(response: HttpResponseBase) -> tuple[bytes, list[tuple[str, str]]]:
    """What the cache keeps of an answer: its body and headers."""
    return response.content, list(response.items())  # type: ignore[attr-defined]


def page_response(stored: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[STATUS_HEADER] = "hit"
    return response
