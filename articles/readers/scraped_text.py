"""Reader for plain text scraped from a news page.

Such text starts with a header zone (title, perhaps a cleaner copy of the title,
image caption and credit, byline, date, in any order, any of them missing),
then the body paragraphs, then often page furniture ("Related content", ...);
ad markers and promotion lines ("READ MORE: ...") may stand between paragraphs
too (see page_furniture). The reader classifies lines rather than relying on
positions, because every site lays the header out differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from articles.readers.page_furniture import (
    SENTENCE_END,
    is_boilerplate,
    is_promotion,
    is_title_case,
    trailer_start,
)
from articles.readers.record import ArticleRecord, UnreadableArticle

# How far below the title header lines (byline, date, credit) are looked for.
# Scraped headers seen so far use up to eight lines; the margin is cheap.
_HEADER_SEARCH_LINES = 10

# Lines without final punctuation this long are still prose, not labels.
_PROSE_MIN_WORDS = 12
# A first line this long that ends a sentence is the opening paragraph of a body saved
# without its headline (headlines are shorter and rarely end with a full stop).
_UNTITLED_MIN_WORDS = 20
_UNTITLED_TITLE_CHARS = 100


# --- Dates ---------------------------------------------------------------

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME_TAIL = r"""
    (?:\s*(?:,|\bat\b|-|\u2013|\u2014|\||\u00b7)?\s*
       (?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?)?
       \s*(?P<meridiem>[ap]\.?\s?m\.?)?
       (?:\s*\(?(?P<zone>(?-i:Z|[A-Z]{2,5})(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?
    )?
"""
_DATE_PATTERNS = tuple(
    re.compile(date + _TIME_TAIL, re.IGNORECASE | re.VERBOSE)
    for date in (
        rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 10 April 2024
        rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # April 10, 2024
        rf"(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{_YEAR}",  # 10.04.2024
    )
)
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?"
)
_DATE_LABEL = re.compile(
    r"^(?:(?:first|originally|last)\s+)?(?:published|posted|updated|modified|dated?)"
    r"(?:\s+(?:on|at))?\s*[:\-\u2013\u2014]?\s*",
    re.IGNORECASE,
)
_UPDATE_LABEL = re.compile(r"^(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)

# Abbreviations news sites print after times; an unknown one falls back to default_tz.
_ZONE_OFFSETS = {
    "Z": 0,
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_ZONE_WITH_OFFSET = re.compile(r"^(?:[A-Z]+)?\s*([+-])(\d{1,2}):?(\d{2})?$")


def published_at_from_line(line: str, *, default_tz: tzinfo = UTC) -> datetime | None:
    """The aware datetime a line consists of ("Published 10 Apr 2024 14:11", ...), else None.

    The whole line must be a date (after an optional "Published"/"Updated" label
    and weekday), so that sentences which merely mention a date are not taken
    for date lines. Times without a zone are read in default_tz.
    """
    text = " ".join(line.split())
    text = _DATE_LABEL.sub("", text, count=1)
    text = _WEEKDAY.sub("", text, count=1).strip()
    if _ISO_DATE.fullmatch(text):
        return _iso_datetime(text, default_tz)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _datetime_from_match(match, default_tz)
    return None


def _iso_datetime(text: str, default_tz: tzinfo) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace(" Z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=default_tz)


def _datetime_from_match(match: re.Match[str], default_tz: tzinfo) -> datetime | None:
    month = match["month"]
    month_number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    hour, minute, second = 0, 0, 0
    if match["hour"] is not None:
        meridiem = (match["meridiem"] or "").lower().replace(".", "").replace(" ", "")
        if match["minute"] is None and not meridiem:
            return None  # a bare number after the date is not a time
        hour = int(match["hour"])
        minute, second = int(match["minute"] or 0), int(match["second"] or 0)
        if meridiem:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
    zone = _zone(match["zone"], default_tz)
    if zone is None:
        return None
    try:
        return datetime(
            int(match["year"]), month_number, int(match["day"]), hour, minute, second, tzinfo=zone
        )
    except ValueError:  # 31 February, hour 25, ...
        return None


def _zone(label: str | None, default_tz: tzinfo) -> tzinfo | None:
    if label is None:
        return default_tz
    label = label.replace(" ", "")
    if label.upper() in _ZONE_OFFSETS:
        return timezone(timedelta(hours=_ZONE_OFFSETS[label.upper()]))
    offset = _ZONE_WITH_OFFSET.match(label)
    if offset:
        sign = -1 if offset[1] == "-" else 1
        return timezone(sign * timedelta(hours=int(offset[2]), minutes=int(offset[3] or 0)))
    # An unknown abbreviation still marks a date line; guessing its offset would be worse.
    return default_tz if label.isalpha() else None


# --- Line classification -------------------------------------------------

_CREDIT = re.compile(
    r"""^(?:
        \u00a9
      | \(c\)\s
      | copyright\s+(?:\u00a9|\(c\)|\d{4})
      | \(?\s*(?:photo|image|picture|photograph|video)s?\s+(?:by|courtesy|credit)\b
      | (?:photo|image|picture|photograph|video)s?\s*(?:source|credit)?s?\s*:
      | credits?\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_BY = re.compile(r"^(?:written\s+)?by\s*:?\s+(?P<names>.+?)\.?$", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\||\u00b7|\band\b)\s*")
_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "del", "della", "du", "la", "le", "bin", "al"}
)
# Capitalised words that make a line a label or an outlet, never a person.
_NOT_NAME_WORDS = frozenset(
    {
        "the",
        "news",
        "press",
        "agency",
        "staff",
        "reporter",
        "editor",
        "correspondent",
        "writer",
        "images",
        "image",
        "photo",
        "related",
        "content",
        "read",
        "more",
        "share",
        "subscribe",
        "published",
        "updated",
    }
)


def _squashed(text: str) -> str:
    """Whitespace runs (including no-break spaces) as single spaces."""
    return " ".join(text.split())


def _comparable(text: str) -> str:
    return _squashed(text).translate(_PLAIN_QUOTES).casefold()


_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _is_credit(text: str) -> bool:
    return bool(_CREDIT.match(text)) and len(text.split()) <= 25


def _reads_like_prose(text: str) -> bool:
    return text.endswith(SENTENCE_END) or len(text.split()) >= _PROSE_MIN_WORDS


def _is_clean_title(text: str, first_line: str) -> bool:
    """Whether text is the first line minus a leaked prefix ("News") or suffix ("| Site")."""
    candidate, first = _comparable(text), _comparable(first_line)
    return (
        len(candidate) < len(first)
        and 2 * len(candidate) >= len(first)
        and len(candidate.split()) >= 2
        and (first.endswith(candidate) or first.startswith(candidate))
    )


def _looks_like_name(text: str) -> bool:
    """2-4 capitalised words ("Justyna Lasota-Krawczyk", "Ursula von der Leyen")."""
    words = text.split()
    if not words or words[-1].lower() in _NAME_PARTICLES or text.endswith(SENTENCE_END):
        return False
    if any(ch.isdigit() or ch in ",;:!?" for ch in text):
        return False
    capitalised = [word for word in words if word.lower() not in _NAME_PARTICLES]
    return 2 <= len(capitalised) <= 4 and all(_is_name_word(word) for word in capitalised)


def _is_name_word(word: str) -> bool:
    return (
        word[0].isupper()
        and all(ch.isalpha() or ch in "-'.\u2019" for ch in word)
        and word.strip(".").lower() not in _NOT_NAME_WORDS
    )


def _looks_like_publisher(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and text[0].isupper() and not text.endswith(SENTENCE_END)


def _author_and_publisher(names: str) -> tuple[str, str] | None:
    """Split "Jane Doe and John Roe" or "Jane Doe, Reuters" into author and publisher."""
    parts = _NAME_SEPARATOR.split(names)
    if all(_looks_like_name(part) for part in parts):
        return names, ""
    if (
        len(parts) >= 2
        and all(_looks_like_name(part) for part in parts[:-1])
        and _looks_like_publisher(parts[-1])
    ):
        last_separator = list(_NAME_SEPARATOR.finditer(names))[-1]
        return names[: last_separator.start()], parts[-1]
    return None


def _byline(text: str) -> tuple[str, str] | None:
    """Author and publisher from "By Jane Doe", "Jane Doe, Reuters", ...; a lone name is weaker."""
    by = _BY.match(text)
    if by:
        return _author_and_publisher(by["names"])
    if _NAME_SEPARATOR.search(text):
        return _author_and_publisher(text)
    return None


# --- Reading -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    text: str  # stripped but otherwise verbatim, because the body keeps it as is
    repeated: bool = False


@dataclass(slots=True)
class _Header:
    title: str
    author: str = ""
    publisher: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    image_caption: str = ""
    body_lines: list[_Line] = field(default_factory=list)


def article_from_text(
    text: str, *, source_name: str = "", default_tz: tzinfo = UTC
) -> ArticleRecord:
    """Read a scraped news page's text into an ArticleRecord."""
    lines = _content_lines(text)
    title_index = _title_index(lines)
    if title_index is None:
        raise UnreadableArticle("no article text: found neither a title nor a body")
    if title_index == 0 and _is_opening_paragraph(lines[0].text):
        return _untitled_article(lines, source_name=source_name)
    # Header lines some sites print above the title are read with the rest of the header.
    first, rest = lines[title_index], lines[:title_index] + lines[title_index + 1 :]
    rest = rest[: _trailer_start(first, rest)]
    rest = [line for line in rest if not is_promotion(line.text)]
    header_size = _header_zone_size(first, rest)
    header = _header_from_lines(first, rest[:header_size], default_tz)
    body_lines = header.body_lines + [
        line for line in rest[header_size:] if not _is_credit(line.text)
    ]
    if not body_lines:
        raise UnreadableArticle(f"found a title ({header.title!r}) but no body text")
    return ArticleRecord(
        title=header.title,
        # Scrapers put one paragraph per line, so each line is a paragraph.
        body="\n\n".join(line.text for line in body_lines),
        author=header.author,
        publisher=header.publisher,
        published_at=header.published_at or header.updated_at,
        image_caption=header.image_caption,
        source_name=source_name,
    )


def _is_opening_paragraph(text: str) -> bool:
    """A first line that is a paragraph of prose, not a headline (bodies saved without one)."""
    return (
        len(text.split()) >= _UNTITLED_MIN_WORDS
        and text.rstrip().endswith(SENTENCE_END)
        and not is_title_case(text)
    )


def _untitled_article(lines: list[_Line], *, source_name: str) -> ArticleRecord:
    """A body with no title line: every line is body; the title is its opening words."""
    lines = lines[: _trailer_start(lines[0], lines[1:]) + 1]
    body_lines = [line for line in lines if not (_is_credit(line.text) or is_promotion(line.text))]
    return ArticleRecord(
        title=_title_from_opening(body_lines[0].text),
        body="\n\n".join(line.text for line in body_lines),
        source_name=source_name,
    )


def _title_from_opening(text: str) -> str:
    """The first sentence, cut at a word boundary when long."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])", text, maxsplit=1)[0]
    if len(sentence) <= _UNTITLED_TITLE_CHARS:
        return sentence
    return sentence[:_UNTITLED_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _content_lines(text: str) -> list[_Line]:
    """Non-blank lines without boilerplate, a repeated line kept once and marked repeated."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines: list[_Line] = []
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped or is_boilerplate(stripped):
            continue
        if lines and _comparable(lines[-1].text) == _comparable(stripped):
            lines[-1] = _Line(lines[-1].text, repeated=True)
            continue
        lines.append(_Line(stripped))
    return lines


def _title_index(lines: list[_Line]) -> int | None:
    """The first line that is not a date, credit or "By ..." line."""
    for index, line in enumerate(lines):
        # Only "By ..." bylines count here: a title may well read "Joe Biden and Xi Jinping".
        if not (
            _is_credit(line.text)
            or published_at_from_line(line.text) is not None
            or (_BY.match(line.text) and _byline(line.text) is not None)
        ):
            return index
    return None


def _header_kind(line: _Line, first: _Line) -> str | None:
    """Which header line this is, for lines that are unmistakably header material."""
    if _is_clean_title(line.text, first.text):
        return "title"
    if _is_credit(line.text):
        return "credit"
    if published_at_from_line(line.text) is not None:
        return "date"
    if _byline(line.text) is not None:
        return "byline"
    return None


def _is_caption(lines: list[_Line], index: int) -> bool:
    """A repeated line, or the line just above an image credit."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return lines[index].repeated or (following is not None and _is_credit(following.text))


def _trailer_start(first: _Line, lines: list[_Line]) -> int:
    """Index of the promotion that opens the page's tail, or len(lines) if none."""

    def is_body(index: int) -> bool:
        line = lines[index]
        return (
            _reads_like_prose(line.text)
            and _header_kind(line, first) is None
            and not _is_caption(lines, index)
        )

    return trailer_start([line.text for line in lines], is_body=is_body)


def _header_zone_size(first: _Line, lines: list[_Line]) -> int:
    """How many lines below the title belong to the header.

    The zone runs to the last unmistakable header line near the top, then on
    over a lone name or a repeated line (a byline or caption) right below it.
    """
    size = 0
    for index, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
        if _header_kind(line, first) is not None:
            size = index + 1
    zone = lines[:size]
    # One of each at most: a second lone name is more likely a subheading, and
    # a second repeated line more likely a paragraph the scraper saw twice.
    has_byline = any(_byline(line.text) or _looks_like_name(line.text) for line in zone)
    has_caption = any(_is_caption(zone, index) for index in range(len(zone)))
    while size < len(lines):
        line = lines[size]
        if line.repeated and not has_caption:
            has_caption = True
        elif not line.repeated and not has_byline and _looks_like_name(line.text):
            has_byline = True
        else:
            break
        size += 1
    return size


def _header_from_lines(first: _Line, lines: list[_Line], default_tz: tzinfo) -> _Header:
    """Fill in the header from its zone; prose in the zone (a standfirst) goes to the body."""
    header = _Header(title=_squashed(first.text))
    lone_name = ""  # used only when no explicit byline turns up
    body_started = False
    for index, line in enumerate(lines):
        kind = _header_kind(line, first)
        if kind == "title":
            header.title = _squashed(line.text)
        elif kind == "credit":
            pass  # the photographer is not the author; credits are simply left out
        elif kind == "date":
            _record_date(header, line.text, default_tz)
        elif kind == "byline":
            if not header.author:
                header.author, header.publisher = _byline(line.text) or ("", "")
        elif line.repeated:
            header.image_caption = header.image_caption or _squashed(line.text)
        elif not body_started and not lone_name and _looks_like_name(line.text):
            lone_name = _squashed(line.text)
        elif _is_caption(lines, index):
            header.image_caption = header.image_caption or _squashed(line.text)
        elif body_started or _reads_like_prose(line.text):
            body_started = True
            header.body_lines.append(line)
        # Anything else above the body is a section label or similar page chrome.
    if not header.author:
        header.author = lone_name
    return header


def _record_date(header: _Header, text: str, default_tz: tzinfo) -> None:
    moment = published_at_from_line(text, default_tz=default_tz)
    if _UPDATE_LABEL.match(text):
        header.updated_at = header.updated_at or moment
    else:
        header.published_at = header.published_at or moment
