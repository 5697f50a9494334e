from __future__ import annotations

import re

import pytest
import spacy
from spacy.tokens import Doc

from entities.nlp.people import (
    canonical_person_name,
    described_person_name,
    person_mentions,
    resolve_person_name,
    surname_of,
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("President Joe Biden", "Joe Biden"),
        ("Secretary of State Blinken", "Blinken"),
        ("Prime Minister Fumio Kishida", "Fumio Kishida"),
        ("Russian Foreign Minister Sergei Lavrov's", "Sergei Lavrov"),
        ("Mr. Trump\u2019s", "Trump"),
        ("Sen. Bernie Sanders,", "Bernie Sanders"),
        ("Chinese leader Xi Jinping", "Xi Jinping"),
        ("  Jake\xa0 Sullivan ", "Jake Sullivan"),
        ("Biden.", "Biden"),
        ("Ferdinand Marcos Jr.", "Ferdinand Marcos Jr."),
        ("George W. Bush", "George W. Bush"),
        ("President", ""),
    ],
)
def test_canonical_name_drops_titles_possessive_and_punctuation(text, name):
    assert canonical_person_name(text) == name


def test_surname_is_the_word_before_a_generational_suffix():
    assert surname_of("Ferdinand Marcos Jr.") == "Marcos"
    assert surname_of("Martin Luther King III") == "King"


def test_surname_resolves_to_full_name_in_article():
    full_names = [(0, "Jake Sullivan"), (40, "Ferdinand Marcos Jr.")]
    assert resolve_person_name("Sullivan", full_names=full_names, position=90) == "Jake Sullivan"
    assert resolve_person_name("Marcos", full_names=full_names, position=90) == (
        "Ferdinand Marcos Jr."
    )
    assert resolve_person_name("Jake", full_names=full_names, position=90) == "Jake"


def test_full_name_without_the_suffix_is_another_person_in_the_article():
    # "the son of the late dictator Ferdinand Marcos": the father, not Marcos Jr.
    full_names = [(0, "Donald Trump Jr."), (40, "Ferdinand Marcos Jr.")]
    assert resolve_person_name("Donald Trump", full_names=full_names, position=90) == (
        "Donald Trump"
    )
    assert resolve_person_name("Ferdinand Marcos", full_names=full_names, position=90) == (
        "Ferdinand Marcos"
    )
    assert resolve_person_name("Trump", full_names=full_names, position=90) == "Donald Trump Jr."


def test_family_name_first_resolves_from_its_first_word():
    full_names = [(0, "Wang Wenbin"), (40, "Wang Yi"), (80, "Kim Jong Un")]
    assert resolve_person_name("Wang", full_names=full_names, position=60) == "Wang Yi"
    assert resolve_person_name("Wang", full_names=full_names, position=20) == "Wang Wenbin"
    assert resolve_person_name("Kim", full_names=full_names, position=90) == "Kim Jong Un"
    # Western order: "Lee" is the surname of Mike Lee, "Davis" of Kim Davis.
    western = [(0, "Mike Lee"), (20, "Kim Davis")]
    assert resolve_person_name("Lee", full_names=western, position=30) == "Mike Lee"
    assert resolve_person_name("Davis", full_names=western, position=30) == "Kim Davis"
    assert resolve_person_name("Kim", full_names=western, position=30) == "Kim"


def test_name_never_seen_in_full_stays_as_written():
    assert resolve_person_name("Kishida", full_names=[(0, "Jake Sullivan")], position=9) == (
        "Kishida"
    )


def test_shared_surname_resolves_to_most_recent_full_name_before_it():
    full_names = [(0, "Hillary Clinton"), (50, "Bill Clinton")]
    assert resolve_person_name("Clinton", full_names=full_names, position=30) == "Hillary Clinton"
    assert resolve_person_name("Clinton", full_names=full_names, position=80) == "Bill Clinton"
    # Before either full name, a bare "Clinton" is ambiguous and stays as written.
    assert resolve_person_name("Clinton", full_names=full_names, position=-1) == "Clinton"


