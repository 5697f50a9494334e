from __future__ import annotations

import pytest

from entities.nlp.names import (
    is_distinct_by_suffix,
    is_given_name,
    names_agree,
    person_name_clean,
    person_name_parse,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("James B. Comey", "James Comey"),
        ("Hillary Rodham Clinton", "Hillary Clinton"),
        ("Vladimir V. Putin", "Vladimir Putin"),
        ("John F. Kerry", "John Forbes Kerry"),
        ("Martin O\u2019Malley", "Martin O'Malley"),
        ("Barack Obama\u2018s", "Barack Obama"),
        ("Mr. Barack Obama", "Barack Obama"),
        ("Dr. Jill Biden", "Jill Biden"),
        ("Joe Biden", "Joseph R. Biden Jr."),
        ("Bill Clinton", "William Jefferson Clinton"),
        ("Chuck Grassley", "Charles E. Grassley"),
        ("Ed Rendell", "Edward G. Rendell"),
        ("Donald J. Trump", "Donald Trump"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("Bill de Blasio", "Bill De Blasio"),
        ("Ange\u0301la Merkel", "Angela Merkel"),
        ("Xi\u200b Jinping", "Xi Jinping"),
        ("\u202aJohn Kerry\u202c", "John Kerry"),
        ("\uff2aohn Kerry", "John Kerry"),  # full-width J: NFKC
        ("George HW Bush", "George H.W. Bush"),
        ("JD Vance", "J.D. Vance"),
        ("Hillary] Clinton", "HILLARY CLINTON"),
    ],
)
def test_name_variants_of_one_person_agree(a, b):
    assert names_agree(person_name_parse(a), person_name_parse(b))
    assert names_agree(person_name_parse(b), person_name_parse(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("George H. W. Bush", "George W. Bush"),
        ("Hillary Clinton", "Bill Clinton"),
        ("Ian Smith", "John Smith"),
        ("Andrew Cuomo", "Andrea Cuomo"),
        ("Wang Yi", "Wang Wenbin"),
        ("Kim Jong Un", "Kim Yo Jong"),
        ("Mike Lee", "Lee Hsien Loong"),
        ("Sullivan", "Jake Sullivan"),
    ],
)
def test_names_a_careful_reader_keeps_apart_do_not_agree(a, b):
    assert not names_agree(person_name_parse(a), person_name_parse(b))


@pytest.mark.parametrize(
    ("name", "family", "given", "family_first"),
    [
        ("Wang Yi", "wang", "yi", True),
        ("Xi Jinping", "xi", "jinping", True),
        ("Kim Jong Un", "kim", "jongun", True),
        ("Moon Jae-in", "moon", "jaein", True),
        ("Nguyen Xuan Phuc", "nguyen", "xuanphuc", True),
        ("Kim Davis", "davis", "kim", False),
        ("Mike Lee", "lee", "mike", False),
        ("Lee Daniels", "daniels", "lee", False),
        ("Marine Le Pen", "le pen", "marine", False),
        ("Van Jones", "jones", "van", False),
        ("Ursula von der Leyen", "von der leyen", "ursula", False),
    ],
)
def test_family_name_first_is_read_from_the_family_name_and_romanised_syllables(
    name, family, given, family_first
):
    parsed = person_name_parse(name)
    assert (parsed.family, parsed.given, parsed.family_first) == (family, given, family_first)


def test_generational_suffix_is_parsed_apart():
    parsed = person_name_parse("Joseph R. Biden, Jr.")
    assert (parsed.given, parsed.middles, parsed.family, parsed.suffix) == (
        "joseph",
        ("r",),
        "biden",
        "jr",
    )


def test_a_suffixed_name_is_distinct_when_its_article_names_the_form_without_it():
    junior = person_name_parse("Donald Trump Jr.")
    assert is_distinct_by_suffix(junior, [person_name_parse("Donald J. Trump"), junior])
    assert not is_distinct_by_suffix(junior, [junior, person_name_parse("Eric Trump")])
    assert not is_distinct_by_suffix(person_name_parse("Donald J. Trump"), [junior])
    # Formal and informal names of one man: the given names differ, the suffix tells nothing.
    formal = person_name_parse("Joseph R. Biden Jr.")
    assert not is_distinct_by_suffix(formal, [formal, person_name_parse("Joe Biden")])


def test_a_bare_family_name_is_not_a_full_name():
    assert not person_name_parse("Sullivan").is_full
    assert not person_name_parse("de Blasio").is_full
    assert not person_name_parse("Mr. King").is_full
    assert person_name_parse("Wang Yi").is_full


def test_possessive_and_invisible_characters_are_cleaned():
    assert person_name_clean("Barack Obama\u2018s") == "Barack Obama"
    assert person_name_clean("Jake\u200d Sullivan\u2019s") == "Jake Sullivan"


@pytest.mark.parametrize("word", ["Sean", "Marco", "Hope", "Grant", "Joe", "Bill", "Rakeyia"])
def test_given_names_come_from_the_census_or_the_nicknames_dataset(word):
    assert is_given_name(word) is (word != "Rakeyia")


@pytest.mark.parametrize("word", ["Billionaire", "Classic", "Combine", "Kentuckian"])
def test_english_words_are_no_given_names(word):
    assert not is_given_name(word)
