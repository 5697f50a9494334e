"""Reads to a replica, writes to the primary; reads after a write stay on the primary.

The replicas are the aliases settings makes of DATABASE_REPLICA_URLS (``replica1``, ...).
Only requests read from them, and only until they write: ``replicas.middleware`` lets a
request read from a replica, and the first write (or transaction) pins it to the primary,
so it reads what it wrote whatever the replication lag. Everything that runs outside a
request (imports, workers, commands, migrations) reads from the primary: they read what
they have just written, and a replica a few seconds behind would make them store twice.
"""

from __future__ import annotations

import random
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Whether the current context may read from a replica (set by the middleware per request).
replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
# The replica a request reads from, chosen once per request: replicas lag by different
# amounts, and a page read from two could show one's data beside the other's; the page
# cache reads the data's generation from the same replica as the page (pagecache).
request_replica: ContextVar[str | None] = ContextVar("request_replica", default=None)


def replica_aliases() -> list[str]:
    """The configured replica aliases, in order."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def primary_pin() -> None:
    """Send the rest of this request's reads to the primary."""
    replica_reads.set(False)


class ReplicaRouter:
    """django.db router: see the module docstring."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        replicas = replica_aliases()
        # Inside a transaction the reads belong with its writes (and select_for_update
        # cannot run on a read-only replica).
        if not replicas or not replica_reads.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        chosen = request_replica.get()
        return chosen if chosen in replicas else random.choice(replicas)

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        primary_pin()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Every alias holds the same data: a replica row may point at a primary row.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # Replicas get the schema by replication, never by migrate.
        return db == DEFAULT_DB_ALIAS