def test_two_full_names_sharing_a_surname_are_not_merged():
    full_names = [(0, "Hillary Clinton"), (50, "Bill Clinton")]
    assert resolve_person_name("Bill Clinton", full_names=full_names, position=50) == (
        "Bill Clinton"
    )


def test_mentions_resolve_within_the_article(make_doc):
    doc = make_doc(
        ["President", "Joe", "Biden", "met", "Xi", ".", "Biden", "'s", "aides", "smiled", "."],
        ["O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O", "B-PERSON", "O", "O", "O", "O"],
    )
    mentions = person_mentions(doc)
    assert [(m.text, m.name) for m in mentions] == [
        ("Joe Biden", "Joe Biden"),
        ("Xi", "Xi"),
        ("Biden", "Joe Biden"),
    ]
    assert all(doc.text[m.start : m.end] == m.text for m in mentions)


def test_possessive_and_title_inside_the_entity_are_trimmed_from_offsets(make_doc):
    doc = make_doc(
        ["Secretary", "Antony", "Blinken", "'s", "visit"],
        ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O"],
    )
    [mention] = person_mentions(doc)
    assert (mention.text, mention.name) == ("Antony Blinken", "Antony Blinken")


def test_lowercase_words_and_bare_titles_tagged_person_are_dropped(make_doc):
    doc = make_doc(
        ["the", "minister", "and", "President", "spoke", "to", "Russia"],
        ["O", "B-PERSON", "O", "B-PERSON", "O", "O", "B-PERSON"],
    )
    assert person_mentions(doc) == []


def test_a_generational_suffix_cut_off_by_its_comma_is_no_person(make_doc):
    doc = make_doc(
        ["William", "F.", "Buckley", ",", "Jr.", "was", "his", "uncle"],
        ["B-PERSON", "I-PERSON", "I-PERSON", "O", "B-PERSON", "O", "O", "O"],
    )
    assert [mention.name for mention in person_mentions(doc)] == ["William F. Buckley"]


def test_two_clintons_in_a_real_parse_stay_apart(nlp):
    doc = nlp("Hillary Clinton spoke first. Bill Clinton followed her. Clinton said little else.")
    names = [mention.name for mention in person_mentions(doc)]
    assert names == ["Hillary Clinton", "Bill Clinton", "Bill Clinton"]


def test_a_name_tagged_as_an_organisation_is_a_person_when_given_a_job(nlp):
    doc = nlp(
        "Eswar Prasad, a professor of international economics at Cornell University, "
        "said the Fed had grown. Goldman Sachs, the investment bank, said it would appeal."
    )
    assert [mention.name for mention in person_mentions(doc)] == ["Eswar Prasad"]


