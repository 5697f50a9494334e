"""The import service: source files in, articles with their entities out.

The import command and the admin's import page (through a background job) call
the same functions here.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    reset_queries,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.dateparse import parse_datetime
from django_tasks_db.models import DBTaskResult
from spacy.language import Language

from articles.models import (
    METADATA_FIELDS,
    SOURCE_FIELDS,
    Article,
    ImportJob,
    ImportUpload,
    content_hash_for,
)
from articles.readers import (
    ArticleRecord,
    ReadLimits,
    SourceItem,
    items_from_path,
    source_file_count,
    unexpected_failure,
)
from entities.aggregates import aggregates_article_created, aggregates_kept
from entities.nlp.extract import extractions_for
from entities.nlp.pool import ExtractionFailed, ExtractionPool, forks
from entities.nlp.results import ArticleExtraction
from entities.services import (
    article_entities_replace,
    nlp_get,
    people_of_articles,
    people_settle,
    statement_dates_follow,
)

logger = logging.getLogger(__name__)

ImportStatus = Literal["imported", "updated", "unchanged", "failed"]

# Concurrent imports can collide on the same URL or person, or deadlock; a
# second attempt sees the other import's committed rows and settles it.
_STORE_ATTEMPTS = 3
# An import job writes its progress at most this often (seconds).
_PROGRESS_INTERVAL = 0.5
# What drivers say when the connection itself is gone (psycopg, sqlite3), lower-cased.
_CONNECTION_GONE = (
    "server closed the connection",
    "connection already closed",
    "the connection is closed",
    "terminating connection",
    "could not connect",
    "connection refused",
    "connection failed",
    "no connection to the server",
    "consuming input failed",
    "ssl connection has been closed",
)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one article (or one file or record that yielded none).

    ``files_done`` counts the source files this outcome completes, for progress.
    """

    source: str
    status: ImportStatus
    detail: str = ""
    article_id: int | None = None
    files_done: int = 1


class _HeldElsewhere(Exception):
    """Another import holds what an article needs; this batch commits, the article waits."""


@dataclass(frozen=True, slots=True)
class _Pending:
    source: str
    record: ArticleRecord
    content_hash: str
    files_done: int


def read_limits() -> ReadLimits:
    """The configured limits (NEWSBROWSER_MAX_FILE_BYTES, _MAX_ARCHIVE_BYTES, _MAX_TEXT_CHARS)."""
    return ReadLimits(
        max_file_bytes=settings.NEWSBROWSER_MAX_FILE_BYTES,
        max_archive_bytes=settings.NEWSBROWSER_MAX_ARCHIVE_BYTES,
        max_text_chars=settings.NEWSBROWSER_MAX_TEXT_CHARS,
    )


def source_files(paths: Iterable[Path]) -> Iterator[Path | ImportOutcome]:
    """Every file under the given paths, folders walked recursively in name order.

    A path that does not exist comes back as a failed outcome, so the rest still imports.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield ImportOutcome(str(path), "failed", "no such file or folder")


def source_total(*, paths: Sequence[Path]) -> int:
    """How many source files an import of ``paths`` goes through, ZIP members counted."""
    return sum(
        1 if isinstance(item, ImportOutcome) else source_file_count(item)
        for item in source_files(paths)
    )


def articles_import(
    *,
    paths: Sequence[Path],
    batch_size: int | None = None,
    nlp: Language | None = None,
    force: bool = False,
    update: bool = False,
    dry_run: bool = False,
    processes: int = 1,
    import_job: ImportJob | None = None,
) -> Iterator[ImportOutcome]:
    """Import every article in ``paths``, yielding one outcome per article as it lands.

    Each article is written in a savepoint of its own, inside one transaction per parsed
    batch (whose aggregates are counted once); outcomes come once the batch commits.
    Whatever fails for one file, record or article (reading, decoding, hashing, parsing,
    storing; any Exception) is reported as its failed outcome and the import goes on; only
    a lost database connection, and SystemExit or KeyboardInterrupt, end it
    (docs/reliability.md). ``force`` extracts
    known articles again; ``update`` writes the new date, title, author, URL and outlet of
    a known article whose body is unchanged, without extracting it again; ``dry_run``
    reads and extracts but writes nothing.
    """
    batch_size = batch_size or settings.NEWSBROWSER_NLP_BATCH_SIZE
    limits = read_limits()
    run = _ImportRun(
        batch_size=batch_size,
        nlp=nlp,
        force=force,
        update=update,
        dry_run=dry_run,
        processes=processes,
        import_job=import_job,
    )
    try:
        yield from run.pending_import(_pending_batches(paths, batch_size=batch_size, limits=limits))
    except BaseException:
        # An error, a lost connection, or the consumer stopping early (GeneratorExit).
        run.close(finished=False)
        raise
    run.close(finished=True)


def _pending_batches(
    paths: Sequence[Path], *, batch_size: int, limits: ReadLimits
) -> Iterator[list[_Pending] | ImportOutcome]:
    """The articles read from ``paths``, hashed, in batches; failures as outcomes."""
    pending: list[_Pending] = []
    for path in source_files(paths):
        if isinstance(path, ImportOutcome):
            yield path
            continue
        for item in _items_guarded(path, limits=limits):
            if item.record is None:
                yield ImportOutcome(item.source, "failed", item.error, files_done=item.files_done)
                continue
            try:
                digest = content_hash_for(title=item.record.title, body=item.record.body)
            except Exception as error:
                logger.warning("hashing %s failed", item.source, exc_info=True)
                yield ImportOutcome(
                    item.source, "failed", unexpected_failure(error), files_done=item.files_done
                )
                continue
            pending.append(_Pending(item.source, item.record, digest, item.files_done))
            if len(pending) >= batch_size:
                yield pending
                pending = []
                # With DEBUG on, Django keeps the last 9,000 queries, article bodies
                # and all; a long import would hold them for nothing.
                reset_queries()
    if pending:
        yield pending


def _items_guarded(path: Path, *, limits: ReadLimits) -> Iterator[SourceItem]:
    """The file's items; if reading it raises after all, one failed item for what is left.

    The readers turn every failure into an item already; this is the boundary that holds
    should one of them be missed.
    """
    done = 0
    try:
        for item in items_from_path(path, limits=limits):
            done += item.files_done
            yield item
    except Exception as error:
        logger.exception("reading %s failed", path)
        remaining = max(source_file_count(path) - done, 1)
        yield SourceItem(str(path), None, unexpected_failure(error), files_done=remaining)


def _connection_lost(error: Exception) -> bool:
    """Whether ``error`` is the database connection going away, rather than one bad item.

    Such an error ends the import: every later item would fail the same way. A job is then
    marked interrupted and runs again once the database is back.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    if connection.connection is None:
        return True
    message = str(error).lower()
    if any(sign in message for sign in _CONNECTION_GONE):
        return True
    try:
        return not connection.is_usable()
    except Exception:
        return True


