"""Every query of the search page, the article search and the typeahead, with its plan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/news_100k \\
        .venv/bin/python bench/search_explain.py [--search "nuclear weapons"] \\
        [--prefix tr --prefix clin ...] [--repeat 5] [--no-plans]

For each case it makes one uncounted request, then runs each SQL statement that request
sent under ``EXPLAIN (ANALYZE, BUFFERS)`` and prints the plan, then times ``--repeat`` more
requests in this process (Django's test client: the view, its queries and its template, no
web server) and prints the median and the slowest. Without ``--prefix`` the typeahead
prefixes are those bench/page_latency.py picks: two letters of the most-quoted person's
family name, four of the next person's and of the country most statements are about.
DEBUG is off, as in production; the statement timeout is off, so a slow plan is shown
whole rather than cancelled.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--search", default="nuclear weapons", help="The full-text query.")
    parser.add_argument(
        "--prefix", action="append", default=[], help="A typeahead prefix (repeatable)."
    )
    parser.add_argument("--repeat", type=int, default=5, help="Timed requests per case (5).")
    parser.add_argument(
        "--no-plans", dest="plans", action="store_false", help="Print timings only."
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "search-explain-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.page_latency import pages_pick

    try:
        from articles.full_text import article_search
    except ImportError:  # the code before issue 14, measured for comparison
        from entities.selectors import article_search

    if connection.vendor != "postgresql":
        parser.error("DATABASE_URL must name a PostgreSQL database: SQLite has no plans to show")
    prefixes = args.prefix or [
        page.name.split('"')[1] for page in pages_pick(search="") if page.name.startswith("typ")
    ]
    client = Client()
    search_url = reverse("entities:search")
    suggestions_url = reverse("entities:search-suggestions")

    def page(url: str, query: str, **headers: str) -> Callable[[], object]:
        def request() -> object:
            response = client.get(url, {"q": query}, secure=True, **headers)
            if response.status_code != 200:
                raise SystemExit(f"{url}?q={query} answered {response.status_code}")
            return response

        return request

    cases = [
        (f'search page "{args.search}"', page(search_url, args.search)),
        (f'article search "{args.search}"', lambda: article_search(text=args.search)),
        *(
            (f'typeahead "{prefix}"', page(suggestions_url, prefix, HTTP_HX_REQUEST="true"))
            for prefix in prefixes
        ),
    ]
    timings = []
    for name, run in cases:
        run()
        statements = _statements_of(run)
        if args.plans:
            print(f"== {name}: {len(statements)} queries")
            for sql in statements:
                print(f"\n-- {sql}\n")
                print(_plan(sql))
            print()
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        timings.append((name, len(statements), statistics.median(times), max(times)))
    print(f"{'case':<40} {'queries':>7} {'median ms':>10} {'max ms':>8}")
    for name, queries, median, slowest in timings:
        print(f"{name:<40} {queries:>7} {median:>10.1f} {slowest:>8.1f}")
    return 0


def _statements_of(run: Callable[[], object]) -> list[str]:
    """The SQL one call sends, literals in place (Django's client-side binding)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return [query["sql"] for query in captured.captured_queries]


def _plan(sql: str) -> str:
    from django.db import connection

    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return "(not a read: not explained)"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


if __name__ == "__main__":
    sys.exit(main())
