"""The source-format readers: what each finds in a real file, and how each says no."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.readers import ReadLimits, SourceItem, items_from_bytes, items_from_path
from articles.readers.dates import aware_datetime

GOOD = Path(__file__).parent / "good_inputs"
BAD = Path(__file__).parent / "bad_inputs"
LIMITS = ReadLimits(max_file_bytes=5 * 2**20, max_archive_bytes=20 * 2**20)
ARTICLE = "Poland hosts summit\n\nPoland hosted European leaders in Warsaw, officials said.\n"


def items(path: Path, limits: ReadLimits = LIMITS) -> list[SourceItem]:
    return list(items_from_path(path, limits=limits))


def only_record(path: Path):
    (item,) = items(path)
    assert item.error == ""
    return item.record


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_html_page_gives_main_text_and_metadata_without_page_furniture():
    record = only_record(GOOD / "kishida.html")

    assert record.title == "Kishida warns Russia"
    assert record.author == "Jane Doe"
    assert record.publisher == "World Wire"
    assert record.url == "https://wire.example.org/2024/04/kishida-warns-russia"
    assert record.published_at == datetime(2024, 4, 11, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert record.body.startswith("Japan's prime minister warned Russia")
    assert '"We will not accept any attack on Japan," Fumio Kishida said' in record.body
    assert record.body.count("\n\n") == 2
    for furniture in ("cookies", "Related content", "Markets slide", "Copyright", "Home"):
        assert furniture not in record.body


INLINE_FURNITURE_PAGE = b"""<html><head><title>Ships collide in the Baltic</title></head><body>
<article><h1>Ships collide in the Baltic</h1>
<p>Two ships collided near the port of Gdansk on Tuesday, officials said in a statement.</p>
<p>Advertisement</p>
<p>READ MORE: Baltic ports brace for a busy summer season</p>
<p>The coast guard said no one was hurt in the collision.</p>
<p>Story continues below advertisement</p>
<p>"We were lucky," the captain said on Wednesday.</p>
<p>Related:</p>
<p>Ferry runs aground off Gotland</p>
</article></body></html>"""


def test_html_page_drops_inline_ads_and_promotions_and_keeps_the_text_after_them():
    (item,) = items_from_bytes(
        INLINE_FURNITURE_PAGE, name="page.html", label="page.html", limits=LIMITS
    )

    assert item.record.body == (
        "Two ships collided near the port of Gdansk on Tuesday, officials said in a statement."
        "\n\nThe coast guard said no one was hurt in the collision."
        '\n\n"We were lucky," the captain said on Wednesday.'
    )


def test_json_array_numbers_its_records_and_keeps_unknown_fields():
    found = items(GOOD / "wire.json")

    assert [item.source for item in found] == [
        f"{GOOD / 'wire.json'} record 1",
        f"{GOOD / 'wire.json'} record 2",
    ]
    record = found[0].record
    assert record.title == "Macron visits Germany"
    assert record.body.startswith('"France and Germany stand together,"')
    assert record.author == "Paul Martin"
    assert record.publisher == "World Wire"
    assert record.published_at == datetime(2024, 4, 9, 14, 0, tzinfo=UTC)
    assert record.metadata == {"section": "Europe", "wordcount": 18}
    assert [item.files_done for item in found] == [0, 1]


def test_json_lines_with_bom_and_crlf_reads_every_line_and_common_date_forms():
    first, second = (item.record for item in items(GOOD / "wire.jsonl"))

    assert first.title == "Ukraine seeks air defence"
    assert first.published_at == datetime(2024, 4, 10, tzinfo=UTC)
    assert first.metadata == {"tags": ["war"]}
    assert second.published_at == datetime(2024, 4, 11, 13, 30, tzinfo=UTC)
    assert "\r" not in second.body


def test_json_lines_reports_a_broken_line_by_number_and_reads_the_rest():
    data = b'{"title": "One", "body": "First body."}\n{"title": "Two", "bo\n\n'
    data += b'{"title": "Three", "body": "Third body."}\n'

    found = list(items_from_bytes(data, name="x.jsonl", label="x.jsonl", limits=LIMITS))

    assert [(item.source, bool(item.record)) for item in found] == [
        ("x.jsonl record 1", True),
        ("x.jsonl record 2", False),
        ("x.jsonl record 4", True),
    ]
    assert found[1].error.startswith("invalid JSON: Unterminated string")


def test_rss_feed_with_full_content_gives_one_article_per_item():
    first, second = (item.record for item in items(GOOD / "feed.xml"))

    assert first.title == "Canada backs Denmark"
    assert first.body == (
        "Canada said on Friday it backs Denmark in the Arctic dispute.\n\n"
        '"Canada will stand with Denmark," Justin Trudeau said in Ottawa.'
    )
    assert first.author == "Ann Lee"
    assert first.publisher == "Atlantic Wire"
    assert first.url == "https://atlantic.example.org/canada-denmark"
    assert first.published_at == datetime(2024, 4, 12, 8, 0, tzinfo=UTC)
    assert first.metadata["tags"] == ["World"]
    assert second.title == "Chile elects mayor"


def test_atom_feed_is_read_too():
    (item,) = items(GOOD / "pacific.atom")

    assert item.record.title == "India and Japan sign pact"
    assert item.record.author == "Ravi Kumar"
    assert item.record.published_at == datetime(2024, 4, 14, 7, 0, tzinfo=UTC)


def test_feed_reader_fetches_nothing_even_when_the_feed_points_elsewhere(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    data = (
        (GOOD / "feed.xml")
        .read_bytes()
        .replace(b"<rss", b'<!DOCTYPE rss SYSTEM "http://example.org/rss.dtd"><rss', 1)
    )

    found = list(items_from_bytes(data, name="f.xml", label="f.xml", limits=LIMITS))

    assert [item.record.title for item in found] == ["Canada backs Denmark", "Chile elects mayor"]


def test_unknown_extension_is_sniffed_by_content(tmp_path):
    (tmp_path / "export.dat").write_bytes((GOOD / "wire.json").read_bytes())
    (tmp_path / "page.download").write_bytes((GOOD / "kishida.html").read_bytes())
    (tmp_path / "notes.md").write_text(ARTICLE, encoding="utf-8")

    assert items(tmp_path / "export.dat")[0].record.title == "Macron visits Germany"
    assert only_record(tmp_path / "page.download").title == "Kishida warns Russia"
    (refused,) = items(tmp_path / "notes.md")
    assert refused.error.startswith("unsupported file type '.md'; supported: ")


def test_zip_members_are_read_in_memory_and_named_after_the_archive(tmp_path):
    archive = tmp_path / "batch.zip"
    archive.write_bytes(
        zip_bytes(
            {
                "a/poland.txt": ARTICLE,
                "b/wire.json": (GOOD / "wire.json").read_bytes(),
                "__MACOSX/a/._poland.txt": b"\x00\x05\x16\x07",
            }
        )
    )

    found = items(archive)

    assert [item.source for item in found] == [
        f"{archive}:a/poland.txt",
        f"{archive}:b/wire.json record 1",
        f"{archive}:b/wire.json record 2",
    ]
    assert found[0].record.source_name == "batch.zip:a/poland.txt"
    assert sum(item.files_done for item in found) == 2
    assert list(tmp_path.iterdir()) == [archive]  # nothing extracted to disk


def test_zip_entries_with_dot_dot_or_absolute_paths_are_refused_and_the_rest_read():
    found = items(BAD / "traversal.zip")

    assert {item.source.rsplit(":", 1)[1]: item.error for item in found} == {
        "../evil.txt": "refused archive entry: path with '..' '../evil.txt'",
        "/etc/absolute.txt": "refused archive entry: absolute path '/etc/absolute.txt'",
        "inside/fine.txt": "",
    }


def test_zip_bomb_is_refused_from_its_headers_before_anything_is_expanded(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(10):
            archive.writestr(f"zeros-{number}.txt", b"0" * (4 * 2**20))
    assert bomb.stat().st_size < 200_000
    # A first pass imports and compiles whatever the readers load lazily, which is
    # not memory the archive costs.
    items(bomb)

    tracemalloc.start()
    found = items(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    (item,) = found
    assert item.record is None
    assert item.error.startswith("archive would expand to 41,943,040 bytes, over the 20,971,520")
    assert item.files_done == 10
    assert peak < 2**20


def test_zip_bomb_lying_about_its_sizes_is_stopped_while_reading(tmp_path):
    data = bytearray(zip_bytes({"small.txt": ARTICLE, "zeros.txt": b"0" * (8 * 2**20)}))
    # Rewrite the declared size of zeros.txt, in its local header and the
    # central directory, to 100 bytes: the archive now claims to be tiny.
    real = (8 * 2**20).to_bytes(4, "little")
    assert data.count(real) == 2
    data = data.replace(real, (100).to_bytes(4, "little"))
    bomb = tmp_path / "liar.zip"
    bomb.write_bytes(bytes(data))

    tracemalloc.start()
    found = items(bomb, ReadLimits(max_file_bytes=2**20, max_archive_bytes=2**20))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert found[0].record.title == "Poland hosts summit"
    assert found[1].source.endswith(":zeros.txt")
    assert found[1].record is None
    assert found[1].error.startswith("corrupt archive entry: Bad CRC-32")
    assert peak < 2 * 2**20


def test_zip_whose_small_members_together_exceed_the_archive_limit_is_refused(tmp_path):
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_bytes({f"{n}.txt": ARTICLE + "x" * 400 for n in range(5)}))

    found = items(archive, ReadLimits(max_file_bytes=1000, max_archive_bytes=1500))

    assert found[0].error.startswith("archive would expand to")


def test_archive_inside_an_archive_is_refused(tmp_path):
    archive = tmp_path / "outer.zip"
    archive.write_bytes(zip_bytes({"inner.zip": zip_bytes({"a.txt": ARTICLE})}))

    (item,) = items(archive)

    assert item.error == "archive inside an archive is not supported"


def test_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 100, encoding="utf-8")

    (item,) = items(big, ReadLimits(max_file_bytes=1000, max_archive_bytes=10_000))

    assert item.error == f"file is {big.stat().st_size:,} bytes, over the 1,000-byte limit"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-11T09:30:00Z", datetime(2024, 4, 11, 9, 30, tzinfo=UTC)),
        ("Thu, 11 Apr 2024 09:30:00 +0200", datetime(2024, 4, 11, 7, 30, tzinfo=UTC)),
        ("11 April 2024", datetime(2024, 4, 11, tzinfo=UTC)),
        ("April 11, 2024 9:30 am EDT", datetime(2024, 4, 11, 13, 30, tzinfo=UTC)),
        ("2024/04/11 09:30", datetime(2024, 4, 11, 9, 30, tzinfo=UTC)),
        (1712827800, datetime(2024, 4, 11, 9, 30, tzinfo=UTC)),
        ("yesterday", None),
        ("not a date", None),
    ],
)
def test_dates_in_common_news_forms_become_aware_datetimes(value, expected):
    assert aware_datetime(value) == expected


def test_json_record_with_an_unreadable_date_keeps_the_article_and_the_raw_value():
    data = b'{"title": "T", "body": "Body text.", "date": "the day after the vote", "x": 1}'

    (item,) = items_from_bytes(data, name="a.json", label="a.json", limits=LIMITS)

    assert item.record.published_at is None
    assert item.record.metadata == {"date": "the day after the vote", "x": 1}
