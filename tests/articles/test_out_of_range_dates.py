"""A publication date before 1900 or after 2100 is a misreading: the article is stored
undated, and its metadata keeps what the source said."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from articles.readers import ReadLimits, items_from_bytes
from articles.readers.dates import aware_datetime
from articles.readers.record import ArticleRecord, record_cleaned

LIMITS = ReadLimits(max_file_bytes=2**20, max_archive_bytes=2**20)
BODY = "The minister said the talks would continue next week in Geneva."


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31",
        "0001-01-01T00:00:00Z",
        "1899-12-31",
        "2101-01-01",
        253402214400,  # 9999-12-31 as a Unix timestamp
        1_700_000_000_000,  # milliseconds read as seconds: out of range or overflowing
        "Dec 31, 9999",
    ],
)
def test_dates_outside_1900_to_2100_read_as_no_date(value):
    assert aware_datetime(value) is None


@pytest.mark.parametrize("value", ["1900-01-01", "2100-12-31T23:59:59Z", "2016-05-11"])
def test_dates_at_and_inside_the_bounds_are_kept(value):
    assert aware_datetime(value) is not None


@pytest.mark.parametrize("value", ["9999-12-31T00:00:00Z", "0001-01-01", "1899-12-31"])
def test_a_json_record_dated_out_of_range_is_undated_and_keeps_the_value(value):
    data = json.dumps({"title": "Talks", "body": BODY, "published_at": value}).encode()
    (item,) = items_from_bytes(data, name="talks.json", label="talks.json", limits=LIMITS)
    assert item.record is not None
    assert item.record.published_at is None
    assert item.record.metadata["published_at"] == value


@pytest.mark.parametrize(
    "written, stored, note",
    [
        ("31 December 2016", datetime(2016, 12, 31, tzinfo=UTC), None),
        ("31 December 9999", None, "9999-12-31T00:00:00+00:00"),
        ("0001-01-01", None, "0001-01-01T00:00:00+00:00"),
    ],
)
def test_a_scraped_text_dated_out_of_range_is_undated_with_a_note(written, stored, note):
    text = f"Talks to continue\nPublished: {written}\n\n{BODY}\n".encode()
    (item,) = items_from_bytes(text, name="talks.txt", label="talks.txt", limits=LIMITS)
    assert item.record is not None
    assert item.record.published_at == stored
    assert item.record.metadata.get("date_dropped") == note


def test_record_cleaning_drops_any_reader_s_out_of_range_date_and_says_so():
    record = ArticleRecord(title="T", body=BODY, published_at=datetime(9999, 12, 31, tzinfo=UTC))
    cleaned = record_cleaned(record)
    assert isinstance(cleaned, ArticleRecord)
    assert cleaned.published_at is None
    assert cleaned.metadata["date_dropped"] == "9999-12-31T00:00:00+00:00"


def test_a_file_name_date_outside_the_bounds_is_not_read():
    (item,) = items_from_bytes(
        f"Talks\n\n{BODY}\n".encode(),
        name="wire_2999-01-01_talks.txt",
        label="wire_2999-01-01_talks.txt",
        limits=LIMITS,
    )
    assert item.record is not None
    assert item.record.published_at is None
