"""What a statement's source is: person, organisation, country or unnamed source."""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction
from entities.nlp.sources import (
    SOURCE_RULES,
    document_nouns,
    known_organisation,
    organisation_nouns,
    party_members,
    person_nouns,
)

QUOTE = '"We will not accept any attack on our territory."'


@pytest.fixture
def source_of(nlp):
    """The (kind, name, country, organisation kind, affiliation) of the one direct statement."""

    def find(text: str):
        [found] = [s for s in article_extraction(nlp(text)).statements if s.kind == "direct"]
        return (
            found.speaker_kind,
            found.speaker_name,
            found.speaker_country,
            found.speaker_organisation_kind,
            found.speaker_affiliation,
        )

    return find


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, source",
    [
        # Well-known bodies: name, kind and country from the reviewed list.
        (
            f"The Kremlin said on Monday: {QUOTE}",
            ("organisation", "Kremlin", "RU", "government", None),
        ),
        (f'{QUOTE[:-1]}" the Pentagon said.', ("organisation", "Pentagon", "US", "military", None)),
        (f"Xinhua reported: {QUOTE}", ("organisation", "Xinhua", "CN", "media", None)),
        (
            f"NATO said in a statement: {QUOTE}",
            ("organisation", "North Atlantic Treaty Organization", None, "international", None),
        ),
        (
            f'{QUOTE[:-1]}" The International Atomic Energy Agency said.',
            ("organisation", "International Atomic Energy Agency", None, "international", None),
        ),
        # Any other organisation: the kind from its head noun, the country from a demonym.
        (
            f"The South Korean Defense Ministry said: {QUOTE}",
            ("organisation", "South Korean Defense Ministry", "KR", "government", None),
        ),
        (
            f'{QUOTE[:-1]}" the Chinese Foreign Ministry said.',
            ("organisation", "Chinese Foreign Ministry", "CN", "government", None),
        ),
        # The entity is the name, whatever describes it.
        (
            f'{QUOTE[:-1]}" the conservative-leaning Tax Foundation said.',
            ("organisation", "Tax Foundation", None, "other", None),
        ),
        # A body inside a known one belongs to its country.
        (
            f'{QUOTE[:-1]}" the State Department Refugee Processing Center said.',
            ("organisation", "State Department Refugee Processing Center", "US", "other", None),
        ),
        # A short form names the organisation named in full before it.
        (
            f'The Baltimore Sun reported the story first. {QUOTE[:-1]}" the Sun said.',
            ("organisation", "Baltimore Sun", None, "other", None),
        ),
        # A document speaks for the body that issued it.
        (
            f'{QUOTE[:-1]}" the IMF report said.',
            ("organisation", "International Monetary Fund", None, "international", None),
        ),
        # A country or its capital speaking as the state.
        (f'{QUOTE[:-1]}" Russia said.', ("country", None, "RU", None, None)),
        (f"Beijing warned on Monday: {QUOTE}", ("country", None, "CN", None, None)),
        # Unnamed sources keep the country and the organisation they speak for.
        (f'{QUOTE[:-1]}" a senior U.S. official said.', ("unnamed", None, "US", None, None)),
        (
            f'{QUOTE[:-1]}" a spokeswoman for Disney said.',
            ("unnamed", None, None, "other", "Disney"),
        ),
        (
            f'{QUOTE[:-1]}" a State Department spokesman said.',
            ("unnamed", None, "US", "government", "State Department"),
        ),
        (f'{QUOTE[:-1]}" the report said.', ("unnamed", None, None, None, None)),
        (f'{QUOTE[:-1]}" Mexicans said.', ("unnamed", None, "MX", None, None)),
        (
            f'{QUOTE[:-1]}" one Republican involved in the planning said.',
            ("unnamed", None, "US", "party", "Republican Party"),
        ),
        # People: a surname the article never gives in full is the person all the same.
        (f'{QUOTE[:-1]}" Mr. King said.', ("person", "King", None, None, None)),
        (
            f'Larry King hosts a show. {QUOTE[:-1]}" Mr. King said.',
            ("person", "Larry King", None, None, None),
        ),
        # ... and keeps the country the article states for them.
        (
            f'Russian Foreign Minister Sergei Lavrov met reporters. {QUOTE[:-1]}" Lavrov said.',
            ("person", "Sergei Lavrov", "RU", None, None),
        ),
    ],
)
def test_source_kind_name_and_country(source_of, text, source):
    assert source_of(text) == source


