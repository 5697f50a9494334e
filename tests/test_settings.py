"""Settings come from the environment and refuse unsafe combinations."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Settings a developer's .env or shell may hold that would change what these tests see.
ENVIRONMENT_SETTINGS = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "CONN_MAX_AGE",
    "DATABASE_STATEMENT_TIMEOUT_MS",
    "NEWSBROWSER_WEB_PROCESS",
    "STATIC_ROOT",
    "NEWSBROWSER_PAGE_CACHE",
    "NEWSBROWSER_PAGE_CACHE_BACKEND",
    "NEWSBROWSER_PAGE_CACHE_SECONDS",
    "NEWSBROWSER_PAGE_CACHE_ENTRIES",
)


def settings_env(env: dict[str, str]) -> dict[str, str]:
    """The environment with ``env`` and, for every other setting above, an empty value.

    An explicit empty value beats the developer's .env, which only fills unset variables.
    """
    clean = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_SETTINGS}
    return clean | dict.fromkeys(ENVIRONMENT_SETTINGS, "") | env


def settings_probe(env: dict[str, str], expression: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter (settings are read once per process)."""
    code = f"import newsbrowser.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=settings_env(env),
        capture_output=True,
        text=True,
    )


def env_example() -> dict[str, str]:
    """The settings .env.example gives, as the settings module reads a .env file."""
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def production_env() -> dict[str, str]:
    """.env.example with the two values it asks a server to fill in."""
    return env_example() | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example.org",
    }


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = settings_probe({"DEBUG": "0"}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off" in result.stderr


def test_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = settings_probe({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "s.DEBUG")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set and DEBUG is off" in result.stderr


def test_starts_with_secret_key_allowed_hosts_and_debug_off():
    result = settings_probe(
        {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "news.example.org, a.example"},
        "s.DEBUG, s.ALLOWED_HOSTS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['news.example.org', 'a.example']"


def test_env_example_is_for_a_server_debug_off_and_secrets_to_fill_in():
    example = env_example()
    assert example["DEBUG"] == "0"
    assert example["SECRET_KEY"] == ""
    assert example["ALLOWED_HOSTS"] == ""
    # Copied as it is, it refuses to start rather than run with a guessable key.
    result = settings_probe(example, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off" in result.stderr


def test_production_settings_are_https_only():
    result = settings_probe(
        production_env(),
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True True 31536000 True"


def test_check_deploy_finds_nothing_with_the_documented_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=settings_env(production_env()),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_turned_off():
    env = production_env() | {"SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=settings_env(env),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_a_proxy_header_names_https_requests():
    result = settings_probe(
        {"DEBUG": "1", "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "s.SECURE_PROXY_SSL_HEADER"
    )
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


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


POSTGRES_URL = "postgres://someone@db.example:5433/news"


def test_whitenoise_serves_static_files_right_after_the_security_middleware():
    result = settings_probe({"DEBUG": "1"}, "s.MIDDLEWARE[:2]")
    assert result.stdout.strip() == (
        "['django.middleware.security.SecurityMiddleware', "
        "'whitenoise.middleware.WhiteNoiseMiddleware']"
    )


def test_production_static_files_are_compressed_development_ones_are_not():
    expression = "s.STORAGES['staticfiles']['BACKEND'], s.WHITENOISE_USE_FINDERS"
    production = settings_probe(production_env(), expression)
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip() == ("whitenoise.storage.CompressedStaticFilesStorage False")
    development = settings_probe({"DEBUG": "1"}, expression)
    assert development.stdout.strip() == (
        "django.contrib.staticfiles.storage.StaticFilesStorage True"
    )


def test_collectstatic_writes_compressed_files_to_static_root(tmp_path):
    env = production_env() | {"STATIC_ROOT": str(tmp_path / "static")}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=settings_env(env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    written = {path.name for path in (tmp_path / "static").rglob("*")}
    assert {"favicon.svg", "favicon.svg.gz"} <= written


def test_connections_are_kept_in_production_and_closed_after_each_request_in_development():
    expression = (
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']"
    )
    assert settings_probe(production_env(), expression).stdout.strip() == "60 True"
    assert settings_probe({"DEBUG": "1"}, expression).stdout.strip() == "0 True"
    chosen = settings_probe({"DEBUG": "1", "CONN_MAX_AGE": "300"}, expression)
    assert chosen.stdout.strip() == "300 True"


def statement_timeout(env: dict[str, str]) -> str:
    result = settings_probe(
        env | {"DATABASE_URL": POSTGRES_URL},
        "s.DATABASES['default'].get('OPTIONS', {}).get('options', 'none')",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_web_processes_on_postgresql_stop_statements_before_the_web_server_kills_them():
    assert statement_timeout(production_env() | {"NEWSBROWSER_WEB_PROCESS": "1"}) == (
        "-c statement_timeout=20000"
    )


def test_commands_and_workers_have_no_statement_timeout_unless_it_is_set():
    assert statement_timeout(production_env()) == "none"
    assert statement_timeout(production_env() | {"DATABASE_STATEMENT_TIMEOUT_MS": "600000"}) == (
        "-c statement_timeout=600000"
    )
    web_without = production_env() | {
        "NEWSBROWSER_WEB_PROCESS": "1",
        "DATABASE_STATEMENT_TIMEOUT_MS": "0",
    }
    assert statement_timeout(web_without) == "none"


def test_the_wsgi_entry_point_marks_its_process_as_a_web_process():
    code = (
        "import newsbrowser.wsgi; from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    env = settings_env(production_env() | {"DATABASE_URL": POSTGRES_URL})
    del env["NEWSBROWSER_WEB_PROCESS"]
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-c statement_timeout=20000"


PAGE_CACHE = "s.NEWSBROWSER_PAGE_CACHE, s.CACHES['pages']['BACKEND'].rsplit('.', 1)[-1]"


def test_the_page_cache_is_on_in_production_in_each_process_memory():
    result = settings_probe(production_env(), PAGE_CACHE)
    assert result.stdout.strip() == "True LocMemCache", result.stderr


def test_the_page_cache_is_off_in_development_and_when_turned_off():
    assert settings_probe({"DEBUG": "1"}, PAGE_CACHE).stdout.strip() == "False LocMemCache"
    off = settings_probe(production_env() | {"NEWSBROWSER_PAGE_CACHE": "0"}, PAGE_CACHE)
    assert off.stdout.strip() == "False LocMemCache"


def test_the_page_cache_can_be_shared_on_redis():
    env = production_env() | {
        "NEWSBROWSER_PAGE_CACHE_BACKEND": "redis",
        "REDIS_URL": "redis://cache.internal:6379/2",
    }
    result = settings_probe(env, PAGE_CACHE + ", s.CACHES['pages']['LOCATION']")
    assert result.stdout.strip() == "True RedisCache redis://cache.internal:6379/2", result.stderr


def test_an_unknown_page_cache_backend_is_refused():
    result = settings_probe(production_env() | {"NEWSBROWSER_PAGE_CACHE_BACKEND": "disk"}, "1")
    assert result.returncode != 0
    assert "NEWSBROWSER_PAGE_CACHE_BACKEND" in result.stderr
