"""Counts kept on write (issue 14): statements per source, country, pair and month; and for
the facets, per scope and article, outlet and kind, and articles per pair of people.

Every write that changes statements (import, re-import, re-extraction, a merge or split of
people, an editor's correction, a deletion) runs inside ``aggregates_kept``: the keys of the
statements it touches (their sources, countries and months) are read before and after the
write, and only those keys are counted again from the statements, in the same transaction.
Counting a key again from scratch rather than adding and subtracting keeps the tables right
whatever the write did; on PostgreSQL an advisory lock per source and country makes
concurrent imports count one after the other, so none loses the other's statements.
A person's ``named`` (statements by others naming them) is not monthly: a write adds the
difference its articles make to it, and a merge or split counts the people again.

The facet tables (``ScopeArticle``, ``ScopeOutletMonth``, ``ScopeKindMonth``) are counted
again with the same keys; ``PersonPair`` adds what the write changed among the write's
people and months (counted before and after), bounded like the rest.

``aggregates_rebuild`` counts everything again (the migration, ``manage.py
rebuild_aggregates``, bench/make_corpus.py); ``aggregates_differences`` says where the
tables and a count from scratch disagree.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from pagecache.generation import generation_bump

# Source families: the aggregate's field, the statement's field, the advisory lock class.
SOURCES = (
    ("person", "speaker_id", 14_001),
    ("organisation", "speaker_organisation_id", 14_002),
    ("by_country", "speaker_country_id", 14_003),
)
ABOUT_LOCK = 14_004
NAMED_LOCK = 14_005

Ids = frozenset[int] | None  # None: every one
Months = frozenset[date | None] | None  # None: every month; None in the set: undated


def _models() -> SimpleNamespace:
    from entities import models

    return SimpleNamespace(
        Statement=models.Statement,
        StatementCountry=models.StatementCountry,
        SourceMonth=models.SourceMonth,
        SourceCountryMonth=models.SourceCountryMonth,
        CountryMonth=models.CountryMonth,
        CountryPairMonth=models.CountryPairMonth,
        StatementTotal=models.StatementTotal,
        Mention=models.Mention,
        ScopeArticle=models.ScopeArticle,
        ScopeOutletMonth=models.ScopeOutletMonth,
        ScopeKindMonth=models.ScopeKindMonth,
        PersonPair=models.PersonPair,
    )


def _union(a: frozenset[Any] | None, b: frozenset[Any] | None) -> frozenset[Any] | None:
    return None if a is None or b is None else a | b


@dataclass(frozen=True)
class AggregateKeys:
    """What a write touched: sources, countries statements are about, months, and the people
    whose count of statements naming them may change (``named``: not kept per month).

    Counted again as a product (every source in every month): a little more than the write
    changed when it spans months, never less.
    """

    person: Ids = frozenset()
    organisation: Ids = frozenset()
    by_country: Ids = frozenset()
    about: Ids = frozenset()
    months: Months = frozenset()
    named: Ids = frozenset()

    def __or__(self, other: AggregateKeys) -> AggregateKeys:
        return AggregateKeys(
            **{
                name: _union(getattr(self, name), getattr(other, name))
                for name in ("person", "organisation", "by_country", "about", "months", "named")
            }
        )

    def __bool__(self) -> bool:
        sources = (self.person, self.organisation, self.by_country, self.about)
        monthly = self.months != frozenset() and any(ids != frozenset() for ids in sources)
        return monthly or self.named != frozenset()


EVERYTHING = AggregateKeys(
    person=None, organisation=None, by_country=None, about=None, months=None, named=None
)


def _month_of(path: str) -> TruncMonth:
    return TruncMonth(path, output_field=DateField())


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _in_months(path: str, months: Months) -> Q:
    """Rows whose date (at ``path``, a published_at) falls in one of the months."""
    if months is None:
        return Q()
    found = Q(pk__in=[])
    zone = timezone.get_current_timezone()
    for month in months:
        if month is None:
            found |= Q(**{f"{path}__isnull": True})
            continue
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        start = datetime(month.year, month.month, 1, tzinfo=zone)
        if following.year > 9999:
            found |= Q(**{f"{path}__gte": start})
        else:
            end = datetime(following.year, following.month, 1, tzinfo=zone)
            found |= Q(**{f"{path}__gte": start, f"{path}__lt": end})
    return found


def _rows_in_months(months: Months) -> Q:
    if months is None:
        return Q()
    dated = [month for month in months if month is not None]
    found = Q(month__in=dated)
    if None in months:
        found |= Q(month__isnull=True)
    return found


def _ids_in(path: str, ids: Ids) -> Q:
    return Q() if ids is None else Q(**{f"{path}__in": sorted(ids)})


def aggregate_keys_of(
    statements: QuerySet[Any], *, about: bool = True, named: bool = True
) -> AggregateKeys:
    """The keys of these statements: three grouped queries (one without ``about``).

    With ``about`` and ``named``, also the people named in their articles, to be counted again
    from scratch: a statement's words, or which statements an article holds, change only the
    counts of the people the article mentions. ``aggregates_kept`` adds to those counts
    instead (``named=False``).
    """
    rows = (
        statements.order_by()
        .annotate(agg_month=_month_of("published_at"))
        .values_list("speaker_id", "speaker_organisation_id", "speaker_country_id", "agg_month")
        .distinct()
    )
    people, organisations, by, months = set(), set(), set(), set()
    for person, organisation, country, month in rows:
        people.add(person)
        organisations.add(organisation)
        by.add(country)
        months.add(_as_date(month))
    countries: set[int] = set()
    people_named: set[int] = set()
    m = _models()
    if about and months:
        countries = set(
            m.StatementCountry.objects.filter(statement__in=statements.order_by().values("pk"))
            .order_by()
            .values_list("country_id", flat=True)
            .distinct()
        )
    if about and named and months:
        people_named = set(
            m.Mention.objects.filter(
                article__in=statements.order_by().values("article_id"), person__isnull=False
            )
            .order_by()
            .values_list("person_id", flat=True)
            .distinct()
        )
    return AggregateKeys(
        person=frozenset(people - {None}),
        organisation=frozenset(organisations - {None}),
        by_country=frozenset(by - {None}),
        about=frozenset(countries),
        months=frozenset(months),
        named=frozenset(people_named),
    )


def _locks_take(keys: AggregateKeys, named_added: Iterable[int] = ()) -> None:
    """One advisory lock per source and country, all in one query and one order (class, id),
    so concurrent writers queue on the keys they share and never deadlock on them.

    A person's totals row is written by a recount of what they said, of what names them and
    by additions to ``named``: all three queue on one lock per person.
    """
    if connection.vendor != "postgresql":
        return  # SQLite writes one transaction at a time
    if any(getattr(keys, name) is None for name in ("person", "organisation", "about", "named")):
        # A rebuild counts everything: writers of statements wait until it commits.
        with connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE entities_statement, entities_statementcountry, entities_mention "
                "IN SHARE MODE"
            )
        return
    classes: list[int] = []
    ids: list[int] = []
    families = [
        *((getattr(keys, name), lock) for name, _, lock in SOURCES),
        (keys.about, ABOUT_LOCK),
        ((keys.named or frozenset()) | (keys.person or frozenset()) | set(named_added), NAMED_LOCK),
    ]
    for family_ids, lock in families:
        for pk in sorted(family_ids or ()):
            classes.append(lock)
            ids.append(pk)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k, id)) FROM "
            "(SELECT k, id FROM unnest(%s::int[], %s::int[]) AS t(k, id) ORDER BY k, id) AS keys",
            [classes, ids],
        )


def _expected_rows(keys: AggregateKeys, m: SimpleNamespace) -> dict[str, list[Any]]:
    """The rows each table should hold for ``keys``, counted from the statements (by their
    own copy of the article's date: no join to the articles)."""
    in_months = _in_months("published_at", keys.months)
    tagged_in_months = _in_months("statement__published_at", keys.months)
    rows: dict[str, list[Any]] = {name: [] for name in _TABLES}
    for name, statement_field, _ in SOURCES:
        ids = getattr(keys, name)
        if ids == frozenset():
            continue
        counted = (
            m.Statement.objects.filter(
                _ids_in(statement_field, ids), in_months, **{f"{statement_field}__isnull": False}
            )
            .annotate(agg_month=_month_of("published_at"))
            .values(statement_field, "agg_month")
            .annotate(n=Count("id"))
            .order_by()
        )
        rows["SourceMonth"] += [
            m.SourceMonth(
                **{f"{name}_id": row[statement_field]},
                month=_as_date(row["agg_month"]),
                statements=row["n"],
            )
            for row in counted
        ]
        tagged = f"statement__{statement_field}"
        counted = (
            m.StatementCountry.objects.filter(
                _ids_in(tagged, ids), tagged_in_months, **{f"{tagged}__isnull": False}
            )
            .annotate(agg_month=_month_of("statement__published_at"))
            .values(tagged, "country_id", "role", "agg_month")
            .annotate(n=Count("statement_id"))
            .order_by()
        )
        rows["SourceCountryMonth"] += [
            m.SourceCountryMonth(
                **{f"{name}_id": row[tagged]},
                country_id=row["country_id"],
                role=row["role"],
                month=_as_date(row["agg_month"]),
                statements=row["n"],
            )
            for row in counted
        ]
    if keys.about != frozenset():
        about = m.StatementCountry.objects.filter(
            _ids_in("country_id", keys.about), tagged_in_months
        )
        counted = (
            about.annotate(agg_month=_month_of("statement__published_at"))
            .values("country_id", "agg_month")
            .annotate(n=Count("statement_id"))
            .order_by()
        )
        rows["CountryMonth"] = [
            m.CountryMonth(
                country_id=row["country_id"],
                month=_as_date(row["agg_month"]),
                statements=row["n"],
            )
            for row in counted
        ]
        # The same statement's other tags: each (statement, country) pair is one row.
        counted = (
            about.annotate(
                other=F("statement__statementcountry__country_id"),
                agg_month=_month_of("statement__published_at"),
            )
            .exclude(other=F("country_id"))
            .values("country_id", "other", "agg_month")
            .annotate(n=Count("statement_id"))
            .order_by()
        )
        rows["CountryPairMonth"] = [
            m.CountryPairMonth(
                country_id=row["country_id"],
                other_id=row["other"],
                month=_as_date(row["agg_month"]),
                statements=row["n"],
            )
            for row in counted
        ]
    if _keeps_facets(m):
        rows |= _facet_expected(keys, m)
    return rows


_TABLES = ("SourceMonth", "SourceCountryMonth", "CountryMonth", "CountryPairMonth")


def _stored(keys: AggregateKeys, m: SimpleNamespace) -> dict[str, QuerySet[Any]]:
    """The rows each table holds for ``keys``: what a recount replaces."""
    in_months = _rows_in_months(keys.months)
    stored: dict[str, QuerySet[Any]] = {}
    for table in ("SourceMonth", "SourceCountryMonth"):
        model = getattr(m, table)
        chosen = Q(pk__in=[])
        for name, _, _ in SOURCES:
            ids = getattr(keys, name)
            if ids != frozenset():
                chosen |= _ids_in(f"{name}_id", ids) & Q(**{f"{name}__isnull": False})
        stored[table] = model.objects.filter(chosen, in_months)
    for table in ("CountryMonth", "CountryPairMonth"):
        model = getattr(m, table)
        chosen = Q(pk__in=[]) if keys.about == frozenset() else _ids_in("country_id", keys.about)
        stored[table] = model.objects.filter(chosen, in_months)
    if _keeps_facets(m):
        stored |= _facet_stored(keys, m)
    return stored


def _keeps_named(m: SimpleNamespace) -> bool:
    """Whether these models keep ``named`` (not the migrations before 0016)."""
    return hasattr(m, "Mention") and any(
        f.name == "named" for f in m.StatementTotal._meta.get_fields()
    )


def _named_counts(
    ids: Ids, m: SimpleNamespace, *, articles: Iterable[int] | None = None
) -> dict[int, int]:
    """For each person, the statements by others whose quoted words name them: one grouped
    query, the count ``statements_about_person(person=...).count()`` makes for one person.

    With ``articles``, only the statements in those articles: their part of each count.
    """
    from entities.selectors import mention_inside_parts, statement_part_bounds

    if ids == frozenset() or (articles is not None and not articles):
        return {}
    in_articles = Q() if articles is None else Q(article_id__in=sorted(articles))
    mention = "article__mentions"
    person = f"{mention}__person_id"
    # One filter() call: the part bounds and the person compare the same joined mention.
    counted = (
        m.Statement.objects.alias(**statement_part_bounds())
        .filter(
            in_articles,
            mention_inside_parts(joined=mention)
            & _ids_in(person, ids)
            & Q(**{f"{person}__isnull": False})
            & (Q(speaker__isnull=True) | Q(speaker_id__lt=F(person)) | Q(speaker_id__gt=F(person))),
        )
        .values(person)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row[person]: row["n"] for row in counted}


def _totals_recount(keys: AggregateKeys, m: SimpleNamespace) -> None:
    """Totals of the sources and countries touched, summed from the month rows just kept;
    for people, ``named`` counted again for those in ``keys.named`` and kept for the others."""
    keeps_named = _keeps_named(m)
    for name, _, _ in SOURCES:
        ids = getattr(keys, name)
        if name == "by_country":
            ids = _union(ids, keys.about)
        named: dict[int, int] = {}
        if name == "person" and keeps_named:
            ids = _union(ids, keys.named)
            if keys.named is not None:
                kept = m.StatementTotal.objects.filter(
                    _ids_in("person_id", ids), person__isnull=False, named__gt=0
                ).exclude(person_id__in=keys.named)
                named = dict(kept.values_list("person_id", "named"))
            named.update(_named_counts(keys.named, m))
        if ids == frozenset():
            continue
        said = dict(
            m.SourceMonth.objects.filter(_ids_in(f"{name}_id", ids), **{f"{name}__isnull": False})
            .values_list(f"{name}_id")
            .annotate(n=Sum("statements"))
            .order_by()
        )
        about: dict[int, int] = {}
        if name == "by_country":
            about = dict(
                m.CountryMonth.objects.filter(_ids_in("country_id", ids))
                .values_list("country_id")
                .annotate(n=Sum("statements"))
                .order_by()
            )
        m.StatementTotal.objects.filter(
            _ids_in(f"{name}_id", ids), **{f"{name}__isnull": False}
        ).delete()
        m.StatementTotal.objects.bulk_create(
            m.StatementTotal(
                **{f"{name}_id": pk},
                said=said.get(pk, 0),
                about=about.get(pk, 0),
                **({"named": named.get(pk, 0)} if named else {}),
            )
            for pk in sorted(set(said) | set(about) | set(named))
        )


def _named_add(added: dict[int, int], m: SimpleNamespace) -> None:
    """Add to people's ``named``: two queries and, for people without a row yet, a third."""
    if not added:
        return
    have = set(
        m.StatementTotal.objects.filter(person_id__in=sorted(added)).values_list(
            "person_id", flat=True
        )
    )
    if have:
        m.StatementTotal.objects.filter(person_id__in=sorted(have)).update(
            named=F("named")
            + Case(
                *(When(person_id=pk, then=Value(added[pk])) for pk in sorted(have)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    # A person deleted in the same write (nothing names them any more) gets no row.
    people = m.StatementTotal._meta.get_field("person").related_model.objects
    missing = [pk for pk in sorted(set(added) - have) if added[pk] > 0]
    m.StatementTotal.objects.bulk_create(
        m.StatementTotal(person_id=pk, named=added[pk])
        for pk in people.filter(pk__in=missing).values_list("pk", flat=True)
    )


def aggregates_recompute(
    keys: AggregateKeys,
    *,
    models: SimpleNamespace | None = None,
    named_added: dict[int, int] | None = None,
) -> None:
    """Count the aggregates of ``keys`` again from the statements, replacing their rows; then
    add ``named_added`` to the ``named`` of people not counted again."""
    named_added = {
        pk: n
        for pk, n in (named_added or {}).items()
        if n and keys.named is not None and pk not in keys.named
    }
    if not keys and not named_added:
        return
    m = models or _models()
    with transaction.atomic(savepoint=False):
        if models is None:
            # Migrations pass their own models, and run before the generation table exists.
            generation_bump()
            _locks_take(keys, named_added)
        if keys:
            expected = _expected_rows(keys, m)
            pairs_before = _pairs_before(keys, m)
            for table, rows in _stored(keys, m).items():
                rows.delete()
                getattr(m, table).objects.bulk_create(expected[table], batch_size=2000)
            _totals_recount(keys, m)
            _pairs_keep(keys, m, pairs_before)
        _named_add(named_added, m)


def aggregates_rebuild(*, models: SimpleNamespace | None = None) -> None:
    """Count every aggregate again from scratch."""
    aggregates_recompute(EVERYTHING, models=models)


def _row_key(table: str, row: Any) -> tuple[Any, ...]:
    if table in _FACET_TABLES:
        return _facet_row_key(table, row)
    if table in ("SourceMonth", "SourceCountryMonth"):
        source = (row.person_id, row.organisation_id, row.by_country_id)
        extra = (row.country_id, row.role) if table == "SourceCountryMonth" else ()
        return (*source, *extra, row.month)
    if table == "CountryPairMonth":
        return (row.country_id, row.other_id, row.month)
    return (row.country_id, row.month)


def aggregates_differences(*, limit: int = 50) -> list[str]:
    """Where the stored aggregates differ from a count from scratch; empty when they agree."""
    m = _models()
    expected = _expected_rows(EVERYTHING, m)
    differences: list[str] = []
    for table, rows in _stored(EVERYTHING, m).items():
        want: dict[tuple[Any, ...], int] = {}
        for row in expected[table]:
            want[_row_key(table, row)] = row.statements
        have: dict[tuple[Any, ...], int] = {}
        for row in rows:
            key = _row_key(table, row)
            # A key stored twice is drift too (two writers that did not queue).
            have[key] = have.get(key, 0) + row.statements + (10**9 if key in have else 0)
        for key in sorted(set(want) | set(have), key=repr):
            if want.get(key, 0) != have.get(key, 0):
                differences.append(
                    f"{table} {key}: stored {have.get(key, 0)}, counted {want.get(key, 0)}"
                )
    # Totals as (said, about, named).
    want_totals: dict[tuple[Any, ...], tuple[int, int, int]] = {}
    for row in expected["SourceMonth"]:
        key = (row.person_id, row.organisation_id, row.by_country_id)
        said, about, named = want_totals.get(key, (0, 0, 0))
        want_totals[key] = (said + row.statements, about, named)
    for row in expected["CountryMonth"]:
        key = (None, None, row.country_id)
        said, about, named = want_totals.get(key, (0, 0, 0))
        want_totals[key] = (said, about + row.statements, named)
    for person_id, count in _named_counts(None, m).items():
        key = (person_id, None, None)
        said, about, _ = want_totals.get(key, (0, 0, 0))
        want_totals[key] = (said, about, count)
    have_totals = {
        (row.person_id, row.organisation_id, row.by_country_id): (row.said, row.about, row.named)
        for row in m.StatementTotal.objects.all()
    }
    for key in sorted(set(want_totals) | set(have_totals), key=repr):
        if want_totals.get(key, (0, 0, 0)) != have_totals.get(key, (0, 0, 0)):
            differences.append(
                f"StatementTotal {key}: stored {have_totals.get(key)} (said, about, named), "
                f"counted {want_totals.get(key)}"
            )
    if _keeps_facets(m):
        differences += _pair_differences(m)
    return differences[:limit] if limit else differences


# --- Keeping them on write ---------------------------------------------------------

_pending = threading.local()


@dataclass
class _Keeping:
    keys: AggregateKeys = field(default_factory=AggregateKeys)
    # Selections whose keys were read before any block wrote them (with ``about``): a later
    # block reading them again would see this transaction's own writes, not what is stored.
    read_articles: set[int] = field(default_factory=set)
    read_people: set[int] = field(default_factory=set)
    read_statements: set[int] = field(default_factory=set)
    # The articles whose part of people's ``named`` was read before the write, and that part.
    articles: set[int] = field(default_factory=set)
    named_before: Counter[int] = field(default_factory=Counter)
    # What the blocks wrote: its keys are read once, after the outermost block.
    written_articles: set[int] = field(default_factory=set)
    written_people: set[int] = field(default_factory=set)
    written_statements: set[int] = field(default_factory=set)
    about: bool = False


def _selected(articles: Iterable[int], people: Iterable[int], statements: Iterable[int]) -> Q:
    chosen = Q(pk__in=[])
    if articles:
        chosen |= Q(article_id__in=sorted(articles))
    if people:
        chosen |= Q(speaker_id__in=sorted(people))
    if statements:
        chosen |= Q(pk__in=sorted(statements))
    return chosen


@contextmanager
def aggregates_kept(
    *,
    article_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
    statement_ids: Iterable[int] = (),
    about: bool = True,
) -> Iterator[None]:
    """Keep the aggregates of the statements a block writes: these articles', these people's,
    these statements' (read before the block and again after it).

    ``about=False`` when the block cannot change which countries statements are about (a
    merge moves statements between people): the country rows are then left alone. What
    names people (``named``) changes by what the block does to these articles' and these
    statements' articles (their part, read before and after, is added), and is counted
    again for these ``person_ids``, whose mentions a merge or split moves.

    Nested blocks hand what they touch to the outermost, which reads the keys after and
    counts once, at its end: an import stores a whole batch of articles (each in a savepoint)
    inside one outermost block, so a batch costs a few queries to read and one grouped
    recount, whatever its size. A nested block reads before only what no earlier block of
    the same transaction read; one whose savepoint rolls back leaves the stored state as
    read, and counting its keys again changes nothing.
    """
    m = _models()
    articles, people, statements = set(article_ids), set(person_ids), set(statement_ids)
    outermost = getattr(_pending, "keeping", None) is None
    with transaction.atomic():
        # Every import, re-extraction, merge and delete writes inside this block, much of it
        # in bulk (no signals): cached pages go when it commits.
        generation_bump()
        if outermost:
            _pending.keeping = _Keeping()
        keeping: _Keeping = _pending.keeping
        try:
            unread = (
                articles - keeping.read_articles,
                people - keeping.read_people,
                statements - keeping.read_statements,
            )
            if any(unread):
                before = m.Statement.objects.filter(_selected(*unread))
                keeping.keys |= aggregate_keys_of(before, about=about, named=False)
            if about:
                keeping.read_articles |= unread[0]
                keeping.read_people |= unread[1]
                keeping.read_statements |= unread[2]
            # These people's mentions may move (a merge, a split): count what names them again.
            keeping.keys |= AggregateKeys(named=frozenset(people))
            # The written articles' part of what names people, read once per article: the
            # write adds the difference (bounded by the articles, not by the people).
            region = set(articles)
            if unread[2]:
                region |= set(
                    m.Statement.objects.filter(pk__in=sorted(unread[2])).values_list(
                        "article_id", flat=True
                    )
                )
            region -= keeping.articles
            keeping.named_before.update(_named_counts(None, m, articles=region))
            keeping.articles |= region
            yield
            keeping.written_articles |= articles
            keeping.written_people |= people
            keeping.written_statements |= statements
            keeping.about |= about
            if outermost:
                written = (
                    keeping.written_articles,
                    keeping.written_people,
                    keeping.written_statements,
                )
                if any(written):
                    after = m.Statement.objects.filter(_selected(*written))
                    keeping.keys |= aggregate_keys_of(after, about=keeping.about, named=False)
                named = Counter(_named_counts(None, m, articles=keeping.articles))
                named.subtract(keeping.named_before)
                aggregates_recompute(keeping.keys, named_added=dict(named))
        finally:
            if outermost:
                _pending.keeping = None


def aggregates_article_created(*, article_id: int) -> None:
    """Say, inside ``aggregates_kept``, that this article was created in the block: it had no
    statements before, so the blocks that write it later read nothing before (two queries)."""
    keeping = getattr(_pending, "keeping", None)
    if keeping is not None:
        keeping.read_articles.add(article_id)
        keeping.articles.add(article_id)


def aggregates_touch(keys: AggregateKeys) -> None:
    """Add keys a write changed without selecting statements (inside ``aggregates_kept``),
    or count them at once outside it."""
    generation_bump()
    keeping = getattr(_pending, "keeping", None)
    if keeping is None:
        aggregates_recompute(keys)
    else:
        keeping.keys |= keys


# --- The facets and "quoted alongside" (entities 0017) -------------------------------
#
# Per scope (a source, or a country statements are about) and month: statements per
# article, per outlet and per kind; and per pair of people, the articles quoting both.
# Kept by the same recount as the tables above (``_expected_rows``/``_stored`` hand them
# over), on models that have them (not the migrations before 0017).

_FACET_TABLES = ("ScopeArticle", "ScopeOutletMonth", "ScopeKindMonth")
# Scope families: the row's field, the keys' field, the statement's field.
_SCOPES = (*((name, name, field) for name, field, _ in SOURCES), ("about", "about", None))


def _keeps_facets(m: SimpleNamespace) -> bool:
    return hasattr(m, "ScopeArticle")


def _facet_counts(keys: AggregateKeys, m: SimpleNamespace) -> Iterator[tuple[str, Any]]:
    """Grouped counts for the facet rows of ``keys``: per scope family, one query of all its
    statements and, for sources, one of their statements by the countries they name (each
    (statement, country) tag once). Yields the family and each row (``agg_`` names, and ``n``)."""
    for name, key, statement_field in _SCOPES:
        ids = getattr(keys, key)
        if ids == frozenset():
            continue
        passes = []
        if statement_field is None:
            passes.append((m.StatementCountry.objects, "statement__", "country_id", False))
        else:
            passes.append((m.Statement.objects, "", statement_field, False))
            passes.append(
                (m.StatementCountry.objects, "statement__", f"statement__{statement_field}", True)
            )
        for queryset, prefix, scope_field, topical in passes:
            published = f"{prefix}article__published_at"
            topic = {"agg_topic": F("country_id"), "agg_role": F("role")} if topical else {}
            counted = (
                queryset.filter(
                    _ids_in(scope_field, ids),
                    _in_months(published, keys.months),
                    **{f"{scope_field}__isnull": False},
                )
                .annotate(
                    agg_scope=F(scope_field),
                    agg_article=F(f"{prefix}article_id"),
                    agg_month=_month_of(published),
                    agg_outlet=F(f"{prefix}article__publisher"),
                    agg_kind=F(f"{prefix}kind"),
                    agg_source_kind=F(f"{prefix}speaker_kind"),
                    **topic,
                )
                .values(
                    "agg_scope",
                    "agg_article",
                    "agg_month",
                    "agg_outlet",
                    "agg_kind",
                    "agg_source_kind",
                    *topic,
                )
                .annotate(n=Count("statement_id" if prefix else "id"))
                .order_by()
            )
            for row in counted:
                yield name, row


def _facet_expected(keys: AggregateKeys, m: SimpleNamespace) -> dict[str, list[Any]]:
    """The facet rows ``keys`` should have: two grouped queries per family of sources (one
    for countries statements are about), summed here into the three tables' rows."""
    per_article: Counter[tuple[Any, ...]] = Counter()
    per_outlet: Counter[tuple[Any, ...]] = Counter()
    per_kind: Counter[tuple[Any, ...]] = Counter()
    for name, row in _facet_counts(keys, m):
        scope = (name, row["agg_scope"], row.get("agg_topic"), row.get("agg_role", ""))
        month, n = _as_date(row["agg_month"]), row["n"]
        per_article[(*scope, row["agg_article"], month)] += n
        per_outlet[(*scope, row["agg_outlet"], month)] += n
        per_kind[(*scope, row["agg_kind"], row["agg_source_kind"], month)] += n

    def fields(name: str, scope: int, topic: int | None, role: str) -> dict[str, Any]:
        return {f"{name}_id": scope, "country_id": topic, "role": role}

    return {
        "ScopeArticle": [
            m.ScopeArticle(**fields(*scope), article_id=article, month=month, statements=n)
            for (*scope, article, month), n in per_article.items()
        ],
        "ScopeOutletMonth": [
            m.ScopeOutletMonth(**fields(*scope), outlet=outlet, month=month, statements=n)
            for (*scope, outlet, month), n in per_outlet.items()
        ],
        "ScopeKindMonth": [
            m.ScopeKindMonth(
                **fields(*scope), kind=kind, speaker_kind=speaker_kind, month=month, statements=n
            )
            for (*scope, kind, speaker_kind, month), n in per_kind.items()
        ],
    }


def _facet_stored(keys: AggregateKeys, m: SimpleNamespace) -> dict[str, QuerySet[Any]]:
    in_months = _rows_in_months(keys.months)
    chosen = Q(pk__in=[])
    for name, key, _ in _SCOPES:
        ids = getattr(keys, key)
        if ids != frozenset():
            chosen |= _ids_in(f"{name}_id", ids) & Q(**{f"{name}__isnull": False})
    return {table: getattr(m, table).objects.filter(chosen, in_months) for table in _FACET_TABLES}


def _facet_row_key(table: str, row: Any) -> tuple[Any, ...]:
    scope = (
        row.person_id,
        row.organisation_id,
        row.by_country_id,
        row.about_id,
        row.country_id,
        row.role,
    )
    if table == "ScopeArticle":
        return (*scope, row.article_id, row.month)
    if table == "ScopeOutletMonth":
        return (*scope, row.outlet, row.month)
    return (*scope, row.kind, row.speaker_kind, row.month)


def _pair_counts(m: SimpleNamespace, keys: AggregateKeys | None = None) -> Counter[tuple[int, int]]:
    """Articles quoting both people, from the kept ``ScopeArticle`` rows of people without a
    topic (one per person and article), both ways round, in one query: every pair, or with
    ``keys`` only in the articles of their people (``keys.person``) in their months, each
    pair of one of them with anyone quoted beside them: bounded by those people's articles
    in those months, not by all their articles."""
    table = m.ScopeArticle._meta.db_table
    sql = (
        f"SELECT a.person_id, b.person_id, COUNT(*) FROM {table} a "
        f"JOIN {table} b ON b.article_id = a.article_id AND b.person_id IS NOT NULL "
        "AND b.country_id IS NULL AND b.person_id <> a.person_id "
        "WHERE a.person_id IS NOT NULL AND a.country_id IS NULL"
    )
    params: list[Any] = []
    if keys is not None and keys.person is not None:
        people = sorted(keys.person)
        sql += f" AND a.person_id IN ({', '.join(['%s'] * len(people))})"
        params += people
    if keys is not None and keys.months is not None:
        dated = sorted(month for month in keys.months if month is not None)
        in_months = [f"a.month IN ({', '.join(['%s'] * len(dated))})"] if dated else []
        if None in keys.months:
            in_months.append("a.month IS NULL")
        sql += f" AND ({' OR '.join(in_months) or '1 = 0'})"
        params += dated
    counts: Counter[tuple[int, int]] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} GROUP BY a.person_id, b.person_id", params)
        for person, other, n in cursor.fetchall():
            # Two people both among ``keys.person`` are found from either side, the same.
            counts[person, other] = counts[other, person] = n
    return counts


def _pairs_before(keys: AggregateKeys, m: SimpleNamespace) -> Counter[tuple[int, int]] | None:
    """What the pairs of ``keys`` count in their months before the facet rows are replaced
    (None for a rebuild, which counts every pair again)."""
    if not _keeps_facets(m) or keys.person == frozenset() or keys.months == frozenset():
        return Counter()
    if keys.person is None or keys.months is None:
        return None
    return _pair_counts(m, keys)


def _pairs_keep(
    keys: AggregateKeys, m: SimpleNamespace, before: Counter[tuple[int, int]] | None
) -> None:
    """Add to each pair of people what the write changed: the articles quoting both among
    the rows just kept for ``keys``, less what they counted before (``_pairs_before``).

    A pair changes only where one of the two people's statements changed, so only in the
    people and months of ``keys``: one query here, bounded by those people's articles in
    those months, then the changes. Additions go through an upsert, so two writers adding
    to the same pair both count.
    """
    if not _keeps_facets(m):
        return
    if before is None:
        m.PersonPair.objects.all().delete()
        m.PersonPair.objects.bulk_create(
            (
                m.PersonPair(person_id=person, other_id=other, articles=n)
                for (person, other), n in sorted(_pair_counts(m).items())
            ),
            batch_size=2000,
        )
        return
    if keys.person == frozenset() or keys.months == frozenset():
        return
    change = _pair_counts(m, keys)
    change.subtract(before)
    added = sorted((pair, n) for pair, n in change.items() if n > 0)
    taken = sorted((pair, -n) for pair, n in change.items() if n < 0)
    table = m.PersonPair._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(added), 500):
            rows = added[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} (person_id, other_id, articles) VALUES "
                + ", ".join(["(%s, %s, %s)"] * len(rows))
                + " ON CONFLICT (person_id, other_id) "
                f"DO UPDATE SET articles = {table}.articles + EXCLUDED.articles",
                [value for (person, other), n in rows for value in (person, other, n)],
            )
    if taken:
        pairs = Q(pk__in=[])
        for (person, other), _ in taken:
            pairs |= Q(person_id=person, other_id=other)
        m.PersonPair.objects.filter(pairs).update(
            articles=F("articles")
            - Case(
                *(When(person_id=p, other_id=o, then=Value(n)) for (p, o), n in taken),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        m.PersonPair.objects.filter(pairs, articles=0).delete()


def _pair_differences(m: SimpleNamespace) -> list[str]:
    want = _pair_counts(m)
    have: dict[tuple[int, int], int] = {}
    for person, other, n in m.PersonPair.objects.values_list("person_id", "other_id", "articles"):
        have[person, other] = n
    return [
        f"PersonPair {key}: stored {have.get(key, 0)}, counted {want.get(key, 0)}"
        for key in sorted(set(want) | set(have))
        if want.get(key, 0) != have.get(key, 0)
    ]
