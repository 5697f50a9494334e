"""Pivot pages: everything a person said, everything said about a country, and search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache, partial
from itertools import chain, islice
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from articles.full_text import article_search
from entities.exports import EXPORT_MAX_ROWS, csv_lines, json_chunks, statement_records
from entities.models import Country, Organisation, Person, SpeakerKind, Statement
from entities.selectors import (
    FIRST_YEAR,
    LAST_YEAR,
    ORDER_OLDEST,
    IndexFilters,
    StatementCursor,
    StatementFilters,
    Timeline,
    co_mentioned_countries,
    countries_around_statements,
    countries_of_organisations,
    countries_of_people,
    countries_speaking_about,
    countries_spoken_about,
    countries_spoken_about_by,
    country_index,
    entity_search,
    export_filter_problems,
    organisation_index,
    people_quoted_alongside,
    people_roles,
    person_index,
    source_kinds,
    speakers_about,
    statement_citation,
    statement_context,
    statement_count,
    statement_facets,
    statement_get,
    statement_list,
    statement_page,
    statement_timeline,
    statements_about_person,
    statements_about_person_newest,
)

STATEMENTS_PER_PAGE = 20
ENTRIES_PER_PAGE = 50
COUNTRIES_BY_SAID = "said-by"
SUGGESTIONS = 6
CHIPS_SHOWN = 30
# Country pairs a country page links to, each way.
PAIRS_SHOWN = 5
# Statements about a person shown on their page; the rest are on their "about" page.
SAID_ABOUT_SHOWN = 3
# "Load more" keeps how many pages it has shown in the address (?pages=3), up to this many;
# past it, the next cards open as a page of their own (?page=11).
PAGES_MAX = 10
# The id of the "load more" list item: an htmx request aimed at it wants the next cards only.
LOAD_MORE_TARGET = "load-more"
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")


def _wants_fragment(request: HttpRequest) -> bool:
    # htmx restoring history after a cache miss needs the whole page, not a fragment.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _render_page_or_fragment(
    request: HttpRequest, template: str, fragment: str, context: dict[str, object]
) -> HttpResponse:
    """The whole page, or only its swappable fragment for an htmx request."""
    if _wants_fragment(request):
        template = f"{template}#{fragment}"
    return render(request, template, context)


def _roles_of(person: Person) -> list[str]:
    """Titles such as "national security advisor", once Person has them (issue 3)."""
    roles = getattr(person, "roles", None) or []
    if hasattr(roles, "all"):
        roles = roles.all()
    if isinstance(roles, str):
        roles = [roles]
    return [str(role) for role in roles]


def _query_dict(filters: StatementFilters) -> QueryDict:
    """The filters as the QueryDict that ``{% querystring %}`` builds chip and page links on."""
    query = QueryDict(mutable=True)
    query.update(filters.params())
    return query


@lru_cache(maxsize=4096)
def _month_name(month: date, language: str | None) -> str:
    """ "March 2024" in ``language``: the same few hundred months on every timeline."""
    return date_format(month, "F Y")


def _timeline_bars(timeline: Timeline, *, path: str, query: QueryDict) -> SafeString:
    """The timeline's bars as SVG links, each filtering the list to its month.

    Built in one pass here rather than by the template: a chart of ten years has 120 bars,
    and a ``{% querystring %}``, two dates and eight localised numbers per bar cost about
    a third of a millisecond each (docs/performance.md, "Render time"). The address and
    the label are escaped as the template would; the rest are numbers and our own words.
    """
    base = query.copy()
    base.pop("undated", None)
    # The address as {% querystring %} writes it, encoded once: each bar fills in its dates
    # (digits and dashes, which need no encoding) where "from" and "to" sit.
    base["from"] = base["to"] = ""
    segments = []  # (the date it holds, "" for none; the encoded parameter)
    for key, values in base.lists():
        one = QueryDict(mutable=True)
        one.setlist(key, values)
        if encoded := one.urlencode():
            segments.append((key if key in ("from", "to") else "", encoded))
    column = f'y="{timeline.top}" width="{timeline.hit_width}" height="{timeline.chart_height}"'
    width = timeline.bar_width
    language = get_language()
    bars = []
    for bar in timeline.bars:
        dates = {"from": f"from={bar.start}", "to": f"to={bar.end}"}
        href = escape(f"{path}?{'&'.join(dates.get(key, part) for key, part in segments)}")
        label = escape(
            f"{_month_name(bar.month, language)}: {number_format(bar.count)}"
            f" statement{pluralize(bar.count)}"
        )
        selected = " selected" if bar.selected else ""
        bars.append(
            f'<a id="month-{bar.start[:7]}" class="bar{selected}" href="{href}" hx-get="{href}"'
            f' aria-label="{label}"><title>{label}</title>'
            f'<rect class="hit" x="{bar.x}" {column}></rect>'
            f'<rect class="fill" x="{bar.x}" y="{bar.y}" width="{width}" height="{bar.height}"'
            ' rx="2"></rect></a>'
        )
    # Safe: the address and the label are escaped above; the rest are numbers and our words.
    return mark_safe("".join(bars))


def _pages_param(value: str | None) -> int:
    """How many pages of cards "load more" has shown: 1 to PAGES_MAX, 1 for anything else."""
    try:
        pages = int(value or "")
    except ValueError:
        return 1
    return min(max(pages, 1), PAGES_MAX)


def _is_load_more(request: HttpRequest) -> bool:
    """An htmx request from the "load more" item: it wants the next cards only."""
    return _wants_fragment(request) and request.htmx.target == LOAD_MORE_TARGET


def _statement_cards(
    request: HttpRequest,
    statements: QuerySet[Statement],
    query: QueryDict,
    *,
    oldest: bool = False,
    total: Callable[[], int] | None = None,
) -> dict[str, Any]:
    """A page of cards, what the list shows of them, and the "load more" link after them.

    Pages are read by keyset (``?after=`` a cursor, StatementCursor): no OFFSET, no count
    of the matches, whatever the depth. ``?pages=3`` shows the first three pages at once,
    so a reload (or the link, without JavaScript) keeps what "load more" added; the "load
    more" request itself (``?pages=3&after=...``) gets only the cards after the cursor.
    Past PAGES_MAX the next cards open as a page of their own (``?after=...``). A cursor
    that cannot be read shows the first page; ``?page=N`` (older links) reads as ``pages``.
    ``total`` counts the list, called for a full page only (the heading shows it).
    """
    load_more = _is_load_more(request)
    after = StatementCursor.decode(request.GET.get("after", ""))
    pages = _pages_param(request.GET.get("pages") or request.GET.get("page"))
    count = total() if total is not None and not load_more else None
    if after is not None:
        page = statement_page(
            statements=statements, size=STATEMENTS_PER_PAGE, after=after, oldest=oldest, total=count
        )
    else:
        page = statement_page(
            statements=statements, size=STATEMENTS_PER_PAGE * pages, oldest=oldest, total=count
        )
        if load_more:
            # An older "load more" link without a cursor: the last of the pages it names.
            shown = page.cards[STATEMENTS_PER_PAGE * (pages - 1) :]
            page = replace(page, cards=shown, first=page.first + len(page.cards) - len(shown))
    more_query, reload_query, push_more = query.copy(), query.copy(), False
    following = page.last // STATEMENTS_PER_PAGE + 1
    in_pages = after is None or "pages" in request.GET
    whole_pages = page.last % STATEMENTS_PER_PAGE == 0
    if page.has_next and in_pages and whole_pages and following <= PAGES_MAX:
        # The address a reload (or a browser without JavaScript) shows: every page so far.
        reload_query["pages"] = more_query["pages"] = str(following)
        push_more = True
    more_query["after"] = page.next_cursor
    if not push_more:
        reload_query = more_query
    return {
        "page": page,
        "cards": page.cards,
        "cards_from": page.first,
        "statement_total": page.total,
        "per_page": STATEMENTS_PER_PAGE,
        "more_query": more_query.urlencode(),
        "reload_query": reload_query.urlencode(),
        "push_more": push_more,
        "load_more": load_more,
    }


def _chip(chips: list[Any], slug: str) -> Any | None:
    return next((chip for chip in chips if chip.slug == slug), None)


def _chips(queryset: QuerySet[Any], slug: str) -> tuple[list[Any], Any | None, bool]:
    """The CHIPS_SHOWN busiest chips, the one ``slug`` picks, and whether more were left out.

    A picked chip beyond the first CHIPS_SHOWN (from a shared link) costs one more query.
    """
    chips = list(queryset[: CHIPS_SHOWN + 1])
    more = len(chips) > CHIPS_SHOWN
    chips = chips[:CHIPS_SHOWN]
    picked = _chip(chips, slug)
    if picked is None and slug and more:
        picked = queryset.filter(slug=slug).first()
        if picked is not None:
            chips.append(picked)
    return chips, picked, more


def _statement_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    filters: StatementFilters,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
    speaker_facet: bool = False,
) -> HttpResponse:
    """A person, organisation or country page: filtered statements, a page of cards,
    a timeline, facets, exports. ``speaker_facet`` offers the speakers as a facet."""
    scope = {"speaker": speaker, "organisation": organisation, "by": by, "about": about}
    statements = statement_list(filters=filters, **scope)
    own = {name: entity.slug for name, entity in scope.items() if entity is not None}
    query = _query_dict(filters)
    context |= {
        **_statement_cards(
            request,
            statements,
            query,
            oldest=filters.order == ORDER_OLDEST,
            total=lambda: statement_count(filters=filters, **scope),
        ),
        "filters": filters,
        "query": query,
        "export_query": filters.querystring(**own),
        "export_max": EXPORT_MAX_ROWS,
        "date_min": f"{FIRST_YEAR}-01-01",
        "date_max": f"{LAST_YEAR}-12-31",
    }
    if context["load_more"]:
        return render(request, "entities/_statement_items.html", context)
    context["timeline"] = timeline = statement_timeline(filters=filters, **scope)
    context["timeline_bars"] = _timeline_bars(timeline, path=request.path, query=query)
    context["facets"] = statement_facets(filters=filters, with_speakers=speaker_facet, **scope)
    response = _render_page_or_fragment(request, template, "statements", context)
    if _wants_fragment(request):
        # The address bar shows the filters without the empty fields a form submits.
        query = filters.querystring()
        push_url(response, f"{request.path}?{query}" if query else request.path)
    return response


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    filters = replace(StatementFilters.from_params(request.GET), speaker="", about="")
    if _is_load_more(request):
        # The next cards only: the link came from the page, whose chips checked the filters.
        person = get_object_or_404(Person, slug=slug)
        return _statement_page(
            request, "", {"person": person, "show_speaker": False}, filters=filters, speaker=person
        )
    # The header's total and what others say naming them are kept on write (issue 14), never
    # counted per request.
    person = get_object_or_404(
        Person.objects.annotate(
            statement_count=Coalesce(F("totals__said"), 0),
            named_count=Coalesce(F("totals__named"), 0),
        ),
        slug=slug,
    )
    # Only countries the person speaks about can be picked; anything else shows everything.
    # Each chip counts the statements the other filters keep, as the facets do.
    chips, selected, more_chips = _chips(
        countries_spoken_about(speaker=person, filters=filters), filters.country
    )
    # Countries named only around what they said: offered apart, never counted as spoken about.
    around, around_selected, more_around = _chips(
        countries_around_statements(speaker=person, filters=filters), filters.around
    )
    filters = replace(
        filters,
        country=selected.slug if selected else "",
        around=around_selected.slug if around_selected else "",
        country_pk=selected.pk if selected else None,
        around_pk=around_selected.pk if around_selected else None,
    )
    context = {
        "person": person,
        "roles": _roles_of(person),
        "chips": chips,
        "more_chips": more_chips,
        "selected": selected,
        "around_chips": around,
        "more_around": more_around,
        "around_selected": around_selected,
        # The header counts the countries only while the chips count every statement.
        "chips_overall": not filters.narrows_besides("country", "around"),
        "show_speaker": False,
        # Lazy: only the full page's sections run these, never an htmx fragment.
        "alongside": people_quoted_alongside(person=person),
        # Only the newest few are matched per request; their number is person.named_count.
        "said_about_first": partial(
            statements_about_person_newest,
            person=person,
            named=person.named_count,
            limit=SAID_ABOUT_SHOWN,
        ),
    }
    return _statement_page(
        request, "entities/person_detail.html", context, filters=filters, speaker=person
    )


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def person_about(request: HttpRequest, slug: str) -> HttpResponse:
    """What others say that names a person, newest first, a page at a time."""
    person = get_object_or_404(Person, slug=slug)
    statements = statements_about_person(person=person)
    page = Paginator(statements, STATEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "person": person,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "query": QueryDict(),
        "show_speaker": True,
    }
    return _render_page_or_fragment(request, "entities/person_about.html", "about", context)


def _source_chips(
    chips: list[Any], slug: str, labels: dict[str, str]
) -> tuple[list[Any], Any | None]:
    """The kinds of source as chips under the page's own labels, and the one ``slug`` picks."""
    chips = [replace(chip, label=labels.get(chip.kind, chip.label)) for chip in chips]
    return chips, _chip(chips, slug)


