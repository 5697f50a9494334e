"""The data's generation: read once per cached request, counted up after every write.

It lives in the database, not in the page cache: every process (web workers, the task
worker, ``import_articles``) sees one value whatever cache each of them has, it survives a
cache flush, and with read replicas it is read from the same replica as the page, so a
page is never stored under a generation newer than the data it shows (the counter's row
replicates after the rows written before it).
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import F

from pagecache.models import GENERATION_ROW, Generation

logger = logging.getLogger(__name__)


def generation_current() -> int:
    """The generation pages are stored under now (a primary-key read)."""
    value = Generation.objects.filter(pk=GENERATION_ROW).values_list("value", flat=True).first()
    # No row (a test database flushed between tests): generation 0 until the next write.
    return value or 0


def generation_bump() -> None:
    """Count the generation up once the current transaction commits (at once outside one).

    Called by every write to what pages show. After the commit, not before: a page read
    between the two is stored under the old generation and never served again; a page
    rendered from the new rows under the old number is dropped by the bump itself. One bump
    per transaction however many writes it holds; none if it rolls back.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    # Skipped when a bump already waits in this block or one around it (its savepoints are
    # among ours). Django drops a savepoint's callbacks when it rolls back: such a bump goes
    # only if this write goes with it; one waiting in a sibling savepoint may never run.
    savepoints = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        callback is _increment and held <= savepoints
        for held, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_increment, using=DEFAULT_DB_ALIAS, robust=True)


def _increment() -> None:
    try:
        if not Generation.objects.filter(pk=GENERATION_ROW).update(value=F("value") + 1):
            Generation.objects.get_or_create(pk=GENERATION_ROW)
            Generation.objects.filter(pk=GENERATION_ROW).update(value=F("value") + 1)
    except DatabaseError:
        # The write itself has committed: failing it now would only hide that. Pages cached
        # before it are served until they expire (NEWSBROWSER_PAGE_CACHE_SECONDS).
        logger.exception("the page cache's generation could not be counted up")
