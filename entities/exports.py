"""Statement lists as CSV and JSON downloads, streamed row by row and capped.

Imported text is hostile: a statement starting with "=" must not run as a formula when a
journalist opens the CSV in a spreadsheet, so such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from entities.models import SpeakerKind, Statement, StatementCountry

EXPORT_MAX_ROWS = 10_000
EXPORT_CHUNK_SIZE = 500
CSV_COLUMNS = [
    "date",
    "speaker",
    "speaker_as_written",
    "speaker_kind",
    "speaker_organisation",
    "speaker_country",
    "kind",
    "cue",
    "statement",
    "countries",
    "context_countries",
    "article_title",
    "article_url",
    "outlet",
    "author",
    "published_at",
    "source_url",
    "statement_url",
]
# OWASP's list of characters a spreadsheet reads as the start of a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """The cell text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _country_names(statement: Statement, role: str) -> list[str]:
    """Countries in the order the statement names them (prefetched by with_cards)."""
    return [link.country.name for link in statement.statementcountry_set.all() if link.role == role]


def statement_records(
    statements: QuerySet[Statement], *, absolute_url: Callable[[str], str]
) -> Iterator[dict[str, Any]]:
    """One plain dict per statement, at most EXPORT_MAX_ROWS, fetched in chunks."""
    for statement in statements[:EXPORT_MAX_ROWS].iterator(chunk_size=EXPORT_CHUNK_SIZE):
        article, organisation = statement.article, statement.speaker_organisation
        # The named source: a person, or an organisation speaking (not one an unnamed
        # source speaks for, which has a column of its own).
        speaker = statement.speaker or (
            organisation if statement.speaker_kind == SpeakerKind.ORGANISATION else None
        )
        yield {
            "date": article.published_at.date().isoformat() if article.published_at else "",
            "speaker": speaker.name if speaker else "",
            "speaker_url": absolute_url(speaker.get_absolute_url()) if speaker else "",
            "speaker_as_written": statement.speaker_text,
            "speaker_kind": statement.speaker_kind,
            "speaker_organisation": organisation.name if organisation else "",
            "speaker_country": statement.speaker_country.name if statement.speaker_country else "",
            "kind": statement.kind,
            "cue": statement.cue,
            "statement": statement.display_text,
            "countries": _country_names(statement, StatementCountry.Role.CONTENT),
            "context_countries": _country_names(statement, StatementCountry.Role.CONTEXT),
            "article_title": article.title,
            "article_url": absolute_url(article.get_absolute_url()),
            "outlet": article.publisher,
            "author": article.author,
            "published_at": article.published_at.isoformat() if article.published_at else "",
            # The original web address; anything but http(s) is hostile or useless here.
            "source_url": article.original_url,
            "statement_url": absolute_url(statement.get_absolute_url()),
        }


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for record in records:
        cells = {
            **record,
            "countries": "; ".join(record["countries"]),
            "context_countries": "; ".join(record["context_countries"]),
        }
        yield writer.writerow([spreadsheet_safe(str(cells[column])) for column in CSV_COLUMNS])


def json_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, written one element at a time."""
    yield "["
    for index, record in enumerate(records):
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"
