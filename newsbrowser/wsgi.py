"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
# Read by the settings: a web process gets a database statement timeout by default
# (DATABASE_STATEMENT_TIMEOUT_MS), which commands and workers do not.
os.environ.setdefault("NEWSBROWSER_WEB_PROCESS", "1")

application = get_wsgi_application()
