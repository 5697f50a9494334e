"""`make run` and `make test` turn DEBUG on by themselves; a server's settings stay its own."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A fresh clone's Makefile beside a venv whose python reports DEBUG and its arguments."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "DEBUG=${DEBUG-unset} $*"\n')
    python.chmod(0o755)
    # Installed already: newer than pyproject.toml, so make runs only the target's commands.
    for stamp in (".installed", ".installed-dev"):
        (tmp_path / ".venv" / stamp).touch()
        os.utime(tmp_path / ".venv" / stamp, (2**31, 2**31))
    return tmp_path


def make(checkout: Path, *args: str, **env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"} | env
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=checkout,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line.startswith("DEBUG=")]


def test_development_targets_turn_debug_on_in_a_fresh_clone(checkout):
    assert make(checkout, "seed") == [
        "DEBUG=1 manage.py migrate --noinput",
        "DEBUG=1 manage.py import_articles seeds/",
    ]
    assert make(checkout, "test")[-1] == "DEBUG=1 -m pytest"


def test_debug_from_the_environment_the_command_line_or_dotenv_wins(checkout):
    assert make(checkout, "migrate", DEBUG="0") == ["DEBUG=0 manage.py migrate --noinput"]
    assert make(checkout, "migrate", "DEBUG=0") == ["DEBUG=0 manage.py migrate --noinput"]
    (checkout / ".env").write_text("SECRET_KEY=x\nDEBUG=0\n")
    # The settings read .env themselves: make leaves DEBUG alone.
    assert make(checkout, "migrate") == ["DEBUG=unset manage.py migrate --noinput"]


def test_the_worker_target_for_servers_adds_no_development_values(checkout):
    assert make(checkout, "worker") == [
        "DEBUG=unset manage.py newsbrowser_worker --supervise --workers 1"
    ]


def test_make_no_longer_copies_env_example_into_a_development_env(checkout):
    make(checkout, "migrate")
    assert not (checkout / ".env").exists()


def test_the_production_target_serves_with_gunicorn_and_debug_off(checkout):
    (checkout / ".env").write_text("SECRET_KEY=x\nDEBUG=1\n")
    assert make(checkout, "serve-production", "WEB_WORKERS=3", "PORT=8080") == [
        "DEBUG=0 manage.py collectstatic --noinput --verbosity 0",
        "DEBUG=0 -m gunicorn newsbrowser.wsgi --workers 3 --bind 127.0.0.1:8080 "
        "--timeout 30 --access-logfile -",
    ]
