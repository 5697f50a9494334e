"""Source-format readers: each turns a source file into ArticleRecords.

One small module per format; ``items_from_path`` picks the reader by file
suffix, or by sniffing the content when the suffix says nothing, and turns
every failure into an item that says which file (and record) and why.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from articles.readers.archive import member_count, members_from_zip
from articles.readers.dates import published_at_from_path
from articles.readers.decoding import text_from_bytes, text_too_long
from articles.readers.feed import records_from_feed
from articles.readers.html_page import article_from_html, page_text_chars
from articles.readers.json_records import (
    NumberedRecord,
    records_from_json,
    records_from_json_lines,
)
from articles.readers.record import (
    ArticleRecord,
    SourceItem,
    UnreadableArticle,
    record_cleaned,
)
from articles.readers.scraped_text import article_from_text

__all__ = [
    "ArticleRecord",
    "ReadLimits",
    "SourceItem",
    "UnreadableArticle",
    "file_format",
    "items_from_bytes",
    "items_from_path",
    "source_file_count",
    "unexpected_failure",
]

FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".zip": "zip",
}
SUPPORTED = ", ".join(sorted(FORMAT_BY_SUFFIX)) + " (or no extension)"
_SNIFF_BYTES = 2048
_MAX_SOURCE_NAME = 500  # Article.source_name
# spaCy's own default nlp.max_length: the default of NEWSBROWSER_MAX_TEXT_CHARS.
DEFAULT_MAX_TEXT_CHARS = 1_000_000
# No encoding this project reads spends more than four bytes on a character.
_MAX_BYTES_PER_CHAR = 4
# A news page has a few thousand elements, a full-content feed of fifty items about as
# many; twenty thousand is a page built to exhaust the parser, refused before parsing.
MAX_ELEMENTS = 20_000
_START_TAG = re.compile(r"<[A-Za-z]")
# Feeds carry their items' HTML escaped; it is parsed too.
_START_TAG_OR_ESCAPED = re.compile(r"<[A-Za-z]|&lt;[A-Za-z]")
# Entity declarations (and DTDs declaring anything) are how XML expands a few bytes into
# gigabytes or reads local files; no feed needs them. A bare <!DOCTYPE rss ...> naming an
# external DTD is harmless: nothing is fetched.
_DECLARATIONS = re.compile(r"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Size limits for one file and for everything one archive expands to (bytes), and for
    the text of one article (characters: longer texts are refused before they are parsed)."""

    max_file_bytes: int
    max_archive_bytes: int
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS


