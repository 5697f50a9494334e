"""Quotes a clause ending in a colon introduces: who its description or its chain names."""

from __future__ import annotations

import pytest

from entities.nlp.colon_introductions import (
    described_speaker_before_colon,
    excerpt_source_before_colon,
)
from tests.entities.nlp.quote_speakers import quote_speaker


def _speaker(nlp, text: str, opening: str, rule=described_speaker_before_colon):
    found = quote_speaker(nlp, text, opening, rule)
    return None if found is None else (found.name or found.text)


# (article text, the quote's first words, the speaker as named or written, or None)
DESCRIBED_SPEAKERS = [
    # A described subject, the name in apposition, up a chain of verbs ('went ... to say').
    (
        "Investors fled. The Slate technology columnist David Auerbach went so far as to say: "
        '"Twitter as we know it is over, and nobody will miss it."',
        "Twitter as we",
        "David Auerbach",
    ),
    # The description and its appositive name set off by commas; any verb before the colon.
    (
        "One early supporter, Representative Lee Zeldin, Republican of New York, gave the "
        'technique a whirl in an interview with CNN on Tuesday: "You can easily argue that the '
        'president of the United States is wrong."',
        "You can easily",
        "Lee Zeldin",
    ),
    # A passive verb of asking: its agent asked the question.
    (
        'Sanders was asked by host Bill Maher: "Now, you famously said you were tired of '
        'hearing about the emails, has it not?"',
        "Now, you famously",
        "Bill Maher",
    ),
    # A passive subject without an agent is asked, not asking.
    (
        'The mayor was asked: "Will you run again next year, now that the budget is done?"',
        "Will you run",
        None,
    ),
    # After a dash, the words before the colon introduce the quote; the clause before it does not.
    (
        'Signs of a shift were there all along - More from the pollsters: "Data collected by '
        'our firm helps confirm that both issues were in play."',
        "Data collected",
        None,
    ),
    # A subject that is no one: the question is no speaker.
    (
        'The hearing turned tense. The question was simple: "Did you delete the emails '
        'before or after the subpoena arrived?"',
        "Did you delete",
        None,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "opening", "speaker"), DESCRIBED_SPEAKERS)
def test_described_speaker_before_colon(nlp, text, opening, speaker):
    assert _speaker(nlp, text, opening) == speaker


# (article text, the quote's first words, the source as named or written, or None)
EXCERPT_SOURCES = [
    # "From X:" opening its sentence: the document speaks.
    (
        'Not all web panels are created equal. From the report: "In general, samples with '
        'more elaborate weighting procedures produced more accurate results."',
        "In general",
        "the report",
    ),
    # A possessor's document speaks for its possessor.
    (
        "Aides say the former governor plans to support Cruz. From Bush's Facebook post: "
        '"For the sake of our party and country, we must move beyond the divisiveness."',
        "For the sake",
        "Bush",
    ),
    # A byline after a dash, whatever words the parse runs into it.
    (
        'Estimates of engagement are particularly problematic - Pew Research: "All the '
        'samples evaluated include more politically engaged individuals than they should."',
        "All the samples",
        "Pew Research",
    ),
    # Lower-case words after a dash are a list, not a byline.
    (
        'The plan has three parts - taxes, trade and jobs: "We will cut them all, and we will '
        'win the next election."',
        "We will cut",
        None,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "opening", "speaker"), EXCERPT_SOURCES)
def test_excerpt_source_before_colon(nlp, text, opening, speaker):
    assert _speaker(nlp, text, opening, rule=excerpt_source_before_colon) == speaker
