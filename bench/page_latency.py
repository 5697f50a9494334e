"""Latency of the site's pages under load, served as in production, beside a static-file floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/news_100k \\
        .venv/bin/python bench/page_latency.py [--clients 8] [--duration 10] [--workers 2] \\
        [--page-cache both|off|on]
    .venv/bin/python bench/page_latency.py --url http://127.0.0.1:8000 ...   # a running server

Without ``--url`` it collects the static files into a temporary folder and starts
gunicorn (``--workers`` sync workers, DEBUG off, plain HTTP on a free local port)
against DATABASE_URL, and stops it at the end. By default it does so twice: first with
the page cache off (``NEWSBROWSER_PAGE_CACHE=0``, "cold": every request renders its page),
then with it on ("warm": the figures of a site whose data has not changed since the pages
were first asked for; each worker process keeps its own cache, so its first request of a
page is counted as a miss). Each page's row says how many answers came from the cache.
The pages are picked from the database: the home page, the article with most
statements, the most-quoted person, the same filtered by the country their
statements most often name and by a two-year date range, the country most
statements are about, the 50th "load more" page of the person's statements (the
htmx fragment), the typeahead for three prefixes taken from the busiest names, a
full-text search and the CSV export of the person's statements. The static-file floor is the
site's stylesheet, fetched through the same server in the same run.

The load comes from a separate process: ``--clients`` threads, each sending one
request at a time on a new connection (gunicorn's sync workers close each one),
for ``--duration`` seconds per page, after one request that is not counted.
Requests in flight when the time is up are waited for and counted. Prints per
page: requests, requests/s, p50/p95/p99 in ms, errors (any status but 200, or
no answer within ``--timeout``), and p95 as a multiple of the floor's p95.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import multiprocessing
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = "a static file (the floor)"
LOAD_MORE_PAGE = 50


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class PageResult:
    name: str
    path: str
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    p95_over_floor: float | None = None
    first_status: int | None = None
    error_kinds: dict[str, int] = field(default_factory=dict)
    # Answers the server said came from its page cache (header X-Page-Cache: hit).
    cache_hits: int = 0


# The runs --page-cache asks for: (label, NEWSBROWSER_PAGE_CACHE), cold first.
PAGE_CACHE_RUNS = {
    "off": [("page cache off (cold)", "0")],
    "on": [("page cache on (warm)", "1")],
    "both": [("page cache off (cold)", "0"), ("page cache on (warm)", "1")],
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="A running server's address; by default one is started.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients (8).")
    parser.add_argument("--duration", type=float, default=10, help="Seconds per page (10).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers started (2).")
    parser.add_argument("--timeout", type=float, default=60, help="Client timeout, seconds (60).")
    parser.add_argument("--search", default="nuclear weapons", help="The full-text query.")
    parser.add_argument(
        "--page-cache",
        choices=sorted(PAGE_CACHE_RUNS),
        default="both",
        help="Servers started: with the page cache off, on, or one of each (both).",
    )
    parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
    args = parser.parse_args(argv)

    server_env = production_env()
    os.environ.update(server_env)
    import django

    django.setup()
    pages = pages_pick(search=args.search)
    runs = [("as the server runs", None)] if args.url else PAGE_CACHE_RUNS[args.page_cache]
    report_runs = []
    for label, page_cache in runs:
        results = server_run(
            args, env=server_env | {"NEWSBROWSER_PAGE_CACHE": page_cache or ""}, pages=pages
        )
        floor_p95 = results[0].p95_ms
        for result in results[1:]:
            if floor_p95 and result.p95_ms is not None:
                result.p95_over_floor = round(result.p95_ms / floor_p95, 1)
        report_runs.append({"page_cache": label, "pages": [asdict(r) for r in results]})
    report = {
        "server": args.url or f"gunicorn, {args.workers} sync workers, DEBUG off",
        "database": database_label(),
        "clients": args.clients,
        "duration_seconds": args.duration,
        "runs": report_runs,
    }
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(report_text(report))
    return 0


def server_run(args: argparse.Namespace, *, env: dict[str, str], pages: list[Page]):
    """Every page's figures from one server: started with ``env``, or the one at --url."""
    with tempfile.TemporaryDirectory(prefix="newsbrowser-latency-") as scratch:
        if args.url:
            base_url, server = args.url.rstrip("/"), None
        else:
            base_url, server = server_start(env, Path(scratch), workers=args.workers)
        try:
            floor = Page(FLOOR, stylesheet_path(base_url))
            return load_run(
                base_url,
                [floor, *pages],
                clients=args.clients,
                duration=args.duration,
                timeout=args.timeout,
            )
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
                # Why requests failed, from the server's side (statement timeouts, killed
                # workers), on stderr beside the report.
                for line, count in server_errors(Path(scratch) / "gunicorn.log").items():
                    print(f"server log: {count} x {line}", file=sys.stderr)


