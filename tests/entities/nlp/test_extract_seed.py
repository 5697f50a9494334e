from __future__ import annotations

from pathlib import Path

import pytest

from entities.nlp.extract import article_extraction, extractions_for

SEED = Path(__file__).resolve().parents[3] / "seeds" / "000_6f93beee98eeb8e4.txt"


@pytest.fixture(scope="module")
def body() -> str:
    """The seed article's body: from the first paragraph to the last sentence."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index("According to information provided by the White House")
    end = text.index("historic first for such")
    end = text.index(".", end) + 1
    return text[start:end]


@pytest.fixture(scope="module")
def extraction(nlp, body):
    return article_extraction(nlp(body))


def test_seed_has_one_direct_statement_by_jake_sullivan_about_russia(extraction, body):
    [statement] = [s for s in extraction.statements if s.kind == "direct"]
    assert statement.text.startswith("We have not seen any evidence that they'll provide direct")
    # The comma before the closing mark belongs to "..., Sullivan said", not to the quote.
    assert statement.text.endswith("in Europe last week")
    assert statement.text == body[statement.start : statement.end]
    assert body[statement.start - 1] == '"' and body[statement.end : statement.end + 2] == ',"'
    assert statement.kind == "direct"
    assert (statement.speaker_name, statement.speaker_text, statement.cue) == (
        "Jake Sullivan",
        "Sullivan",
        "said",
    )
    assert statement.about == ("RU",)
    # Named only in the reporting clause around the quote ("Russian Foreign Minister ...").
    assert "CN" in statement.context


def test_seed_reports_what_the_white_house_information_says(extraction):
    [according] = [s for s in extraction.statements if s.kind == "indirect"]
    assert according.text == "China supports the Russian arms industry"
    assert according.cue == "According to"
    assert according.speaker_text == "information provided by the White House"
    assert according.about == ("CN", "RU")


def test_seed_people_are_resolved_to_full_names(extraction):
    names = {mention.name for mention in extraction.people}
    assert {
        "Jake Sullivan",
        "Antony Blinken",
        "Joe Biden",
        "Sergei Lavrov",
        "Xi Jinping",
        "Fumio Kishida",
        "Ferdinand Marcos Jr.",
    } <= names
    written = {(mention.text, mention.name) for mention in extraction.people}
    assert ("Blinken", "Antony Blinken") in written
    assert ("Biden", "Joe Biden") in written
    assert ("Marcos", "Ferdinand Marcos Jr.") in written
    assert ("Kishida", "Fumio Kishida") in written


def test_seed_countries_exclude_absent_ukraine_and_the_south_china_sea(extraction, body):
    codes = {mention.iso2 for mention in extraction.countries}
    assert {"CN", "RU", "US", "JP", "PH"} <= codes
    assert "UA" not in codes
    sea = body.index("South China Sea")
    assert not [m for m in extraction.countries if sea <= m.start < sea + len("South China Sea")]


def test_every_mention_text_is_the_body_slice(extraction, body):
    for mention in [*extraction.people, *extraction.countries]:
        assert mention.text == body[mention.start : mention.end]


def test_extractions_stream_in_input_order(nlp, body):
    texts = [body, '"We will act soon on this matter," Jake Sullivan said.', ""]
    results = list(extractions_for(texts, nlp=nlp, batch_size=2))
    assert len(results) == 3
    assert [s.speaker_name for s in results[0].statements if s.kind == "direct"] == [
        "Jake Sullivan"
    ]
    assert results[1].statements[0].text == "We will act soon on this matter"
    assert results[2].people == results[2].countries == results[2].statements == []
