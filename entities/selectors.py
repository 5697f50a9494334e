"""Reads for the pages: statement lists and their filters, chips, timelines and search."""

from __future__ import annotations

import base64
import binascii
import calendar
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from articles.full_text import (
    TEXT_QUERY_MAX_CHARS,
    StoredSearchVector,
    search_query,
    words_contained,
)
from articles.models import Article
from articles.readers.record import FIRST_YEAR, LAST_YEAR
from entities.highlight import Segment, body_paragraphs, paragraph_spans
from entities.models import (
    Country,
    CountryMonth,
    CountryPairMonth,
    Mention,
    Organisation,
    Person,
    ScopeArticle,
    ScopeKindMonth,
    ScopeOutletMonth,
    SourceCountryMonth,
    SourceMonth,
    SpeakerKind,
    Statement,
    StatementCountry,
    name_key_for,
)
from entities.nlp.countries import country_for_name

# Date filters accept FIRST_YEAR..LAST_YEAR, the years an import stores (imported above from
# articles/readers/record.py); the form's date fields carry the same bounds.
# The one sort besides the default, newest first: ``?order=oldest``.
ORDER_OLDEST = "oldest"
# pg_trgm reads a pattern in three-character pieces: a shorter one scans every row.
TRIGRAM_MIN_CHARS = 3
_DATE_PARAM = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")


def _date_param(value: str, *, end_of_month: bool) -> date | None:
    """A day (2024-04-10) or a month (2024-04) from FIRST_YEAR to LAST_YEAR; None otherwise.

    Half-typed dates from a browser's date field ("0002-04-01", "275760-04-01") are refused
    rather than read as a year nobody meant.
    """
    match = _DATE_PARAM.fullmatch(value.strip())
    if match is None or not FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
        return None
    year, month = int(match["year"]), int(match["month"])
    try:
        if match["day"] is None:
            day = calendar.monthrange(year, month)[1] if end_of_month else 1
            return date(year, month, day)
        return date(year, month, int(match["day"]))
    except (ValueError, calendar.IllegalMonthError):
        return None


def _article_param(value: str) -> int | None:
    """An article id: up to 11 ASCII digits ("²" is a digit to str.isdigit, not to int)."""
    return int(value) if re.fullmatch(r"[0-9]{1,11}", value) else None


def export_filter_problems(params: Mapping[str, str]) -> list[str]:
    """What a download's query string asks for that cannot be read, one phrase each.

    The pages drop such values and show the rest; a download refuses them, since a file
    silently holding more than was asked for would mislead whoever cites it.
    """
    problems = []
    for name, end_of_month in (("from", False), ("to", True)):
        value = params.get(name, "").strip()
        if value and _date_param(value, end_of_month=end_of_month) is None:
            problems.append(
                f"{name}={value[:20]!r} is not a date from {FIRST_YEAR} to {LAST_YEAR} "
                "(YYYY-MM-DD or YYYY-MM)"
            )
    choices = {
        "kind": Statement.Kind.values,
        "source": SpeakerKind.values,
        "order": [ORDER_OLDEST],
    }
    for name, allowed in choices.items():
        value = params.get(name, "")
        if value and value not in allowed:
            problems.append(f"{name}={value[:20]!r} is not one of {', '.join(allowed)}")
    article = params.get("article", "").strip()
    if article and _article_param(article) is None:
        problems.append(f"article={article[:20]!r} is not an article number")
    return problems


@dataclass(frozen=True, slots=True)
class StatementFilters:
    """What a reader narrowed a statement list to, as read from the query string.

    Malformed values are dropped rather than refused: a hand-edited URL still shows a list.
    ``country`` is a country the statements are about (on a country page: also about;
    on a source's page, a person's, an organisation's or a country's "by": named in the
    statement itself); ``around`` a country named only in the sentences around a
    statement; ``speaker`` and ``about`` are slugs, ``text`` words the statement must
    contain; ``organisation`` (a slug) is the organisation that speaks or that an unnamed
    source speaks for, ``by`` (a country slug) the country the source belongs to,
    ``source`` the kind of source (person, organisation, country, unnamed).
    ``order`` is ``oldest`` for oldest first; empty means newest first, the default.
    ``undated`` keeps only statements whose article has no date; a date range, when
    given too, wins. ``ignored_dates`` holds the date values that could not be read,
    so the page can say it left them out. ``outlet`` is an article's publisher as written,
    ``article`` one article's id; ``speaker`` also matches an organisation that speaks
    itself (its slug), so the facets of organisation and country pages can pick either.
    ``country_pk`` and ``around_pk`` are the ids of the ``country`` and ``around`` chips
    when the page has read them (never from the query string): the list then names the
    country by its id, and PostgreSQL plans for that country's share of the statements.
    """

    country: str = ""
    speaker: str = ""
    about: str = ""
    organisation: str = ""
    by: str = ""
    source: str = ""
    kind: str = ""
    start: date | None = None
    end: date | None = None
    text: str = ""
    around: str = ""
    undated: bool = False
    outlet: str = ""
    article: int | None = None
    order: str = ""
    ignored_dates: tuple[str, ...] = field(default=(), compare=False)
    country_pk: int | None = field(default=None, compare=False)
    around_pk: int | None = field(default=None, compare=False)

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> StatementFilters:
        kind = params.get("kind", "")
        source = params.get("source", "")
        raw_start, raw_end = params.get("from", "").strip(), params.get("to", "").strip()
        start = _date_param(raw_start, end_of_month=False)
        end = _date_param(raw_end, end_of_month=True)
        ignored = tuple(
            raw[:20] for raw, read in ((raw_start, start), (raw_end, end)) if raw and read is None
        )
        if start and end and start > end:
            start, end = end, start
        undated = params.get("undated") in ("1", "true", "on") or params.get("date") == "undated"
        article = params.get("article", "").strip()
        return cls(
            country=params.get("country", "").strip()[:200],
            speaker=params.get("speaker", "").strip()[:300],
            about=params.get("about", "").strip()[:200],
            organisation=params.get("organisation", "").strip()[:300],
            by=params.get("by", "").strip()[:200],
            source=source if source in SpeakerKind.values else "",
            kind=kind if kind in Statement.Kind.values else "",
            start=start,
            end=end,
            text=" ".join(params.get("q", "").split())[:TEXT_QUERY_MAX_CHARS],
            around=params.get("around", "").strip()[:200],
            undated=undated and not (start or end),
            outlet=params.get("outlet", "").strip()[:200],
            article=_article_param(article),
            order=ORDER_OLDEST if params.get("order") == ORDER_OLDEST else "",
            ignored_dates=ignored,
        )

    def params(self) -> dict[str, str]:
        """The filters as query parameters, empty ones left out."""
        values = {
            "speaker": self.speaker,
            "organisation": self.organisation,
            "by": self.by,
            "about": self.about,
            "country": self.country,
            "source": self.source,
            "kind": self.kind,
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "q": self.text,
            "around": self.around,
            "undated": "1" if self.undated else "",
            "outlet": self.outlet,
            "article": str(self.article) if self.article else "",
            "order": self.order,
        }
        return {key: value for key, value in values.items() if value}

    def querystring(self, **overrides: str) -> str:
        """``?``-less query string of the filters, e.g. for an export link."""
        return urlencode({**self.params(), **overrides})

    @property
    def narrowing(self) -> bool:
        """True when anything beyond the page's own person or country narrows the list."""
        return bool(
            self.country
            or self.around
            or self.source
            or self.kind
            or self.start
            or self.end
            or self.undated
            or self.text
            or self.outlet
            or self.article
        )

    def without_dates(self) -> StatementFilters:
        return replace(self, start=None, end=None, undated=False)

    def narrows_besides(self, *names: str) -> bool:
        """True when a filter other than the named ones (``params`` names) narrows the list.

        The order never narrows. Chips count under every filter but their own: this says
        whether their counts are the page's overall ones.
        """
        return any(name not in names for name in self.params() if name != "order")