def _source_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    labels: dict[str, str],
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> HttpResponse:
    """An organisation's page or a country's "by" page: statements of a group of sources,
    with chips for the countries they speak about and for the kinds of source."""
    filters = replace(StatementFilters.from_params(request.GET), about="", organisation="", by="")
    if _is_load_more(request):
        # The next cards only: the link came from the page, whose chips checked the filters.
        return _statement_page(
            request, template, context, filters=filters, organisation=organisation, by=by
        )
    # Each chip counts the statements the other filters keep, as the facets do.
    chips, selected, more_chips = _chips(
        countries_spoken_about(organisation=organisation, by=by, filters=filters), filters.country
    )
    sources, source = _source_chips(
        source_kinds(organisation=organisation, by=by, filters=filters), filters.source, labels
    )
    checked = replace(
        filters,
        country=selected.slug if selected else "",
        country_pk=selected.pk if selected else None,
        source=source.kind if source else "",
    )
    # A pick the page does not offer (a hand-edited address) is dropped: the other chips,
    # counted under it, are counted again without it.
    if checked.source != filters.source:
        chips, selected, more_chips = _chips(
            countries_spoken_about(organisation=organisation, by=by, filters=checked),
            checked.country,
        )
    if checked.country != filters.country:
        sources, source = _source_chips(
            source_kinds(organisation=organisation, by=by, filters=checked), checked.source, labels
        )
    filters = checked
    context |= {
        # The header's counts come from the chips only while they count every statement.
        "chips_overall": not filters.narrows_besides("country", "around"),
        "sources_overall": not filters.narrows_besides("source"),
        "chips": chips,
        "more_chips": more_chips,
        "selected": selected,
        "sources": sources,
        "source": source,
    }
    return _statement_page(
        request,
        template,
        context,
        filters=filters,
        organisation=organisation,
        by=by,
        speaker_facet=True,
    )


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisations = Organisation.objects.select_related("country")
    if not _is_load_more(request):
        organisations = organisations.annotate(statement_count=Coalesce(F("totals__said"), 0))
    organisation = get_object_or_404(organisations, slug=slug)
    return _source_page(
        request,
        "entities/organisation_detail.html",
        {"organisation": organisation, "show_speaker": False},
        labels={
            SpeakerKind.ORGANISATION: f"{organisation.name} itself",
            SpeakerKind.UNNAMED: "Unnamed spokespeople",
        },
        organisation=organisation,
    )


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def country_by(request: HttpRequest, slug: str) -> HttpResponse:
    """What is said by sources belonging to a country: its people, bodies, the state itself."""
    countries = Country.objects.all()
    if not _is_load_more(request):
        countries = countries.annotate(statement_count=Coalesce(F("totals__said"), 0))
    country = get_object_or_404(countries, slug=slug)
    return _source_page(
        request,
        "entities/country_by.html",
        {"country": country, "show_speaker": True},
        labels={
            SpeakerKind.PERSON: "Its people",
            SpeakerKind.ORGANISATION: "Its organisations",
            SpeakerKind.COUNTRY: f"{country.name} itself",
            SpeakerKind.UNNAMED: "Unnamed sources",
        },
        by=country,
    )


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def country_pair(request: HttpRequest, slug: str, other: str) -> HttpResponse:
    """What sources of one country say about another."""
    found = {c.slug: c for c in Country.objects.filter(slug__in=[slug, other])}
    if slug not in found or other not in found:
        raise Http404("No such country.")
    country, about = found[slug], found[other]
    filters = replace(
        StatementFilters.from_params(request.GET),
        about="",
        organisation="",
        by="",
        country="",
        source="",
    )
    context = {"country": country, "other": about, "show_speaker": True}
    return _statement_page(
        request,
        "entities/country_pair.html",
        context,
        filters=filters,
        by=country,
        about=about,
        speaker_facet=True,
    )


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def country_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if _is_load_more(request):
        # The next cards only: the link came from the page, whose chips checked the filters.
        country = get_object_or_404(Country, slug=slug)
        filters = replace(StatementFilters.from_params(request.GET), about="")
        return _statement_page(
            request, "", {"country": country, "show_speaker": True}, filters=filters, about=country
        )
    country = get_object_or_404(
        Country.objects.annotate(
            statement_count=Coalesce(F("totals__about"), 0),
            said_by_count=Coalesce(F("totals__said"), 0),
        ),
        slug=slug,
    )
    filters = replace(StatementFilters.from_params(request.GET), about="")
    # Each chip counts the statements the other filters keep, as the facets do.
    speakers, selected, more_speakers = _chips(
        speakers_about(country=country, filters=filters), filters.speaker
    )
    neighbours, also, more_neighbours = _chips(
        co_mentioned_countries(country=country, filters=filters), filters.country
    )
    checked = replace(
        filters,
        speaker=selected.slug if selected else "",
        country=also.slug if also else "",
        country_pk=also.pk if also else None,
    )
    # A pick the page does not offer (a hand-edited address) is dropped: the other chips,
    # counted under it, are counted again without it.
    if checked.speaker != filters.speaker:
        neighbours, also, more_neighbours = _chips(
            co_mentioned_countries(country=country, filters=checked), checked.country
        )
    if checked.country != filters.country:
        speakers, selected, more_speakers = _chips(
            speakers_about(country=country, filters=checked), checked.speaker
        )
    filters = checked
    context = {
        "country": country,
        # The header counts the speakers only while their chips count every statement.
        "chips_overall": not filters.narrows_besides("speaker"),
        "chips": speakers,
        "more_chips": more_speakers,
        "neighbours": neighbours,
        "more_neighbours": more_neighbours,
        "selected": selected,
        "also": also,
        "show_speaker": True,
        # Lazy: only the full page's header runs these, never an htmx fragment.
        "pairs_from": countries_spoken_about_by(country=country)[:PAIRS_SHOWN],
        "pairs_to": countries_speaking_about(country=country)[:PAIRS_SHOWN],
    }
    return _statement_page(
        request, "entities/country_detail.html", context, filters=filters, about=country
    )


