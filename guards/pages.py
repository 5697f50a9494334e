"""Error pages rendered without the database: no context processor runs (they read the
session and the user), so a page can be drawn while the database is down."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Seconds a client is asked to wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


def page_without_database(
    request: HttpRequest, template: str, *, status: int, context: dict[str, object] | None = None
) -> HttpResponse:
    """``template`` rendered with the request but no context processor, so no query runs."""
    # render_to_string without request= skips the context processors; the request itself is
    # still given so the layout can read request.path.
    html = render_to_string(template, {"request": request, **(context or {})})
    return HttpResponse(html, status=status)


def outage_response(request: HttpRequest) -> HttpResponse:
    response = page_without_database(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A cache in front must not keep the outage page once the database is back.
    response["Cache-Control"] = "no-store"
    return response


def unstorable_response(request: HttpRequest) -> HttpResponse:
    return page_without_database(request, "guards/unstorable_character.html", status=400)
