"""The one record every source-format reader produces."""

from __future__ import annotations

import re
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


# What no database can store as text: NUL (PostgreSQL refuses it) and lone UTF-16
# surrogates (not characters at all: they cannot be encoded, hashed or sent). Files reach
# them through escapes ("\u0000", "\ud800" in JSON, "&#xD800;" in XML) or UTF-16 text.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Columns of Article (articles/models.py): an identity field longer than its column is
# refused; a display field is cut to fit.
_TITLE_CHARS = 500
_URL_CHARS = 1000
_DISPLAY_CHARS = {"author": 300, "publisher": 200}


def storable_text(text: str) -> str:
    """``text`` without NUL characters, each lone surrogate replaced by U+FFFD."""
    return _UNSTORABLE.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    return "" if match.group() == "\x00" else "\ufffd"


def storable_value(value: Any) -> Any:
    """A metadata value with storable_text applied to every string in it, keys too.

    Values come from parsed JSON, whose depth the reader bounds (json_records.MAX_DEPTH).
    """
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable_text(str(key)): storable_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable_value(item) for item in value]
    return value


def record_cleaned(record: ArticleRecord) -> ArticleRecord | UnreadableArticle:
    """The record in the form it is stored in (articles/unicode_forms.py), or why it has none.

    Names and titles in NFKC without invisible characters; the body without invisible
    characters, before any offset is computed on it. Characters no database stores (NUL,
    lone surrogates) are dropped or replaced everywhere, metadata included. No publication
    date outside FIRST_YEAR..LAST_YEAR: the record is undated instead, and its metadata
    keeps the dropped date as ``date_dropped``.
    """
    body = without_invisible_characters(storable_text(record.body))
    if not body.strip():
        return UnreadableArticle("the article text is only invisible characters")
    title = normal_line(storable_text(record.title))
    if len(title) > _TITLE_CHARS:
        return UnreadableArticle(
            f"title is {len(title):,} characters, over the {_TITLE_CHARS}-character limit"
        )
    url = storable_text(record.url)
    if len(url) > _URL_CHARS:
        return UnreadableArticle(
            f"URL is {len(url):,} characters, over the {_URL_CHARS}-character limit"
        )
    display = {
        name: _cut(normal_line(storable_text(getattr(record, name))), limit)
        for name, limit in _DISPLAY_CHARS.items()
    }
    published_at, metadata = record.published_at, record.metadata
    if published_at is not None and not is_plausible_date(published_at):
        # Kept in the metadata, so the article page shows what the source said.
        metadata = {**metadata, "date_dropped": published_at.isoformat()}
        published_at = None
    return replace(
        record,
        published_at=published_at,
        title=title,
        body=body,
        url=url,
        image_caption=normal_line(storable_text(record.image_caption)),
        source_name=storable_text(record.source_name),
        metadata=storable_value(dict(metadata)),
        **display,
    )


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;") + "\u2026"