def test_a_bare_surname_tagged_as_an_organisation_is_a_person_when_given_a_job(nlp):
    doc = nlp("Fiorina, the former Hewlett-Packard CEO, made a surprise appearance.")
    assert [mention.name for mention in person_mentions(doc)] == ["Fiorina"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("He stayed at the Trump Tower on Fifth Avenue.", []),
        ("The Donald J. Trump Foundation gave money to the charity.", []),
        ("Principles Pac spent $1 million on ads in Iowa.", []),
        ("Marco Rubio Responds To Question About Trump\n\nRubio spoke on Monday.", []),
        ("Donald Trump Leads In New Poll\n\nThe race tightened.", []),
        ("Voters are Entrusting Donald Trump with the codes, he said.", ["Donald Trump"]),
        ("Asserting Clinton was wrong, the senator left.", ["Clinton"]),
        ("Fascist Trump is a danger, the protester said.", ["Trump"]),
        (
            "Ted Cruz spoke. Ted Cruz Apologizes to voters, the headline said.",
            ["Ted Cruz"],
        ),
        (
            "Donald Trump spoke. Donald Trump Wins Nevada, a page said. Donald Trump Jr. came.",
            ["Donald Trump", "Donald Trump Jr."],
        ),
        (
            "Marco Rubio spoke. Marco Rubio\u2019s campaign said no.",
            ["Marco Rubio", "Marco Rubio"],
        ),
        # A common noun or a word for the people of a place describes the person named after it.
        ("Billionaire Donald Trump praised the editor.", ["Donald Trump"]),
        ("The senator backed fellow Kentuckian Sam Adler, he said.", ["Sam Adler"]),
        # Companies named for a person.
        ("Jane Fox, an analyst at John Burns Real Estate Consulting, said so.", ["Jane Fox"]),
        # A run of capitals has no word boundaries a name can be read from.
        ("DNC CHAIR DEBBIE WASSERMAN SCHULTZ RESIGNS After months of criticism, she quit.", []),
        # One capitalised common word that is nobody's name.
        ("The crowd waited.\n\nCheers erupted when he strode across the stage.", []),
        ("Poll numbers fell.\n\nNationally, however, Mr. Smith leads.", ["Smith"]),
        # An English word opening a sentence before the family name of someone named in full.
        (
            "Hillary Clinton won Ohio. Combine Clinton and Sanders votes and they still trail.",
            ["Hillary Clinton", "Hillary Clinton"],
        ),
        ("Bill Clinton spoke for an hour. Classic Clinton: warm and long.", ["Bill Clinton"] * 2),
        # ... unless the two words are someone who does or is something.
        (
            "Tiger Woods played on Sunday. Grant Woods, a lawyer, said he would sue.",
            ["Tiger Woods", "Grant Woods"],
        ),
        (
            "Tiger Woods played. Hope Woods told reporters she would sue.",
            ["Tiger Woods", "Hope Woods"],
        ),
        # ... or when a job only a person holds stands right before the full name.
        (
            "Former Hewlett-Packard CEO Carly Fiorina named a Washington favorite.",
            ["Carly Fiorina"],
        ),
        # A body the reviewed list of organisations knows, whatever the NER says.
        ("Ku Klux Klan leaders endorsed him.", []),
        # A name the NER calls an organisation is a person's when its family name stands alone.
        (
            "Sean Hannity interviewed the candidate on Monday. Later, Hannity pressed him.",
            ["Sean Hannity", "Sean Hannity"],
        ),
        ("Sean Hannity interviewed the candidate on Monday.", []),
        ("Ford Motor said sales fell. Ford expects a recovery.", []),
        # Names that are also English words stay names.
        (
            "Rose Gottemoeller, Frank Bruni and Hope Hicks spoke.",
            ["Rose Gottemoeller", "Frank Bruni", "Hope Hicks"],
        ),
    ],
)
def test_only_people_are_people(nlp, text, names):
    assert [mention.name for mention in person_mentions(nlp(text))] == names


@pytest.mark.slow
def test_family_name_first_surname_resolves_in_a_real_parse(nlp):
    doc = nlp("Wang Wenbin spoke first. Then Wang Yi met Kim Jong Un. Wang said it went well.")
    assert [(m.text, m.name) for m in person_mentions(doc)][-1] == ("Wang", "Wang Yi")


@pytest.mark.slow
def test_surnames_that_are_modal_verbs_stay_names(nlp):
    doc = nlp("George Will wrote a column. Prime Minister Theresa May said no.")
    assert [mention.name for mention in person_mentions(doc)] == ["George Will", "Theresa May"]


@pytest.mark.slow
def test_a_common_word_opening_a_sentence_is_no_given_name(nlp):
    doc = nlp(
        "Hillary Clinton did well in Ohio. Combine Clinton and Sanders\u2019 Ohio numbers "
        "from Tuesday night and they still trail. You may combine them, he said. "
        "\u201cCertainly Donald Trump has gone in the opposite direction,\u201d he said. "
        "We certainly agree."
    )
    assert [mention.name for mention in person_mentions(doc)] == [
        "Hillary Clinton",
        "Hillary Clinton",
        "Sanders",
        "Donald Trump",
    ]


def test_an_entity_that_is_only_a_possessive_and_a_word_is_no_person(make_doc):
    doc = make_doc(["the", "\u2019s", "Campaign", "grew"], ["O", "B-PERSON", "I-PERSON", "O"])
    assert person_mentions(doc) == []