@require_GET
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A statement's permanent page: what was said, by whom, where, in context, and a citation."""
    statement = statement_get(pk=pk)
    if statement is None:
        raise Http404("No such statement.")
    permanent_url = request.build_absolute_uri(statement.get_absolute_url())
    context = {
        "statement": statement,
        "paragraphs": statement_context(statement=statement),
        "permanent_url": permanent_url,
        "citation": statement_citation(statement=statement, permanent_url=permanent_url),
    }
    return render(request, "entities/statement_detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def statement_context_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(
        Statement.objects.select_related(
            "article", "speaker", "speaker_organisation", "speaker_country"
        ),
        pk=pk,
    )
    context = {"statement": statement, "paragraphs": statement_context(statement=statement)}
    return _render_page_or_fragment(request, "entities/statement_context.html", "context", context)


def _export_filename(filters: StatementFilters, extension: str) -> str:
    parts = [
        filters.speaker,
        filters.organisation,
        f"by-{filters.by}" if filters.by else "",
        filters.about,
        filters.country,
        filters.around,
        filters.source,
        filters.kind,
        filters.outlet,
        f"article-{filters.article}" if filters.article else "",
    ]
    name = slugify("-".join(["statements", *[part for part in parts if part]]))[:120]
    return f"{name}.{extension}"


