"""Views that must answer whatever the database does: the 500 handler and the admin's
"view on site" shortcut."""

from __future__ import annotations

import logging
import sys

from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import NoReverseMatch

from guards.middleware import is_database_outage
from guards.pages import outage_response, page_without_database

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 page when the database could not answer, else a plain 500 page,
    both drawn without a query (Django's own 500 view does not query either, but our
    layout would through its context processors)."""
    error = sys.exc_info()[1]
    if error is not None and is_database_outage(error):
        return outage_response(request)
    return page_without_database(request, "500.html", status=500)


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponseBase:
    """The admin's "view on site" link (``/admin/r/<type>/<id>/``), a 404 instead of a 500
    for a model without a page, an id of the wrong form, or a page that cannot be named."""
    try:
        return shortcut(request, content_type_id, object_id)
    except Http404:
        raise
    except (
        ValidationError,
        NoReverseMatch,
        AttributeError,
        TypeError,
        ValueError,
        OverflowError,
    ) as error:
        # ValidationError: an id of the wrong form for the model's key ("1" for a UUID);
        # OverflowError: an id too large for SQLite's integer; the others: a get_absolute_url
        # that fails for that object.
        logger.info("No page for content type %s, object %r: %s", content_type_id, object_id, error)
        raise Http404("That object has no page on the site.") from error