def _day_starts(day: date, *, days_after: int = 0) -> datetime:
    """The instant the day (``days_after`` days later) begins in the current time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=days_after), time.min))


def _text_matches(statements: QuerySet[Statement], text: str) -> QuerySet[Statement]:
    """Statements containing the words: full-text search on PostgreSQL, substrings elsewhere."""
    if not text:
        return statements
    if connection.vendor == "postgresql":
        # Stemmed full-text match on the stored vector ("sanction" finds "sanctions"), or
        # the phrase as typed, which also catches word prefixes full-text search cannot
        # ("sanct"); each side has its index (entities 0015 and 0004). A trigram index
        # cannot serve fewer than three characters, so "eu" is a word, not a substring
        # searched in every statement.
        matches = Q(search_vector=search_query(text))
        if len(text) >= TRIGRAM_MIN_CHARS:
            matches |= Q(text__icontains=text)
        return statements.alias(search_vector=StoredSearchVector()).filter(matches)
    return words_contained(statements, text, "text")


def _country_by_slug(slug: str) -> Subquery:
    return Subquery(Country.objects.filter(slug=slug).values("pk")[:1])


def _country_ref(slug: str, pk: int | None) -> int | Subquery:
    """The country as its id when the page read it, else a subquery on its slug.

    With the id, PostgreSQL reads the country's share of the statements from its
    statistics: for a country a source names often (Donald Trump: the United States in
    6,330 of 87,973) it walks the source's list index in order, testing each statement,
    and stops at the page's end; for a rare one it reads the country's few rows and sorts
    them. A subquery is planned for an average country, which suits neither.
    """
    return pk if pk is not None else _country_by_slug(slug)


def _names_country(country: int | Subquery, role: str) -> Exists:
    """Whether the statement names the country in the role: a test, not a join, so a
    statement is kept once and the planner may walk the list's index and test each one."""
    return Exists(
        StatementCountry.objects.filter(statement=OuterRef("pk"), country=country, role=role)
    )


