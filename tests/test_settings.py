"""Settings come from the environment and refuse unsafe combinations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_probe(env: dict[str, str], expression: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter (settings are read once per process)."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    # An explicit empty value beats the developer's .env, which only fills unset variables.
    clean.update({"DEBUG": "", "SECRET_KEY": "", "DATABASE_URL": ""} | env)
    code = f"import newsbrowser.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = settings_probe({"DEBUG": "0"}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off" in result.stderr


def test_starts_with_secret_key_and_debug_off():
    result = settings_probe({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "s.DEBUG, s.ALLOWED_HOSTS")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False []"


def test_database_defaults_to_sqlite_file_in_project_folder():
    result = settings_probe(
        {"DEBUG": "1"}, "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']"
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert str(ROOT / "db.sqlite3") in result.stdout


def test_database_url_selects_postgresql():
    result = settings_probe(
        {"DEBUG": "1", "DATABASE_URL": "postgres://someone@db.example:5433/news"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    assert "news" in result.stdout


def test_spacy_model_is_a_setting():
    result = settings_probe(
        {"DEBUG": "1", "NEWSBROWSER_SPACY_MODEL": "en_core_web_md"}, "s.NEWSBROWSER_SPACY_MODEL"
    )
    assert result.stdout.strip() == "en_core_web_md"


def test_sqlite_lets_the_worker_and_the_web_server_share_the_file():
    result = settings_probe({"DEBUG": "1"}, "s.DATABASES['default']['OPTIONS']")
    assert result.returncode == 0, result.stderr
    assert "journal_mode=WAL" in result.stdout
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
