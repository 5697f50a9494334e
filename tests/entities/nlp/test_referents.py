"""Whom a "he"/"she" stands for: the sex a given name shows, and the referent it picks."""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction
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
