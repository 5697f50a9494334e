"""EXPLAIN (ANALYZE, BUFFERS) of the hot statement-list queries, before and after keyset pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/news_10k \\
        .venv/bin/python bench/list_plans.py [--page 50] [--full]

Picks the most-quoted person, the country their statements name most and the country
most statements are about, then prints for each list the plan and time of the query the
pages ran before issue 14 (ordered through the article, OFFSET for a deep page) beside
the one they run now (the statement's own date, a keyset cursor), both on this database.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PER_PAGE = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--page", type=int, default=50, help='The deep "load more" page to explain (50).'
    )
    parser.add_argument(
        "--full", action="store_true", help="Print whole plans, not only their first lines."
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("list_plans.py needs DATABASE_URL naming a PostgreSQL database", file=sys.stderr)
        return 2
    for name, before, after in query_pairs(page=args.page):
        print(f"## {name}")
        for label, queryset in (("before", before), ("after", after)):
            plan = queryset().explain(analyze=True, buffers=True)
            print(f"### {label}: {plan_summary(plan)}")
            lines = plan.splitlines()
            print("\n".join(lines if args.full else lines[:8]))
        print()
    return 0


def plan_summary(plan: str) -> str:
    """Execution time and shared buffers of the plan's top node."""
    time = re.search(r"Execution Time: ([\d.]+) ms", plan)
    buffers = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
    hit, read = (buffers[1], buffers[2] or "0") if buffers else ("?", "?")
    return f"{time[1] if time else '?'} ms, buffers hit {hit} read {read}"


def query_pairs(*, page: int) -> list[tuple[str, Callable, Callable]]:
    """(name, the query before issue 14, the query now) for each hot list."""
    from dataclasses import replace
    from datetime import date

    from django.db.models import Count, F

    from entities.models import Country, Person, Statement
    from entities.selectors import (
        StatementCursor,
        StatementFilters,
        _first_rows,
        _statements_after,
        statement_list,
        statements_filtered,
    )

    def old(filters: StatementFilters, **scope):
        """The list as it was read before: through the article's date, the article joined."""
        plain = StatementFilters(country=filters.country)
        statements = statements_filtered(filters=plain, **scope)
        if filters.start:
            statements = statements.filter(article__published_at__date__gte=filters.start)
        if filters.end:
            statements = statements.filter(article__published_at__date__lte=filters.end)
        return statements.with_cards().order_by(
            F("article__published_at").desc(nulls_last=True), "-article_id", "start"
        )

    def first_page(filters: StatementFilters, **scope):
        """The first cards as statement_page reads them: the ids alone, then the cards."""
        statements = statement_list(filters=filters, **scope)
        return _first_rows(statements, PER_PAGE + 1)[: PER_PAGE + 1]

    def keyset_after(filters: StatementFilters, shown: int, **scope):
        """The cards after the ``shown``-th, as "load more" asks for them now."""
        statements = statement_list(filters=filters, **scope)
        cursor = StatementCursor.after_card(statements[shown - 1], shown=shown, total=None)
        return _statements_after(statements, cursor, oldest=False, limit=PER_PAGE + 1)[
            : PER_PAGE + 1
        ]

    person = Person.objects.annotate(said=Count("statements")).order_by("-said", "pk").first()
    named = (
        Country.objects.filter(statements_about__speaker=person)
        .annotate(named=Count("pk"))
        .order_by("-named", "pk")
        .first()
    )
    about = (
        Country.objects.annotate(named=Count("statements_about")).order_by("-named", "pk").first()
    )
    newest = (
        Statement.objects.filter(speaker=person, published_at__isnull=False)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    everything = StatementFilters()
    # As the page reads it: the chip's id beside its slug (entities.views.person_detail).
    by_country = StatementFilters(country=named.slug, country_pk=named.pk)
    by_country_oldest = replace(by_country, order="oldest")
    by_dates = StatementFilters(
        start=date(newest.year - 2, 1, 1), end=date(newest.year - 1, 12, 31)
    )
    deep = (page - 1) * PER_PAGE
    print(
        f"# {person.name} ({person.said} statements), filtered by {named.name}; "
        f"{about.name} the country most statements are about; page {page} is after card {deep}\n"
    )
    return [
        (
            f"{person.name}: first page",
            lambda: old(everything, speaker=person)[: PER_PAGE * 1],
            lambda: first_page(everything, speaker=person),
        ),
        (
            f'{person.name}: "load more", page {page}',
            lambda: old(everything, speaker=person)[deep : deep + PER_PAGE],
            lambda: keyset_after(everything, deep, speaker=person),
        ),
        (
            f"{person.name} about {named.name}: first page",
            lambda: old(by_country, speaker=person)[:PER_PAGE],
            lambda: first_page(by_country, speaker=person),
        ),
        (
            f'{person.name} about {named.name}: "load more", page {page}',
            lambda: old(by_country, speaker=person)[deep : deep + PER_PAGE],
            # "Load more" has no chips: the country by its slug, as the link gives it.
            lambda: keyset_after(replace(by_country, country_pk=None), deep, speaker=person),
        ),
        (
            f"{person.name} about {named.name}, oldest first: first page",
            lambda: old(by_country, speaker=person)[:PER_PAGE],
            lambda: first_page(by_country_oldest, speaker=person),
        ),
        (
            f"{person.name}, {by_dates.start.year} to {by_dates.end.year}: first page",
            lambda: old(by_dates, speaker=person)[:PER_PAGE],
            lambda: first_page(by_dates, speaker=person),
        ),
        (
            f"about {about.name}: first page",
            lambda: old(everything, about=about)[:PER_PAGE],
            lambda: first_page(everything, about=about),
        ),
        (
            f'about {about.name}: "load more", page {page}',
            lambda: old(everything, about=about)[deep : deep + PER_PAGE],
            lambda: keyset_after(everything, deep, about=about),
        ),
    ]


if __name__ == "__main__":
    sys.exit(main())
