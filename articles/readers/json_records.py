"""Readers for JSON (one article object, or an array of them) and JSON Lines.

Fields: ``title``, ``body`` or ``text``, ``url``, ``author``, ``published_at``
(ISO 8601 or a common date form), ``publisher``. A few common synonyms are
accepted; every other field is kept, as found, in the record's metadata.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from articles.readers.dates import aware_datetime
from articles.readers.record import ArticleRecord, UnreadableArticle

# Our field, then the names other exporters use for it, in order of preference.
_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("body", "text", "content", "article_body", "articleBody"),
    "url": ("url", "link", "canonical_url"),
    "author": ("author", "authors", "byline"),
    "published_at": ("published_at", "published", "date", "datePublished", "pubDate"),
    "publisher": ("publisher", "source", "site_name", "sitename"),
    "image_caption": ("image_caption", "caption"),
}

# A numbered item: the article, or why that record was skipped.
NumberedRecord = tuple[int, ArticleRecord | UnreadableArticle]

# Articles are objects with a few nested values (authors, tags); exporters nest a few
# levels more. Deeper documents are refused before they are parsed.
MAX_DEPTH = 64
# No count or date an article carries needs more digits; Python's int() itself refuses
# 4,300, and big numbers cost quadratic time to convert.
MAX_NUMBER_CHARS = 100

# A JSON string (escapes included), to be skipped when brackets are counted.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def records_from_json(text: str, *, source_name: str = "") -> Iterator[NumberedRecord]:
    """Each article in a JSON document: one object (numbered 0), or an array numbered from 1."""
    document = json_document(text)
    if isinstance(document, dict):
        yield 0, _record_or_error(document, source_name=source_name)
        return
    if not isinstance(document, list):
        raise UnreadableArticle("JSON holds neither an article object nor an array of them")
    if not document:
        raise UnreadableArticle("JSON array is empty")
    for number, item in enumerate(document, start=1):
        yield number, _record_or_error(item, source_name=source_name)


def records_from_json_lines(text: str, *, source_name: str = "") -> Iterator[NumberedRecord]:
    """Each article in a JSON Lines file, numbered by line; blank lines are skipped."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        try:
            item = json_document(line)
        except UnreadableArticle as error:
            yield number, error
            continue
        yield number, _record_or_error(item, source_name=source_name)
    if not found:
        raise UnreadableArticle("empty file")


def json_document(text: str) -> Any:
    """Parse JSON within MAX_DEPTH and MAX_NUMBER_CHARS; raise UnreadableArticle if it is not.

    The depth is measured before parsing, by a loop rather than recursion, so a document
    of a million brackets costs one pass and no stack.
    """
    if _depth_over(text, MAX_DEPTH):
        raise UnreadableArticle(f"JSON nested more than {MAX_DEPTH} levels deep; refused")
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        raise UnreadableArticle(f"invalid JSON: {error}") from error
    except RecursionError as error:  # the limit above makes this unreachable; stay safe
        raise UnreadableArticle("JSON nested too deeply; refused") from error


def _depth_over(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` anywhere in ``text``."""
    brackets = _NOT_BRACKETS.sub("", _STRING.sub("", text))
    depth = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_CHARS:
        raise UnreadableArticle(
            f"JSON number of {len(digits):,} characters, over the {MAX_NUMBER_CHARS}-character "
            "limit; refused"
        )
    return int(digits)


def _float(digits: str) -> float:
    if len(digits) > MAX_NUMBER_CHARS:
        _int(digits)  # the same refusal
    number = float(digits)
    if not math.isfinite(number):
        raise UnreadableArticle(f"JSON number {digits} is too large; refused")
    return number


def _not_a_number(name: str) -> float:
    raise UnreadableArticle(f"JSON holds {name}, which is not a number in standard JSON; refused")


def _record_or_error(item: Any, *, source_name: str) -> ArticleRecord | UnreadableArticle:
    try:
        return article_from_mapping(item, source_name=source_name)
    except UnreadableArticle as error:
        return error


def article_from_mapping(item: Any, *, source_name: str = "") -> ArticleRecord:
    """An article from one JSON object; raise UnreadableArticle naming what is missing."""
    if not isinstance(item, dict):
        raise UnreadableArticle(f"expected an article object, found {_json_type(item)}")
    values: dict[str, Any] = {}
    used: set[str] = set()
    for name, keys in _FIELDS.items():
        for key in keys:
            if key in item and item[key] not in (None, "", []):
                values[name] = item[key]
                used.add(key)
                break
    body = _text(values.get("body"))
    if not body.strip():
        raise UnreadableArticle('no article text (expected a "body" or "text" field)')
    title = " ".join(_text(values.get("title")).split())
    if not title:
        raise UnreadableArticle('no "title" field')
    published_at = aware_datetime(values.get("published_at"))
    if published_at is None:
        # An unreadable date costs the article its date, not its place; the
        # value stays in the metadata under its own key.
        used -= set(_FIELDS["published_at"])
    return ArticleRecord(
        title=title,
        body=body.replace("\r\n", "\n").replace("\r", "\n").strip(),
        author=_names(values.get("author")),
        publisher=_names(values.get("publisher")),
        url=_text(values.get("url")).strip(),
        published_at=published_at,
        image_caption=_text(values.get("image_caption")).strip(),
        source_name=source_name,
        metadata={key: value for key, value in item.items() if key not in used},
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # body as a list of paragraphs
        return "\n\n".join(_text(part) for part in value)
    return value if isinstance(value, str) else str(value)


def _names(value: Any) -> str:
    """Author or publisher given as a string, an object with a name, or a list of those."""
    if isinstance(value, list):
        return ", ".join(name for name in map(_names, value) if name)
    if isinstance(value, dict):
        return _text(value.get("name")).strip()
    return " ".join(_text(value).split())


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )
