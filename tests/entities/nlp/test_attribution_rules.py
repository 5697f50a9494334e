"""The attribution rules, in their registry's order: each with a sentence it decides.

``entities.nlp.speakers.ATTRIBUTION_RULES`` states the order; the first rule that
finds a speaker wins. Every rule has at least one hand-written sentence here that
it, and not an earlier rule, attributes.
"""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction
from entities.nlp.speakers import ATTRIBUTION_RULES, rules_switched_off, speaker_for
from tests.entities.nlp.quote_speakers import quote_speaker

# (rule, article text, the quote's first words, the speaker as named or written)
DECIDED_BY = [
    (
        "dash_after_quote",
        '"Boeing and GE and other multinationals pay zero taxes."\n\n- Bernie Sanders.\n\n'
        "This is a complex issue.",
        "Boeing and GE",
        "Bernie Sanders",
    ),
    (
        "dash_before_quote",
        "The panel heard from several donors, including Mitt Romney -- "
        '"I will not give a cent to this campaign."',
        "I will not give",
        "Mitt Romney",
    ),
    (
        "framing_verb",
        'Maria Lopez called the plan "a gift to the richest families in the state."',
        "a gift",
        "Maria Lopez",
    ),
    (
        "quoted_complement",
        'Senator Tom Price praised the governor for showing "real courage in a very hard week."',
        "real courage",
        "Tom Price",
    ),
    (
        "shouted_words",
        "Outside the hall, hundreds of protesters marched for hours, chanting "
        '"Lock Her Up, Lock Her Up!"',
        "Lock Her Up",
        "hundreds of protesters",
    ),
    (
        "speech_noun_clause",
        "The race tightened after FBI Director James Comey's conclusion that her actions were "
        '"extremely careless."',
        "extremely careless",
        "James Comey",
    ),
    (
        "cue_in_parse",
        'Maria Lopez waved at the crowd. "I love you," she said.',
        "I love",
        "Maria Lopez",
    ),
    (
        "reporting_clause_after_short_quote",
        'The balloons dropped at last.\n\n"This is fantastic!" beamed Donald Hartley of Madison, '
        "Alabama, who had snuck onto the floor.",
        "This is fantastic",
        "Donald Hartley",
    ),
    (
        "adjacent_name_and_cue",
        '"The risk," said Edward Leamer, an economist who is the director of the UCLA Anderson '
        'Forecast, "is that we are going to be attracting workers and repelling jobs."',
        "The risk",
        "Edward Leamer",
    ),
    (
        "name_appositive_and_cue",
        'Not everyone was claiming success.\n\n"We have had far more successful conventions than '
        'this one," Ohio delegate Bill Easton, wearing a cowboy hat and a stack of campaign pins, '
        "said matter-of-factly.",
        "We have had",
        "Bill Easton",
    ),
    (
        "colon_introduction",
        "In 1998, Bill Clinton released the following statement:\n\n"
        '"We offer our condolences to the family and friends of the governor."',
        "We offer",
        "Bill Clinton",
    ),
    (
        "reporting_clause_by_position",
        "Pollsters agree - Carl Bialik: \u201cOne of the biggest lessons was a simple one: keep on "
        "contacting voters as late as possible.\u201d",
        "One of the",
        "Carl Bialik",
    ),
    (
        "noun_phrase_and_cue_after_quote",
        'The senator finished his speech. "We will never give up on this country," the old man '
        "bellowed from the back.",
        "We will never",
        "the old man",
    ),
    (
        "colon_clause_by_position",
        'Hillary Clinton supports "appropriate pay raises," opposes "across-the-board arbitrary '
        'pay freezes" and recalled the three-year freeze on basic federal pay rates: "I saw how '
        'difficult it was for employees and their families."',
        "I saw how",
        "Hillary Clinton",
    ),
    (
        "described_speaker_before_colon",
        "Investors fled. The Slate technology columnist David Auerbach went so far as to say: "
        '"Twitter as we know it is over, and nobody will miss it."',
        "Twitter as we",
        "David Auerbach",
    ),
    (
        "excerpt_source_before_colon",
        'Not all web panels are created equal. From the report: "In general, samples with '
        'more elaborate weighting procedures produced more accurate results."',
        "In general",
        "the report",
    ),
    (
        "continues_reported_speech",
        "Mara Quinlan touted her record as an early sponsor of the bill. "
        '"We need to find ways to support workers who want a union in their workplace."',
        "We need to",
        "Mara Quinlan",
    ),
    (
        "quote_paragraph_after_reported_speech",
        "Her neighbours have laughed at the old plan for years, Susan Mills said as she turned "
        'around and waved.\n\n"But it is our plan, and we love it more than anything!"',
        "But it is",
        "Susan Mills",
    ),
    (
        "quote_paragraph_after_attributed_quote",
        "The council voted to close the old library.\n\n"
        '"We have waited ten years for this," Ana Ruiz said.\n\n'
        '"The building goes next month and nobody will miss it."',
        "The building goes",
        "Ana Ruiz",
    ),
    (
        "appended_to_reported_speech",
        "Polls show a close race. The candidate's pollster, Tom Hale, says his man has the "
        'money, message and time to win. "I do not think the conventional wisdom" -- that he '
        'is seen as a city liberal -- "is going to hold."',
        "I do not think",
        "Tom Hale",
    ),
]


def _attributed(nlp, text: str, opening: str):
    """The speaker the registry gives the quotation that opens with ``opening``."""
    return quote_speaker(nlp, text, opening, speaker_for)


@pytest.mark.slow
@pytest.mark.parametrize(("rule", "text", "opening", "speaker"), DECIDED_BY)
def test_each_rule_attributes_its_sentence(nlp, rule, text, opening, speaker):
    found = _attributed(nlp, text, opening)
    assert found is not None
    assert (found.rule, found.name or found.text) == (rule, speaker)


@pytest.mark.slow
def test_a_statement_says_which_rule_found_its_speaker(nlp):
    text = 'Maria Lopez waved at the crowd. "I love you all," she said.'
    [found] = [s for s in article_extraction(nlp(text)).statements if s.kind == "direct"]
    assert (found.rule, found.speaker_name) == ("cue_in_parse", "Maria Lopez")


def test_every_registered_rule_has_a_sentence_and_one_name():
    names = [rule.name for rule in ATTRIBUTION_RULES]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(rule for rule, *_ in DECIDED_BY)


def test_the_table_follows_the_registry_order():
    assert [rule.name for rule in ATTRIBUTION_RULES] == [rule for rule, *_ in DECIDED_BY]


@pytest.mark.slow
@pytest.mark.parametrize(("rule", "text", "opening", "speaker"), DECIDED_BY)
def test_a_rule_switched_off_leaves_its_sentence_to_a_later_rule_or_to_none(
    nlp, rule, text, opening, speaker
):
    with rules_switched_off([rule]):
        found = _attributed(nlp, text, opening)
    assert found is None or found.rule != rule
    assert _attributed(nlp, text, opening).rule == rule  # on again outside the context


def test_switching_off_an_unknown_rule_is_an_error():
    with (
        pytest.raises(ValueError, match="no attribution rule named nonsense"),
        rules_switched_off(["nonsense"]),
    ):
        pass