def items_from_path(path: Path, *, limits: ReadLimits) -> Iterator[SourceItem]:
    """Every article in a file, or items saying why the file or one of its records failed."""
    label = str(path)
    try:
        size = path.stat().st_size
        is_zip = _format_for(path.name, _head(path)) == "zip"
        max_bytes = limits.max_archive_bytes if is_zip else limits.max_file_bytes
        if size > max_bytes:
            yield _failure(label, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
            return
        if is_zip:
            with path.open("rb") as file:
                yield from _items_from_zip(file, label=label, name=path.name, limits=limits)
            return
        data = path.read_bytes()
    except OSError as error:
        yield _failure(label, f"cannot read: {error.strerror or error}")
        return
    yield from items_from_bytes(data, name=path.name, label=label, limits=limits)


def items_from_bytes(
    data: bytes,
    *,
    name: str,
    label: str,
    limits: ReadLimits,
    in_archive: bool = False,
    source_name: str = "",
) -> Iterator[SourceItem]:
    """Every article in one file's bytes; ``name`` (with its suffix) chooses the reader.

    ``label`` names the file in reports, ``source_name`` (default: ``name``) on the articles.
    """
    kind = _format_for(name, data[:_SNIFF_BYTES])
    if kind is None:
        suffix = PurePosixPath(name).suffix.lower()
        yield _failure(
            label,
            f"unsupported file type {suffix!r}; supported: {SUPPORTED}"
            if suffix not in FORMAT_BY_SUFFIX
            else "unsupported content",
        )
        return
    if kind == "zip":
        if in_archive:
            yield _failure(label, "archive inside an archive is not supported")
        else:
            yield from _items_from_zip(io.BytesIO(data), label=label, name=name, limits=limits)
        return
    path = source_name or name
    source_name = path[-_MAX_SOURCE_NAME:]
    try:
        records = _numbered_records(kind, data, source_name=source_name, limits=limits)
        numbered = list(_records_cleaned(records, max_text_chars=limits.max_text_chars))
    except UnreadableArticle as error:
        yield _failure(label, str(error))
        return
    except Exception as error:
        # Whatever a parser raises on a hostile file fails that file, not the import.
        logger.warning("reading %s failed", label, exc_info=True)
        yield _failure(label, unexpected_failure(error))
        return
    if not numbered:
        yield _failure(label, "no articles found")
        return
    for index, (number, found) in enumerate(numbered):
        source = f"{label} record {number}" if number else label
        last = index == len(numbered) - 1
        if isinstance(found, UnreadableArticle):
            yield SourceItem(source, None, str(found), files_done=int(last))
        else:
            yield SourceItem(source, _dated_by_path(found, path), files_done=int(last))


def unexpected_failure(error: Exception, *, stage: str = "read") -> str:
    """A per-file reason for an exception no reader anticipated: what it was, briefly.

    Hostile files make messages that quote them; the message is cut to keep reports short.
    """
    if isinstance(error, RecursionError):
        reason = "nested too deeply to parse"
    elif isinstance(error, UnicodeError):
        reason = f"holds text that is not valid Unicode ({error.__class__.__name__})"
    else:
        detail = " ".join(str(error).split())
        if len(detail) > 200:
            detail = detail[:199] + "\u2026"
        reason = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return f"could not be {stage}: {reason}"


def _dated_by_path(record: ArticleRecord, path: str) -> ArticleRecord:
    """The record with the date its file name or archive path gives, when its text gives none."""
    if record.published_at is not None:
        return record
    published_at = published_at_from_path(path)
    if published_at is None:
        return record
    metadata = {**record.metadata, "date_from": "file name"}
    return replace(record, published_at=published_at, metadata=metadata)


def source_file_count(path: Path) -> int:
    """How many source files a file stands for: its members if it is a ZIP archive, else 1."""
    try:
        if _format_for(path.name, _head(path)) != "zip":
            return 1
        with path.open("rb") as file:
            return max(member_count(file), 1)
    except OSError:
        return 1


def _numbered_records(
    kind: str, data: bytes, *, source_name: str, limits: ReadLimits
) -> Iterator[NumberedRecord]:
    """(record number, record or error) pairs; number 0 for a file that holds one article."""
    if kind == "html":
        text = text_from_bytes(data)  # refuses binary and empty files with a clear reason
        _within_elements(text, _START_TAG)
        # The article is part of the page's text: a page with more text than the limit
        # cannot hold an article within it, and extracting from it costs seconds a megabyte.
        page_text = page_text_chars(data)
        if page_text > limits.max_text_chars:
            raise UnreadableArticle(
                f"the page holds {page_text:,} characters of text, over the "
                f"{limits.max_text_chars:,}-character limit (NEWSBROWSER_MAX_TEXT_CHARS)"
            )
        yield 0, article_from_html(data, source_name=source_name)
    elif kind == "feed":
        text = text_from_bytes(data)
        if _DECLARATIONS.search(text):
            raise UnreadableArticle(
                "the feed declares entities (<!ENTITY> or a DTD with declarations); refused"
            )
        _within_elements(text, _START_TAG_OR_ESCAPED)
        yield from records_from_feed(data, source_name=source_name)
    elif kind in ("json", "jsonl"):
        text = text_from_bytes(data)
        reader = records_from_json if kind == "json" else records_from_json_lines
        yield from reader(text, source_name=source_name)
    else:
        # The whole file is the article: refused by its size alone when no encoding could
        # make it short enough, else as soon as it is decoded, long before it is parsed.
        max_chars = limits.max_text_chars
        if len(data) > _MAX_BYTES_PER_CHAR * max_chars:
            raise UnreadableArticle(
                f"file is {len(data):,} bytes, more text than the {max_chars:,}-character "
                "limit (NEWSBROWSER_MAX_TEXT_CHARS) in any encoding"
            )
        text = text_from_bytes(data, max_chars=max_chars)
        yield 0, article_from_text(text, source_name=source_name)


def _within_elements(text: str, start_tag: re.Pattern[str]) -> None:
    """Refuse markup with more than MAX_ELEMENTS start tags, counted before it is parsed."""
    for count, _ in enumerate(start_tag.finditer(text), start=1):
        if count > MAX_ELEMENTS:
            raise UnreadableArticle(f"more than {MAX_ELEMENTS:,} elements in one document; refused")


def _records_cleaned(
    numbered: Iterator[NumberedRecord], *, max_text_chars: int
) -> Iterator[NumberedRecord]:
    """Each record in the form it is stored in, before anything is keyed or hashed on it.

    An article text longer than ``max_text_chars`` is refused here, before it is parsed.
    """
    for number, found in numbered:
        if isinstance(found, UnreadableArticle):
            yield number, found
        elif len(found.body) > max_text_chars:
            yield number, UnreadableArticle(text_too_long(len(found.body), max_text_chars))
        else:
            yield number, record_cleaned(found)


def _items_from_zip(
    file: io.BufferedIOBase | io.BytesIO, *, label: str, name: str, limits: ReadLimits
) -> Iterator[SourceItem]:
    expected = member_count(file)
    file.seek(0)
    members = members_from_zip(
        file, max_member_bytes=limits.max_file_bytes, max_expanded_bytes=limits.max_archive_bytes
    )
    done = 0
    try:
        for member, data in members:
            member_label = f"{label}:{member}"
            if isinstance(data, UnreadableArticle):
                items: Iterator[SourceItem] = iter([_failure(member_label, str(data))])
            else:
                items = items_from_bytes(
                    data,
                    name=member,
                    label=member_label,
                    limits=limits,
                    in_archive=True,
                    source_name=f"{name}:{member}",
                )
            for item in items:
                done += item.files_done
                yield item
        if done == 0:
            # Only hidden members (.DS_Store, __MACOSX/): the archive is still one file done.
            yield _failure(label, "archive holds no files to import, only hidden ones")
    except Exception as error:
        # The members not read are done too: progress must still reach its total.
        if isinstance(error, UnreadableArticle):
            reason = str(error)
        else:
            logger.warning("reading archive %s failed", label, exc_info=True)
            reason = unexpected_failure(error)
        yield SourceItem(label, None, reason, files_done=max(expected - done, 1))


def file_format(*, name: str, head: bytes) -> str | None:
    """The format a file would be read as (from its name, else its first bytes); None if unknown."""
    return _format_for(name, head[:_SNIFF_BYTES])


def _format_for(name: str, head: bytes) -> str | None:
    """The reader for a file: by suffix, else by content; None when neither says."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in FORMAT_BY_SUFFIX:
        return FORMAT_BY_SUFFIX[suffix]
    sniffed = _sniffed_format(head)
    if sniffed is None and suffix == "":
        return "text"  # scrapers often save pages with no extension at all
    return sniffed


def _sniffed_format(head: bytes) -> str | None:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed", b"<rdf")):
        if any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        return "html" if b"<html" in start else None
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        first_line = start.split(b"\n", 1)[0].rstrip()
        return "jsonl" if first_line.endswith(b"}") and b"\n{" in start else "json"
    return None


def _head(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(_SNIFF_BYTES)


def _failure(source: str, reason: str) -> SourceItem:
    return SourceItem(source, None, reason)