def _tagged(text: str) -> tuple[list[str], list[str]]:
    """Words and IOB tags from 'Words [PERSON entity words] words'."""
    words, tags = [], []
    inside = False
    for word in text.split():
        opens, closes = word.startswith("["), word.endswith("]")
        word = word.strip("[]")
        tags.append(("B-PERSON" if opens else "I-PERSON") if (opens or inside) else "O")
        inside = (inside or opens) and not closes
        words.append(word)
    return words, tags


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # A thing or a headline named for a person the article names in full.
        ("[Donald Trump] spoke at [Trump Turnberry] .", ["Donald Trump"]),
        ("[Donald Trump 's] golf course , [Trump Turnberry] .", ["Donald Trump"]),
        ("[Donald Trump] played at [Trump National Doral] .", ["Donald Trump"]),
        ("[Donald Trump] spoke . [Trump Wants] more .", ["Donald Trump"]),
        # Family name first: Wang Yi beside Wang Wenbin is a person.
        ("[Wang Wenbin] spoke . [Wang Yi] met him .", ["Wang Wenbin", "Wang Yi"]),
        # A given name that is also someone's family name: the family name used alone
        # later shows a person.
        (
            "[Jimmy Carter] met [Carter Page] . [Page] said no .",
            ["Jimmy Carter", "Carter Page"],
        ),
        # Scraped page furniture and photo credits.
        ("[Daniel MaransFlagShareLikeReplyAni Vrabel] wrote .", []),
        ("[John Moore/Getty Images] took it .", []),
        ("[Mitch McConnell] and [Ron DeSantis] and [Ray LaHood] spoke .", None),
        # A name made an adjective.
        ("a [Donald Trump-led] party .", []),
        ("a [Donald Trump - led] party .", []),
        ("[Moon Jae-in] spoke .", ["Moon Jae-in"]),
        # A description before a full name the article gives.
        ("[Donald Trump] spoke . [Billionaire Donald Trump] won .", ["Donald Trump"]),
        # Given names the dataset lacks stay part of the name.
        ("[Andrés Manuel López Obrador] spoke .", None),
        ("[Juan Manuel Santos] spoke .", None),
        # Initials, and given names the dataset lists, open names.
        ("[J. Edgar Hoover] and [H. Ross Perot] and [Ruth Bader Ginsburg] .", None),
    ],
)
def test_things_named_for_people_and_page_furniture_are_no_people(make_doc, text, names):
    doc = make_doc(*_tagged(text))
    # Full names only: the family name inside a rejected entity may still be a mention.
    found = list(dict.fromkeys(m.name for m in person_mentions(doc) if " " in m.name))
    if names is None:
        names = [name.strip("[]") for name in re.findall(r"\[[^\]]+\]", text)]
    assert found == names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Billionaire Donald Trump", "Donald Trump"),
        ("Donald Trump", "Donald Trump"),
        # Not a name the article gives in full: left as it is.
        ("Billionaire Ted Cruz", "Billionaire Ted Cruz"),
        # A given name before a full name is part of the name.
        ("Mary Anne Smith", "Mary Anne Smith"),
    ],
)
def test_a_described_speaker_is_the_person_the_article_names_in_full(name, expected):
    names = {"Donald Trump", "Anne Smith"}
    assert described_person_name(name, names=names) == expected


@pytest.mark.parametrize(
    ("words", "ents", "names"),
    [
        # A given name and a family name the article uses alone: a person the NER missed.
        (
            ["Sean", "Hannity", "spoke", ".", "Later", ",", "Hannity", "left", "."],
            ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O"],
            ["Sean Hannity", "Sean Hannity"],
        ),
        # The same shape ending in a body's head word is the body.
        (
            ["Reagan", "Coalition", "met", ".", "Later", ",", "Coalition", "left", "."],
            ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O"],
            [],
        ),
    ],
)
def test_a_full_name_tagged_as_an_organisation(words, ents, names):
    pos = ["PROPN" if word[:1].isupper() else "VERB" for word in words]
    pos = [("PUNCT" if word in {".", ","} else tag) for word, tag in zip(words, pos, strict=True)]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, ents=ents)
    assert [mention.name for mention in person_mentions(doc)] == names
