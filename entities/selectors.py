"""Reads for the pages: statement lists and their filters, chips, timelines and search."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from articles.models import Article
from entities.highlight import Segment, body_paragraphs, paragraph_spans
from entities.models import Country, Organisation, Person, SpeakerKind, Statement, name_key_for
from entities.nlp.countries import country_for_name

TEXT_QUERY_MAX_CHARS = 200
SEARCH_CONFIG = "english"


def _date_param(value: str, *, end_of_month: bool) -> date | None:
    """A day (2024-04-10) or a month (2024-04); None for anything else."""
    value = value.strip()
    try:
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:])
            day = calendar.monthrange(year, month)[1] if end_of_month else 1
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class StatementFilters:
    """What a reader narrowed a statement list to, as read from the query string.

    Malformed values are dropped rather than refused: a hand-edited URL still shows a list.
    ``country`` is a country the statements are about (on a country page: also about);
    ``speaker`` and ``about`` are slugs, ``text`` words the statement must contain;
    ``organisation`` (a slug) is the organisation that speaks or that an unnamed source
    speaks for, ``by`` (a country slug) the country the source belongs to, ``source`` the
    kind of source (person, organisation, country, unnamed).
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

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> StatementFilters:
        kind = params.get("kind", "")
        source = params.get("source", "")
        start = _date_param(params.get("from", ""), end_of_month=False)
        end = _date_param(params.get("to", ""), end_of_month=True)
        if start and end and start > end:
            start, end = end, start
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
        }
        return {key: value for key, value in values.items() if value}

    def querystring(self, **overrides: str) -> str:
        """``?``-less query string of the filters, e.g. for an export link."""
        return urlencode({**self.params(), **overrides})

    @property
    def narrowing(self) -> bool:
        """True when anything beyond the page's own person or country narrows the list."""
        return bool(self.country or self.source or self.kind or self.start or self.end or self.text)

    def without_dates(self) -> StatementFilters:
        return replace(self, start=None, end=None)


