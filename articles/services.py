"""The import service: source files in, articles with their entities out.

The import command and the admin call the same functions here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from spacy.language import Language

from articles.models import Article, content_hash_for
from articles.readers import ArticleRecord, UnreadableArticle, records_from_file
from entities.nlp.extract import extractions_for
from entities.nlp.results import ArticleExtraction
from entities.services import article_entities_replace, nlp_get

logger = logging.getLogger(__name__)

ImportStatus = Literal["imported", "updated", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one article (or one file that yielded none)."""

    source: str
    status: ImportStatus
    detail: str = ""
    article_id: int | None = None


@dataclass(frozen=True, slots=True)
class _Pending:
    source: str
    record: ArticleRecord
    content_hash: str


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


def articles_import(
    *, paths: Sequence[Path], batch_size: int | None = None, nlp: Language | None = None
) -> Iterator[ImportOutcome]:
    """Import every article in ``paths``, yielding one outcome per article as it lands.

    Each article is written in its own transaction; a bad file is reported and skipped.
    """
    batch_size = batch_size or settings.NEWSBROWSER_NLP_BATCH_SIZE
    pending: list[_Pending] = []
    for item in source_files(paths):
        if isinstance(item, ImportOutcome):
            yield item
            continue
        try:
            records = records_from_file(item, max_bytes=settings.NEWSBROWSER_MAX_FILE_BYTES)
        except UnreadableArticle as error:
            yield ImportOutcome(str(item), "failed", str(error))
            continue
        except OSError as error:
            yield ImportOutcome(str(item), "failed", f"cannot read: {error.strerror or error}")
            continue
        for record in records:
            digest = content_hash_for(title=record.title, body=record.body)
            pending.append(_Pending(str(item), record, digest))
        if len(pending) >= batch_size:
            yield from _batch_import(pending, batch_size=batch_size, nlp=nlp)
            pending = []
    if pending:
        yield from _batch_import(pending, batch_size=batch_size, nlp=nlp)


def _batch_import(
    pending: list[_Pending], *, batch_size: int, nlp: Language | None
) -> Iterator[ImportOutcome]:
    known = dict(
        Article.objects.filter(content_hash__in=[p.content_hash for p in pending]).values_list(
            "content_hash", "id"
        )
    )
    fresh: list[_Pending] = []
    for item in pending:
        if item.content_hash in known:
            yield ImportOutcome(item.source, "unchanged", "", known[item.content_hash])
        elif any(other.content_hash == item.content_hash for other in fresh):
            yield ImportOutcome(item.source, "unchanged", "same article as an earlier file")
        else:
            fresh.append(item)
    if not fresh:
        return
    # Loaded only when there is something new: re-importing known files needs no model.
    nlp = nlp or nlp_get()
    extractions = _extractions_isolated(
        [p.record.body for p in fresh], nlp=nlp, batch_size=batch_size
    )
    for item, extraction in zip(fresh, extractions, strict=True):
        if isinstance(extraction, Exception):
            yield ImportOutcome(item.source, "failed", f"extraction failed: {extraction}")
            continue
        yield _article_store(item, extraction)


def _extractions_isolated(
    bodies: list[str], *, nlp: Language, batch_size: int
) -> list[ArticleExtraction | Exception]:
    """Extract in one batch; if the batch fails, redo it text by text to isolate the culprit."""
    try:
        return list(extractions_for(bodies, nlp=nlp, batch_size=batch_size))
    except Exception:
        logger.exception("batch extraction failed; retrying article by article")
    results: list[ArticleExtraction | Exception] = []
    for body in bodies:
        try:
            results.extend(extractions_for([body], nlp=nlp, batch_size=1))
        except Exception as error:
            results.append(error)
    return results


def _article_store(item: _Pending, extraction: ArticleExtraction) -> ImportOutcome:
    record = item.record
    try:
        with transaction.atomic():
            article = Article.objects.filter(url=record.url).first() if record.url else None
            status: ImportStatus = "updated" if article else "imported"
            article = article or Article()
            for field in (
                "title",
                "body",
                "author",
                "publisher",
                "url",
                "published_at",
                "image_caption",
                "source_name",
            ):
                setattr(article, field, getattr(record, field))
            article.content_hash = item.content_hash
            article.save()
            article_entities_replace(article=article, extraction=extraction)
    except IntegrityError:
        # Another import stored the same article between our check and our write.
        existing = Article.objects.filter(content_hash=item.content_hash).first()
        if existing is not None:
            return ImportOutcome(item.source, "unchanged", "", existing.pk)
        logger.exception("storing %s failed", item.source)
        return ImportOutcome(item.source, "failed", "database refused the article")
    except DatabaseError as error:
        logger.exception("storing %s failed", item.source)
        return ImportOutcome(item.source, "failed", f"database error: {error}")
    detail = (
        f"{len({m.name for m in extraction.people})} people, "
        f"{len({m.iso2 for m in extraction.countries})} countries, "
        f"{len(extraction.statements)} statements"
    )
    return ImportOutcome(item.source, status, detail, article.pk)
