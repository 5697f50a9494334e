"""A date from the file name or archive path when the article's text gives none."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from articles.readers import items_from_path
from articles.readers.dates import published_at_from_path
from tests.articles.test_readers import ARTICLE, LIMITS, zip_bytes

MAY_11 = datetime(2016, 5, 11, tzinfo=UTC)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("wire_2016-05-11_kishida.txt", MAY_11),
        ("2016_05_11.html", MAY_11),
        ("batch.zip:2016/05/11/story.txt", MAY_11),
        ("reuters.2016.05.11.json", MAY_11),
        # Nearest the file wins: the member's folder over the archive's name.
        ("export-2020-01-01.zip:2016/05/11/story.txt", MAY_11),
        ("story.txt", None),
        ("20160511.txt", None),  # a bare run of digits is as likely an id
        ("2016-05/11.txt", None),  # separators must agree
        ("2016-13-45_story.txt", None),
        ("1776-07-04.txt", None),
        ("id-122016-05-113.txt", None),  # digits run on either side
    ],
)
def test_day_in_a_file_name_or_archive_path(path, expected):
    assert published_at_from_path(path) == expected


def test_plain_text_with_no_date_takes_the_date_of_its_file_name(tmp_path):
    path = tmp_path / "reuters_2016-05-11_poland.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    (item,) = items_from_path(path, limits=LIMITS)

    assert item.record.published_at == MAY_11
    assert item.record.metadata == {"date_from": "file name"}


def test_the_texts_own_date_wins_over_the_file_name(tmp_path):
    path = tmp_path / "reuters_2016-05-11_poland.txt"
    path.write_text(
        "Poland hosts summit\n\nPublished 10 April 2024\n\n"
        "Poland hosted European leaders in Warsaw, officials said.\n",
        encoding="utf-8",
    )

    (item,) = items_from_path(path, limits=LIMITS)

    assert item.record.published_at == datetime(2024, 4, 10, tzinfo=UTC)
    assert "date_from" not in item.record.metadata


def test_archive_members_take_the_date_of_their_folders(tmp_path):
    archive = tmp_path / "batch.zip"
    record = {"title": "Poland hosts summit", "body": ARTICLE.split("\n\n", 1)[1]}
    dated = {**record, "title": "Dated record", "published": "2024-04-10T09:30:00Z"}
    archive.write_bytes(
        zip_bytes(
            {
                "2016/05/11/poland.txt": ARTICLE,
                "2016/05/12/wire.json": json.dumps([record, dated]),
                "undated/poland.txt": ARTICLE,
            }
        )
    )

    found = list(items_from_path(archive, limits=LIMITS))

    assert [item.record.published_at for item in found] == [
        MAY_11,
        datetime(2016, 5, 12, tzinfo=UTC),
        datetime(2024, 4, 10, 9, 30, tzinfo=UTC),
        None,
    ]
