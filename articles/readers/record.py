"""The one record every source-format reader produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from articles.unicode_forms import normal_line, without_invisible_characters


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
    characters, before any offset is computed on it.
    """
    body = without_invisible_characters(record.body)
    if not body.strip():
        return UnreadableArticle("the article text is only invisible characters")
    return replace(
        record,
        title=normal_line(record.title),
        body=body,
        author=normal_line(record.author),
        publisher=normal_line(record.publisher),
        image_caption=normal_line(record.image_caption),
    )
