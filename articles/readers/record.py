"""The one record every source-format reader produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from articles.unicode_forms import normal_line, without_invisible_characters

# The years a publication date may fall in. A date outside them is a misreading (a
# timestamp in milliseconds, "0000-00-00" from a database, a year typed 20016): the article
# is stored undated instead, and the pages, whose date filters carry the same bounds, never
# meet a year they cannot show.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def is_plausible_date(moment: datetime) -> bool:
    """Whether a publication date falls from FIRST_YEAR to LAST_YEAR, as its source wrote it."""
    return FIRST_YEAR <= moment.year <= LAST_YEAR


class UnreadableArticle(ValueError):
    """Raised by a reader when the text holds no article it can recognise."""


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article as read from a source file, before anything is stored."""

    title: str
    body: str
    author: str = ""
    publisher: str = ""
    url: str = ""
    published_at: datetime | None = None  # always timezone-aware when set
    image_caption: str = ""
    source_name: str = ""
    # Source fields the record has no place for (JSON keys, feed tags), kept as found.
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One article read from a source, or the reason a file or record could not be read.

    ``source`` names the file, the member inside an archive ("batch.zip:a/b.json")
    and, for files holding several articles, the record number ("feed.xml record 3").
    ``files_done`` is how many source files this item completes (1 on the last
    item of a file, 0 on the others, all the remaining members when an archive
    is refused part-way), so progress can be counted in files.
    """

    source: str
    record: ArticleRecord | None
    error: str = ""
    files_done: int = 1


def record_cleaned(record: ArticleRecord) -> ArticleRecord | UnreadableArticle:
    """The record in the form it is stored in (articles/unicode_forms.py), or why it has none.

    Names and titles in NFKC without invisible characters; the body without invisible
    characters, before any offset is computed on it; no publication date outside
    FIRST_YEAR..LAST_YEAR: the record is undated instead, and its
    metadata keeps the dropped date as ``date_dropped``.
    """
    body = without_invisible_characters(record.body)
    if not body.strip():
        return UnreadableArticle("the article text is only invisible characters")
    published_at, metadata = record.published_at, record.metadata
    if published_at is not None and not is_plausible_date(published_at):
        # Kept in the metadata, so the article page shows what the source said.
        metadata = {**metadata, "date_dropped": published_at.isoformat()}
        published_at = None
    return replace(
        record,
        published_at=published_at,
        metadata=metadata,
        title=normal_line(record.title),
        body=body,
        author=normal_line(record.author),
        publisher=normal_line(record.publisher),
        image_caption=normal_line(record.image_caption),
    )
