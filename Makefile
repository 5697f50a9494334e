# newsbrowser: `make run` to use it, `make test` to check it. Both set everything up.

# The newest Python 3.11+ on the PATH; override with `make run PYTHON=/path/to/python3`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
# gunicorn processes of `make serve-production`, each serving one request at a time.
WEB_WORKERS ?= 2
PYTEST_ARGS ?=

# run (migrate, seed, serve), superuser and test are for development on this machine: they
# turn DEBUG on unless DEBUG is set in the environment, on the command line or in .env.
# .env.example is for servers (DEBUG off), and `make worker` takes what it is given.
ifeq ($(filter environment command,$(firstword $(origin DEBUG)))$(shell grep -s '^ *DEBUG *=' .env),)
run serve seed migrate superuser test: export DEBUG := 1
endif

.PHONY: run test install install-dev migrate seed serve serve-production superuser worker lint format clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "newsbrowser needs Python 3.11 or newer on the PATH (or PYTHON=...)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py import_articles seeds/

# The web server plus background workers (admin imports, re-extraction), WORKERS of them,
# supervised: a worker that dies is started again. They are stopped when the server stops,
# however it stops (a running job is interrupted and resumes at the next start).
serve: install
	@$(BIN)/python manage.py newsbrowser_worker --supervise --workers $(WORKERS) & workers=$$!; \
	trap 'kill $$workers 2>/dev/null; wait $$workers 2>/dev/null' EXIT INT TERM; \
	echo "newsbrowser: the site at http://$(HOST):$(PORT)/, the admin at http://$(HOST):$(PORT)/admin/ (make superuser for an account)"; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The site as a server runs it (docs/deployment.md): gunicorn, DEBUG off whatever .env says,
# the other settings from .env or the environment, static files collected for WhiteNoise.
# Run workers beside it (make worker). gunicorn kills a request after 30 s; the settings give
# web processes a shorter database statement timeout (DATABASE_STATEMENT_TIMEOUT_MS).
serve-production: export DEBUG := 0
serve-production: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python -m gunicorn newsbrowser.wsgi --workers $(WEB_WORKERS) --bind $(HOST):$(PORT) \
		--timeout 30 --access-logfile -

# An admin account, for /admin/ and its import page; asks for a name and a password.
superuser: migrate
	$(BIN)/python manage.py createsuperuser

# Workers on their own, e.g. beside a production web server (docs/operations.md, "Workers").
worker: install
	$(BIN)/python manage.py newsbrowser_worker --supervise --workers $(WORKERS)

run: seed serve

test: install-dev
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/python -m ruff check --fix .
	$(BIN)/python -m ruff format .

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache staticfiles