def production_env() -> dict[str, str]:
    """The settings of a production server, over plain HTTP on this machine."""
    return {
        "DJANGO_SETTINGS_MODULE": "newsbrowser.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The load generator speaks plain HTTP to the server, as a TLS-ending proxy would.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
    }


def server_start(env: dict[str, str], scratch: Path, *, workers: int) -> tuple[str, object]:
    """collectstatic into ``scratch``, then gunicorn on a free port; its URL and process."""
    env = os.environ | env | {"STATIC_ROOT": str(scratch / "static")}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (scratch / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsbrowser.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {(scratch / 'gunicorn.log').read_text()}")
        try:
            status, _, _ = fetch(base_url, "/", timeout=5)
            if status == 200:
                return base_url, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


SERVER_ERROR = re.compile(
    r"^(\[.*\] \[CRITICAL\] WORKER TIMEOUT|[\w.]+(Error|Canceled|Exception): .*)"
)


def server_errors(log: Path) -> dict[str, int]:
    """Each kind of error the server logged (exception lines, worker timeouts), counted."""
    found: dict[str, int] = {}
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = SERVER_ERROR.match(line)
        if match:
            kind = "gunicorn killed a worker (WORKER TIMEOUT)" if match[2] is None else line
            found[kind[:160]] = found.get(kind[:160], 0) + 1
    return found


def pages_pick(*, search: str) -> list[Page]:
    """Real addresses from the database, the busiest of each kind."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article
    from entities.models import Country, Person, Statement
    from entities.selectors import StatementCursor, StatementFilters, statement_list

    pages = [Page("home", reverse("articles:list"))]
    article = Article.objects.annotate(said=Count("statements")).order_by("-said", "pk").first()
    if article is not None:
        pages.append(Page("an article with many statements", article.get_absolute_url()))
    people = list(Person.objects.annotate(said=Count("statements")).order_by("-said", "pk")[:2])
    countries = list(
        Country.objects.annotate(named=Count("statements_about")).order_by("-named", "pk")[:1]
    )
    if people:
        person = people[0]
        url = person.get_absolute_url()
        pages.append(Page("the most-quoted person", url))
        named = (
            Country.objects.filter(statements_about__speaker=person)
            .annotate(named=Count("pk"))
            .order_by("-named", "pk")
            .first()
        )
        if named is not None:
            pages.append(Page("the same, filtered by a country", f"{url}?country={named.slug}"))
        newest = (
            Statement.objects.filter(speaker=person, article__published_at__isnull=False)
            .order_by("-article__published_at")
            .values_list("article__published_at", flat=True)
            .first()
        )
        if newest is not None:
            span = f"from={newest.year - 2}-01&to={newest.year - 1}-12"
            pages.append(Page("the same, filtered by a date range", f"{url}?{span}"))
        statements = Statement.objects.filter(speaker=person).count()
        last_page = max(1, math.ceil(statements / 20))
        number = min(LOAD_MORE_PAGE, last_page)
        # The link "load more" follows to that page: the cards after the last one before it.
        query = ""
        if number > 1:
            shown = (number - 1) * 20
            before = statement_list(filters=StatementFilters(), speaker=person)[shown - 1]
            cursor = StatementCursor.after_card(before, shown=shown, total=statements)
            query = f"?after={cursor.encode()}"
        pages.append(
            Page(
                f'"load more", page {number} (htmx fragment)',
                f"{url}{query}",
                {"HX-Request": "true", "HX-Target": "load-more"},
            )
        )
    if countries:
        pages.append(Page("the country most statements are about", countries[0].get_absolute_url()))
    # Prefixes as people type them: two letters of the busiest family name, four of the next
    # name and of the busiest country.
    prefixes = []
    if people:
        prefixes.append(people[0].name.split()[-1][:2].lower())
    if len(people) > 1:
        prefixes.append(people[1].name.split()[-1][:4].lower())
    if countries:
        prefixes.append(countries[0].name[:4].lower())
    for prefix in dict.fromkeys(prefixes):
        query = urllib.parse.urlencode({"q": prefix})
        suggestions = f"{reverse('entities:search-suggestions')}?{query}"
        # The suggestions answer htmx; a plain request is sent on to the search page.
        pages.append(Page(f'typeahead "{prefix}"', suggestions, {"HX-Request": "true"}))
    query = urllib.parse.urlencode({"q": search})
    pages.append(Page(f'full-text search "{search}"', f"{reverse('entities:search')}?{query}"))
    if people:
        query = urllib.parse.urlencode({"speaker": people[0].slug})
        pages.append(
            Page("CSV of the most-quoted person", f"{reverse('entities:statements-csv')}?{query}")
        )
    return pages


def stylesheet_path(base_url: str) -> str:
    """The first stylesheet the home page links: a static file served by the same server."""
    status, body, _ = fetch(base_url, "/", timeout=60)
    match = re.search(rb'href="([^"]+\.css)"', body)
    if status != 200 or match is None:
        raise RuntimeError(f"the home page ({status}) links no stylesheet")
    return match.group(1).decode()


def fetch(base_url: str, path: str, *, timeout: float, headers: dict | None = None):
    """(status, body, whether the page cache answered) of one GET on a new connection."""
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": parts.hostname, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("X-Page-Cache") == "hit"
    finally:
        connection.close()


def load_run(
    base_url: str, pages: list[Page], *, clients: int, duration: float, timeout: float
) -> list[PageResult]:
    """Each page's figures, the load coming from a process of its own."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    # Plain dicts cross the pipe: the child imports this file under another module name.
    generator = context.Process(
        target=_load_process,
        args=(sending, base_url, [asdict(page) for page in pages], clients, duration, timeout),
    )
    generator.start()
    sending.close()
    results = receiving.recv()
    generator.join()
    return [PageResult(**result) for result in results]


def _load_process(sending, base_url, pages, clients, duration, timeout) -> None:
    sending.send(
        [asdict(page_load(base_url, Page(**page), clients, duration, timeout)) for page in pages]
    )
    sending.close()


def page_load(
    base_url: str, page: Page, clients: int, duration: float, timeout: float
) -> PageResult:
    """``clients`` threads asking for one page for ``duration`` seconds."""
    try:
        first_status, _, _ = fetch(base_url, page.path, timeout=timeout, headers=page.headers)
    except OSError:
        first_status = None
    latencies: list[float] = []
    errors: dict[str, int] = {}
    hits = 0
    lock = threading.Lock()
    started = time.perf_counter()
    stop_at = started + duration

    def client() -> None:
        nonlocal hits
        while time.perf_counter() < stop_at:
            sent = time.perf_counter()
            try:
                status, _, hit = fetch(base_url, page.path, timeout=timeout, headers=page.headers)
                error = None if status == 200 else f"HTTP {status}"
            except OSError as problem:
                error = type(problem).__name__
            elapsed = time.perf_counter() - sent
            with lock:
                if error is None:
                    latencies.append(elapsed)
                    hits += hit
                else:
                    errors[error] = errors.get(error, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    failed = sum(errors.values())
    return PageResult(
        name=page.name,
        path=page.path,
        requests=len(latencies) + failed,
        errors=failed,
        requests_per_second=round((len(latencies) + failed) / wall, 1),
        p50_ms=percentile_ms(latencies, 50),
        p95_ms=percentile_ms(latencies, 95),
        p99_ms=percentile_ms(latencies, 99),
        first_status=first_status,
        error_kinds=errors,
        cache_hits=hits,
    )


def percentile_ms(sorted_seconds: list[float], percent: float) -> float | None:
    """Nearest-rank percentile, in milliseconds; None without a successful request."""
    if not sorted_seconds:
        return None
    rank = max(1, math.ceil(percent / 100 * len(sorted_seconds)))
    return round(sorted_seconds[rank - 1] * 1000, 1)


def database_label() -> str:
    from django.db import connection

    from articles.models import Article
    from entities.models import Statement

    return (
        f"{connection.vendor} {connection.settings_dict['NAME']}: "
        f"{Article.objects.count():,} articles, {Statement.objects.count():,} statements"
    )


def report_text(report: dict) -> str:
    lines = [
        f"{report['server']}; {report['database']}",
        f"{report['clients']} clients, {report['duration_seconds']:g} s per page",
    ]

    def shown(value: object) -> str:
        return "-" if value is None else f"{value:,}" if isinstance(value, int) else f"{value:g}"

    for run in report["runs"]:
        lines += [
            "",
            f"{run['page_cache']}:",
            "",
            "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | p95 / floor "
            "| cache hits |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for page in run["pages"]:
            errors = str(page["errors"])
            if page["error_kinds"]:
                kinds = page["error_kinds"].items()
                errors += " (" + ", ".join(f"{k}: {v}" for k, v in kinds) + ")"
            lines.append(
                f"| {page['name']} | {page['requests']} | {shown(page['requests_per_second'])} "
                f"| {shown(page['p50_ms'])} | {shown(page['p95_ms'])} | {shown(page['p99_ms'])} "
                f"| {errors} | {shown(page['p95_over_floor'])} | {page['cache_hits']:,} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
