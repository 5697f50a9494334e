"""The import service: source files in, articles with their entities out.

The import command and the admin's import page (through a background job) call
the same functions here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
    reset_queries,
    transaction,
)
from django.utils import timezone
from spacy.language import Language

from articles.models import (
    METADATA_FIELDS,
    SOURCE_FIELDS,
    Article,
    ImportJob,
    ImportUpload,
    content_hash_for,
)
from articles.readers import ArticleRecord, ReadLimits, items_from_path, source_file_count
from entities.nlp.extract import extractions_for
from entities.nlp.results import ArticleExtraction
from entities.services import (
    article_entities_replace,
    nlp_get,
    people_of_articles,
    people_settle,
)

logger = logging.getLogger(__name__)

ImportStatus = Literal["imported", "updated", "unchanged", "failed"]

# Concurrent imports can collide on the same URL or person, or deadlock; a
# second attempt sees the other import's committed rows and settles it.
_STORE_ATTEMPTS = 3
# An import job writes its progress at most this often (seconds).
_PROGRESS_INTERVAL = 0.5


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


@dataclass(frozen=True, slots=True)
class _Pending:
    source: str
    record: ArticleRecord
    content_hash: str
    files_done: int


def read_limits() -> ReadLimits:
    """The configured size limits (NEWSBROWSER_MAX_FILE_BYTES, NEWSBROWSER_MAX_ARCHIVE_BYTES)."""
    return ReadLimits(
        max_file_bytes=settings.NEWSBROWSER_MAX_FILE_BYTES,
        max_archive_bytes=settings.NEWSBROWSER_MAX_ARCHIVE_BYTES,
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

    Each article is written in its own transaction; a bad file or record is
    reported and skipped. ``force`` extracts known articles again; ``update``
    writes the new date, title, author, URL and outlet of a known article whose
    body is unchanged, without extracting it again; ``dry_run`` reads and
    extracts but writes nothing.
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
    pending: list[_Pending] = []
    for path in source_files(paths):
        if isinstance(path, ImportOutcome):
            yield path
            continue
        for item in items_from_path(path, limits=limits):
            if item.record is None:
                yield ImportOutcome(item.source, "failed", item.error, files_done=item.files_done)
                continue
            digest = content_hash_for(title=item.record.title, body=item.record.body)
            pending.append(_Pending(item.source, item.record, digest, item.files_done))
            if len(pending) >= batch_size:
                yield from run.batch_import(pending)
                pending = []
                # With DEBUG on, Django keeps the last 9,000 queries, article bodies
                # and all; a long import would hold them for nothing.
                reset_queries()
    if pending:
        yield from run.batch_import(pending)


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

    def batch_import(self, pending: list[_Pending]) -> Iterator[ImportOutcome]:
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
                yield self._metadata_update(item, article)
            elif item.content_hash in known and not self.force:
                yield ImportOutcome(
                    item.source, "unchanged", "", known[item.content_hash], item.files_done
                )
            else:
                fresh.append(item)
        if not fresh:
            return
        # Loaded only when there is something new: re-importing known files needs no model.
        self.nlp = self.nlp or nlp_get()
        extractions = self._extractions_isolated([p.record.body for p in fresh])
        for item, extraction in zip(fresh, extractions, strict=True):
            if isinstance(extraction, Exception):
                yield ImportOutcome(
                    item.source,
                    "failed",
                    f"extraction failed: {extraction}",
                    files_done=item.files_done,
                )
            elif self.dry_run:
                yield self._dry_run_outcome(item, extraction)
            else:
                yield self._article_store(item, extraction)

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
            with transaction.atomic():
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
        assert self.nlp is not None
        try:
            return list(
                extractions_for(
                    bodies, nlp=self.nlp, batch_size=self.batch_size, n_process=self.processes
                )
            )
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
        existing = _article_for(item)
        status: ImportStatus = "updated" if existing else "imported"
        return ImportOutcome(
            item.source,
            status,
            f"dry run: {_found_summary(extraction)}",
            existing.pk if existing else None,
            item.files_done,
        )

    def _article_store(self, item: _Pending, extraction: ArticleExtraction) -> ImportOutcome:
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
                    article = self._article_save(item, article or Article())
                    article_entities_replace(article=article, extraction=extraction)
            except (IntegrityError, OperationalError) as error:
                # Another import stored the same article, URL or person meanwhile.
                existing = Article.objects.filter(content_hash=item.content_hash).first()
                if existing is not None and not self.force:
                    return ImportOutcome(item.source, "unchanged", "", existing.pk, item.files_done)
                if attempt == _STORE_ATTEMPTS:
                    logger.exception("storing %s failed", item.source)
                    return ImportOutcome(
                        item.source,
                        "failed",
                        f"database refused the article: {error}",
                        files_done=item.files_done,
                    )
            except DatabaseError as error:
                logger.exception("storing %s failed", item.source)
                return ImportOutcome(
                    item.source, "failed", f"database error: {error}", files_done=item.files_done
                )
            except Exception as error:
                # A bug met by one article must not stop the import of the others.
                logger.exception("storing %s failed", item.source)
                return ImportOutcome(
                    item.source,
                    "failed",
                    f"storing failed: {type(error).__name__}: {error}",
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
    with transaction.atomic():
        people = people_of_articles(article_ids=article_ids)
        _, deleted = Article.objects.filter(pk__in=article_ids).delete()
        people_settle(person_ids=people)
    return deleted.get(Article._meta.label, 0)


# --- Background jobs (admin import, re-extraction) -----------------------------


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
    from articles.tasks import import_job_task  # the task module imports this one

    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.IMPORT,
            created_by=user if getattr(user, "pk", None) else None,
            total=len(refused),
            processed=len(refused),
            failed=len(refused),
            errors=[{"source": name, "reason": reason} for name, reason in refused],
            update_existing=update_existing,
        )
        for upload in files:
            ImportUpload.objects.create(job=job, file=upload, name=upload.name, size=upload.size)
        # The database backend stores the task in this transaction: job and task exist together.
        job.task_id = import_job_task.enqueue(job.pk).id
        job.save(update_fields=["task_id"])
    return job


def extraction_job_create(*, article_ids: Sequence[int], user: object | None) -> ImportJob:
    """Queue a job that runs extraction again on the given articles."""
    from articles.tasks import import_job_task

    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.EXTRACT,
            created_by=user if getattr(user, "pk", None) else None,
            article_ids=sorted(article_ids),
            total=len(article_ids),
        )
        job.task_id = import_job_task.enqueue(job.pk).id
        job.save(update_fields=["task_id"])
    return job


def import_job_run(*, job_id: int, nlp: Language | None = None) -> ImportJob:
    """Run a queued job, recording its progress, counts and errors on the ImportJob row."""
    job = ImportJob.objects.get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    progress = _JobProgress(job)
    try:
        if job.kind == ImportJob.Kind.EXTRACT:
            outcomes = articles_extract(article_ids=job.article_ids, nlp=nlp)
        else:
            folder = Path(settings.MEDIA_ROOT) / "imports" / f"job-{job.pk}"
            paths = [Path(upload.file.path) for upload in job.uploads.all()]
            # Files refused at upload are already counted as processed (and failed).
            job.total = job.processed + source_total(paths=paths)
            job.save(update_fields=["total"])
            outcomes = articles_import(
                paths=paths, nlp=nlp, import_job=job, update=job.update_existing
            )
            outcomes = (_relabelled(outcome, folder) for outcome in outcomes)
        for outcome in outcomes:
            progress.record(outcome)
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.message = f"{type(error).__name__}: {error}"
    else:
        if job.failed and not job.articles_done:
            # Nothing stored and something failed: the job failed, whatever ran to the end.
            job.status = ImportJob.Status.FAILED
            if job.kind == ImportJob.Kind.EXTRACT:
                job.message = "Every article failed; nothing was extracted."
            else:
                job.message = "Every file failed; nothing was imported."
        else:
            job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    progress.save()
    return job


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
    return ImportOutcome(
        outcome.source.removeprefix(prefix),
        outcome.status,
        outcome.detail,
        outcome.article_id,
        outcome.files_done,
    )


class _JobProgress:
    """Counts outcomes onto the job row, saving at most every _PROGRESS_INTERVAL seconds."""

    _FIELDS = ("total", "processed", "imported", "updated", "unchanged", "failed", "errors")

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.saved_at = 0.0

    def record(self, outcome: ImportOutcome) -> None:
        job = self.job
        job.processed += outcome.files_done
        setattr(job, outcome.status, getattr(job, outcome.status) + 1)
        if outcome.status == "failed":
            job.errors.append({"source": outcome.source, "reason": outcome.detail})
        if time.monotonic() - self.saved_at >= _PROGRESS_INTERVAL:
            self.save()

    def save(self) -> None:
        self.job.save(update_fields=[*self._FIELDS, "status", "finished_at", "message"])
        self.saved_at = time.monotonic()
