from __future__ import annotations

import pytest

from entities.nlp.countries import country_for_name, country_mentions, country_rows
from entities.nlp.people import person_mentions


def test_country_rows_cover_every_iso_country_once():
    rows = country_rows()
    assert len(rows) == 249
    assert len({row.alpha2 for row in rows}) == 249


@pytest.mark.parametrize(
    ("alpha2", "name", "short_name"),
    [
        ("RU", "Russian Federation", "Russia"),
        ("US", "United States", "United States"),
        ("KR", "Korea, Republic of", "South Korea"),
        ("KP", "Korea, Democratic People's Republic of", "North Korea"),
        ("CD", "Congo, The Democratic Republic of the", "DR Congo"),
        ("VN", "Viet Nam", "Vietnam"),
        ("AW", "Aruba", "Aruba"),  # not in our file: pycountry's name
    ],
)
def test_country_rows_carry_official_and_display_names(alpha2, name, short_name):
    row = next(row for row in country_rows() if row.alpha2 == alpha2)
    assert (row.name, row.short_name) == (name, short_name)
    assert len(row.alpha3) == 3


@pytest.mark.parametrize(
    ("text", "alpha2"),
    [
        ("US", "US"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("America", "US"),
        ("Americans", "US"),
        ("the United States'", "US"),
        ("Britain", "GB"),
        ("British", "GB"),
        ("UK", "GB"),
        ("Chinese", "CN"),
        ("Russia's", "RU"),
        ("Russians", "RU"),
        ("Russian Federation", "RU"),
        ("Japanese", "JP"),
        ("Filipino", "PH"),
        ("Philippine", "PH"),
        ("the Philippines", "PH"),
        ("Syrian Arab Republic", "SY"),
        ("RUSSIA", "RU"),
        ("Japan\u2019s", "JP"),
    ],
)
def test_names_aliases_and_demonyms_resolve(text, alpha2):
    assert country_for_name(text) == alpha2


@pytest.mark.parametrize("text", ["us", "Us", "china", "Beijing", "Europe", "State", "Democrats"])
def test_lowercase_words_capitals_and_regions_are_not_countries(text):
    assert country_for_name(text) is None


def test_mentions_come_from_gpe_and_norp_only(make_doc):
    doc = make_doc(
        ["Chinese", "ships", "entered", "the", "South", "China", "Sea", "near", "Beijing", "."],
        ["B-NORP", "O", "O", "B-LOC", "I-LOC", "I-LOC", "I-LOC", "O", "B-GPE", "O"],
    )
    assert [(m.iso2, m.text) for m in country_mentions(doc)] == [("CN", "Chinese")]


def test_offsets_cover_the_country_word_without_the_or_possessive(make_doc):
    doc = make_doc(
        ["He", "raised", "the", "United", "States", "'", "concerns", "."],
        ["O", "O", "B-GPE", "I-GPE", "I-GPE", "I-GPE", "O", "O"],
    )
    [mention] = country_mentions(doc)
    assert (mention.iso2, mention.text) == ("US", "United States")
    assert doc.text[mention.start : mention.end] == "United States"


def test_hyphenated_pair_gives_two_mentions_with_their_own_offsets(nlp):
    doc = nlp("Sullivan described the findings regarding Chinese-Russian cooperation.")
    mentions = country_mentions(doc)
    assert [(m.iso2, m.text) for m in mentions] == [("CN", "Chinese"), ("RU", "Russian")]
    assert all(doc.text[m.start : m.end] == m.text for m in mentions)


def test_south_china_sea_and_airline_names_give_no_country(nlp):
    doc = nlp("Patrols in the South China Sea grew. She flew China Southern Airlines to Beijing.")
    assert country_mentions(doc) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A country word that is a person's name, or the surname of one named before.
        ("Billionaire Mark Cuban backed Clinton. Cuban said it on Monday.", []),
        ("Rep. Steve Israel spoke first. Israel said the party would win.", []),
        ("Michael Jordan gave $1 million to the campaign.", []),
        # ... while the country itself still counts.
        ("Cuban officials met the delegation in Havana.", [("CU", "Cuban")]),
        # A name shared by a US state and a country: the state with US context.
        ("Trump held a rally in Atlanta, Georgia, on Friday.", [("US", "Georgia")]),
        ("Georgia voters went to the polls on Tuesday.", [("US", "Georgia")]),
        ("Georgia's secretary of state said the count was accurate.", [("US", "Georgia")]),
        ("Sen. Johnny Isakson of Georgia said the vote was close.", [("US", "Georgia")]),
        # ... the country with its own context.
        ("Georgia's president met officials in Tbilisi.", [("GE", "Georgia")]),
        (
            "Russia invaded Georgia in 2008, and the Caucasus nation still fears Moscow.",
            [("RU", "Russia"), ("GE", "Georgia"), ("RU", "Moscow")],
        ),
        # No cue in the sentence: the article decides (a US election story).
        (
            "Republicans fear the polls. Democrats see a chance. Clinton leads in Georgia.",
            [("US", "Georgia")],
        ),
    ],
)
def test_country_words_that_do_not_mean_the_country(nlp, text, expected):
    doc = nlp(text)
    mentions = country_mentions(doc, people=person_mentions(doc))
    assert [(m.iso2, m.text) for m in mentions] == expected
