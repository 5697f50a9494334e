"""The page latency benchmark: its percentiles, and one short run against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.page_latency import FLOOR, percentile_ms, server_errors

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "bench" / "page_latency.py"

TINY_ARCHIVE = """
from tests.entities.builders import article_make, country, person_make, statement_make
speaker = person_make("Ada Lovelace")
other = person_make("Charles Babbage")
for number in range(3):
    article = article_make(title=f"Engines {number}", days_ago=400 * number)
    statement_make(article=article, speaker=speaker, text="It weaves.", about=[country("GB")])
    statement_make(article=article, speaker=other, text="Numbers obey.", about=[country("FR")])
"""


def test_percentiles_are_nearest_rank_in_milliseconds():
    seconds = [n / 1000 for n in range(1, 101)]
    assert percentile_ms(seconds, 50) == 50.0
    assert percentile_ms(seconds, 95) == 95.0
    assert percentile_ms(seconds, 99) == 99.0
    assert percentile_ms([0.25], 99) == 250.0
    assert percentile_ms([], 50) is None


def test_a_short_run_against_gunicorn_reports_every_page_beside_the_floor(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'tiny.sqlite3'}", "PYTHONPATH": str(ROOT)}
    setup = "import django; django.setup(); from django.core.management import call_command; "
    setup += "call_command('migrate', verbosity=0)\n" + TINY_ARCHIVE
    subprocess.run(
        [sys.executable, "-c", setup],
        cwd=ROOT,
        env=env | {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsbrowser.settings"},
        check=True,
    )
    short_run = ["--json", "--clients", "1", "--duration", "0.5", "--workers", "1"]
    # One server with the page cache off (cold), then one with it on (warm).
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *short_run],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["server"] == "gunicorn, 1 sync workers, DEBUG off"
    assert "3 articles, 6 statements" in report["database"]
    cold, warm = report["runs"]
    assert (cold["page_cache"], warm["page_cache"]) == (
        "page cache off (cold)",
        "page cache on (warm)",
    )
    for run in (cold, warm):
        assert_every_page(run["pages"])
    cold_pages = {page["name"]: page for page in cold["pages"]}
    warm_pages = {page["name"]: page for page in warm["pages"]}
    assert cold_pages["home"]["cache_hits"] == 0
    # One worker, and one request before the counted ones: every counted one is a hit.
    assert warm_pages["home"]["cache_hits"] == warm_pages["home"]["requests"]
    # Exports stream and are never stored.
    assert warm_pages["CSV of the most-quoted person"]["cache_hits"] == 0


def assert_every_page(run: list[dict]) -> None:
    pages = {page["name"]: page for page in run}
    assert run[0]["name"] == FLOOR
    assert pages[FLOOR]["path"].endswith(".css")
    assert "p95_over_floor" in pages["home"]
    expected = {
        "home",
        "an article with many statements",
        "the most-quoted person",
        "the same, filtered by a country",
        "the same, filtered by a date range",
        '"load more", page 1 (htmx fragment)',
        "the country most statements are about",
        'full-text search "nuclear weapons"',
        "CSV of the most-quoted person",
    }
    assert expected <= set(pages)
    assert sum(name.startswith("typeahead") for name in pages) >= 2
    for page in run:
        assert page["first_status"] == 200, page
        assert page["requests"] >= 1 and page["errors"] == 0, page
        assert 0 < page["p50_ms"] <= page["p95_ms"] <= page["p99_ms"], page
        if page["name"] != FLOOR:
            assert page["p95_over_floor"] > 0


def test_the_server_log_is_summed_up_by_kind_of_error(tmp_path):
    log = tmp_path / "gunicorn.log"
    log.write_text(
        "[2026-12-03 07:40:01 +0000] [12] [INFO] Booting worker with pid: 13\n"
        "[2026-12-03 07:40:31 +0000] [12] [CRITICAL] WORKER TIMEOUT (pid:13)\n"
        "Traceback (most recent call last):\n"
        "psycopg.errors.QueryCanceled: canceling statement due to statement timeout\n"
        "[2026-12-03 07:41:02 +0000] [12] [CRITICAL] WORKER TIMEOUT (pid:14)\n"
        "psycopg.errors.QueryCanceled: canceling statement due to statement timeout\n"
    )
    assert server_errors(log) == {
        "gunicorn killed a worker (WORKER TIMEOUT)": 2,
        "psycopg.errors.QueryCanceled: canceling statement due to statement timeout": 2,
    }
