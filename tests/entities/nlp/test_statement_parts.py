"""A statement's parts: the quoted pieces, without the attribution between a split quote's."""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction


@pytest.fixture
def found(nlp):
    def find(text: str):
        return article_extraction(nlp(text)).statements

    return find


def pieces(text: str, statement) -> list[str]:
    return [text[start:end] for start, end in statement.parts]


@pytest.mark.slow
def test_a_split_quote_has_its_two_pieces_as_parts_without_marks_or_attribution(found):
    text = (
        '"We have seen no evidence of direct aid," Jake Sullivan said, "but we remain concerned."'
    )
    [statement] = found(text)
    assert pieces(text, statement) == [
        "We have seen no evidence of direct aid",  # the reporting comma goes, as at the end
        "but we remain concerned.",
    ]
    # The statement itself still runs from the first piece to the last.
    assert (statement.parts[0][0], statement.parts[-1][1]) == (statement.start, statement.end)
    assert statement.text == text[statement.start : statement.end]


@pytest.mark.slow
def test_the_last_part_ends_where_the_statement_does_without_its_reporting_comma(found):
    text = '"We will not accept this," Jake Sullivan said, "and we will say so," he told reporters.'
    [statement] = found(text)
    assert statement.parts[-1][1] == statement.end
    assert pieces(text, statement) == ["We will not accept this", "and we will say so"]


@pytest.mark.slow
def test_a_quote_that_is_not_split_is_one_part_its_whole_span(found):
    text = '"We will not accept any interference in our elections," Jake Sullivan said.'
    [statement] = found(text)
    assert statement.parts == ((statement.start, statement.end),)
    assert pieces(text, statement) == ["We will not accept any interference in our elections"]


@pytest.mark.slow
def test_a_reported_statement_is_one_part_its_whole_span(found):
    text = "Jake Sullivan said that the talks with Beijing would go on next week."
    [statement] = found(text)
    assert statement.kind == "indirect"
    assert statement.parts == ((statement.start, statement.end),)


@pytest.mark.slow
def test_a_quote_going_on_after_its_cue_sentence_keeps_both_pieces(found):
    text = (
        '"We have seen no evidence of direct aid," Jake Sullivan said. '
        '"But we remain deeply concerned about it."\n\nThe talks ended.'
    )
    [statement] = found(text)
    assert pieces(text, statement) == [
        "We have seen no evidence of direct aid",
        "But we remain deeply concerned about it.",
    ]
