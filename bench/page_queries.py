"""Queries and database time per page, in process, for a before/after comparison.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/news_10k DEBUG=1 \\
        .venv/bin/python bench/page_queries.py [--project DIR] [--runs 5] \\
        [--save after.json] [--before before.json]

Renders each page with Django's test client (no server, no network) ``--runs`` times and
prints, per page, the queries it ran, the median database time (the sum of its queries'
times) and the median wall time. ``--project`` names the checkout whose code serves the
pages (default: this one): pass another checkout (e.g. main, before a change) on the same
database to measure it, ``--save`` the figures, then ``--before`` them in the later run to
print the ratio of database time. The pages are the ones issue 14 measures: the most-quoted
person (plain, by the country they speak about most, by a year of whole months), the
country most spoken about (plain, by a year), its "by" page, and the three index pages.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--project", type=Path, default=ROOT, help="Checkout whose code serves the pages."
    )
    parser.add_argument("--runs", type=int, default=5, help="Renders per page (5).")
    parser.add_argument("--save", type=Path, help="Write the figures to this JSON file.")
    parser.add_argument("--before", type=Path, help="Figures of an earlier run to compare to.")
    parser.add_argument(
        "--slowest",
        type=int,
        default=0,
        help="Also print each page's N slowest queries of its last render (ms, SQL cut short).",
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(args.project.resolve()))
    os.chdir(args.project)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from entities.models import Country, Person

    setup_test_environment()
    # Chosen by counting statements, as the code before the aggregates could too.
    person = Person.objects.annotate(n=Count("statements")).order_by("-n", "pk").first()
    country = Country.objects.annotate(n=Count("statementcountry")).order_by("-n", "pk").first()
    if person is None or country is None:
        print("no statements in this database", file=sys.stderr)
        return 2
    topic = (
        Country.objects.filter(
            statementcountry__statement__speaker=person, statementcountry__role="content"
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "pk")
        .first()
    )
    newest = person.statements.order_by("-article__published_at").first()
    year = newest.article.published_at.year if newest and newest.article.published_at else 2024
    pages = {
        "person": person.get_absolute_url(),
        "person ?country": f"{person.get_absolute_url()}?country={topic.slug if topic else ''}",
        "person ?from..to (a year)": f"{person.get_absolute_url()}?from={year}-01&to={year}-12",
        "country": country.get_absolute_url(),
        "country ?from..to (a year)": f"{country.get_absolute_url()}?from={year}-01&to={year}-12",
        "country by": f"{country.get_absolute_url()}by/",
        "people index": "/people/",
        "organisations index": "/organisations/",
        "countries index": "/countries/",
    }
    print(f"{person.name} ({person.n:,} statements), {country.name} ({country.n:,} about)")
    client = Client()
    figures: dict[str, dict[str, float]] = {}
    slowest: dict[str, list[tuple[float, str]]] = {}
    for name, url in pages.items():
        db_ms, wall_ms, queries = [], [], 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                wall_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                print(f"{name}: HTTP {response.status_code} for {url}", file=sys.stderr)
                return 1
            queries = len(captured.captured_queries)
            db_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        timed = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
        slowest[name] = sorted(timed, reverse=True)[: args.slowest]
        figures[name] = {
            "url": url,
            "queries": queries,
            "db_ms": statistics.median(db_ms),
            "wall_ms": statistics.median(wall_ms),
        }
    before = json.loads(args.before.read_text()) if args.before else {}
    print(f"{'page':<28} {'queries':>7} {'DB ms':>9} {'wall ms':>9}  before DB ms   ratio")
    for name, row in figures.items():
        line = f"{name:<28} {row['queries']:>7} {row['db_ms']:>9.1f} {row['wall_ms']:>9.1f}"
        if name in before:
            then = before[name]
            ratio = then["db_ms"] / row["db_ms"] if row["db_ms"] else float("inf")
            line += f"  {then['db_ms']:>9.1f} ({then['queries']}q)  {ratio:>5.1f}x less"
        print(line)
    for name, queries in slowest.items():
        if queries:
            print(f"\n{name}: slowest queries")
        for ms, sql in queries:
            print(f"  {ms:>8.1f} ms  {' '.join(sql.split())[:160]}")
    if args.save:
        args.save.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