def _text_matches(statements: QuerySet[Statement], text: str) -> QuerySet[Statement]:
    """Statements containing the words: full-text search on PostgreSQL, substrings elsewhere."""
    if not text:
        return statements
    if connection.vendor == "postgresql":
        # Stemmed full-text match ("sanction" finds "sanctions"), or the phrase as typed,
        # which also catches word prefixes full-text search cannot ("sanct").
        statements = statements.alias(
            text_vector=SearchVector("text", config=SEARCH_CONFIG)
        ).filter(
            Q(text_vector=SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch"))
            | Q(text__icontains=text)
        )
        return statements
    for word in text.split():
        statements = statements.filter(text__icontains=word.strip('"'))
    return statements


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
        statements = statements.filter(speaker__slug=filters.speaker)
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
    if about is not None:
        statements = statements.filter(about=about)
    elif filters.about:
        statements = statements.filter(about__slug=filters.about)
    # A separate filter() call: about both countries, not one country matching both.
    if filters.country:
        statements = statements.filter(about__slug=filters.country)
    if filters.kind:
        statements = statements.filter(kind=filters.kind)
    if filters.start:
        statements = statements.filter(article__published_at__date__gte=filters.start)
    if filters.end:
        statements = statements.filter(article__published_at__date__lte=filters.end)
    return _text_matches(statements, filters.text)


def statement_list(
    *,
    filters: StatementFilters | None = None,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> QuerySet[Statement]:
    """Statements newest first, with what a card shows, narrowed by the filters."""
    statements = statements_filtered(
        filters=filters or StatementFilters(),
        speaker=speaker,
        about=about,
        organisation=organisation,
        by=by,
    )
    # Cards and exports never show the article body; it can be long.
    return statements.with_cards().defer("article__body").newest_first()


def countries_spoken_about(
    *,
    speaker: Person | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> QuerySet[Country]:
    """The countries a person's, an organisation's or a country's statements are about,
    most statements first."""
    countries = Country.objects.all()
    if speaker is not None:
        countries = countries.filter(statementcountry__statement__speaker=speaker)
    if organisation is not None:
        countries = countries.filter(statementcountry__statement__speaker_organisation=organisation)
    if by is not None:
        countries = countries.filter(statementcountry__statement__speaker_country=by)
    return countries.annotate(
        statement_count=Count("statementcountry__statement", distinct=True)
    ).order_by("-statement_count", "name")


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
    *, organisation: Organisation | None = None, by: Country | None = None
) -> list[SourceKindCount]:
    """Statements per kind of source, in the order of SpeakerKind, in one query."""
    rows = (
        statements_filtered(filters=StatementFilters(), organisation=organisation, by=by)
        .exclude(speaker_kind="")
        .values("speaker_kind")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {row["speaker_kind"]: row["count"] for row in rows}
    return [
        SourceKindCount(kind, label, counts[kind])
        for kind, label in SpeakerKind.choices
        if counts.get(kind)
    ]


def countries_spoken_about_by(*, country: Country) -> QuerySet[Country]:
    """Other countries that sources of this country speak about, most statements first."""
    return countries_spoken_about(by=country).exclude(pk=country.pk)


def countries_speaking_about(*, country: Country) -> QuerySet[Country]:
    """Other countries whose sources speak about this country, most statements first."""
    return (
        Country.objects.filter(statements_by__about=country)
        .exclude(pk=country.pk)
        .annotate(statement_count=Count("statements_by", distinct=True))
        .order_by("-statement_count", "name")
    )


def speakers_about(*, country: Country) -> QuerySet[Person]:
    """The people whose statements are about a country, most statements first."""
    return (
        Person.objects.filter(statements__about=country)
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-statement_count", "name")
    )


def co_mentioned_countries(*, country: Country) -> QuerySet[Country]:
    """Other countries that statements about this country are also about, most first."""
    return (
        Country.objects.filter(statementcountry__statement__about=country)
        .exclude(pk=country.pk)
        .annotate(statement_count=Count("statementcountry__statement", distinct=True))
        .order_by("-statement_count", "name")
    )


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

    def __bool__(self) -> bool:
        return bool(self.bars)

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


def statement_timeline(
    *,
    filters: StatementFilters,
    speaker: Person | None = None,
    about: Country | None = None,
    organisation: Organisation | None = None,
    by: Country | None = None,
) -> Timeline:
    """Statements per month under every filter but the dates, in one query.

    The date range is left out so the chart keeps showing the months around the one picked;
    the picked months are marked instead.
    """
    rows = (
        statements_filtered(
            filters=filters.without_dates(),
            speaker=speaker,
            about=about,
            organisation=organisation,
            by=by,
        )
        .filter(article__published_at__isnull=False)
        .annotate(month=TruncMonth("article__published_at"))
        .values("month")
        .annotate(count=Count("id", distinct=True))
        .order_by("month")
    )
    counts = {row["month"].date().replace(day=1): row["count"] for row in rows}
    if not counts:
        return Timeline()
    months, month = [], min(counts)
    while month <= max(counts):
        months.append(month)
        month = _month_after(month)
    months = months[-TIMELINE_MAX_MONTHS:]
    peak = max(counts.values())
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
    return Timeline(bars=bars, total=sum(bar.count for bar in bars), peak=peak)


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


def article_search(*, text: str, limit: int = 10) -> list[Article]:
    """Articles whose title or body contain the words, best (or newest) first."""
    text = " ".join(text.split())[:TEXT_QUERY_MAX_CHARS]
    if not text:
        return []
    articles = Article.objects.defer("body", "image_caption")
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "body", weight="B", config=SEARCH_CONFIG
        )
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        articles = (
            articles.annotate(rank=SearchRank(vector, query))
            .filter(Q(rank__gt=0) | Q(title__icontains=text))
            .order_by("-rank", F("published_at").desc(nulls_last=True))
        )
    else:
        for word in text.split():
            word = word.strip('"')
            articles = articles.filter(Q(title__icontains=word) | Q(body__icontains=word))
        articles = articles.recent()
    return list(articles[:limit])


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    people: list[Person]
    countries: list[Country]

    def __bool__(self) -> bool:
        return bool(self.people or self.countries)


def _word_prefix_rank(name: str, folded_query: str) -> int:
    """0 when the query starts the name, 1 when it starts a later word, 2 otherwise."""
    folded = name_key_for(name)
    if folded.startswith(folded_query):
        return 0
    if any(word.startswith(folded_query) for word in folded.split()):
        return 1
    return 2


def _country_code_as_typed(query: str) -> str | None:
    """A country alias or demonym typed in any case: "chinese", "u.s.", "uk"."""
    # Extraction wants capitals (running text says "us" and means us); a search box does not.
    for form in (query, query[:1].upper() + query[1:], query.title(), query.upper()):
        if alpha2 := country_for_name(form):
            return alpha2
    return None


def entity_search(*, query: str, limit: int = 10) -> SearchResults:
    """People and countries whose names (or aliases) match the query, best matches first."""
    query = " ".join(query.split())[:100]
    folded = name_key_for(query)
    if not folded:
        return SearchResults(query, [], [])

    # Typeahead matches the start of any word: "sull" finds Jake Sullivan, "rus" not Belarus.
    people = list(
        Person.objects.filter(
            Q(name_key__startswith=folded)
            | Q(name_key__contains=f" {folded}")
            | Q(aliases__icontains=query)
        )
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-statement_count", "name")[: limit * 5]
    )
    people.sort(key=lambda p: (_word_prefix_rank(p.name, folded), -p.statement_count, p.name))

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
        .annotate(statement_count=Count("statementcountry", distinct=True))
        .order_by("-statement_count", "name")[: limit * 5]
    )
    countries.sort(
        key=lambda c: (
            -1 if c.alpha2 == alias_code else _word_prefix_rank(c.name, folded),
            -c.statement_count,
            c.name,
        )
    )
    return SearchResults(query, people[:limit], countries[:limit])


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
