"""Chants and shouts: the words a verb or noun of shouting quotes, and who cried them."""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction
from entities.nlp.shouted_words import shouted_words
from tests.entities.nlp.quote_speakers import quote_speaker


def _shouted(nlp, text: str, opening: str):
    found = quote_speaker(nlp, text, opening, shouted_words)
    return None if found is None else (found.name or found.text)


# (article text, the quote's first words, who cried it as named or written, or None)
SHOUTED = [
    # The object of a verb of chanting, title-cased like a slogan.
    (
        "In downtown Washington, about 200 protesters gathered, holding signs and chanting "
        '"Dump Trump."',
        "Dump Trump",
        "about 200 protesters",
    ),
    # A verb of shouting the parser hung on its subject ('a man [who] yelled').
    (
        'Some in the crowd booed, and when Rubio thanked Miami, a man yelled "Stay there!"',
        "Stay there",
        "a man",
    ),
    # After the verb's comma; the lemmatizer left 'jeered' as it is.
    (
        'The couple circled the boat as his friends jeered, "Do svidaniya!" and waved.',
        "Do svidaniya",
        "his friends",
    ),
    # A noun of chanting and "of": the clause's subject chants.
    (
        'The delegates responded with chants of "Four more years!" until the music began.',
        "Four more years",
        "The delegates",
    ),
    # A participle of chanting shares the subject of the nearest clause before it.
    (
        "Clinton spoke down the street from the casino, where about 50 protesters had gathered "
        'on Wednesday morning, chanting "no contract, no peace" after the union failed.',
        "no contract",
        "about 50 protesters",
    ),
    # The object of the verb a noun of chanting hangs from chants, not its subject.
    (
        'At the rally, Mr. Christie roused the crowd to spontaneous chants of "Lock her up!"',
        "Lock her up",
        "the crowd",
    ),
    # One lower-case word in marks after a verb of shouting is a word, not a chant.
    ('The host was yelling "fake" at every answer.', "fake", None),
    # A quote after a verb that is no shout.
    ('The crowd waved signs reading "Dump Trump."', "Dump Trump", None),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "opening", "speaker"), SHOUTED)
def test_shouted_words(nlp, text, opening, speaker):
    assert _shouted(nlp, text, opening) == speaker


@pytest.mark.slow
def test_a_title_cased_chant_is_a_statement_of_who_chanted_it(nlp):
    text = 'Outside the hall, hundreds of protesters marched for hours, chanting "Lock Her Up."'
    [found] = [s for s in article_extraction(nlp(text)).statements if s.kind == "direct"]
    assert (found.text, found.rule) == ("Lock Her Up.", "shouted_words")
