"""A real server and a real import cut off from PostgreSQL by a proxy (tests/db_proxy.py):
pages answer 503 with Retry-After, then 200 once the database is back, without a restart;
the import says so in one line and exits non-zero.

The server is ``manage.py runserver --nothreading`` with DEBUG off, so one persistent
connection (CONN_MAX_AGE) is held across requests: the recovery proven is the one a
production process needs, a dead kept connection replaced (CONN_HEALTH_CHECKS).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.db_proxy import DatabaseProxy
from tests.entities.builders import article_make, country, person_make, statement_make

ROOT = Path(__file__).resolve().parent.parent
CONNECT_TIMEOUT = 2  # DATABASE_CONNECT_TIMEOUT for the processes started here
RUNSERVER = [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the outage is caused with a TCP proxy in front of PostgreSQL; SQLite is a "
        "file, with no connection to cut",
    ),
]


def _environment(proxy: DatabaseProxy) -> dict[str, str]:
    db = settings.DATABASES["default"]  # the test database, during the test
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{auth}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "outage-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "CONN_MAX_AGE": "600",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy() -> Iterator[DatabaseProxy]:
    with DatabaseProxy(target=(settings.DATABASES["default"]["HOST"] or "127.0.0.1", 5432)) as p:
        yield p


def _get(url: str) -> tuple[int, dict[str, str], str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    return status, headers, body.decode(), time.monotonic() - started


@pytest.fixture
def server(proxy: DatabaseProxy, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*RUNSERVER, f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=_environment(proxy),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("mode", ["refuse", "hang"])
def test_a_page_answers_503_while_the_database_is_cut_and_200_once_it_is_back(proxy, server, mode):
    person = person_make("Joe Biden")
    statement_make(article=article_make(), speaker=person, text="We talk", about=[country("JP")])
    page = f"{server}{person.get_absolute_url()}"
    assert _get(page)[0] == 200  # the server holds its connection from here on

    proxy.cut(mode)
    for _ in range(2):  # the kept connection found dead, then a new one refused
        status, headers, body, took = _get(page)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Temporarily unavailable" in body and "try again shortly" in body
        # A host that never answers costs the connect timeout, not the system's minutes.
        assert took < CONNECT_TIMEOUT + 5

    proxy.restore()
    status, _, body, _ = _get(page)
    assert status == 200
    assert "We talk" in body


def test_the_import_cut_off_prints_one_line_and_exits_non_zero_then_runs_again(proxy, tmp_path):
    source = tmp_path / "talks.txt"
    source.write_text(
        "Talks to continue\n\nThe minister said the talks would continue next week.\n"
    )
    command = [sys.executable, "manage.py", "import_articles", str(source), "--no-progress"]
    proxy.cut()
    cut = subprocess.run(command, cwd=ROOT, env=_environment(proxy), capture_output=True, text=True)
    assert cut.returncode == 1
    lines = cut.stderr.strip().splitlines()
    assert len(lines) == 1, cut.stderr
    assert lines[0].startswith(
        f"CommandError: The database at 127.0.0.1:{proxy.port} is unreachable: "
    )
    assert lines[0].endswith(
        "Nothing was imported from here on; run the command again once it is back."
    )

    proxy.restore()
    again = subprocess.run(
        command, cwd=ROOT, env=_environment(proxy), capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert "1 imported" in again.stdout
