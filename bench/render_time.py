"""Time of one render of the busiest pages, in process, as production runs them (DEBUG off).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/news_100k \\
        .venv/bin/python bench/render_time.py [--runs 20] [--profile PAGE] [--page-cache]

Picks the pages as ``bench/page_latency.py`` does (the most-quoted person, the same filtered
by the country they name most, the country most statements are about, the article with
most statements) and requests each through Django's test client ``--runs`` times after
one request that is not counted. Prints per page the median wall time, the median CPU
time of this process (the Python and template work: what the database does is not in
it, and it moves less than wall time on a shared machine), the queries of one more
request and the size of the answer. ``--profile`` prints cProfile's busiest functions
for one page (by its number in the list) instead. Reads only. The page cache is off, so
every request renders, unless ``--page-cache`` turns it on: every timed request is then
answered from the cache (what a hit costs).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=20, help="requests timed per page")
    parser.add_argument("--profile", type=int, help="profile this page (1 = the first)")
    parser.add_argument(
        "--page-cache", action="store_true", help="time answers from the page cache instead"
    )
    args = parser.parse_args(argv)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsbrowser.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "render-time-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        NEWSBROWSER_PAGE_CACHE="1" if args.page_cache else "0",
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.page_latency import pages_pick

    wanted = ("the most-quoted person", "the same, filtered by a country")
    pages = [
        page
        for page in pages_pick(search="nuclear weapons")
        if page.name in wanted or page.name.startswith(("the country most", "an article with many"))
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    for number, page in enumerate(pages, 1):
        if args.profile and number != args.profile:
            continue
        response = client.get(page.path)
        if response.status_code != 200:
            print(f"{page.name}: status {response.status_code}", file=sys.stderr)
            return 1
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.runs):
                client.get(page.path)
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(40)
            continue
        wall, cpu = [], []
        for _ in range(args.runs):
            started, used = time.perf_counter(), time.process_time()
            client.get(page.path)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        with CaptureQueriesContext(connection) as queries:
            client.get(page.path)
        print(
            f"{number}. {page.name} ({page.path}): wall {statistics.median(wall) * 1000:.1f} ms,"
            f" CPU {statistics.median(cpu) * 1000:.1f} ms, {len(queries)} queries,"
            f" {len(response.content):,} bytes"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