# A batch (or chunk) being parsed: its articles, their extractions to come, and the worker
# pool parsing it (None: this process's parsing thread).
_InFlight = tuple[
    list["_Pending"], Future[Sequence[ArticleExtraction | Exception]], ExtractionPool | None
]


class _ImportRun:
    """One import's settings and what it has seen, so the same article twice counts once."""

    def __init__(
        self,
        *,
        batch_size: int,
        nlp: Language | None,
        force: bool,
        dry_run: bool,
        processes: int,
        import_job: ImportJob | None,
        update: bool = False,
    ) -> None:
        self.batch_size = batch_size
        self.nlp = nlp
        self.force = force
        self.update = update
        self.dry_run = dry_run
        self.processes = processes
        self.import_job = import_job
        self.seen: dict[str, str] = {}  # content hash -> the source it was first read from
        self.pool: ExtractionPool | None = None
        self.parser: ThreadPoolExecutor | None = None

    def pending_import(
        self, batches: Iterable[list[_Pending] | ImportOutcome]
    ) -> Iterator[ImportOutcome]:
        """Import the batches in order, one outcome per article.

        Parsing never waits for the database writes. With one process the next batch is
        parsed in a thread of this process while this thread stores the one before (the
        writes spend most of their time waiting for the database, and spaCy's matrix
        products release the GIL). With several, new articles are parsed in the worker
        pool (entities/nlp/pool.py) while this process stores the chunks already parsed:
        up to two chunks a worker are kept queued. Either way chunks are stored in read
        order, so the same rows are stored whatever the number of processes.
        """
        in_flight: deque[_InFlight] = deque()
        ahead = 1 if self.processes == 1 else 2 * self.processes
        for batch in batches:
            if isinstance(batch, ImportOutcome):
                yield batch
                continue
            fresh = yield from self._batch_sort(batch)
            if not fresh:
                continue
            if self.processes == 1:
                in_flight.append(self._batch_submit(fresh))
            else:
                # A batch split across the workers, so even a one-batch import uses them all.
                size = -(-len(fresh) // self.processes)
                for start in range(0, len(fresh), size):
                    in_flight.append(self._chunk_submit(fresh[start : start + size]))
            while len(in_flight) > ahead:
                yield from self._extractions_store(*self._chunk_result(*in_flight.popleft()))
        while in_flight:
            yield from self._extractions_store(*self._chunk_result(*in_flight.popleft()))

    def _batch_submit(self, batch: list[_Pending]) -> _InFlight:
        """Start parsing a batch in this process's parsing thread."""
        if self.parser is None:
            # One thread: the pipeline is used by one thread at a time, never two.
            self.parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-parse")
        return (
            batch,
            self.parser.submit(self._extractions_isolated, [p.record.body for p in batch]),
            None,
        )

    def _chunk_submit(self, chunk: list[_Pending]) -> _InFlight:
        bodies = [p.record.body for p in chunk]
        pool = self._pool_get()
        try:
            return chunk, pool.submit(bodies), pool
        except BrokenProcessPool:
            # A worker died since the last batch: this chunk goes to a new pool.
            self._pool_drop(pool)
            pool = self._pool_get()
            return chunk, pool.submit(bodies), pool

    def _chunk_result(
        self,
        chunk: list[_Pending],
        result: Future[Sequence[ArticleExtraction | Exception]],
        pool: ExtractionPool | None,
    ) -> tuple[list[_Pending], Sequence[ArticleExtraction | Exception]]:
        """A chunk and its extractions; each fails when the worker parsing it died."""
        try:
            return chunk, result.result()
        except BrokenProcessPool as error:
            logger.error("an extraction worker process died: %s", error)
            # Every chunk queued in that pool fails the same way; later ones get a new pool.
            if pool is not None:
                self._pool_drop(pool)
            failure = ExtractionFailed(f"the worker process parsing it stopped ({error})")
            return chunk, [failure] * len(chunk)

    def _pool_drop(self, pool: ExtractionPool) -> None:
        pool.terminate()
        if self.pool is pool:
            self.pool = None

    def _pool_get(self) -> ExtractionPool:
        """The worker pool, started at the first batch with anything new to parse."""
        if self.pool is None:
            if forks():
                # Loaded here once, and forked with, rather than loaded again in each worker.
                self.nlp = self.nlp or nlp_get()
            self.pool = ExtractionPool(
                processes=self.processes,
                model_name=settings.NEWSBROWSER_SPACY_MODEL,
                max_length=settings.NEWSBROWSER_MAX_TEXT_CHARS,
                batch_size=self.batch_size,
                nlp=self.nlp,
            )
        return self.pool

    def close(self, *, finished: bool) -> None:
        """Stop the worker pool: let it exit after a finished import, else kill it. The
        parsing thread is waited for either way (at most its batch): the pipeline must be
        free before anyone else uses it."""
        if self.pool is not None:
            self.pool.close() if finished else self.pool.terminate()
            self.pool = None
        if self.parser is not None:
            self.parser.shutdown(wait=True, cancel_futures=True)
            self.parser = None

    def _batch_sort(
        self, pending: list[_Pending]
    ) -> Generator[ImportOutcome, None, list[_Pending]]:
        """Yield the outcomes of known and repeated articles (writing new metadata of
        known ones); return the articles that need parsing."""
        known = dict(
            Article.objects.filter(content_hash__in=[p.content_hash for p in pending]).values_list(
                "content_hash", "id"
            )
        )
        stored = self._stored_versions(pending) if self.update and not self.force else {}
        fresh: list[_Pending] = []
        for item in pending:
            if item.content_hash in self.seen:
                yield ImportOutcome(
                    item.source,
                    "unchanged",
                    f"same article as {self.seen[item.content_hash]}",
                    known.get(item.content_hash),
                    item.files_done,
                )
                continue
            self.seen[item.content_hash] = item.source
            article = stored.get(item.content_hash)
            if article is not None:
                yield self._guarded(item, partial(self._metadata_update, item, article))
            elif item.content_hash in known and not self.force:
                yield ImportOutcome(
                    item.source, "unchanged", "", known[item.content_hash], item.files_done
                )
            else:
                fresh.append(item)
        return fresh

    def _extractions_store(
        self, fresh: list[_Pending], extractions: Sequence[ArticleExtraction | Exception]
    ) -> Iterator[ImportOutcome]:
        """Store a parsed batch in one transaction, each article in a savepoint of its own,
        and count the batch's aggregates once at its end (issue 14); outcomes once committed.

        An article another import holds (the same person, URL or article, written and not
        yet committed) ends the transaction early: what is stored commits, releasing what
        the other import may be waiting for, and the rest goes on in a new one. Should the
        batch's own work fail (counting its aggregates), its articles are stored one by one.
        """
        pending = list(zip(fresh, extractions, strict=True))
        while pending:
            try:
                outcomes = self._batch_store(pending)
            except Exception as error:
                if _connection_lost(error):
                    raise
                logger.exception("storing a batch failed; storing its articles one by one")
                outcomes = [
                    self._guarded(item, partial(self._store_alone, item, extraction))
                    for item, extraction in pending
                ]
            pending = pending[len(outcomes) :]
            yield from outcomes

    def _batch_store(
        self, pending: list[tuple[_Pending, ArticleExtraction | Exception]]
    ) -> list[ImportOutcome]:
        """Outcomes of the articles stored in one transaction: all of them, or those before
        the first one another import holds (never none)."""
        outcomes: list[ImportOutcome] = []
        with transaction.atomic(), aggregates_kept():
            for item, extraction in pending:
                try:
                    outcomes.append(self._outcome(item, extraction, alone=not outcomes))
                except _HeldElsewhere:
                    break
        return outcomes

    def _store_alone(
        self, item: _Pending, extraction: ArticleExtraction | Exception
    ) -> ImportOutcome:
        with transaction.atomic(), aggregates_kept():
            return self._outcome(item, extraction, alone=True)

    def _outcome(
        self, item: _Pending, extraction: ArticleExtraction | Exception, *, alone: bool
    ) -> ImportOutcome:
        if isinstance(extraction, Exception):
            return ImportOutcome(
                item.source,
                "failed",
                f"extraction failed: {extraction}",
                files_done=item.files_done,
            )
        if self.dry_run:
            return self._guarded(item, partial(self._dry_run_outcome, item, extraction))
        return self._guarded(item, partial(self._article_store, item, extraction, alone=alone))

    def _guarded(self, item: _Pending, store: Callable[[], ImportOutcome]) -> ImportOutcome:
        """The boundary around one article's database work: any failure fails that article.

        The work runs in transactions of its own (savepoints inside an outer one), so a
        failure rolls back this article's writes and nobody else's.
        """
        try:
            return store()
        except _HeldElsewhere:
            raise
        except Exception as error:
            if _connection_lost(error):
                raise
            logger.exception("storing %s failed", item.source)
            return ImportOutcome(
                item.source,
                "failed",
                unexpected_failure(error, stage="stored"),
                files_done=item.files_done,
            )

    def _stored_versions(self, pending: list[_Pending]) -> dict[str, Article]:
        """Stored articles the records are new metadata for, by the records' content hash.

        A record is new metadata for the article with its URL, else with its words, when the
        body is the same: extraction reads only the body, so nothing needs extracting again.
        Two queries per batch.
        """
        urls = {p.record.url for p in pending if p.record.url}
        by_url = {a.url: a for a in Article.objects.filter(url__in=urls)} if urls else {}
        by_hash = {
            a.content_hash: a
            for a in Article.objects.filter(content_hash__in=[p.content_hash for p in pending])
        }
        versions: dict[str, Article] = {}
        for item in pending:
            candidates = (by_url.get(item.record.url), by_hash.get(item.content_hash))
            for article in candidates:
                if article is not None and _same_words(article.body, item.record.body):
                    versions[item.content_hash] = article
                    break
        return versions

    def _metadata_update(self, item: _Pending, article: Article) -> ImportOutcome:
        """Write a known article's new metadata, or report it unchanged when there is none."""
        record = item.record
        changed = [f for f in METADATA_FIELDS if getattr(article, f) != getattr(record, f)]
        if article.metadata != dict(record.metadata):
            changed.append("metadata")
        if not changed:
            return ImportOutcome(item.source, "unchanged", "", article.pk, item.files_done)
        detail = f"metadata only: {', '.join(changed)}"
        if self.dry_run:
            return ImportOutcome(
                item.source, "updated", f"dry run: {detail}", article.pk, item.files_done
            )
        for field in METADATA_FIELDS:
            setattr(article, field, getattr(record, field))
        article.metadata = dict(record.metadata)
        article.source_name = record.source_name
        # The title is in the hash; the body stays as stored, so its statements' offsets hold.
        article.refresh_content_hash()
        if self.import_job is not None:
            article.import_job = self.import_job
        try:
            # A new date moves the article's statements to another month.
            moved = [article.pk] if "published_at" in changed else []
            with transaction.atomic(), aggregates_kept(article_ids=moved):
                article.save(
                    update_fields=[
                        *METADATA_FIELDS,
                        "metadata",
                        "source_name",
                        "content_hash",
                        "import_job",
                        "updated_at",
                    ]
                )
                if "published_at" in changed:
                    statement_dates_follow(article_ids=[article.pk])
        except IntegrityError as error:
            # Another article already has this URL (or these words).
            return ImportOutcome(
                item.source,
                "failed",
                f"database refused the update: {error}",
                files_done=item.files_done,
            )
        return ImportOutcome(item.source, "updated", detail, article.pk, item.files_done)

    def _extractions_isolated(self, bodies: list[str]) -> list[ArticleExtraction | Exception]:
        """Extract in one batch; if the batch fails, redo it text by text to find the culprit."""
        # Loaded only when there is something new: re-importing known files needs no model.
        self.nlp = self.nlp or nlp_get()
        # Longer texts were refused as they were read; spaCy must not refuse shorter ones.
        self.nlp.max_length = max(self.nlp.max_length, settings.NEWSBROWSER_MAX_TEXT_CHARS)
        try:
            return list(extractions_for(bodies, nlp=self.nlp, batch_size=self.batch_size))
        except Exception:
            logger.exception("batch extraction failed; retrying article by article")
        results: list[ArticleExtraction | Exception] = []
        for body in bodies:
            try:
                results.extend(extractions_for([body], nlp=self.nlp, batch_size=1))
            except Exception as error:
                results.append(error)
        return results

    def _dry_run_outcome(self, item: _Pending, extraction: ArticleExtraction) -> ImportOutcome:
        with transaction.atomic():
            existing = _article_for(item)
        status: ImportStatus = "updated" if existing else "imported"
        return ImportOutcome(
            item.source,
            status,
            f"dry run: {_found_summary(extraction)}",
            existing.pk if existing else None,
            item.files_done,
        )

    def _article_store(
        self, item: _Pending, extraction: ArticleExtraction, *, alone: bool = True
    ) -> ImportOutcome:
        """Store one article in a savepoint; ``alone`` when nothing else is written in the
        transaction, else a refusal is retried in a new transaction (``_HeldElsewhere``)."""
        for attempt in range(1, _STORE_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    article = _article_for(item)
                    if article and article.content_hash == item.content_hash and not self.force:
                        # Another import stored this very article since the batch began.
                        return ImportOutcome(
                            item.source, "unchanged", "", article.pk, item.files_done
                        )
                    status: ImportStatus = "updated" if article else "imported"
                    # Read before the new date is saved: the old month's counts change too.
                    with aggregates_kept(article_ids=[article.pk] if article else []):
                        created = article is None
                        article = self._article_save(item, article or Article())
                        if created:
                            aggregates_article_created(article_id=article.pk)
                        article_entities_replace(
                            article=article, extraction=extraction, created=created
                        )
            except (IntegrityError, OperationalError) as error:
                if _connection_lost(error):
                    raise
                # Another import stored the same article, URL or person meanwhile.
                existing = Article.objects.filter(content_hash=item.content_hash).first()
                if existing is not None and not self.force:
                    return ImportOutcome(item.source, "unchanged", "", existing.pk, item.files_done)
                if not alone:
                    # This batch may hold what the other import waits for: commit it first.
                    raise _HeldElsewhere from error
                if attempt == _STORE_ATTEMPTS:
                    logger.exception("storing %s failed", item.source)
                    return ImportOutcome(
                        item.source,
                        "failed",
                        f"database refused the article: {error}",
                        files_done=item.files_done,
                    )
            else:
                return ImportOutcome(
                    item.source, status, _found_summary(extraction), article.pk, item.files_done
                )
        raise AssertionError("unreachable")

    def _article_save(self, item: _Pending, article: Article) -> Article:
        for field in SOURCE_FIELDS:
            setattr(article, field, getattr(item.record, field))
        article.metadata = dict(item.record.metadata)
        article.content_hash = item.content_hash
        if self.import_job is not None:
            article.import_job = self.import_job
        article.save()
        return article


def _article_for(item: _Pending) -> Article | None:
    """The stored article a record is a version of: same URL, else same content."""
    found = None
    if item.record.url:
        found = Article.objects.filter(url=item.record.url).first()
    return found or Article.objects.filter(content_hash=item.content_hash).first()


def _same_words(stored: str, read: str) -> bool:
    """Whether two bodies differ at most in whitespace."""
    return stored.split() == read.split()


def _found_summary(extraction: ArticleExtraction) -> str:
    return (
        f"{len({m.name for m in extraction.people})} people, "
        f"{len({m.iso2 for m in extraction.countries})} countries, "
        f"{len(extraction.statements)} statements"
    )


def articles_delete(*, article_ids: Sequence[int]) -> int:
    """Delete articles with what was found in them; how many were deleted.

    In the same transaction the people they named are settled: countries
    recounted without these articles' votes, and people nothing refers to any
    more deleted, so no page, search or typeahead shows them.
    """
    with transaction.atomic(), aggregates_kept(article_ids=article_ids):
        people = people_of_articles(article_ids=article_ids)
        _, deleted = Article.objects.filter(pk__in=article_ids).delete()
        people_settle(person_ids=people)
    return deleted.get(Article._meta.label, 0)


# --- Background jobs (admin import, re-extraction) -----------------------------
#
# How a job survives its worker (docs/reliability.md, "Jobs that recover"):
# - A run claims its queued job under a lease (``ImportJob.worker``, host:pid:token), and
#   every write it makes afterwards is conditional on that lease: a run whose job was
#   re-queued while it was cut off finds the lease gone and stops without writing.
# - A running job's heartbeat (``heartbeat_at``) is touched by every progress save and by a
#   thread every NEWSBROWSER_JOB_HEARTBEAT_SECONDS, even while one long text is parsed.
# - The work is done in parts (one uploaded file; one batch of articles to extract). After
#   each part a checkpoint records it done, with the counts as they were then; a resumed
#   run skips the parts done and restarts from those counts. The part that was cut short is
#   read again: articles are idempotent by content hash, so nothing is stored twice.
# - Every worker runs jobs_recover() at start and every heartbeat: a running job without a
#   heartbeat for NEWSBROWSER_JOB_STALE_SECONDS is marked interrupted, and interrupted jobs
#   (also those whose run met SystemExit or KeyboardInterrupt) are queued again.


class WorkerLost(Exception):
    """The worker running a task stopped before the task ended; its job was queued again."""


class _LeaseLost(Exception):
    """The job was taken from this run (re-queued while the run was cut off)."""


class _Cancelled(Exception):
    """Someone asked for the job to stop."""


_COUNTS = ("processed", "imported", "updated", "unchanged", "failed")


def _event(what: str, detail: str = "", *, by: object | None = None) -> dict[str, str]:
    """One entry of ``ImportJob.events``: what happened, when, and who did it ("" for a worker)."""
    username = by.get_username() if hasattr(by, "get_username") else ""
    return {"at": timezone.now().isoformat(), "event": what, "detail": detail, "by": username}


def import_job_create(
    *,
    files: Sequence[UploadedFile],
    user: object | None,
    refused: Sequence[tuple[str, str]] = (),
    update_existing: bool = False,
) -> ImportJob:
    """Store the uploaded files under MEDIA_ROOT and queue a job importing them.

    ``refused`` names the files of the same upload refused at once, with why: the job
    records them as failed files, so its page lists them beside the import's own failures.
    ``update_existing`` has the job write new metadata onto known articles (``update``).
    """
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.IMPORT,
            created_by=user if getattr(user, "pk", None) else None,
            total=len(refused),
            processed=len(refused),
            failed=len(refused),
            errors=[{"source": name, "reason": reason} for name, reason in refused],
            update_existing=update_existing,
            events=[_event("queued", by=user)],
        )
        for upload in files:
            ImportUpload.objects.create(job=job, file=upload, name=upload.name, size=upload.size)
        job_enqueue(job)
    return job


def job_enqueue(job: ImportJob, *, save: bool = True) -> None:
    """Queue the task that runs ``job``, on the configured task backend.

    The database backend stores the task in the caller's transaction: job and task exist
    together. RQ's queue is in Redis, outside it: the task is sent once the transaction
    commits, or a worker could look for the job before it exists (``_job_claim`` accepts a
    job whose task id is not written yet).
    """
    from articles.tasks import import_job_task  # the task module imports this one

    if settings.NEWSBROWSER_TASK_BACKEND == "database":
        job.task_id = import_job_task.enqueue(job.pk).id
        if save:
            job.save(update_fields=["task_id"])
        return

    def send() -> None:
        task_id = import_job_task.enqueue(job.pk).id
        ImportJob.objects.filter(pk=job.pk, task_id="").update(task_id=task_id)

    transaction.on_commit(send)


def import_job_split(*, job: ImportJob, chunk_files: int) -> list[ImportJob]:
    """Split a queued import into jobs of at most ``chunk_files`` source files, queued at once.

    So that many workers import one large upload in parallel. A ZIP's members are repacked
    into ZIPs of the same name (member names, and so their dates, kept); other files are
    copied. Each part is an import job of its own, with its lease, heartbeat, checkpoint and
    recovery; articles are idempotent by content hash, so two parts (or a part run twice)
    never store one article twice. The job itself ends "done", naming its parts.
    """
    units: list[tuple[str, Path, str | None]] = []  # (upload name, file, ZIP member)
    for upload in job.uploads.all():
        path = Path(upload.file.path)
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                units += [(upload.name, path, m) for m in archive.namelist() if not m.endswith("/")]
        else:
            units.append((upload.name, path, None))
    chunks = [units[start : start + chunk_files] for start in range(0, len(units), chunk_files)]
    parts: list[ImportJob] = []
    with transaction.atomic():
        for number, chunk in enumerate(chunks, start=1):
            part = ImportJob.objects.create(
                kind=ImportJob.Kind.IMPORT,
                created_by=job.created_by,
                update_existing=job.update_existing,
                events=[_event("queued", f"part {number} of {len(chunks)} of job {job.pk}")],
            )
            for name, size in _chunk_write(chunk, folder=_job_folder(part)):
                ImportUpload.objects.create(
                    job=part, file=f"imports/job-{part.pk}/{name}", name=name, size=size
                )
            job_enqueue(part)
            parts.append(part)
    return parts


def _job_folder(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"job-{job.pk}"


def _chunk_write(
    chunk: Sequence[tuple[str, Path, str | None]], *, folder: Path
) -> Iterator[tuple[str, int]]:
    """Write one part's files into ``folder``: (name, size) of each file written."""
    folder.mkdir(parents=True, exist_ok=True)
    by_upload: dict[tuple[str, Path], list[str | None]] = {}
    for name, path, member in chunk:
        by_upload.setdefault((name, path), []).append(member)
    for (name, path), members in by_upload.items():
        target = folder / Path(name).name
        if members == [None]:
            shutil.copyfile(path, target)
        else:
            # Streamed member by member: zipfile never reads past a member's declared size.
            with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
                for member in members:
                    assert member is not None
                    info = source.getinfo(member)
                    with source.open(info) as read, copy.open(info, "w") as write:
                        shutil.copyfileobj(read, write)
        yield target.name, target.stat().st_size


def extraction_job_create(*, article_ids: Sequence[int], user: object | None) -> ImportJob:
    """Queue a job that runs extraction again on the given articles."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.EXTRACT,
            created_by=user if getattr(user, "pk", None) else None,
            article_ids=sorted(article_ids),
            total=len(article_ids),
            events=[_event("queued", by=user)],
        )
        job_enqueue(job)
    return job


def import_job_run(*, job_id: int, nlp: Language | None = None, task_id: str = "") -> ImportJob:
    """Run a queued job, recording its progress, counts and errors on the ImportJob row.

    ``task_id`` is the task running it: a task queued for the job before it was re-queued
    finds another id on the job and leaves it alone. A job that is not queued (running
    elsewhere, cancelled, done) is left alone too, and returned as it is.
    """
    claimed = _job_claim(job_id=job_id, task_id=task_id)
    if claimed is None:
        logger.info("import job %s is not queued for this task; nothing to do", job_id)
        return ImportJob.objects.get(pk=job_id)
    job, resumed = claimed
    chunk_files = settings.NEWSBROWSER_IMPORT_CHUNK_FILES
    if job.kind == ImportJob.Kind.IMPORT and not resumed and chunk_files:
        total = source_total(paths=[Path(u.file.path) for u in job.uploads.all()])
        if total > chunk_files:
            parts = import_job_split(job=job, chunk_files=chunk_files)
            names = ", ".join(f"#{part.pk}" for part in parts)
            _job_end(
                job,
                ImportJob.Status.DONE,
                event=_event("split", f"{total} files into {len(parts)} jobs: {names}"),
            )
            return job
    progress = _JobProgress(job, resumed=resumed)
    heartbeat = _Heartbeat(job)
    heartbeat.start()
    try:
        for part, outcomes in _job_parts(job, nlp=nlp, progress=progress):
            progress.part_run(part, outcomes)
    except _LeaseLost:
        logger.warning("import job %s was re-queued while this run was cut off; stopping", job.pk)
        return job
    except _Cancelled:
        _job_end(job, ImportJob.Status.CANCELLED, event=progress.stopped_event("cancelled"))
    except (OperationalError, InterfaceError) as error:
        # The database went away: the job is interrupted, not failed, and runs again once
        # a worker reaches the database (the worker itself waits and reconnects).
        _job_interrupted(job, progress, f"database error: {error}")
        raise
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        _job_end(
            job,
            ImportJob.Status.FAILED,
            message=f"{type(error).__name__}: {error}",
            event=progress.stopped_event("failed", f"{type(error).__name__}: {error}"),
        )
    except BaseException as error:
        # SystemExit (a worker stopped by a second SIGTERM) or KeyboardInterrupt: the worker
        # is going away; the next worker queues the job again, and it resumes.
        _job_interrupted(job, progress, f"the worker stopped ({type(error).__name__})")
        raise
    else:
        if job.failed and not job.articles_done:
            # Nothing stored and something failed: the job failed, whatever ran to the end.
            if job.kind == ImportJob.Kind.EXTRACT:
                message = "Every article failed; nothing was extracted."
            else:
                message = "Every file failed; nothing was imported."
            _job_end(job, ImportJob.Status.FAILED, message=message, event=_event("failed", message))
        else:
            _job_end(job, ImportJob.Status.DONE, event=progress.stopped_event("done"))
    finally:
        heartbeat.stop()
    return job


def _job_claim(*, job_id: int, task_id: str) -> tuple[ImportJob, bool] | None:
    """Mark a queued job running under a new lease: the job, and whether it resumes.

    None if the job is not this task's to run.
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ImportJob.Status.QUEUED:
            return None
        if task_id and job.task_id and job.task_id != task_id:
            return None  # a task queued before the job was re-queued
        now = timezone.now()
        host = socket.gethostname()[:80]
        job.worker = f"{host}:{os.getpid()}:{get_random_string(8)}"
        job.attempts += 1
        job.status = ImportJob.Status.RUNNING
        job.heartbeat_at = now
        job.started_at = job.started_at or now
        job.finished_at = None
        job.message = ""
        checkpoint = job.checkpoint
        if checkpoint:
            # Resume: the counts as they were after the last part done; the rest is redone.
            for name in _COUNTS:
                setattr(job, name, checkpoint["counts"][name])
            job.errors = job.errors[: checkpoint["errors"]]
            parts = len(checkpoint["done"])
            detail = f"attempt {job.attempts}, resuming after {parts} part(s) done"
        else:
            job.checkpoint = _checkpoint_of(job, done=[], at=now)
            job.checkpoint["base"] = job.processed  # files refused at upload, counted already
            detail = f"attempt {job.attempts}"
        job.events = [*job.events, _event("started", f"{detail}, by worker {job.worker}")]
        job.save()
    return job, bool(checkpoint)


def _checkpoint_of(job: ImportJob, *, done: list[int], at: datetime) -> dict[str, object]:
    return {
        **job.checkpoint,
        "done": done,
        "at": at.isoformat(),
        "counts": {name: getattr(job, name) for name in _COUNTS},
        "errors": len(job.errors),
    }


def _job_parts(
    job: ImportJob, *, nlp: Language | None, progress: _JobProgress
) -> Iterator[tuple[int, Iterable[ImportOutcome]]]:
    """The job's parts not yet done, each as (key, its outcomes), in order.

    An import's parts are its uploaded files (keyed by ImportUpload id); an extraction's are
    batches of its articles (keyed by their offset in ``article_ids``).
    """
    done = set(job.checkpoint.get("done", []))
    if job.kind == ImportJob.Kind.EXTRACT:
        size = settings.NEWSBROWSER_NLP_BATCH_SIZE
        for start in range(0, len(job.article_ids), size):
            if start not in done:
                chunk = job.article_ids[start : start + size]
                yield start, articles_extract(article_ids=chunk, nlp=nlp, batch_size=size)
        return
    folder = Path(settings.MEDIA_ROOT) / "imports" / f"job-{job.pk}"
    uploads = [(upload.pk, Path(upload.file.path)) for upload in job.uploads.all()]
    # Files refused at upload are already counted as processed (and failed).
    job.total = job.checkpoint.get("base", 0) + source_total(paths=[p for _, p in uploads])
    progress.save()
    for pk, path in uploads:
        if pk not in done:
            outcomes = articles_import(
                paths=[path], nlp=nlp, import_job=job, update=job.update_existing
            )
            yield pk, (_relabelled(outcome, folder) for outcome in outcomes)


def _job_end(job: ImportJob, status: str, *, event: dict[str, str], message: str = "") -> bool:
    """Record how this run ended, if it still holds the job; whether it did."""
    with transaction.atomic():
        current = (
            ImportJob.objects.select_for_update()
            .filter(pk=job.pk, worker=job.worker, status=ImportJob.Status.RUNNING)
            .first()
        )
        if current is None:
            logger.warning("import job %s was re-queued while this run was cut off", job.pk)
            return False
        now = timezone.now()
        job.status = status
        job.message = message
        job.heartbeat_at = now
        job.finished_at = None if status == ImportJob.Status.INTERRUPTED else now
        # The admin may have written since the claim (a cancel request and its event).
        job.cancel_requested_at = current.cancel_requested_at
        if status == ImportJob.Status.CANCELLED:
            requests = [e for e in current.events if e["event"] == "cancel requested"]
            event = {**event, "by": requests[-1]["by"] if requests else ""}
        job.events = [*current.events, event]
        job.save(
            update_fields=[
                "total",
                *_COUNTS,
                "errors",
                "status",
                "message",
                "heartbeat_at",
                "finished_at",
                "events",
            ]
        )
    return True


def _job_interrupted(job: ImportJob, progress: _JobProgress, reason: str) -> None:
    """Mark the job interrupted on the way out of a worker; the database may be gone too."""
    event = progress.stopped_event("interrupted", reason)
    for attempt in (1, 2):
        try:
            _job_end(job, ImportJob.Status.INTERRUPTED, event=event)
            return
        except DatabaseError as error:
            logger.warning("import job %s: cannot record the interruption: %s", job.pk, error)
            if attempt == 1 and not connection.in_atomic_block:
                # A signal or an outage can leave the connection unusable; try a new one once.
                connection.close()
    # Its heartbeat stops with this run, so jobs_recover finds it all the same.


def jobs_recover() -> list[int]:
    """Interrupt running jobs whose worker is gone, then queue interrupted jobs again.

    A job is taken for abandoned when its heartbeat is older than
    NEWSBROWSER_JOB_STALE_SECONDS. Every worker runs this at start and periodically;
    several may at once: each change re-checks the job under a row lock. Returns the ids
    of the jobs queued again.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.NEWSBROWSER_JOB_STALE_SECONDS)
    stale = ImportJob.objects.filter(status=ImportJob.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )
    for job_id in stale.values_list("pk", flat=True):
        _job_abandoned(job_id=job_id, cutoff=cutoff)
    interrupted = ImportJob.objects.filter(status=ImportJob.Status.INTERRUPTED)
    return [pk for pk in interrupted.values_list("pk", flat=True) if job_requeue(job_id=pk)]


def _job_abandoned(*, job_id: int, cutoff: datetime) -> None:
    """Mark a running job interrupted if its heartbeat is still older than ``cutoff``."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status=ImportJob.Status.RUNNING)
            .first()
        )
        if job is None or (job.heartbeat_at is not None and job.heartbeat_at >= cutoff):
            return
        if job.heartbeat_at is None:
            silence = "its worker left no heartbeat"
        else:
            seconds = (timezone.now() - job.heartbeat_at).total_seconds()
            silence = f"no sign of life from its worker for {seconds:.0f} s"
        detail = f"{silence} ({job.worker or 'unknown worker'}), after {_done_words(job)}"
        job.status = ImportJob.Status.INTERRUPTED
        job.worker = ""  # the lease goes: a run that was only cut off stops when it is back
        job.events = [*job.events, _event("interrupted", detail)]
        job.save(update_fields=["status", "worker", "events"])


def job_requeue(*, job_id: int, user: object | None = None) -> bool:
    """Queue a job again that stopped before its end; it resumes after its last checkpoint.

    With a ``user`` (the admin action): an interrupted, failed or cancelled job. Without
    (a worker's recovery): an interrupted job only, which is cancelled instead if someone
    asked for that, and marked failed after NEWSBROWSER_JOB_MAX_ATTEMPTS starts (starts are
    counted again from a re-queue by hand). Whether the job was queued.
    """
    automatic = user is None
    with transaction.atomic():
        # A worker's recovery passes over a job another one is recovering; a person waits.
        locked = ImportJob.objects.select_for_update(skip_locked=automatic)
        job = locked.filter(pk=job_id).first()
        if job is None or not job.can_requeue:
            return False
        if automatic and job.status != ImportJob.Status.INTERRUPTED:
            return False
        _task_abandon(job.task_id)
        now = timezone.now()
        if automatic and job.cancel_requested_at is not None:
            job.status = ImportJob.Status.CANCELLED
            job.finished_at = now
            job.events = [*job.events, _event("cancelled", f"after {_done_words(job)}")]
            job.save(update_fields=["status", "finished_at", "events"])
            return False
        if automatic and job.attempts >= settings.NEWSBROWSER_JOB_MAX_ATTEMPTS:
            job.status = ImportJob.Status.FAILED
            job.finished_at = now
            job.message = (
                f"Interrupted {job.attempts} times in a row; not queued again automatically. "
                "Re-queue it to try again."
            )
            job.events = [*job.events, _event("failed", job.message)]
            job.save(update_fields=["status", "finished_at", "message", "events"])
            return False
        if not automatic:
            job.attempts = 0
        job.status = ImportJob.Status.QUEUED
        job.worker = ""
        job.cancel_requested_at = None
        job.finished_at = None
        job.message = ""
        job.task_id = ""
        job_enqueue(job, save=False)
        detail = "automatically, after the interruption" if automatic else ""
        job.events = [*job.events, _event("re-queued", detail, by=user)]
        job.save()
    return True


def job_cancel(*, job_id: int, user: object | None) -> str:
    """Cancel a job: at once if no worker runs it, else its run stops at the next file boundary.

    Returns "cancelled", "stopping" (a worker will stop it) or "" (nothing to cancel).
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.can_cancel:
            return ""
        now = timezone.now()
        job.cancel_requested_at = now
        if job.status == ImportJob.Status.RUNNING:
            job.events = [
                *job.events,
                _event("cancel requested", "the worker stops at the next file", by=user),
            ]
            job.save(update_fields=["cancel_requested_at", "events"])
            return "stopping"
        before = "before it started" if job.status == ImportJob.Status.QUEUED else "while stopped"
        job.status = ImportJob.Status.CANCELLED
        job.finished_at = now
        job.events = [*job.events, _event("cancelled", before, by=user)]
        job.save(update_fields=["status", "cancel_requested_at", "finished_at", "events"])
    return "cancelled"


def _task_abandon(task_id: str) -> None:
    """Mark a task failed that a lost worker left "running" in django-tasks-db's table."""
    if not task_id:
        return
    try:
        result = DBTaskResult.objects.running().filter(id=task_id).first()
    except ValidationError:  # not a task id of this backend
        return
    if result is not None:
        result.set_failed(
            WorkerLost("The worker running this task stopped; the job was re-queued.")
        )


def _done_words(job: ImportJob) -> str:
    unit = "articles" if job.kind == ImportJob.Kind.EXTRACT else "files"
    return f"{job.processed} of {job.total} {unit}"


class _Heartbeat(threading.Thread):
    """Touches a running job's heartbeat every NEWSBROWSER_JOB_HEARTBEAT_SECONDS.

    A thread, so the job shows it is alive while the run is deep in one long parse; it has a
    database connection of its own, closed when it stops.
    """

    def __init__(self, job: ImportJob) -> None:
        super().__init__(name=f"import-job-{job.pk}-heartbeat", daemon=True)
        self.job_id = job.pk
        self.worker = job.worker
        self.interval = settings.NEWSBROWSER_JOB_HEARTBEAT_SECONDS
        self.stopping = threading.Event()

    def run(self) -> None:
        failing = False
        try:
            while not self.stopping.wait(self.interval):
                try:
                    ImportJob.objects.filter(
                        pk=self.job_id, worker=self.worker, status=ImportJob.Status.RUNNING
                    ).update(heartbeat_at=timezone.now())
                    failing = False
                except DatabaseError as error:
                    if not failing:  # once until it works again
                        logger.warning("import job %s: heartbeat failed: %s", self.job_id, error)
                    failing = True
                    connection.close()  # reconnect at the next beat
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        # A beat stuck on an unreachable database must not hold the worker up; it is a daemon.
        self.join(timeout=2)


def articles_extract(
    *, article_ids: Sequence[int], nlp: Language | None = None, batch_size: int | None = None
) -> Iterator[ImportOutcome]:
    """Run extraction again on stored articles, each stored in its own transaction."""
    batch_size = batch_size or settings.NEWSBROWSER_NLP_BATCH_SIZE
    nlp = nlp or nlp_get()
    for start in range(0, len(article_ids), batch_size):
        chunk = list(article_ids[start : start + batch_size])
        articles = Article.objects.in_bulk(chunk)
        for missing in (pk for pk in chunk if pk not in articles):
            yield ImportOutcome(f"article {missing}", "failed", "article no longer exists")
        found = [articles[pk] for pk in chunk if pk in articles]
        extractions = extractions_for([a.body for a in found], nlp=nlp, batch_size=batch_size)
        for article, extraction in zip(found, extractions, strict=True):
            with transaction.atomic():
                article_entities_replace(article=article, extraction=extraction)
            yield ImportOutcome(
                f"article {article.pk}", "updated", _found_summary(extraction), article.pk
            )


def _relabelled(outcome: ImportOutcome, folder: Path) -> ImportOutcome:
    """Name sources as uploaded ("batch.zip:a.txt"), not by their path under MEDIA_ROOT."""
    prefix = f"{folder}/"
    if not outcome.source.startswith(prefix):
        return outcome
    return replace(outcome, source=outcome.source.removeprefix(prefix))


class _JobProgress:
    """Counts a run's outcomes onto its job, saving at most every _PROGRESS_INTERVAL seconds.

    Every save is conditional on the run's lease, touches the heartbeat and notices a
    cancel request; after each part, a checkpoint.
    """

    _FIELDS = ("total", *_COUNTS, "errors")

    def __init__(self, job: ImportJob, *, resumed: bool = False) -> None:
        self.job = job
        self.saved_at = 0.0
        self.cancel_requested = False
        # A resumed run's first part is the one cut short: articles the run before stored
        # from it come back "unchanged", and are counted as what that run made them.
        self.stored_since = parse_datetime(job.checkpoint["at"]) if resumed else None
        self.recounted: set[int] = set()

    def part_run(self, part: int, outcomes: Iterable[ImportOutcome]) -> None:
        for outcome in outcomes:
            self.record(outcome)
            if outcome.files_done and self.cancel_requested:
                raise _Cancelled
        done = [*self.job.checkpoint["done"], part]
        self.job.checkpoint = _checkpoint_of(self.job, done=done, at=timezone.now())
        self.save(checkpoint=True)
        self.stored_since = None
        if self.cancel_requested:
            raise _Cancelled

    def record(self, outcome: ImportOutcome) -> None:
        if self.stored_since is not None:
            outcome = self._recounted(outcome)
        job = self.job
        job.processed += outcome.files_done
        setattr(job, outcome.status, getattr(job, outcome.status) + 1)
        if outcome.status == "failed":
            job.errors.append({"source": outcome.source, "reason": outcome.detail})
        if time.monotonic() - self.saved_at >= _PROGRESS_INTERVAL:
            self.save()

    def _recounted(self, outcome: ImportOutcome) -> ImportOutcome:
        """An article this job stored before it was cut short counts as stored, once."""
        article_id = outcome.article_id
        if outcome.status != "unchanged" or article_id is None or article_id in self.recounted:
            return outcome
        created_at = (
            Article.objects.filter(
                pk=article_id, import_job=self.job, updated_at__gte=self.stored_since
            )
            .values_list("created_at", flat=True)
            .first()
        )
        if created_at is None:
            return outcome
        self.recounted.add(article_id)
        status: ImportStatus = "imported" if created_at >= self.stored_since else "updated"
        return replace(outcome, status=status, detail="stored before the interruption")

    def save(self, *, checkpoint: bool = False) -> None:
        job = self.job
        fields = {name: getattr(job, name) for name in self._FIELDS}
        if checkpoint:
            fields["checkpoint"] = job.checkpoint
        held = ImportJob.objects.filter(
            pk=job.pk, worker=job.worker, status=ImportJob.Status.RUNNING
        ).update(heartbeat_at=timezone.now(), **fields)
        if not held:
            raise _LeaseLost
        self.cancel_requested = ImportJob.objects.filter(
            pk=job.pk, cancel_requested_at__isnull=False
        ).exists()
        self.saved_at = time.monotonic()

    def stopped_event(self, what: str, reason: str = "") -> dict[str, str]:
        """The event that ends a run: what happened, after how much, and why."""
        return _event(what, f"after {_done_words(self.job)}" + (f": {reason}" if reason else ""))
