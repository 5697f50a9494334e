"""The readers' limits refuse what is hostile and nothing a real source holds."""

from __future__ import annotations

import json

import pytest

from articles.readers import MAX_ELEMENTS, ReadLimits, items_from_bytes
from articles.readers.json_records import MAX_DEPTH, MAX_NUMBER_CHARS, json_document
from articles.readers.record import UnreadableArticle, storable_text

LIMITS = ReadLimits(max_file_bytes=5 * 2**20, max_archive_bytes=20 * 2**20)
BODY = "Talks resumed in Geneva on Monday, officials said."


def read(name: str, data: bytes, limits: ReadLimits = LIMITS) -> list[tuple[str, str]]:
    """(title or "", error or "") of each item read from the file."""
    items = items_from_bytes(data, name=name, label=name, limits=limits)
    return [(item.record.title if item.record else "", item.error) for item in items]


def test_brackets_and_escaped_quotes_inside_json_strings_are_not_nesting():
    body = f'{BODY} [[[[ {"[" * (MAX_DEPTH * 2)} \\" {{{{'
    document = json.dumps({"title": "Brackets", "body": body})

    assert json_document(document)["body"] == body


def test_json_nested_exactly_to_the_limit_is_read_and_one_deeper_is_refused():
    def nested(depth: int) -> str:
        return "[" * (depth - 1) + '{"a": 1}' + "]" * (depth - 1)

    json_document(nested(MAX_DEPTH))
    with pytest.raises(UnreadableArticle, match="nested more than 64 levels"):
        json_document(nested(MAX_DEPTH + 1))


def test_numbers_up_to_the_limit_are_read_and_longer_ones_refused():
    assert json_document("9" * MAX_NUMBER_CHARS) == int("9" * MAX_NUMBER_CHARS)
    assert json_document("-1.5e3") == -1500.0
    with pytest.raises(UnreadableArticle, match="101 characters"):
        json_document("9" * (MAX_NUMBER_CHARS + 1))
    for not_a_number in ("NaN", "Infinity", "-Infinity", "1e400"):
        with pytest.raises(UnreadableArticle):
            json_document(f"[{not_a_number}]")


def test_a_feed_naming_an_external_dtd_is_read_and_one_declaring_entities_refused():
    feed = (
        '<?xml version="1.0"?>\n{doctype}<rss version="0.91"><channel><title>Wire</title>'
        f"<item><title>Talks</title><description>{BODY}</description></item></channel></rss>"
    )
    external = '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">\n'
    declaring = "<!DOCTYPE rss [<!ELEMENT rss ANY>]>\n"

    assert read("a.rss", feed.format(doctype=external).encode()) == [("Talks", "")]
    assert read("b.rss", feed.format(doctype=declaring).encode()) == [
        ("", "the feed declares entities (<!ENTITY> or a DTD with declarations); refused")
    ]


def test_a_page_at_the_element_limit_is_read():
    empty = "<i></i>" * (MAX_ELEMENTS - 10)
    page = f"<html><head><title>Talks</title></head><body>{empty}<article><p>{BODY}</p>"

    [(title, error)] = read("page.html", page.encode())

    assert (title, error) == ("Talks", "")


def test_a_text_at_the_limit_is_read_and_one_character_more_refused():
    limits = ReadLimits(max_file_bytes=2**20, max_archive_bytes=2**20, max_text_chars=200)
    text = "Talks resume\n\n" + (BODY + " ") * 3
    padded = text + "x" * (200 - len(text))

    assert read("at.txt", padded.encode(), limits) == [("Talks resume", "")]
    assert read("over.txt", (padded + "x").encode(), limits) == [
        ("", "text is 201 characters, over the 200-character limit (NEWSBROWSER_MAX_TEXT_CHARS)")
    ]


def test_storable_text_drops_nul_and_replaces_lone_surrogates_only():
    assert storable_text("a\x00b\ud800c\udfffd \U0001f600 é") == "ab\ufffdc\ufffdd \U0001f600 é"