@pytest.mark.slow
def test_unnamed_source_keeps_its_whole_description(nlp):
    text = f'{QUOTE[:-1]}" a New Hampshire Democrat said.'
    [found] = article_extraction(nlp(text)).statements
    assert (found.speaker_kind, found.speaker_name) == ("unnamed", None)
    assert found.speaker_text == "a New Hampshire Democrat"
    assert found.source_label == "a New Hampshire Democrat"


@pytest.mark.slow
def test_an_unresolved_pronoun_is_no_source(nlp):
    [found] = article_extraction(nlp(f'{QUOTE[:-1]}" they said.')).statements
    assert (found.speaker_kind, found.speaker_name, found.speaker_text) == (None, None, "they")
    assert found.source_label is None


def test_known_organisations_match_with_or_without_the():
    assert known_organisation("the Kremlin").country == "RU"
    assert known_organisation("UN").name == "United Nations"
    assert known_organisation("The Hill").kind == "media"
    # "The Hill" is the newspaper only when the article says "the".
    assert known_organisation("Hill") is None
    assert known_organisation("rt") is None  # short names match exactly


def test_word_lists_are_loaded_from_their_data_files():
    assert organisation_nouns()["ministry"] == "government"
    assert {"report", "statement"} <= document_nouns()
    assert {"spokeswoman", "writer"} <= person_nouns()
    assert party_members()["Democrat"] == "Democratic Party"
    assert SOURCE_RULES[-1].__name__ == "unnamed_source"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, name, kind",
    [
        (
            "Democratic nominee Hillary Clinton and Republican presidential nominee Donald Trump "
            f'met in Ohio. {QUOTE[:-1]}" the Republican nominee said.',
            "Donald Trump",
            "person",
        ),
        (
            "Mike Pence, the Indiana governor, spoke on Friday. "
            f'{QUOTE[:-1]}" the Indiana governor said.',
            "Mike Pence",
            "person",
        ),
        # Two people fit: the description names neither.
        (
            "Democratic nominee Hillary Clinton and Republican nominee Donald Trump met in Ohio. "
            f'{QUOTE[:-1]}" the nominee said.',
            None,
            "unnamed",
        ),
        # Nobody was so described: a description, not a person.
        (
            f'Donald Trump spoke in Ohio. {QUOTE[:-1]}" the New York businessman said.',
            None,
            "unnamed",
        ),
    ],
)
def test_description_names_the_one_person_the_article_so_described(nlp, text, name, kind):
    [found] = [s for s in article_extraction(nlp(text)).statements if s.kind == "direct"]
    assert (found.speaker_name, found.speaker_kind) == (name, kind)


@pytest.mark.slow
def test_a_capitalised_title_alone_is_not_an_organisation(nlp):
    [found] = article_extraction(nlp(f'{QUOTE[:-1]}" Senator said.')).statements
    assert found.speaker_kind != "organisation"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, name, kind",
    [
        # The name after an organisation's possessive or a title is a person's.
        (f'{QUOTE[:-1]}" Huffington Post\u2019s Scott Conroy said.', "Scott Conroy", "person"),
        (f'{QUOTE[:-1]}" Phoenix Mayor Greg Stanton said.', "Greg Stanton", "person"),
        # A verb the speaker's words ran on into is no part of the source.
        (
            f'Donald Trump spoke on Monday. {QUOTE[:-1]}" Trump told Business Insider.',
            "Donald Trump",
            "person",
        ),
        # A single capitalised word the article never gives as a person's: an organisation.
        (f'{QUOTE[:-1]}" Peabody said.', "Peabody", "organisation"),
    ],
)
def test_person_or_organisation_from_how_the_name_is_written(nlp, text, name, kind):
    [found] = [s for s in article_extraction(nlp(text)).statements if s.kind == "direct"]
    assert (found.speaker_name, found.speaker_kind) == (name, kind)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, name",
    [
        (
            f"Angela Merkel spoke on Monday. {QUOTE[:-1]}\" Ms. Merkel's spokesman, "
            "Steffen Seibert, said.",
            "Steffen Seibert",
        ),
        (
            f"{QUOTE[:-1]}\" Sanders's campaign manager, Jeff Weaver, told reporters.",
            "Jeff Weaver",
        ),
        (
            f'{QUOTE[:-1]}" another Twitter user, Johanna Bayer, wrote.',
            "Johanna Bayer",
        ),
    ],
)
def test_the_person_named_as_whose_is_not_the_speaker(nlp, text, name):
    [found] = [s for s in article_extraction(nlp(text)).statements if s.kind == "direct"]
    assert (found.speaker_name, found.speaker_kind) == (name, "person")
