"""Reader for RSS and Atom feeds that carry each article's full content."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from articles.readers.dates import aware_datetime
from articles.readers.html_page import paragraphs_from_html
from articles.readers.json_records import NumberedRecord
from articles.readers.record import ArticleRecord, UnreadableArticle

# Entry keys the record has fields for; the rest of a plain-valued entry goes to metadata.
_MAPPED = frozenset(
    {"title", "title_detail", "content", "summary", "summary_detail", "link", "links"}
    | {"author", "author_detail", "authors", "published", "published_parsed", "updated"}
    | {"updated_parsed", "source"}
)

# A numeric character reference (&#55296; or &#xD800;).
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")


def records_from_feed(data: bytes, *, source_name: str = "") -> Iterator[NumberedRecord]:
    """Each entry of an RSS or Atom document, numbered from 1.

    The bytes are parsed as given: feedparser fetches nothing when handed a
    document rather than a URL, and relative links stay relative.
    """
    parsed = feedparser.parse(
        _characters_referable(data), resolve_relative_uris=False, sanitize_html=True
    )
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no <rss> or <feed> element"
        raise UnreadableArticle(f"not an RSS or Atom feed: {reason}")
    if not parsed.entries:
        raise UnreadableArticle("feed has no items")
    publisher = " ".join((parsed.feed.get("title") or "").split())
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield number, _article(entry, publisher=publisher, source_name=source_name)
        except UnreadableArticle as error:
            yield number, error


def _characters_referable(data: bytes) -> bytes:
    """The feed with references to what is no character (NUL, a lone surrogate, beyond
    U+10FFFF) made U+FFFD, as XML requires of a reader; feedparser raises on them."""
    return _CHARACTER_REFERENCE.sub(_referable, data)


def _referable(match: re.Match[bytes]) -> bytes:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return b"&#xFFFD;"
    return match.group()


def _article(entry: Any, *, publisher: str, source_name: str) -> ArticleRecord:
    contents = entry.get("content") or []
    html = max((part.get("value") or "" for part in contents), key=len, default="")
    body = paragraphs_from_html(html or entry.get("summary") or "")
    if not body:
        raise UnreadableArticle("feed item has no content")
    title = " ".join(paragraphs_from_html(entry.get("title") or "").split())
    if not title:
        raise UnreadableArticle("feed item has no title")
    return ArticleRecord(
        title=title,
        body=body,
        # RSS writes "desk@example.org (Ann Lee)"; feedparser splits the name out.
        author=(entry.get("author_detail") or {}).get("name") or entry.get("author") or "",
        publisher=publisher,
        url=entry.get("link") or "",
        published_at=_entry_date(entry),
        source_name=source_name,
        metadata=_metadata(entry),
    )


def _metadata(entry: Any) -> dict[str, Any]:
    """The entry's other plain values (id, comments, ...) and its categories as "tags"."""
    found = {
        key: value
        for key, value in entry.items()
        if key not in _MAPPED and key != "tags" and isinstance(value, str | int | float | bool)
    }
    tags = [tag.get("term") for tag in entry.get("tags") or [] if tag.get("term")]
    if tags:
        found["tags"] = tags
    return found


def _entry_date(entry: Any) -> datetime | None:
    for key in ("published", "updated"):
        moment = entry.get(f"{key}_parsed")
        if moment is not None:  # a UTC struct_time
            return datetime.fromtimestamp(calendar.timegm(moment), tz=UTC)
        if entry.get(key):
            found = aware_datetime(entry[key])
            if found is not None:
                return found
    return None