def statements_filtered(
    *,
    filters: StatementFilters,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> QuerySet[Statement]:
    """Statements matching the filters, unordered and without card data (for aggregates)."""
    statements = Statement.objects.all()
    if speaker is not None:
        statements = statements.filter(speaker=speaker)
    elif filters.speaker:
        # A person, or an organisation speaking for itself (not through an unnamed source).
        statements = statements.filter(
            Q(speaker__slug=filters.speaker)
            | Q(
                speaker__isnull=True,
                speaker_kind=SpeakerKind.ORGANISATION,
                speaker_organisation__slug=filters.speaker,
            )
        )
    if organisation is not None:
        statements = statements.filter(speaker_organisation=organisation)
    elif filters.organisation:
        statements = statements.filter(speaker_organisation__slug=filters.organisation)
    if by is not None:
        statements = statements.filter(speaker_country=by)
    elif filters.by:
        statements = statements.filter(speaker_country__slug=filters.by)
    if filters.source:
        statements = statements.filter(speaker_kind=filters.source)
    source_page = any(
        (speaker, filters.speaker, organisation, filters.organisation, by, filters.by)
    )
    if about is not None and source_page:
        # What sources of one country say about another: named in the statement itself.
        statements = statements.filter(
            statementcountry__country=about, statementcountry__role=StatementCountry.Role.CONTENT
        )
    elif about is not None:
        statements = statements.filter(about=about)
    elif filters.about:
        statements = statements.filter(about__slug=filters.about)
    # A separate filter() call: about both countries, not one country matching both. A
    # source's chip is a test per statement (EXISTS), not a join, on the country's id when
    # the page read its chip (_country_ref): PostgreSQL then walks the source's list index
    # testing each statement for a country it names often, and reads a rare one's rows.
    if filters.country and source_page:
        # What a source says about a country: the country is named in the statement itself.
        country = _country_ref(filters.country, filters.country_pk)
        statements = statements.filter(_names_country(country, StatementCountry.Role.CONTENT))
    elif filters.country:
        statements = statements.filter(about=_country_ref(filters.country, filters.country_pk))
    if filters.around:
        around = _country_ref(filters.around, filters.around_pk)
        statements = statements.filter(_names_country(around, StatementCountry.Role.CONTEXT))
    if filters.kind:
        statements = statements.filter(kind=filters.kind)
    # The statement's own copy of the date, compared as instants: a range on the list's
    # index, where ``__date`` would convert every row's date before comparing.
    if filters.start:
        statements = statements.filter(published_at__gte=_day_starts(filters.start))
    if filters.end:
        statements = statements.filter(published_at__lt=_day_starts(filters.end, days_after=1))
    if filters.undated:
        statements = statements.filter(published_at__isnull=True)
    if filters.outlet:
        statements = statements.filter(article__publisher=filters.outlet)
    if filters.article:
        statements = statements.filter(article_id=filters.article)
    return _text_matches(statements, filters.text)


def statement_list(
    *,
    filters: StatementFilters | None = None,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> QuerySet[Statement]:
    """Statements newest first (or oldest, as the filters ask), with what a card shows."""
    filters = filters or StatementFilters()
    statements = statements_filtered(
        filters=filters,
        speaker=speaker,
        about=about,
        organisation=organisation,
        by=by,
    )
    # Cards and exports never show the article body; it can be long.
    statements = statements.with_cards().defer("article__body")
    if filters.order == ORDER_OLDEST:
        return statements.oldest_first()
    return statements.newest_first()


def statement_count(
    *,
    filters: StatementFilters | None = None,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> int:
    """How many statements a list holds in all, for its heading (the full page only).

    Summed from the month rows kept on write when the filters keep whole months and what
    the rows are keyed by (a few hundred rows at most, whatever the archive's size); counted
    from the statements otherwise. The list itself and "load more" never count.
    """
    filters = filters or StatementFilters()
    scope = {"speaker": speaker, "about": about, "organisation": organisation, "by": by}
    months = _aggregate_months(filters)
    rows = _timeline_months(filters.without_dates(), **scope) if months is not None else None
    if rows is not None:
        in_range = {f"month__{lookup}": month for lookup, month in months.items()}
        return sum(row["count"] for row in rows.filter(**in_range))
    return statements_filtered(filters=filters, **scope).count()


# A keyset cursor's largest id or offset: a bigint, so no value overflows a query.
_CURSOR_INT_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class StatementCursor:
    """Where a statement list's page ended: the last card's sort key, and how far in it is.

    Sent as ``?after=`` (opaque: URL-safe base64 of a JSON list). ``shown`` counts the
    cards up to and including that one, for numbering; ``total`` is the list's size when its
    first page was shown (None if unknown), so "load more" can say "of N" without counting.
    """

    published_at: datetime | None
    article_id: int
    start: int
    pk: int
    shown: int
    total: int | None = None

    @classmethod
    def after_card(cls, statement: Statement, *, shown: int, total: int | None) -> StatementCursor:
        return cls(
            statement.published_at,
            statement.article_id,
            statement.start,
            statement.pk,
            shown,
            total,
        )

    def encode(self) -> str:
        when = self.published_at.isoformat() if self.published_at else None
        values = [when, self.article_id, self.start, self.pk, self.shown, self.total]
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> StatementCursor | None:
        """The cursor ``value`` encodes; None for anything else (a hand-edited or cut link)."""
        value = value.strip()
        if not value or len(value) > 300:
            return None
        try:
            values = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        except (ValueError, binascii.Error):
            return None
        if not isinstance(values, list) or len(values) != 6:
            return None
        when, *numbers, total = values
        if not all(_cursor_int(number) for number in numbers):
            return None
        if total is not None and not _cursor_int(total):
            return None
        published_at = None
        if when is not None:
            if not isinstance(when, str):
                return None
            try:
                published_at = datetime.fromisoformat(when)
            except ValueError:
                return None
            if timezone.is_naive(published_at):
                return None
        return cls(published_at, *numbers, total)

    def follows(self, *, oldest: bool) -> Q:
        """The statements after this one in the list's order (``StatementQuerySet``'s)."""
        article = Q(article_id__gt=self.article_id) if oldest else Q(article_id__lt=self.article_id)
        tie = (
            article
            | Q(article_id=self.article_id, start__gt=self.start)
            | Q(article_id=self.article_id, start=self.start, pk__gt=self.pk)
        )
        if self.published_at is None:
            # Undated statements come last in either order: only undated ones follow.
            return Q(published_at__isnull=True) & tie
        later = (
            Q(published_at__gt=self.published_at)
            if oldest
            else Q(published_at__lt=self.published_at)
        )
        return later | (Q(published_at=self.published_at) & tie) | Q(published_at__isnull=True)


def _statements_after(
    statements: QuerySet[Statement], cursor: StatementCursor, *, oldest: bool, limit: int
) -> QuerySet[Statement]:
    """The statements after the cursor, as a query the lists' indexes can seek into.

    ``follows`` alone is right but, an OR, gives the index no place to start: PostgreSQL
    would read the list from its top and drop the rows before the cursor, more work the
    deeper the page. So each of the two stretches of the order (dated, then undated) gets
    a plain bound on its own, and the page is taken from the first ``limit`` of each.
    """
    follows = cursor.follows(oldest=oldest)
    if cursor.published_at is None:
        bound = (
            Q(article_id__gte=cursor.article_id) if oldest else Q(article_id__lte=cursor.article_id)
        )
        return statements.filter(bound, follows)
    if not connection.features.supports_slicing_ordering_in_compound:
        # SQLite cannot limit the parts of a UNION; its databases are small.
        return statements.filter(follows)
    bound = (
        Q(published_at__gte=cursor.published_at)
        if oldest
        else Q(published_at__lte=cursor.published_at)
    )
    dated = statements.filter(bound, follows).values("pk")[:limit]
    undated = statements.filter(published_at__isnull=True).values("pk")[:limit]
    return statements.filter(pk__in=dated.union(undated, all=True))


def _first_rows(statements: QuerySet[Statement], limit: int) -> QuerySet[Statement]:
    """The first ``limit`` statements of an ordered list: their ids first, then their cards.

    The ids alone are what a list index holds, so PostgreSQL costs reading them in the
    index's order and testing each against a filter on another table (a country chip: a
    semi-join) at what it is, a few hundred index entries; asked for the cards' wide rows
    and joins in the same query, it priced fetching each row it tests and chose to join all
    the matches and sort them instead (Donald Trump about the United States at 100,000
    articles: 6,330 rows sorted, 145 ms). The outer query reads and sorts ``limit`` rows.
    """
    return statements.filter(pk__in=statements.values("pk")[:limit])


def _cursor_int(value: object) -> bool:
    return type(value) is int and 0 <= value <= _CURSOR_INT_MAX


@dataclass(frozen=True, slots=True)
class StatementPage:
    """Cards of a statement list read by keyset: ``cards`` from number ``first`` on."""

    cards: list[Statement]
    first: int
    has_next: bool
    total: int | None
    next_cursor: str = ""

    @property
    def last(self) -> int:
        return self.first + len(self.cards) - 1


def statement_page(
    *,
    statements: QuerySet[Statement],
    size: int,
    after: StatementCursor | None = None,
    oldest: bool = False,
    total: int | None = None,
) -> StatementPage:
    """Up to ``size`` cards of an ordered list (``statement_list``), after the cursor if any.

    Seek, not skip: the rows after the cursor are read in the index's order and the read
    stops at ``size + 1`` (the extra one says whether there is more), so the work is that
    of the cards shown, however deep the page and however many statements match. The
    order ends in the primary key, so every statement is on exactly one page.
    """
    first = 1
    if after is not None:
        # Its parts read ids by themselves, as _first_rows does.
        statements = _statements_after(statements, after, oldest=oldest, limit=size + 1)
        first = after.shown + 1
        total = after.total if total is None else total
    else:
        statements = _first_rows(statements, size + 1)
    rows = list(statements[: size + 1])
    cards = rows[:size]
    next_cursor = ""
    if len(rows) > size:
        next_cursor = StatementCursor.after_card(
            cards[-1], shown=first - 1 + len(cards), total=total
        ).encode()
    return StatementPage(cards, first, len(rows) > size, total, next_cursor)


def _kept_by(filters: StatementFilters, **scope: Any) -> QuerySet[Statement] | None:
    """The ids of the page's statements the filters keep, as a subquery; None if they keep all."""
    if not filters.narrows_besides():
        return None
    return statements_filtered(filters=filters, **scope).order_by().values("pk")


def _counted_chips(
    chips: QuerySet[Any], *, statements: str, kept: QuerySet[Statement] | None, picked: str
) -> QuerySet[Any]:
    """Chips with ``statement_count``: their statements (the ``statements`` path) among ``kept``.

    A chip none of the kept statements reach is left out, unless it is the one picked: the
    list then says that nothing matches rather than silently dropping the pick.
    """
    if kept is None:
        return chips.annotate(statement_count=Count(statements, distinct=True))
    chips = chips.annotate(
        statement_count=Count(statements, distinct=True, filter=Q(**{f"{statements}__in": kept}))
    )
    return chips.filter(
        Q(statement_count__gt=0) | Q(slug=picked) if picked else Q(statement_count__gt=0)
    )


# --- Reads from the maintained aggregates (issue 14; entities/aggregates.py) ----------
#
# Chips, timelines and totals read the month rows kept on write when the filters keep whole
# months (or no dates) and nothing else but what the rows are keyed by; anything finer (a
# day range, words, an outlet, a kind) is counted from the statements as before.


def _aggregate_months(filters: StatementFilters) -> dict[str, date] | None:
    """The months the date filters keep, as lookups on an aggregate's ``month``; None when
    they keep part of a month (or only undated statements): then only statements can say."""
    if filters.undated:
        return None
    start, end = filters.start, filters.end
    if start is not None and start.day != 1:
        return None
    if end is not None and end.day != calendar.monthrange(end.year, end.month)[1]:
        return None
    months = {}
    if start is not None:
        months["gte"] = start
    if end is not None:
        months["lte"] = end.replace(day=1)
    return months


def _dates_only(filters: StatementFilters) -> dict[str, date] | None:
    """The months to sum when the filters narrow by whole months at most; else None."""
    if filters.narrows_besides("from", "to"):
        return None
    return _aggregate_months(filters)


# The kept facet rows' field for each scope a page can have.
_SCOPE_FIELDS = {
    "speaker": "person",
    "organisation": "organisation",
    "by": "by_country",
    "about": "about",
}


def _scope_rows(
    model: type[ScopeArticle | ScopeOutletMonth | ScopeKindMonth],
    filters: StatementFilters,
    **scope: Any,
) -> tuple[QuerySet[Any], Q] | None:
    """The facet rows kept for the page's one scope, and the months the filters keep as a
    condition on them; None for a page of two scopes (a country pair) or for filters finer
    than whole months and a source's one country chip: then only the statements can say."""
    named = [(name, scope[key]) for key, name in _SCOPE_FIELDS.items() if scope.get(key)]
    if len(named) != 1:
        return None
    name, entity = named[0]
    # A source's rows by the countries its statements name: a country chip or an around chip.
    topic: dict[str, object] = {"country__isnull": True, "role": ""}
    if name != "about" and bool(filters.country) != bool(filters.around):
        role = StatementCountry.Role.CONTENT if filters.country else StatementCountry.Role.CONTEXT
        topic = {"country": _country_by_slug(filters.country or filters.around), "role": role}
        filters = replace(filters, country="", around="")
    months = _dates_only(filters)
    if months is None:
        return None
    in_months = Q(**{f"month__{lookup}": month for lookup, month in months.items()})
    return model.objects.filter(**{name: entity}, **topic), in_months


def _source_of(
    *, speaker: Person | None, organisation: Organisation | None, by: Country | None
) -> tuple[str, Person | Organisation | Country] | None:
    """The one source a page is about, as the aggregate field naming it; None for several."""
    named = (("person", speaker), ("organisation", organisation), ("by_country", by))
    sources = [(name, entity) for name, entity in named if entity is not None]
    return sources[0] if len(sources) == 1 else None


def _summed_chips(
    chips: QuerySet[Any], *, rows: str, months: dict[str, date], picked: str
) -> QuerySet[Any]:
    """Chips with ``statement_count`` summed from their aggregate ``rows`` in ``months``.

    As ``_counted_chips``: with a date filter, a chip with none in those months is left out
    unless picked. ``chips`` is already filtered on ``rows``, so the sum uses that join.
    """
    in_months = Q(**{f"{rows}__month__{lookup}": month for lookup, month in months.items()})
    chips = chips.annotate(
        statement_count=Coalesce(Sum(f"{rows}__statements", filter=in_months), 0)
    )
    if not months:
        return chips
    return chips.filter(
        Q(statement_count__gt=0) | Q(slug=picked) if picked else Q(statement_count__gt=0)
    )


def countries_spoken_about(
    *,
    speaker: Person | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
    filters: StatementFilters | None = None,
) -> QuerySet[Country]:
    """The countries a source's statements name in their own words, most statements first.

    The source is a person, an organisation or the sources of a country (``by``). With
    ``filters``, a country counts the statements every filter but the country keeps.
    """
    return _countries_of_statements(
        role=StatementCountry.Role.CONTENT,
        speaker=speaker,
        organisation=organisation,
        by=by,
        filters=filters,
        picked=filters.country if filters else "",
    )


def countries_around_statements(
    *,
    speaker: Person | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
    filters: StatementFilters | None = None,
) -> QuerySet[Country]:
    """Countries named only in the sentences around a source's statements, most first.

    With ``filters``, a country counts the statements every filter but the country keeps.
    """
    return _countries_of_statements(
        role=StatementCountry.Role.CONTEXT,
        speaker=speaker,
        organisation=organisation,
        by=by,
        filters=filters,
        picked=filters.around if filters else "",
    )


def _countries_of_statements(
    *,
    role: str,
    speaker: Person | None,
    organisation: Organisation | None,
    by: Country | None,
    filters: StatementFilters | None,
    picked: str,
) -> QuerySet[Country]:
    others = replace(filters, country="", around="") if filters else StatementFilters()
    source = _source_of(speaker=speaker, organisation=organisation, by=by)
    months = _dates_only(others)
    if source is not None and months is not None:
        name, entity = source
        rows = "source_country_months"
        countries = _summed_chips(
            Country.objects.filter(**{f"{rows}__{name}": entity, f"{rows}__role": role}),
            rows=rows,
            months=months,
            picked=picked,
        )
        return countries.order_by("-statement_count", "name")
    # One filter() call, then the count: both on the same join, so only this role counts.
    conditions: dict[str, object] = {"statementcountry__role": role}
    if speaker is not None:
        conditions["statementcountry__statement__speaker"] = speaker
    if organisation is not None:
        conditions["statementcountry__statement__speaker_organisation"] = organisation
    if by is not None:
        conditions["statementcountry__statement__speaker_country"] = by
    kept = None
    if filters is not None:
        # A country chip and a context chip each clear both, so neither counts under either.
        others = replace(filters, country="", around="")
        kept = _kept_by(others, speaker=speaker, organisation=organisation, by=by)
    countries = _counted_chips(
        Country.objects.filter(**conditions),
        statements="statementcountry__statement",
        kept=kept,
        picked=picked,
    )
    return countries.order_by("-statement_count", "name")


@dataclass(frozen=True, slots=True)
class SourceKindCount:
    """How many of a page's statements come from one kind of source."""

    kind: str
    label: str
    count: int

    @property
    def slug(self) -> str:
        return self.kind


def source_kinds(
    *,
    organisation: Organisation | None = None,
    by: Country | None = None,
    filters: StatementFilters | None = None,
) -> list[SourceKindCount]:
    """Statements per kind of source, in the order of SpeakerKind, in one query.

    Only kinds the page has are offered. With ``filters``, each counts the statements every
    filter but the source keeps; a kind they keep none of is left out unless it is picked.
    """
    scope = {"organisation": organisation, "by": by}
    picked = filters.source if filters else ""
    others = replace(filters, source="") if filters else StatementFilters()
    kept_rows = _scope_rows(ScopeKindMonth, others, **scope)
    if kept_rows is not None:
        # Every kind the page has, each summed over the months the filters keep.
        rows, in_months = kept_rows
        counted: Any = Coalesce(Sum("statements", filter=in_months), 0)
        rows = rows.exclude(speaker_kind="").values("speaker_kind").annotate(count=counted)
    else:
        statements = statements_filtered(filters=StatementFilters(), **scope)
        kept = _kept_by(others, **scope) if filters else None
        counted = Count("id") if kept is None else Count("id", filter=Q(pk__in=kept))
        rows = statements.exclude(speaker_kind="").values("speaker_kind").annotate(count=counted)
    counts = {row["speaker_kind"]: row["count"] for row in rows.order_by()}
    return [
        SourceKindCount(kind, label, counts[kind])
        for kind, label in SpeakerKind.choices
        if kind in counts and (counts[kind] or kind == picked)
    ]


FACET_VALUES = 10


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value a facet offers: what goes in the URL, what the reader sees, how many match."""

    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Facets:
    """The values of each facet of a statement list, the busiest first."""

    outlets: list[FacetValue] = field(default_factory=list)
    articles: list[FacetValue] = field(default_factory=list)
    kinds: list[FacetValue] = field(default_factory=list)
    speakers: list[FacetValue] = field(default_factory=list)


def _facet_rows(
    statements: QuerySet[Any],
    *,
    value: str,
    label: str,
    picked: object,
    limit: int,
    count: Any = None,
) -> list[FacetValue]:
    """One grouped query: the ``limit`` busiest values, the picked one kept even if quieter.

    ``count`` says how a value counts: its statements by default; on kept rows, their sum,
    or a row's own number where a value has one row (no grouping then).
    """
    rows = (
        statements.filter(**{f"{value}__isnull": False})
        .values(value, label)
        .annotate(
            count=Count("id", distinct=True) if count is None else count,
            # The picked value first, so a rare one from a shared link survives the limit.
            picked_first=Case(When(**{value: picked}, then=Value(0)), default=Value(1))
            if picked not in (None, "")
            else Value(1),
        )
        .order_by("picked_first", "-count", label)[:limit]
    )
    values = [
        FacetValue(str(row[value]), str(row[label]), row["count"], row[value] == picked)
        for row in rows
        if row[value] != ""
    ]
    if picked not in (None, "") and not any(facet.selected for facet in values):
        # Picked from a shared link but matching nothing now: still shown, as picked.
        values.append(FacetValue(str(picked), str(picked), 0, True))
    # Back in busiest-first order once the picked value made the cut.
    return sorted(values, key=lambda facet: (-facet.count, facet.label))


def statement_facets(
    *,
    filters: StatementFilters,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
    with_speakers: bool = False,
    limit: int = FACET_VALUES,
) -> Facets:
    """Outlets, articles, kinds (and speakers) of a statement list with their counts.

    One grouped query per facet. Each facet counts under every filter but its own, so the
    reader can switch from one outlet to another without clearing the first.
    """
    scope = {"speaker": speaker, "about": about, "organisation": organisation, "by": by}

    # Outlets, articles and kinds are read from the rows kept per page (entities 0017) when
    # the other filters keep whole months at most; counted from the statements otherwise.
    # AGGREGATES (issue 14): the speakers facet is always counted from the statements.
    def without(**cleared: object) -> QuerySet[Statement]:
        return statements_filtered(filters=replace(filters, **cleared), **scope).order_by()

    def kept(model: Any, **cleared: object) -> QuerySet[Any] | None:
        rows = _scope_rows(model, replace(filters, **cleared), **scope)
        return None if rows is None else rows[0].filter(rows[1])

    rows = kept(ScopeOutletMonth, outlet="")
    outlets = _facet_rows(
        without(outlet="").exclude(article__publisher="")
        if rows is None
        else rows.exclude(outlet=""),
        value="article__publisher" if rows is None else "outlet",
        label="article__publisher" if rows is None else "outlet",
        picked=filters.outlet,
        limit=limit,
        count=None if rows is None else Sum("statements"),
    )
    rows = kept(ScopeArticle, article=None)
    articles = _facet_rows(
        without(article=None) if rows is None else rows,
        value="article_id",
        label="article__title",
        picked=filters.article,
        limit=limit,
        # One row per article: its own number, read in the order of its index.
        count=None if rows is None else F("statements"),
    )
    articles = [replace(article, label=article.label or "Untitled") for article in articles]
    rows = kept(ScopeKindMonth, kind="")
    kind_rows = (
        without(kind="").values("kind").annotate(count=Count("id", distinct=True))
        if rows is None
        else rows.values("kind").annotate(count=Sum("statements"))
    )
    kind_counts = {row["kind"]: row["count"] for row in kind_rows.order_by()}
    kinds = [
        FacetValue(kind, label, kind_counts.get(kind, 0), kind == filters.kind)
        for kind, label in Statement.Kind.choices
    ]
    speakers: list[FacetValue] = []
    if with_speakers:
        # A person, or an organisation speaking itself: the two meanings of ``speaker``.
        named = without(speaker="").annotate(
            source_slug=Coalesce(
                "speaker__slug",
                Case(
                    When(
                        speaker_kind=SpeakerKind.ORGANISATION,
                        then=F("speaker_organisation__slug"),
                    )
                ),
            ),
            source_name=Coalesce(
                "speaker__name",
                Case(
                    When(
                        speaker_kind=SpeakerKind.ORGANISATION,
                        then=F("speaker_organisation__name"),
                    )
                ),
            ),
        )
        speakers = _facet_rows(
            named, value="source_slug", label="source_name", picked=filters.speaker, limit=limit
        )
    return Facets(outlets=outlets, articles=articles, kinds=kinds, speakers=speakers)


def countries_spoken_about_by(*, country: Country) -> QuerySet[Country]:
    """Other countries that sources of this country speak about, most statements first."""
    return countries_spoken_about(by=country).exclude(pk=country.pk)


def countries_speaking_about(*, country: Country) -> QuerySet[Country]:
    """Other countries whose sources speak about this country, most statements first."""
    rows = "by_country_months"
    return (
        Country.objects.filter(
            **{f"{rows}__country": country, f"{rows}__role": StatementCountry.Role.CONTENT}
        )
        .exclude(pk=country.pk)
        .annotate(statement_count=Sum(f"{rows}__statements"))
        .order_by("-statement_count", "name")
    )


def speakers_about(
    *, country: Country, filters: StatementFilters | None = None
) -> QuerySet[Person]:
    """The people whose statements are about a country, most statements first.

    With ``filters``, a person counts the statements every filter but the speaker keeps.
    """
    others = replace(filters, speaker="") if filters else StatementFilters()
    picked = filters.speaker if filters else ""
    months = _dates_only(others)
    if months is not None:
        rows = "source_country_months"
        people = _summed_chips(
            Person.objects.filter(**{f"{rows}__country": country}),
            rows=rows,
            months=months,
            picked=picked,
        )
        return people.order_by("-statement_count", "name")
    kept = _kept_by(replace(filters, speaker=""), about=country) if filters else None
    people = _counted_chips(
        Person.objects.filter(statements__about=country),
        statements="statements",
        kept=kept,
        picked=filters.speaker if filters else "",
    )
    return people.order_by("-statement_count", "name")


def co_mentioned_countries(
    *, country: Country, filters: StatementFilters | None = None
) -> QuerySet[Country]:
    """Other countries that statements about this country are also about, most first.

    With ``filters``, a country counts the statements every filter but the second country
    keeps.
    """
    others = replace(filters, country="") if filters else StatementFilters()
    months = _dates_only(others)
    if months is not None:
        countries = _summed_chips(
            Country.objects.filter(pair_months__other=country).exclude(pk=country.pk),
            rows="pair_months",
            months=months,
            picked=filters.country if filters else "",
        )
        return countries.order_by("-statement_count", "name")
    kept = _kept_by(replace(filters, country=""), about=country) if filters else None
    countries = _counted_chips(
        Country.objects.filter(statementcountry__statement__about=country).exclude(pk=country.pk),
        statements="statementcountry__statement",
        kept=kept,
        picked=filters.country if filters else "",
    )
    return countries.order_by("-statement_count", "name")


TIMELINE_MAX_MONTHS = 120
TIMELINE_STEP = 22  # px between bar starts
TIMELINE_BAR = 16
TIMELINE_CHART = 64  # px of the tallest bar
TIMELINE_TOP = 4
TIMELINE_LABELS = 18  # px under the bars for the month and year labels
TIMELINE_MONTH_LABELS = 18


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class TimelineBar:
    month: date
    count: int
    x: int
    y: int
    height: int
    selected: bool

    @property
    def start(self) -> str:
        return self.month.isoformat()

    @property
    def end(self) -> str:
        last_day = calendar.monthrange(self.month.year, self.month.month)[1]
        return self.month.replace(day=last_day).isoformat()


@dataclass(frozen=True, slots=True)
class Timeline:
    """Statements per month as bars of a server-rendered SVG chart."""

    bars: list[TimelineBar] = field(default_factory=list)
    total: int = 0
    peak: int = 0
    # Statements whose article has no date, dated ones older than the first bar shown, and
    # (``out_of_range``) those dated outside FIRST_YEAR..LAST_YEAR: with the bars they add up
    # to ``total``.
    undated: int = 0
    earlier: int = 0
    # Statements whose article is dated before FIRST_YEAR or after LAST_YEAR: not charted.
    out_of_range: int = 0
    undated_selected: bool = False

    def __bool__(self) -> bool:
        return bool(self.bars or self.undated or self.out_of_range)

    @property
    def width(self) -> int:
        return max(len(self.bars) * TIMELINE_STEP + 8, 160)

    @property
    def height(self) -> int:
        return TIMELINE_TOP + TIMELINE_CHART + TIMELINE_LABELS

    @property
    def baseline(self) -> int:
        return TIMELINE_TOP + TIMELINE_CHART

    @property
    def bar_width(self) -> int:
        return TIMELINE_BAR

    @property
    def hit_width(self) -> int:
        return TIMELINE_STEP

    @property
    def top(self) -> int:
        return TIMELINE_TOP

    @property
    def chart_height(self) -> int:
        return TIMELINE_CHART

    @property
    def label_y(self) -> int:
        return self.height - 4

    @property
    def labels(self) -> list[tuple[int, str]]:
        """(x, text) of the labels under the bars.

        Up to TIMELINE_MONTH_LABELS bars each get their month ("Apr"); a longer chart labels
        its first month ("Apr 2024") and each January with room for it ("2025").
        """
        if len(self.bars) <= TIMELINE_MONTH_LABELS:
            return [(bar.x, bar.month.strftime("%b")) for bar in self.bars]
        labels: list[tuple[int, str]] = []
        last_index = -99
        for index, bar in enumerate(self.bars):
            if index == 0:
                labels.append((bar.x, bar.month.strftime("%b %Y")))
            elif bar.month.month == 1 and index - last_index >= 4:
                labels.append((bar.x, str(bar.month.year)))
            else:
                continue
            last_index = index
        return labels

    @property
    def first(self) -> date | None:
        return self.bars[0].month if self.bars else None

    @property
    def last(self) -> date | None:
        return self.bars[-1].month if self.bars else None


def _timeline_months(
    filters: StatementFilters,
    *,
    speaker: Person | None,
    about: Country | None,
    organisation: Organisation | None,
    by: Country | None,
) -> QuerySet[Any] | None:
    """Statements per month from the aggregates kept on write, as the timeline's rows
    (``month``, ``count``); None when the filters ask for what they do not keep."""
    narrowing = set(filters.params()) - {"order"}
    source = _source_of(speaker=speaker, organisation=organisation, by=by)
    rows: QuerySet[Any] | None = None
    content = StatementCountry.Role.CONTENT
    if source is not None:
        name, entity = source
        if about is not None:
            # What sources of one country (or one source) say about another.
            if not narrowing:
                rows = SourceCountryMonth.objects.filter(
                    **{name: entity}, country=about, role=content
                )
        elif not narrowing:
            rows = SourceMonth.objects.filter(**{name: entity})
        elif narrowing == {"country"}:
            rows = SourceCountryMonth.objects.filter(
                **{name: entity}, country__slug=filters.country, role=content
            )
        elif narrowing == {"around"}:
            rows = SourceCountryMonth.objects.filter(
                **{name: entity},
                country__slug=filters.around,
                role=StatementCountry.Role.CONTEXT,
            )
    elif about is not None and speaker is None:
        if not narrowing:
            rows = CountryMonth.objects.filter(country=about)
        elif narrowing == {"country"}:
            rows = CountryPairMonth.objects.filter(country=about, other__slug=filters.country)
    if rows is None:
        return None
    return rows.values("month").annotate(count=Sum("statements")).order_by("month")


def statement_timeline(
    *,
    filters: StatementFilters,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> Timeline:
    """Statements per month, and those with no date, under every filter but the dates,
    in one query.

    The date range is left out so the chart keeps showing the months around the one picked;
    the picked months are marked instead.
    """
    rows = _timeline_months(
        filters.without_dates(), speaker=speaker, about=about, organisation=organisation, by=by
    )
    if rows is None:
        rows = (
            statements_filtered(
                filters=filters.without_dates(),
                speaker=speaker,
                about=about,
                organisation=organisation,
                by=by,
            )
            .annotate(month=TruncMonth("article__published_at"))
            .values("month")
            .annotate(count=Count("id", distinct=True))
            .order_by("month")
        )
    # The articles with no date come back as one row whose month is None. Dates outside
    # FIRST_YEAR..LAST_YEAR (stored before the readers refused them, or by hand) are counted
    # apart: a chart from year 1 to 9999 would show nothing, and past 9999 no month follows.
    counts, undated, out_of_range = {}, 0, 0
    for row in rows:
        if row["month"] is None:
            undated = row["count"]
        elif FIRST_YEAR <= row["month"].year <= LAST_YEAR:
            month = row["month"]
            month = month.date() if isinstance(month, datetime) else month
            counts[month.replace(day=1)] = row["count"]
        else:
            out_of_range += row["count"]
    if not counts:
        return Timeline(
            total=undated + out_of_range,
            undated=undated,
            out_of_range=out_of_range,
            undated_selected=filters.undated,
        )
    months, month = [], min(counts)
    while month <= max(counts):
        months.append(month)
        month = _month_after(month)
    months = months[-TIMELINE_MAX_MONTHS:]
    peak = max(counts[month] for month in months if month in counts)
    bars = []
    for i, month in enumerate(months):
        count = counts.get(month, 0)
        height = max(2, round(count / peak * TIMELINE_CHART)) if count else 0
        end_of_month = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        selected = bool(filters.start or filters.end) and (
            (filters.start or month) <= month and end_of_month <= (filters.end or end_of_month)
        )
        bars.append(
            TimelineBar(
                month=month,
                count=count,
                x=4 + i * TIMELINE_STEP,
                y=TIMELINE_TOP + TIMELINE_CHART - height,
                height=height,
                selected=selected,
            )
        )
    shown = sum(bar.count for bar in bars)
    dated = sum(counts.values())
    return Timeline(
        bars=bars,
        total=dated + undated + out_of_range,
        peak=peak,
        undated=undated,
        earlier=dated - shown,
        out_of_range=out_of_range,
        undated_selected=filters.undated,
    )


def statement_context(*, statement: Statement) -> list[tuple[int, list[Segment]]]:
    """The paragraphs (numbered from 1) a statement sits in, highlighted, in one query."""
    body = statement.article.body
    numbered = [
        (number, span)
        for number, span in enumerate(paragraph_spans(body), 1)
        if span[0] < statement.end and span[1] > statement.start
    ]
    if not numbered:
        return []
    first, last = numbered[0][1][0], numbered[-1][1][1]
    mentions = list(
        statement.article.mentions.filter(start__gte=first, end__lte=last).select_related(
            "person", "country"
        )
    )
    paragraphs = body_paragraphs(body=body, mentions=mentions, statements=[statement])
    wanted = {number for number, _ in numbered}
    return [(n, segments) for n, segments in enumerate(paragraphs, 1) if n in wanted]


def statement_get(*, pk: int) -> Statement | None:
    """One statement with what its page shows (source, countries, article), in two queries."""
    return Statement.objects.with_cards().filter(pk=pk).first()


def speaker_name(statement: Statement) -> str:
    """Who a statement comes from, as plain text: a name, a state, or the words the article uses."""
    if statement.speaker is not None:
        return statement.speaker.name
    if statement.speaker_kind == SpeakerKind.ORGANISATION and statement.speaker_organisation:
        return statement.speaker_organisation.name
    if statement.speaker_kind == SpeakerKind.COUNTRY and statement.speaker_country:
        return f"{statement.speaker_country.name} (the state)"
    if statement.speaker_kind == SpeakerKind.UNNAMED:
        written = statement.speaker_text or "an unnamed source"
        return written[:1].upper() + written[1:]
    return statement.speaker_text or "Unknown speaker"


def statement_citation(*, statement: Statement, permanent_url: str) -> str:
    """Plain text to cite a statement with: the words, who said them where and when, links.

    Missing values are left out rather than written as empty labels.
    """
    article = statement.article
    source = f"{speaker_name(statement)}, quoted in "
    if article.publisher:
        source += f"{article.publisher}, "
    source += f"\u201c{article.title}\u201d"
    if article.author:
        source += f" by {article.author}"
    if article.published_at:
        source += f", {date_format(timezone.localtime(article.published_at), 'j F Y')}"
    source += "."
    if article.original_url:
        source += f" {article.original_url}"
    return "\n".join(
        [f"\u201c{statement.display_text}\u201d", source, f"Permanent link: {permanent_url}"]
    )


@dataclass(frozen=True, slots=True)
class SearchGroup:
    """One kind of search result: ``name`` and ``kind`` go into element ids."""

    name: str
    label: str
    kind: str
    entries: list[Any]


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    people: list[Person]
    countries: list[Country]
    organisations: list[Organisation] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.people or self.organisations or self.countries)

    @property
    def groups(self) -> list[SearchGroup]:
        """The kinds that matched, the kind of the best match first (people first on a tie).

        "russia" puts the country before "Russia Today"; "trump" puts Donald Trump before
        the Trump Organization.
        """
        groups = [
            SearchGroup("people", "People", "person", self.people),
            SearchGroup("organisations", "Organisations", "organisation", self.organisations),
            SearchGroup("countries", "Countries", "country", self.countries),
        ]
        return sorted(
            (group for group in groups if group.entries),
            key=lambda group: getattr(group.entries[0], "search_rank", ())[:3],
        )


def _word_prefix_rank(name: str, folded_query: str) -> int:
    """0 when the query starts the name, 1 when it starts a later word, 2 otherwise."""
    folded = name_key_for(name)
    if folded.startswith(folded_query):
        return 0
    if any(word.startswith(folded_query) for word in folded.split()):
        return 1
    return 2


def _search_rank(
    *, names: list[str], folded_query: str, statement_count: int, exact: bool = False
) -> tuple[bool, int, int, int, str]:
    """The sort key of a search result: the best first.

    Entries with no statement come last whatever their name; then a name or alias that is
    the query, then one a word of which starts with it, then any other match; within each,
    the most statements first. "trump" offers Donald Trump (200 statements) before Trump
    Tower (one), though Trump Tower starts with the query.
    """
    prefix = min(_word_prefix_rank(name, folded_query) for name in names)
    exact = exact or any(name_key_for(name) == folded_query for name in names)
    tier = 0 if exact else 1 if prefix < 2 else 2
    return (statement_count == 0, tier, -statement_count, prefix, names[0])


def _ranked(entities: list[Any], rank: Callable[[Any], tuple[Any, ...]]) -> list[Any]:
    """The entities best first, each keeping its ``search_rank`` to order kinds against kinds."""
    for entity in entities:
        entity.search_rank = rank(entity)
    return sorted(entities, key=attrgetter("search_rank"))


def _names_of(entity: Person | Organisation) -> list[str]:
    aliases = entity.aliases if isinstance(entity.aliases, list) else []
    return [entity.name, *(alias for alias in aliases if isinstance(alias, str) and alias)]


def _name_matches(folded: str, query: str) -> Q:
    """A name starting with the query, a later word of it starting with it, or an alias."""
    # Typeahead matches the start of any word: "sull" finds Jake Sullivan, "rus" not Belarus.
    return (
        Q(name_key__startswith=folded)
        | Q(name_key__contains=f" {folded}")
        | Q(aliases__icontains=query)
    )


def _country_code_as_typed(query: str) -> str | None:
    """A country alias or demonym typed in any case: "chinese", "u.s.", "uk"."""
    # Extraction wants capitals (running text says "us" and means us); a search box does not.
    for form in (query, query[:1].upper() + query[1:], query.title(), query.upper()):
        if alpha2 := country_for_name(form):
            return alpha2
    return None


def entity_search(*, query: str, limit: int = 10) -> SearchResults:
    """People, organisations and countries whose names (or aliases) match the query.

    Each kind is ranked by _search_rank: by statement count, entries with none last, exact
    and word-prefix matches of a name or alias first. The database hands over the busiest
    matches of each kind (five times ``limit``), which are then put in that order.
    """
    query = " ".join(query.split())[:100]
    folded = name_key_for(query)
    if not folded:
        return SearchResults(query, [], [])

    # The name filters are served by trigram indexes (entities 0004, 0008, 0015); matches
    # are ranked by the totals kept on write (issue 14), not counted per keystroke.
    people = list(
        Person.objects.filter(_name_matches(folded, query))
        .annotate(statement_count=Coalesce(F("totals__said"), 0))
        .order_by("-statement_count", "name")[: limit * 5]
    )
    organisations = list(
        Organisation.objects.filter(_name_matches(folded, query))
        .annotate(statement_count=Coalesce(F("totals__said"), 0))
        .order_by("-statement_count", "name")[: limit * 5]
    )

    country_filter = (
        Q(name__istartswith=query)
        | Q(name__icontains=f" {query}")
        | Q(official_name__istartswith=query)
        | Q(official_name__icontains=f" {query}")
        | Q(alpha2__iexact=query)
        | Q(alpha3__iexact=query)
    )
    # Aliases and demonyms ("U.S.", "Chinese") come from the same data extraction uses.
    alias_code = _country_code_as_typed(query)
    if alias_code:
        country_filter |= Q(alpha2=alias_code)
    countries = list(
        Country.objects.filter(country_filter)
        .annotate(statement_count=Coalesce(F("totals__about"), 0))
        .order_by("-statement_count", "name")[: limit * 5]
    )
    people = _ranked(
        people,
        lambda person: _search_rank(
            names=_names_of(person), folded_query=folded, statement_count=person.statement_count
        ),
    )
    organisations = _ranked(
        organisations,
        lambda organisation: _search_rank(
            names=_names_of(organisation),
            folded_query=folded,
            statement_count=organisation.statement_count,
        ),
    )
    countries = _ranked(
        countries,
        lambda country: _search_rank(
            names=[country.name, *filter(None, [country.official_name])],
            folded_query=folded,
            statement_count=country.statement_count,
            exact=country.alpha2 == alias_code or query.upper() in (country.alpha2, country.alpha3),
        ),
    )
    return SearchResults(
        query, people[:limit], countries[:limit], organisations=organisations[:limit]
    )


def article_entities(article: Article) -> dict[str, object]:
    """The highlighted body and the people, countries and statements of one article."""
    mentions = list(article.mentions.select_related("person", "country"))
    statements = list(
        article.statements.select_related("speaker", "speaker_organisation", "speaker_country")
        .prefetch_related("about")
        .order_by("start")
    )
    people: dict[Person, int] = Counter(m.person for m in mentions if m.person_id)
    countries: dict[Country, int] = Counter(m.country for m in mentions if m.country_id)
    spans = paragraph_spans(article.body)
    return {
        "paragraphs": body_paragraphs(body=article.body, mentions=mentions, statements=statements),
        # Each statement with the number of the paragraph it starts in, for #p-N links.
        "statements": [
            (
                statement,
                next((n for n, (_, end) in enumerate(spans, 1) if statement.start < end), 1),
            )
            for statement in statements
        ],
        "people": sorted(people.items(), key=lambda item: (-item[1], item[0].name)),
        "countries": sorted(countries.items(), key=lambda item: (-item[1], item[0].name)),
    }


INDEX_ROLES_SHOWN = 40


@dataclass(frozen=True, slots=True)
class IndexFilters:
    """What an index page (people, organisations) is narrowed to, read from the query string.

    ``country`` is a country slug, ``role`` a role phrase as people's roles state it (any
    case), ``kind`` an organisation kind. Malformed values are dropped rather than refused.
    """

    country: str = ""
    role: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> IndexFilters:
        kind = params.get("kind", "")
        return cls(
            country=params.get("country", "").strip()[:200],
            role=" ".join(params.get("role", "").split())[:200],
            kind=kind if kind in Organisation.Kind.values else "",
        )

    def params(self) -> dict[str, str]:
        """The filters as query parameters, empty ones left out."""
        values = {"country": self.country, "role": self.role, "kind": self.kind}
        return {key: value for key, value in values.items() if value}

    @property
    def narrowing(self) -> bool:
        return bool(self.country or self.role or self.kind)


def _json_string(value: str) -> str:
    """``value`` as a JSON list stores it, quotes included, for a match on the whole element."""
    # PostgreSQL's jsonb prints non-ASCII letters as they are; SQLite keeps Django's escapes.
    return json.dumps(value, ensure_ascii=connection.vendor != "postgresql")


def person_index(*, filters: IndexFilters) -> QuerySet[Person]:
    """People by the number of statements they speak, most first (none last)."""
    people = Person.objects.select_related("country").annotate(
        statement_count=Coalesce(F("totals__said"), 0)
    )
    if filters.country:
        people = people.filter(country__slug=filters.country)
    if filters.role:
        # A role is a whole element of Person.roles in any case: "president" is not
        # "vice president".
        people = people.filter(roles__icontains=_json_string(filters.role))
    return people.order_by("-statement_count", "name", "pk")


def organisation_index(*, filters: IndexFilters) -> QuerySet[Organisation]:
    """Organisations by the statements they or their unnamed spokespeople speak, most first."""
    organisations = Organisation.objects.select_related("country").annotate(
        statement_count=Coalesce(F("totals__said"), 0)
    )
    if filters.country:
        organisations = organisations.filter(country__slug=filters.country)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    return organisations.order_by("-statement_count", "name", "pk")


def country_index(*, by_said: bool = False) -> QuerySet[Country]:
    """Countries by the statements about them (``by_said``: their sources make), most first.

    Each carries both counts: ``statement_count`` about it, ``said_by_count`` by its sources.
    """
    countries = Country.objects.annotate(
        statement_count=Coalesce(F("totals__about"), 0),
        said_by_count=Coalesce(F("totals__said"), 0),
    )
    if by_said:
        return countries.order_by("-said_by_count", "-statement_count", "name")
    return countries.order_by("-statement_count", "-said_by_count", "name")


def countries_of_people() -> QuerySet[Country]:
    """The countries people belong to, by name, with how many people each has."""
    return (
        Country.objects.annotate(entry_count=Count("people"))
        .filter(entry_count__gt=0)
        .order_by("name")
    )


def countries_of_organisations() -> QuerySet[Country]:
    """The countries organisations belong to, by name, with how many organisations each has."""
    return (
        Country.objects.annotate(entry_count=Count("organisations"))
        .filter(entry_count__gt=0)
        .order_by("name")
    )


def people_roles(*, country: str = "", limit: int = INDEX_ROLES_SHOWN) -> list[tuple[str, int]]:
    """The commonest roles among people (of a country), with how many people hold each.

    Roles differing only in case count as one, shown in their commonest spelling. One query;
    the tally runs here because JSON list elements are counted differently on each database.
    """
    people = Person.objects.all()
    if country:
        people = people.filter(country__slug=country)
    holders: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for roles in people.values_list("roles", flat=True):
        if not isinstance(roles, list):
            continue
        seen = set()
        for role in roles:
            if not isinstance(role, str) or not role.strip():
                continue
            key = " ".join(role.split()).casefold()
            spellings.setdefault(key, Counter())[" ".join(role.split())] += 1
            if key not in seen:
                seen.add(key)
                holders[key] += 1
    ranked = sorted(holders.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(spellings[key].most_common(1)[0][0], count) for key, count in ranked]


QUOTED_ALONGSIDE_SHOWN = 10
# Parts of a split quote checked one by one; a quote split into more pieces than this (none
# seen so far) is matched on its first pieces only.
SPLIT_QUOTE_PARTS_CHECKED = 4


def people_quoted_alongside(
    *, person: Person, limit: int = QUOTED_ALONGSIDE_SHOWN
) -> QuerySet[Person]:
    """Other people quoted in the articles quoting ``person``, most shared articles first.

    Each carries ``shared_articles``: the articles quoting both, each counted once however
    many statements either makes in it. One grouped query.
    """
    # Read from the pairs kept on write (entities 0017): a few rows in the order of an index.
    return (
        Person.objects.annotate(
            pair=FilteredRelation("alongside_rows", condition=Q(alongside_rows__person=person))
        )
        .filter(pair__isnull=False)
        .annotate(shared_articles=F("pair__articles"))
        .order_by("-shared_articles", "name", "pk")[:limit]
    )


# Below this many statements naming a person (kept in StatementTotal.named), their newest
# are read from the articles that mention them: walking every statement newest first until
# three name them costs ~70 ms at 10,000 articles for a person named 33 times, 0.4 ms for
# one named 10,000 times (docs/performance.md).
SAID_ABOUT_FROM_ARTICLES_BELOW = 300


def _part_bound(index: int, bound: int) -> Cast:
    return Cast(KT(f"parts__{index}__{bound}"), IntegerField())


def statement_part_bounds() -> dict[str, Any]:
    """Each quoted part's offsets as aliases of a statement; without parts, its whole span."""
    bounds = {
        f"part{index}_{name}": _part_bound(index, bound)
        for index in range(SPLIT_QUOTE_PARTS_CHECKED)
        for bound, name in enumerate(("start", "end"))
    }
    for name in ("start", "end"):
        bounds[f"part0_{name}"] = Coalesce(
            bounds[f"part0_{name}"], F(name), output_field=IntegerField()
        )
    return bounds


def mention_inside_parts(*, joined: str = "") -> Q:
    """A mention inside one of a statement's quoted parts (``statement_part_bounds``).

    Filtering mentions, the statement is the outer query; filtering statements, ``joined``
    is the path to the joined mention ("article__mentions").
    """
    inside_a_part = Q()
    for index in range(SPLIT_QUOTE_PARTS_CHECKED):
        start, end = f"part{index}_start", f"part{index}_end"
        if joined:
            inside_a_part |= Q(
                **{f"{start}__lte": F(f"{joined}__start"), f"{end}__gte": F(f"{joined}__end")}
            )
        else:
            inside_a_part |= Q(start__gte=OuterRef(start), end__lte=OuterRef(end))
    return inside_a_part


def statements_about_person_newest(
    *,
    person: Person,
    named: int,
    limit: int,
    from_articles_below: int = SAID_ABOUT_FROM_ARTICLES_BELOW,
) -> list[Statement]:
    """The newest ``limit`` of ``statements_about_person``, ``named`` being their number.

    PostgreSQL reads statements newest first and stops at the ``limit``-th that names the
    person: quick when many do, a walk through most statements when few do. For those, the
    ids of the articles that mention them come first (one more query), so the statements
    read are only theirs.
    """
    if not named:
        return []
    statements = statements_about_person(person=person)
    if named < from_articles_below:
        articles = Mention.objects.filter(person=person).values_list("article_id", flat=True)
        statements = statements.filter(article_id__in=sorted(set(articles)))
    return list(statements[:limit])


def statements_about_person(*, person: Person) -> QuerySet[Statement]:
    """Statements by others whose own words name ``person``, newest first, ready for cards.

    A mention counts when it lies inside one of the quoted parts: the attribution between
    the parts of a split quote ("said Putin's spokesman") is not what the statement says.
    """
    named = Mention.objects.filter(
        mention_inside_parts(), person=person, article=OuterRef("article_id")
    )
    return (
        Statement.objects.alias(**statement_part_bounds())
        .filter(Exists(named))
        .exclude(speaker=person)
        .with_cards()
        .defer("article__body")
        .newest_first()
    )
