"""A second database alias, ``replica1``, pointing at the test database itself.

Added before any connection is opened (conftest files load before the test database is
set up), as settings does for DATABASE_REPLICA_URLS; as a test mirror it is the same
database, so what the primary writes the "replica" reads at once, and the tests tell the
two apart by which connection ran each query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

settings.DATABASES["replica1"] = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
connections.__dict__.pop("settings", None)  # the handler reads DATABASES again
