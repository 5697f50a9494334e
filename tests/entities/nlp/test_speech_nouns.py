"""speech_noun_clause: a speech noun's mostly quoted that-clause is its owner's statement."""

from __future__ import annotations

import pytest

from entities.nlp.speech_nouns import speech_noun_clause
from tests.entities.nlp.quote_speakers import quote_speaker

# (text, the quote's first words, the speaker as named or written)
OWNED_CLAUSES = [
    (  # a possessor's name
        "The race tightened after FBI Director James Comey's conclusion that her actions were "
        '"extremely careless."',
        "extremely careless",
        "James Comey",
    ),
    (  # a possessive pronoun stands for the person a "he" would
        "Donald Trump spoke on Monday. Contrary to his claim that people would ''learn "
        "nothing,'' there would be a wealth of relevant information for voters.",
        "learn nothing",
        "Donald Trump",
    ),
    (  # a possessive in the predicate means the clause's subject, of the same sex
        "Hillary Clinton spoke in Ohio.\n\nFormer secretary of state Madeleine Albright, a "
        "Clinton supporter, fanned controversy this year over her remark that \u201cthere\u2019s "
        "a special place in hell for women who don\u2019t help each other.\u201d",
        "there\u2019s a special place",
        "Madeleine Albright",
    ),
    (  # ... and not a subject of the other sex
        "Donald Trump spoke on Monday. Hillary Clinton mocked his claim that the system is "
        '"rigged against all of us."',
        "rigged against all",
        "Donald Trump",
    ),
    (  # the clause quoted whole, after a noun of warning
        "Senator Maria Lopez spoke first.\n\nThe vote followed Lopez's warning that \u201cthis "
        "bill will close every rural hospital in the state.\u201d",
        "this bill will close",
        "Maria Lopez",
    ),
]

# The quote is no statement of the noun's owner.
NOT_OWNED = [
    (  # no owner: nobody to attribute it to
        'Voters heard the claim that the plan "will never work in a thousand years."',
        "will never work",
    ),
    (  # the clause is mostly the writer's words around a scare quote
        "Lopez repeated her claim that the state budget office had been hiding a "
        '"slush fund" from the auditors for many years.',
        "slush fund",
    ),
    (  # a noun of thought reports no words
        'Ana Ruiz held her belief that the council "will do the right thing."',
        "will do the right",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "opening", "speaker"), OWNED_CLAUSES)
def test_a_quoted_clause_of_a_speech_noun_is_its_owners_statement(nlp, text, opening, speaker):
    found = quote_speaker(nlp, text, opening, speech_noun_clause)
    assert found is not None
    assert (found.name or found.text) == speaker


@pytest.mark.slow
@pytest.mark.parametrize(("text", "opening"), NOT_OWNED)
def test_a_speech_noun_without_owner_or_quoted_clause_gives_no_speaker(nlp, text, opening):
    assert quote_speaker(nlp, text, opening, speech_noun_clause) is None
