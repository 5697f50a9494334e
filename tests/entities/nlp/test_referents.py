"""Whom a "he"/"she" stands for: the sex a given name shows, and the referent it picks."""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction
from entities.nlp.quoted_statements import QuotedStatement, quoted_test
from entities.nlp.quotes import QuoteSpan
from entities.nlp.referents import given_name_gender


@pytest.mark.parametrize(
    "name, gender",
    [
        # The reviewed list.
        ("Susan Mills", "f"),
        ("Barack Obama", "m"),
        # The census, where the list is silent and one sex holds nearly every bearer.
        ("Pete Hidalgo", "m"),
        ("Geraldo Rivera", "m"),
        ("Zoe Saldana", "f"),
        ("Monique Dalle", "f"),
        # Given to both: the list says so, whatever the census counts.
        ("Sam Solovey", None),
        ("Alex Jones", None),
        ("Chris Christie", None),
        # Not a given name, or no given name at all.
        ("Osama bin Laden", None),
        ("Madonna", None),
    ],
)
def test_given_name_shows_the_sex_of_nearly_all_who_bear_it(name, gender):
    assert given_name_gender(name) == gender


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Zoe Lang runs the clinic. Pete Hidalgo, the mayor, visited it on Monday. "
            '"We need more nurses," she said.',
            "Zoe Lang",
        ),
        (
            "Geraldo Ruiz has run the shelter since 2010. Monique Dalle joined the board "
            'this year. "The roof will be fixed by winter," he said.',
            "Geraldo Ruiz",
        ),
    ],
)
def test_pronoun_skips_the_person_whose_given_name_is_of_the_other_sex(nlp, text, speaker):
    [found] = article_extraction(nlp(text)).statements
    assert found.speaker_name == speaker


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, speaker",
    [
        # The parser hangs the clause before the quote on the cue after it ("weighed ...
        # he said"); the quote between them shows it is the sentence's own clause.
        (
            "Bernie Sanders said her judgment was lacking. Vice President Joe Biden weighed "
            'in as well, telling Mic in an interview, "But gosh almighty, they are both '
            'qualified," he said.',
            "Joe Biden",
        ),
    ],
)
def test_clause_hung_on_the_cue_after_the_quote_gives_the_pronoun_referent(nlp, text, speaker):
    found = [s for s in article_extraction(nlp(text)).statements if s.kind == "direct"]
    assert found[-1].speaker_name == speaker


def _statement(*parts: tuple[int, int]) -> QuotedStatement:
    return QuotedStatement(tuple(QuoteSpan(start, end, '"', '"') for start, end in parts))


# quoted_test stands in for `any(q.contains(offset) for q in quotes)` in pronoun_referent.
@pytest.mark.parametrize(
    ("quotes", "offset", "expected"),
    [
        ([], 5, False),
        ([_statement((10, 20))], 10, True),  # the first quoted character
        ([_statement((10, 20))], 20, False),  # the closing mark's offset is outside
        ([_statement((10, 20))], 9, False),
        ([_statement((10, 20), (30, 40))], 25, False),  # between the parts of a split quote
        ([_statement((10, 20), (30, 40))], 35, True),
        ([_statement((30, 40)), _statement((10, 20))], 15, True),  # any order
        ([_statement((10, 50)), _statement((20, 25))], 30, True),  # a short part inside a long
        ([_statement((10, 15)), _statement((12, 30))], 20, True),  # overlapping parts
    ],
)
def test_quoted_test_agrees_with_contains(quotes, offset, expected):
    assert quoted_test(quotes)(offset) is expected
    assert any(q.contains(offset) for q in quotes) is expected
