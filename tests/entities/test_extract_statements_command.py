"""extract_statements prints statements with offsets into each file's decoded text."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from entities.management.commands.extract_statements import file_offsets

ARTICLE = (
    "Kishida warns Russia\n"
    "By A. Reporter\n"
    "10 April 2024 14:11\n\n"
    "  Fumio Kishida met reporters in Tokyo on Monday.  \n\n"
    '"We will not accept any attack on Japan by Russia," Kishida said.\n'
    "Related content\n"
)


def test_body_offsets_map_to_the_same_characters_in_the_file():
    body = "First paragraph here.\n\nSecond one."
    file_text = "Title\n\n  First paragraph here.\n\n\nSecond one.\nRelated content"
    to_file = file_offsets(file_text, body)
    second = body.index("Second")
    assert file_text[to_file(second) : to_file(second + 6)] == "Second"
    assert to_file(0) == file_text.index("First")


def test_offsets_count_the_invisible_characters_the_reader_removed():
    # The reader drops zero-width and bidi characters; the file still holds them.
    file_text = 'Title\n\nAna\u200b Ruiz spoke.\n\n\u200e"We won," she said.\n'
    body = 'Ana Ruiz spoke.\n\n"We won," she said.'
    to_file = file_offsets(file_text, body)
    start = body.index("We won")
    assert file_text[to_file(start) : to_file(start + 6)] == "We won"
    assert file_text[to_file(0) : to_file(8)] == "Ana\u200b Ruiz"


@pytest.mark.slow
def test_jsonl_offsets_point_into_the_decoded_file(tmp_path, nlp):
    path = tmp_path / "kishida.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    out = StringIO()
    call_command("extract_statements", str(path), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    [row] = [r for r in rows if r["kind"] == "direct"]
    assert row["text"] == "We will not accept any attack on Japan by Russia"
    assert ARTICLE[row["start"] : row["end"]] == row["text"]
    assert (row["speaker"], row["speaker_text"], row["cue"]) == (
        "Fumio Kishida",
        "Kishida",
        "said",
    )
    assert row["about"] == ["JP", "RU"]
    assert row["file"] == str(path)


SOURCES_ARTICLE = (
    "Moscow answers Tokyo\n\n"
    'The Kremlin rejected the claim. "There was no such flight," the Kremlin said.\n\n'
    '"We will respond," Russia said.\n\n'
    '"The talks are over," a senior Japanese official said.\n'
)


@pytest.mark.slow
def test_rows_name_every_source_and_say_what_kind_it_is(tmp_path, nlp):
    """A country or an unnamed source is still a source: the row names it in the article's words."""
    path = tmp_path / "sources.txt"
    path.write_text(SOURCES_ARTICLE, encoding="utf-8")
    out = StringIO()
    call_command("extract_statements", str(path), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["speaker"], r["speaker_kind"], r["speaker_country"]) for r in rows] == [
        ("Kremlin", "organisation", "RU"),
        ("Russia", "country", "RU"),
        ("a senior Japanese official", "unnamed", "JP"),
    ]
    assert rows[2]["speaker_text"] == "a senior Japanese official"


@pytest.mark.slow
def test_an_unreadable_file_is_reported_and_the_rest_still_printed(tmp_path, nlp):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("extract_statements", str(bad), str(good), stdout=out, stderr=err)
    assert "bad.pdf" in err.getvalue()
    assert "Kishida" in out.getvalue()


SPLIT_ARTICLE = (
    "Sullivan answers\n"
    "By A. Reporter\n"
    "10 April 2024 14:11\n\n"
    "  Jake Sullivan spoke in Washington on Monday.  \n\n"
    '"We will respond to this attack," Sullivan said, "and we will respond soon."\n'
    "Related content\n"
)


@pytest.mark.slow
def test_a_split_quote_row_has_file_offsets_for_each_part(tmp_path, nlp):
    path = tmp_path / "sullivan.txt"
    path.write_text(SPLIT_ARTICLE, encoding="utf-8")
    out = StringIO()
    call_command("extract_statements", str(path), stdout=out)
    [row] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert row["offsets_into"] == "file"
    assert [SPLIT_ARTICLE[start:end] for start, end in row["parts"]] == [
        "We will respond to this attack",
        "and we will respond soon.",
    ]
    # The row's own span still covers the whole statement, attribution included.
    assert (row["start"], row["end"]) == (row["parts"][0][0], row["parts"][-1][1])
    assert SPLIT_ARTICLE[row["start"] : row["end"]] == row["text"]
    assert '," Sullivan said, "' in row["text"]


@pytest.mark.slow
def test_a_statement_in_one_piece_has_one_part_its_own_span(tmp_path, nlp):
    path = tmp_path / "kishida.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    out = StringIO()
    call_command("extract_statements", str(path), stdout=out)
    for row in (json.loads(line) for line in out.getvalue().splitlines()):
        assert row["parts"] == [[row["start"], row["end"]]]
