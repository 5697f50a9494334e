"""Pivot pages: everything a person said, everything said about a country, and search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from entities.models import Country, Person
from entities.selectors import (
    countries_spoken_about,
    entity_search,
    speakers_about,
    statement_list,
)

STATEMENTS_PER_PAGE = 25


def _render_page_or_fragment(
    request: HttpRequest, template: str, fragment: str, context: dict[str, object]
) -> HttpResponse:
    """The whole page, or only its swappable fragment for an htmx request."""
    if request.htmx:
        template = f"{template}#{fragment}"
    return render(request, template, context)


@require_GET
@vary_on_headers("HX-Request")
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    chips = list(countries_spoken_about(speaker=person))
    selected = next((c for c in chips if c.slug == request.GET.get("country")), None)
    statements = statement_list(speaker=person, about_filter=selected)
    page = Paginator(statements, STATEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"person": person, "chips": chips, "selected": selected, "page": page}
    return _render_page_or_fragment(request, "entities/person_detail.html", "statements", context)


@require_GET
@vary_on_headers("HX-Request")
def country_detail(request: HttpRequest, slug: str) -> HttpResponse:
    country = get_object_or_404(Country, slug=slug)
    chips = list(speakers_about(country=country))
    selected = next((p for p in chips if p.slug == request.GET.get("speaker")), None)
    statements = statement_list(about=country, speaker_filter=selected)
    page = Paginator(statements, STATEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"country": country, "chips": chips, "selected": selected, "page": page}
    return _render_page_or_fragment(request, "entities/country_detail.html", "statements", context)


@require_GET
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    results = entity_search(query=request.GET.get("q", ""))
    return _render_page_or_fragment(
        request, "entities/search.html", "results", {"results": results}
    )