@require_GET
def statement_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The statement list under the query string's filters, as a CSV or JSON download.

    A download must not quietly hold something other than what was asked for, so filters
    that cannot be read are refused with 400 (the pages drop them instead). The first rows
    are fetched before the response starts: a failing query is an error status (503 when
    the database is down, guards/middleware.py), not a 200 whose body stops after a line.
    """
    problems = export_filter_problems(request.GET)
    if problems:
        message = "Cannot export: " + "; ".join(problems) + ".\n"
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    filters = StatementFilters.from_params(request.GET)
    records = statement_records(
        statement_list(filters=filters), absolute_url=request.build_absolute_uri
    )
    # Runs the query and reads its first chunk (EXPORT_CHUNK_SIZE rows) now.
    records = chain(list(islice(records, 1)), records)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(records), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            json_chunks(records), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(filters, fmt)}"'
    return response


def _search_statements(query: str) -> QuerySet[Statement]:
    if not query:
        return Statement.objects.none()
    return statement_list(filters=StatementFilters(text=query))


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def search(request: HttpRequest) -> HttpResponse:
    results = entity_search(query=request.GET.get("q", ""))
    filters = StatementFilters(text=results.query)
    statements = _search_statements(filters.text)
    query = _query_dict(filters)
    context = {
        **_statement_cards(request, statements, query, total=statements.count),
        "results": results,
        "filters": filters,
        "query": query,
        "export_query": filters.querystring(),
        "export_max": EXPORT_MAX_ROWS,
        "show_speaker": True,
    }
    if context["load_more"]:
        return render(request, "entities/_statement_items.html", context)
    context["articles"] = article_search(text=filters.text)
    return _render_page_or_fragment(request, "entities/search.html", "results", context)


@require_GET
@vary_on_headers("HX-Request")
def search_suggestions(request: HttpRequest) -> HttpResponse:
    """The header box's typeahead list; without htmx, the full search page."""
    query = request.GET.get("q", "")
    if not request.htmx:
        return redirect(f"{reverse('entities:search')}?{request.GET.urlencode()}")
    results = entity_search(query=query, limit=SUGGESTIONS)
    return render(request, "entities/search.html#suggestions", {"results": results})


