"""Dates as sources write them ("2024-04-11T09:30:00Z", "Thu, 11 Apr 2024 09:30 GMT", ...)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import dateparser

from articles.readers.record import is_plausible_date
from articles.readers.scraped_text import published_at_from_line

# English month names only: news sources in other languages are out of scope,
# and every extra language makes dateparser slower and more prone to misreadings.
_DATEPARSER_LANGUAGES = ["en"]
_DATEPARSER_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
    "PREFER_DAY_OF_MONTH": "first",
    # A bare "Monday" or "yesterday" means nothing once the page is archived.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}


def aware_datetime(value: object) -> datetime | None:
    """A timezone-aware datetime from FIRST_YEAR to LAST_YEAR for a date string or number,
    else None; no zone means UTC."""
    moment = _aware_datetime(value)
    return moment if moment is not None and is_plausible_date(moment) else None


def _aware_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = " ".join(value.split())
    if not text:
        return None
    # The scraped-text parser knows the common news forms and is much faster.
    moment = published_at_from_line(text)
    if moment is not None:
        return moment
    moment = dateparser.parse(text, languages=_DATEPARSER_LANGUAGES, settings=_DATEPARSER_SETTINGS)
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# A day in a file name or archive path: "wire_2016-05-11_kishida.txt", "2016/05/11/story.html",
# "20160511"-style runs are left alone: too often an id. The separators must agree.
_DATE_IN_PATH = re.compile(
    r"(?<!\d)(?P<year>19\d\d|20\d\d)(?P<sep>[-_./])(?P<month>\d\d)(?P=sep)(?P<day>\d\d)(?!\d)"
)


def published_at_from_path(path: str) -> datetime | None:
    """The day a file name or archive path gives ("..._2016-05-11_...", "2016/05/11/"), as
    midnight UTC; the last one when there are several, being nearest the file itself."""
    for match in reversed(list(_DATE_IN_PATH.finditer(path))):
        try:
            day = datetime(int(match["year"]), int(match["month"]), int(match["day"]), tzinfo=UTC)
        except ValueError:
            continue  # 2016-13-45: digits, not a date
        return day
    return None