def _index_page(
    request: HttpRequest,
    template: str,
    entries: QuerySet[Any],
    context: dict[str, Any],
    *,
    filters: IndexFilters | None = None,
    extra_params: dict[str, str] | None = None,
) -> HttpResponse:
    """An index page: one page of ranked entries, the filters, and links to other pages."""
    filters = filters or IndexFilters()
    query = QueryDict(mutable=True)
    query.update({**filters.params(), **(extra_params or {})})
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context |= {
        "filters": filters,
        "query": query,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    response = _render_page_or_fragment(request, template, "index", context)
    if _wants_fragment(request):
        # The address bar shows the filters without the empty fields a form submits.
        if page.number > 1:
            query["page"] = str(page.number)
        push_url(response, f"{request.path}?{query.urlencode()}" if query else request.path)
    return response


def _country_picked(
    countries: list[Country], filters: IndexFilters
) -> tuple[Country | None, IndexFilters]:
    """The country the filter picks among those offered; any other shows every country."""
    picked = next((country for country in countries if country.slug == filters.country), None)
    return picked, replace(filters, country=picked.slug if picked else "")


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone named in the articles, by the number of statements they speak."""
    countries = list(countries_of_people())
    selected, filters = _country_picked(
        countries, replace(IndexFilters.from_params(request.GET), kind="")
    )
    roles = people_roles(country=filters.country)
    context = {
        "countries": countries,
        "selected": selected,
        "roles": roles,
        "role_listed": any(role.casefold() == filters.role.casefold() for role, _ in roles),
    }
    return _index_page(
        request,
        "entities/person_list.html",
        person_index(filters=filters),
        context,
        filters=filters,
    )


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Governments, agencies, parties, companies and media by the statements they speak."""
    countries = list(countries_of_organisations())
    selected, filters = _country_picked(
        countries, replace(IndexFilters.from_params(request.GET), role="")
    )
    context = {
        "countries": countries,
        "selected": selected,
        "kinds": Organisation.Kind.choices,
        "kind_label": Organisation.Kind(filters.kind).label if filters.kind else "",
    }
    return _index_page(
        request,
        "entities/organisation_list.html",
        organisation_index(filters=filters),
        context,
        filters=filters,
    )


@require_GET
@vary_on_headers(*HTMX_HEADERS)
def country_list(request: HttpRequest) -> HttpResponse:
    """Countries by the statements about them, or by those their sources make."""
    by_said = request.GET.get("order") == COUNTRIES_BY_SAID
    return _index_page(
        request,
        "entities/country_list.html",
        country_index(by_said=by_said),
        {"by_said": by_said, "by_said_order": COUNTRIES_BY_SAID},
        extra_params={"order": COUNTRIES_BY_SAID} if by_said else None,
    )
