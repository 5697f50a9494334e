"""Issue 3's rules, each on a small hand-written text through the real pipeline."""

from __future__ import annotations

import pytest

from entities.nlp.countries import country_mentions
from entities.nlp.extract import article_extraction
from entities.nlp.people import person_mentions
from entities.nlp.quotes import quote_spans


@pytest.fixture
def found(nlp):
    def extract(text: str, kind: str = "direct"):
        return [s for s in article_extraction(nlp(text)).statements if s.kind == kind]

    return extract


def test_guillemets_open_and_close_a_quote():
    text = "\u00abWe will not back down from this position\u00bb, he said."
    [span] = quote_spans(text)
    assert span.text_in(text) == "We will not back down from this position"


def test_short_quote_right_before_its_cue_is_a_statement(found):
    [statement] = found('Maria Lopez waved at the crowd. "I love you," she said.')
    assert (statement.text, statement.speaker_name) == ("I love you", "Maria Lopez")


def test_short_quote_inside_a_paraphrase_is_not_a_direct_statement(found):
    text = 'Mark Warner said the plan was "a bomb" for the whole economy of the region.'
    assert found(text) == []


def test_follow_on_quote_without_a_cue_joins_the_one_before(found):
    text = (
        "Anna Berg spoke on Monday.\n\n"
        '"We did everything we could," Berg said. "Nobody can say otherwise."'
    )
    [statement] = found(text)
    assert statement.text.startswith("We did everything we could")
    assert statement.text.endswith("Nobody can say otherwise.")
    assert statement.speaker_name == "Anna Berg"


def test_dash_attribution_after_the_quote_names_the_speaker(found):
    text = (
        '"Trump must stop portraying migrants as criminals when most of us work hard." '
        "\u2015 Carla Sanchez\n"
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Carla Sanchez", "\u2015")


def test_quote_spanning_two_paragraphs_is_one_statement(found):
    text = (
        'Jake Sullivan told reporters: "We have seen no evidence of direct aid.\n\n'
        '"But we remain deeply concerned about the inputs to the defense industry."'
    )
    [statement] = found(text)
    assert statement.text.startswith("We have seen no evidence")
    assert statement.text.endswith("defense industry.")
    assert statement.speaker_name == "Jake Sullivan"


def test_pronoun_agrees_in_gender_with_its_referent(found):
    text = (
        "Mr. Tom Baker met Ms. Laura Chen on Monday. Baker left early. "
        '"The talks went better than any of us expected," she said.'
    )
    [statement] = found(text)
    assert statement.speaker_name == "Laura Chen"


def test_appositive_between_quote_and_cue_keeps_the_speaker(found):
    text = (
        '"It is an invasion of the state regulatory domain," Scott Pruitt, the Republican '
        "attorney general of Oklahoma, said."
    )
    [statement] = found(text)
    assert statement.speaker_name == "Scott Pruitt"


def test_surname_the_model_misses_still_resolves_to_the_full_name(nlp):
    doc = nlp("Retired Gen. Norman Ham spoke out on Monday. Ham said the cuts hurt.")
    assert [m.name for m in person_mentions(doc)] == ["Norman Ham", "Norman Ham"]


def test_said_that_is_an_indirect_statement_with_its_content(found):
    [statement] = found(
        "Jake Sullivan said that China was supplying parts to Russian factories.", "indirect"
    )
    assert statement.text == "that China was supplying parts to Russian factories"
    assert (statement.speaker_name, statement.cue) == ("Jake Sullivan", "said")
    assert statement.about == ("CN", "RU")


def test_warned_without_that_and_said_after_the_content(found):
    warned = found("Antony Blinken warned Beijing would face consequences.", "indirect")
    assert [(s.text, s.cue) for s in warned] == [("Beijing would face consequences", "warned")]
    after = found("The talks will resume next week, the spokesman said.", "indirect")
    assert [(s.text, s.speaker_text) for s in after] == [
        ("The talks will resume next week", "the spokesman")
    ]


def test_according_to_reports_the_rest_of_the_sentence(found):
    [statement] = found(
        "According to Jake Sullivan, China has not sent weapons to Russia.", "indirect"
    )
    assert statement.text == "China has not sent weapons to Russia"
    assert statement.speaker_name == "Jake Sullivan"


def test_quoted_text_is_not_also_an_indirect_statement(found):
    text = '"We said that the plan would fail from the start," Jake Sullivan said.'
    assert found(text, "indirect") == []


def test_countries_only_around_the_quote_are_context(found):
    text = (
        'Speaking in Tokyo about China, Jake Sullivan said: "Russia must withdraw its troops now."'
    )
    [statement] = found(text)
    assert statement.about == ("RU",)
    assert statement.context == ("CN",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing warned Washington on Monday.", [("CN", "Beijing"), ("US", "Washington")]),
        ("The Kremlin said the talks had failed.", [("RU", "Kremlin")]),
        ("Moscow's support for the regime grew.", [("RU", "Moscow")]),
        ("He lives in Moscow and works at the White House.", []),
        ("George Washington crossed the river.", []),
        ("The Washington Post reported it first.", []),
        ("Chinese-Russian trade grew.", [("CN", "Chinese"), ("RU", "Russian")]),
    ],
)
def test_capitals_count_when_they_act_for_the_state(nlp, text, expected):
    assert [(m.iso2, m.text) for m in country_mentions(nlp(text))] == expected


def test_name_and_cue_touching_the_quote_attribute_it_when_the_parse_does_not(found):
    text = (
        "Stacey Plaskett spoke for the Democrats.\n\n"
        '"This is a waste of time. It is destroying this committee," said Del. Stacey '
        "Plaskett of the Virgin Islands.\n"
    )
    [statement] = found(text)
    assert statement.speaker_name == "Stacey Plaskett"


def test_title_after_a_cue_is_not_a_statement_even_next_to_a_name(found):
    assert found('Jeh Johnson tells "Morning Joe" the hackers are known.') == []


def test_far_cue_counts_when_its_clause_holds_the_quote(found):
    text = (
        "John Bolton spoke on Monday. Bolton said that whatever choice the voters make, "
        '"they should not make it on the basis of fear and nothing else."'
    )
    [statement] = found(text)
    assert statement.speaker_name == "John Bolton"


def test_a_quoted_phrase_inside_mostly_unquoted_reported_speech_is_indirect(found):
    text = (
        "John Bolton spoke on Monday. Bolton said that whatever choice the voters in "
        'these states are going to make next month, "they should not make it on the '
        'basis of fear."'
    )
    assert found(text) == []
    [statement] = found(text, kind="indirect")
    assert statement.speaker_name == "John Bolton"
    assert statement.text.startswith("that whatever choice")
    assert statement.text.endswith('on the basis of fear."')


# Direct or reported: a clause the cue reports is a direct statement when at least
# half of it (spaces aside, the marks counted with their quote) is inside quotation
# marks, wherever the quotation opens or closes. (text, kind, statement, speaker)
QUOTED_CLAUSES = [
    (
        'Tom Hale said the governor "lied again."',
        "direct",
        "lied again.",
        "Tom Hale",
    ),
    (
        'Tom Hale said the old plan "will fail," and walked out of the hall.',
        "direct",
        "will fail",
        "Tom Hale",
    ),
    (
        'Tom Hale said the plan for the new harbour in the town "will fail."',
        "indirect",
        'the plan for the new harbour in the town "will fail."',
        "Tom Hale",
    ),
    # A cue set off inside the clause it reports: the clause is the subject before
    # the cue and the predicate after it, the cue left out.
    (
        'The new investment in the old harbour, Tom Hale said, "is a perfect example of'
        ' adapting" to the changes in the town.',
        "indirect",
        'The new investment in the old harbour, Tom Hale said, "is a perfect example of'
        ' adapting" to the changes in the town',
        "Tom Hale",
    ),
    (
        'The money the town has put aside, Tom Hale added, is like "a bucket with a hole in it."',
        "indirect",
        'The money the town has put aside, Tom Hale added, is like "a bucket with a hole in it."',
        "Tom Hale",
    ),
    (
        'The plan, Tom Hale said, "will fail and cost the town dearly."',
        "direct",
        "will fail and cost the town dearly.",
        "Tom Hale",
    ),
    (
        'Farmers, Tom Hale said, can "sing like birds" and "dance like bears."',
        "direct",
        'sing like birds" and "dance like bears.',
        "Tom Hale",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind", "content", "speaker"), QUOTED_CLAUSES)
def test_a_clause_at_least_half_quoted_is_direct(found, text, kind, content, speaker):
    [statement] = found(text, kind)
    assert (statement.text, statement.speaker_name) == (content, speaker)
    other = "indirect" if kind == "direct" else "direct"
    assert found(text, other) == []  # one kind or the other, never both


def test_a_short_quote_in_a_paraphrase_is_part_of_the_indirect_statement(found):
    text = 'Donald Trump says he has "big plans" for the final month of the campaign.'
    assert found(text) == []
    [statement] = found(text, kind="indirect")
    assert statement.text == 'he has "big plans" for the final month of the campaign'


def test_clause_ending_in_a_colon_introduces_the_quote_in_the_next_paragraph(found):
    text = (
        "In 1998, Bill Clinton released the following statement:\n\n"
        '"We offer our condolences to the family and friends of the governor."'
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Bill Clinton", "released")


def test_opening_mark_typed_as_a_closing_one_still_closes():
    text = "Cruz called the KKK \u201cabhorrent\u201c in a tweet. \u201cWe won,\u201d he said."
    assert [q.text_in(text) for q in quote_spans(text)] == ["abhorrent", "We won,"]


def test_description_resolves_to_the_one_person_given_that_role(found):
    [statement] = found(
        "President Barack Obama spoke in Washington. "
        '"We are not a burden on America," the president said.'
    )
    assert (statement.speaker_text, statement.speaker_name) == ("the president", "Barack Obama")


def test_description_shared_by_two_people_stays_unresolved(found):
    [statement] = found(
        "Senator Ted Cruz met Senator Mike Lee on Monday. "
        '"We agreed on nothing at all today," the senator said.'
    )
    assert statement.speaker_name is None


def test_a_comma_inside_a_closing_single_mark_still_splits_the_quote(found):
    text = (
        "Senator Claire McCaskill spoke at the hearing.\n\n"
        "\u201cThe scientific community is against the three products you called "
        "\u2018miracles,\u2019\u201d she said. "
        "\u201cI don\u2019t understand why you need to go there.\u201d"
    )
    [statement] = found(text)
    assert statement.text.endswith("why you need to go there.")
    assert statement.speaker_name == "Claire McCaskill"


def test_a_short_quoted_title_next_to_a_cue_is_not_a_statement(found):
    text = (
        "Jeh Johnson tells MSNBC\u2019s \u201cMorning Joe\u201d on Friday that "
        "\u201cexactly who did it\u201d remains under investigation."
    )
    assert [s.text for s in found(text)] == []


def test_as_someone_put_it_introduces_the_quote_however_long_the_clause(found):
    text = (
        "As Steven M. Rosenthal, a tax lawyer and senior fellow at a research center, "
        "recently put it, ''Did Trump lower his taxes through legal tax avoidance, "
        "or illegal tax evasion?''"
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Steven M. Rosenthal", "put")


def test_a_name_then_a_dash_introduces_the_quote(found):
    text = (
        "Prominent Republicans said the same, including the former candidate Mitt Romney -- "
        "''It is disqualifying for a nominee to refuse to release tax returns'' -- "
        "and others."
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Mitt Romney", "--")


def test_a_person_talked_about_before_a_dash_is_not_the_speaker(found):
    text = (
        "Larry King said Ed Schultz has recently seemed supportive of Donald Trump -- "
        "''a completely different man to me, which was a shock to me.''"
    )
    assert [s.speaker_name for s in found(text)] != ["Donald Trump"]


def test_a_book_title_with_the_sentence_comma_inside_its_marks_is_not_a_statement(found):
    text = (
        "In his 2002 book, ''Make Your Kid a Millionaire,'' Kevin McKinley suggested "
        "looking at the things on your credit card statement."
    )
    assert found(text) == []


def test_a_short_plea_with_lower_case_words_is_not_a_title(found):
    text = (
        "Rakeyia Scott urges her husband to come out of the car and repeatedly says, "
        '"Don\'t you do it," until gunshots are heard.'
    )
    assert [s.text for s in found(text)] == ["Don't you do it"]


def test_any_verb_right_before_the_comma_that_opens_a_quote_reports_it(found):
    text = (
        "After Jerry Brown criticized Bill Clinton during a debate, Hillary Clinton shot back, "
        "\u201cI suppose I could have chosen to bake cookies and have teas, but I chose to "
        "fulfill my profession.\u201d"
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Hillary Clinton", "shot")


# (text, the speaker a name alone before a colon makes, or None for no statement)
NAMES_BEFORE_A_COLON = [
    (
        "Pollsters agree - Carl Bialik: \u201cOne of the biggest lessons was a simple one: "
        "keep on contacting voters as late as possible.\u201d",
        "Carl Bialik",
    ),
    # A roundup's byline after a quoted headline introduces an excerpt of the
    # article: the writer's report, not a statement.
    (
        'BROADWAY BEAT\u2014"Matthew Morrison is leaving the show," by Times\' Michael Paulson:'
        ' "Matthew Morrison, the star of the musical, is leaving the Broadway show next'
        ' month. His contract is expiring."',
        None,
    ),
    (
        '"City Museum has a new director," by The Wall Street Journal\'s Jennifer Smith:'
        ' "Ms. Donhauser, 48 years old, has not led a museum before. But she spent 23 years'
        ' as a fundraiser at the Metropolitan Museum of Art."',
        None,
    ),
]


@pytest.mark.parametrize(("text", "speaker"), NAMES_BEFORE_A_COLON)
def test_a_name_alone_before_a_colon_introduces_the_quote(found, text, speaker):
    statements = found(text)
    if speaker is None:
        assert statements == []
        return
    [statement] = statements
    assert (statement.speaker_name, statement.cue) == (speaker, ":")


def test_a_dash_signature_in_the_paragraph_after_the_quote(found):
    text = (
        '"Boeing and GE and other multinationals pay zero taxes."\n\n'
        "- Bernie Sanders.\n\n"
        "This is a complex issue."
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Bernie Sanders", "-")


def test_by_saying_takes_the_subject_of_the_verb_before_it(found):
    text = (
        "Hillary Clinton spoke at the debate. She followed that by saying, "
        '"I am not a natural politician, in case you haven\'t noticed."'
    )
    [statement] = found(text)
    assert statement.speaker_name == "Hillary Clinton"


def test_a_clause_mostly_quoted_up_to_a_trailing_comment_is_direct(found):
    text = (
        'Donald Trump said things "should be wrapped up by Cleveland," referring to the '
        "party's July convention, where Republicans will select a nominee."
    )
    [statement] = found(text)
    assert statement.text == "should be wrapped up by Cleveland"
    assert statement.speaker_name == "Donald Trump"
    assert found(text, "indirect") == []  # one kind or the other, never both


def test_a_short_quote_that_is_most_of_the_reported_clause_is_direct(found):
    text = "Melania Trump tells Trump supporters that \u201che loves you.\u201d"
    [statement] = found(text)
    assert (statement.text, statement.speaker_name) == ("he loves you.", "Melania Trump")


def test_quotes_one_cue_reports_are_one_statement(found):
    text = (
        "Bernie Sanders spoke on Monday. Sanders acknowledged that there are still "
        '"some people" who feel that way, "but not among the vast majority."'
    )
    [statement] = found(text)
    assert statement.text == ('some people" who feel that way, "but not among the vast majority.')
    assert statement.speaker_name == "Bernie Sanders"


def test_each_turn_of_a_quoted_transcript_is_its_speakers_statement(found):
    text = (
        "Fox News host Chris Wallace questioned Mike Pence on Sunday.\n\n"
        '"WALLACE: Will Gennifer Flowers be there tomorrow night?\n\n'
        '"PENCE: Well, look, she thinks this is an episode of \u201cShark Tank.\u201d '
        "But this is America, Chris.\n\n"
        '"WALLACE: Do you really see those two as equivalent?"'
    )
    assert [(s.speaker_name, s.text[:12]) for s in found(text)] == [
        ("Chris Wallace", "Will Gennife"),
        ("Mike Pence", "Well, look, "),
        ("Chris Wallace", "Do you reall"),
    ]


def test_a_section_label_in_capitals_is_no_transcript_speaker(found):
    text = '"UPDATE: The senator said on Monday that the bill would pass this week."'
    assert found(text) == []


def test_an_age_description_after_said_is_the_speaker_not_a_date(found):
    text = (
        "Melania Trump delivered a defense of her husband.\n\n"
        "\u201cDonald is, and always has been, an amazing leader,\u201d said the 46-year-old."
    )
    [statement] = found(text)
    assert statement.speaker_text.endswith("46-year-old")


def test_a_quoted_phrase_in_what_someone_vowed_to_do_is_reported_speech(found):
    text = 'Bernie Sanders vowed to "take our fight" all the way to the convention in Philadelphia.'
    assert found(text) == []
    [statement] = found(text, kind="indirect")
    assert (statement.speaker_name, statement.cue) == ("Bernie Sanders", "vowed")
    assert statement.text.startswith('to "take our fight"')


def test_what_someone_promised_to_do_is_an_indirect_statement(found):
    [statement] = found(
        "Senator Jane Holt promised to repeal the tax on small businesses next year.",
        kind="indirect",
    )
    assert statement.text == "to repeal the tax on small businesses next year"


def test_a_quote_appended_to_reported_speech_is_direct_and_ends_the_paraphrase(found):
    text = (
        "Mr. Amar said that if viewed through the lens of negotiating strategy, some kind "
        "of grand bargain might be possible: ''In business, the question always is, is "
        "there an overlap between the bid and ask price?''"
    )
    [direct] = found(text)
    assert direct.text.startswith("In business, the question always is")
    assert direct.speaker_text == "Amar"
    [indirect] = found(text, "indirect")
    assert indirect.text.endswith("some kind of grand bargain might be possible")


def test_a_quote_after_a_paraphrase_of_the_same_speaker_joins_their_earlier_quote(found):
    text = (
        "Maria Ferre spoke in Miami.\n\n"
        "\u201cI think that speaks volumes,\u201d she said, adding that the campaign will work "
        "hard to win over those voters in November. \u201cI think they\u2019re waiting to be "
        "courted.\u201d"
    )
    [statement] = found(text)
    assert statement.text.startswith("I think that speaks volumes")
    assert statement.text.endswith("waiting to be courted.")
    assert statement.speaker_name == "Maria Ferre"


def test_a_cue_ending_in_a_colon_introduces_the_quote_in_the_next_paragraph(found):
    text = (
        "Ted Cruz called them on it:\n\n"
        "\u201cThe questions asked in this debate illustrate why the American people "
        "don\u2019t trust the media.\u201d\n\n"
        "Cruz continued:\n\n"
        "\u201cYou look at the questions and you wonder who wrote them for the moderators.\u201d"
    )
    first, second = found(text)
    assert first.text.startswith("The questions asked") and first.cue == "called"
    assert second.text.startswith("You look at the questions") and second.cue == "continued"


def test_a_capitalised_name_right_after_a_quote_speaks_whatever_the_verb(found):
    text = (
        "Sean Hannity interviewed the candidate on Monday.\n\n"
        "\u201cWould it be negotiable about the 11 million people?\u201d Hannity pressed."
    )
    # The small model tags "Sean Hannity" ORG and the second "Hannity" a common noun.
    [statement] = found(text)
    assert (statement.cue, statement.speaker_text) == ("pressed", "Hannity")


def test_a_word_in_marks_inside_the_cues_object_is_not_a_statement(found):
    assert found('Jon Reines asked the "reporter" to join him on a call.') == []
    assert found('The group that has declared a "caliphate" in Syria grew.') == []


def test_a_cue_with_a_comma_after_a_finished_quote_introduces_the_next_one(found):
    text = (
        "Sidney Blumenthal testified on Monday.\n\n"
        "\u201cIf you had known she had a personal server, would you have told her it\u2019s "
        "not a good idea?\u201d He answered, \u201cI have no idea what I would have done.\u201d"
    )
    [statement] = found(text)
    assert statement.text == "I have no idea what I would have done."
    assert statement.speaker_name == "Sidney Blumenthal"


def test_a_quote_opened_in_a_reported_clause_runs_on_past_its_sentence(found):
    text = (
        "Tom Perez spoke to the crowd. He said comprehensive immigration reform for "
        "families \"is a 'when' question. It is not an 'if' question, and we will get "
        'it done."'
    )
    [statement] = found(text)
    assert statement.text.endswith("and we will get it done.")
    assert statement.speaker_name == "Tom Perez"
    assert found(text, "indirect") == []


def test_a_clause_before_the_cue_does_not_keep_it_from_the_quote_after(found):
    text = (
        "On the same day that footage emerged of a fight at a rally, Donald Trump said "
        "of the episode, ''I don't like it,'' adding that ''they have anger that's "
        "unbelievable.''"
    )
    first = found(text)[0]
    assert first.text.startswith("I don't like it")
    assert first.cue == "said"


def test_a_framed_quote_is_direct_only_when_it_is_most_of_the_framed_content(found):
    [framed] = found('Mitt Romney called it "disqualifying."')
    assert (framed.text, framed.cue) == ("disqualifying.", "called")
    # The object is the writer's words: most of what is framed is not quoted.
    text = 'Ben Carson called the political system in Washington "rotten to the core."'
    assert found(text) == []


def test_a_quoted_phrase_in_a_paraphrase_before_the_cue_is_reported_speech(found):
    text = (
        "Mexico changed course. The new strategy of the government is a "
        '"very welcome tack," Luis Rubio said.'
    )
    assert found(text) == []
    [reported] = found(text, "indirect")
    assert reported.text.startswith("The new strategy of the government is a")
    assert reported.speaker_name == "Luis Rubio"


def test_a_scene_setting_phrase_before_a_quote_and_its_cue_is_not_content(found):
    [statement] = found('Asked about the polls, "We will win this state," Donald Trump said.')
    assert statement.text == "We will win this state"
    assert (
        found('Asked about the polls, "We will win this state," Donald Trump said.', "indirect")
        == []
    )


def test_a_relative_clause_after_the_cue_does_not_split_a_quote_in_two(found):
    text = (
        '"He did try to intimidate me," said John O\'Donnell, who wrote about the visit '
        'in his book. "Thank goodness, none of those things were true."'
    )
    [statement] = found(text)
    assert statement.text.endswith("none of those things were true.")
    assert statement.speaker_name == "John O'Donnell"


def test_a_quoted_word_in_the_subject_of_a_cue_is_not_what_the_subject_said(found):
    assert found('The "dream team" lawyers posted a long message about the case.') == []


def test_a_quoted_word_a_relative_clause_cue_describes_is_not_a_statement(found):
    text = (
        'The company released internal "playbooks" that advised sales staff how to sell '
        "the courses."
    )
    assert found(text) == []


def test_a_quote_right_after_a_said_sentence_continues_it_despite_a_later_cue(found):
    text = (
        '"We did everything we could for the town," Anna Berg said. "Nobody can say '
        'otherwise." She noted a planned rally on Saturday in the square.'
    )
    [statement] = found(text)
    assert statement.text.endswith("Nobody can say otherwise.")
    assert statement.speaker_name == "Anna Berg"


def test_a_quote_with_its_own_cue_after_a_said_sentence_stands_alone(found):
    text = (
        '"We did everything we could for the town," Anna Berg said. "Nobody can say '
        'otherwise," Tom Hale replied.'
    )
    assert [s.speaker_name for s in found(text)] == ["Anna Berg", "Tom Hale"]


def test_a_quote_finishing_a_long_paraphrase_is_not_a_direct_statement(found):
    text = (
        "Anna Berg, a spokeswoman, said in a statement that the club's security team would "
        'work with the city police and the state troopers "to ensure the safety and security '
        'of all of our fans."'
    )
    assert found(text) == []


def test_a_quote_that_is_most_of_its_reported_clause_stays_direct(found):
    text = 'Anna Berg told her staff at the weekly meeting that "we will not give up on this town."'
    [statement] = found(text)
    assert statement.text == "we will not give up on this town."


def test_a_framed_quote_shorter_than_what_it_describes_is_not_a_statement(found):
    text = 'Maria Lopez called the new tax plan for small farms in the north "deeply unfair."'
    assert found(text) == []


def test_a_framed_quote_longer_than_its_object_stays_a_statement(found):
    text = 'Maria Lopez called the plan "a gift to the richest families in the state."'
    [statement] = found(text)
    assert statement.speaker_name == "Maria Lopez"


def test_a_quoted_phrase_in_a_paraphrase_before_its_cue_is_not_a_direct_statement(found):
    text = 'The new budget for the city schools was "a real disaster," Maria Lopez said.'
    assert found(text) == []


def test_a_long_appositive_between_the_parts_of_a_split_quote_keeps_the_speaker(found):
    text = (
        "Tom Hollis ran the mill for thirty years.\n\n"
        '"If the bank had said no, I would have been out of work for a long time," '
        "Mr. Hollis, now 74 and retired in Dayton, Ohio, said by telephone this week. "
        '"Every single day of that year felt like a month to all of us."'
    )
    [statement] = found(text)
    assert statement.speaker_name == "Tom Hollis"
    assert statement.text.endswith("felt like a month to all of us.")


@pytest.mark.parametrize(
    "introduction",
    [
        "Dana Whitfield, the 2012 Green Party nominee, tweeted in response: ",
        "Whitfield delivered a snappy retort: ",
    ],
)
def test_a_clause_opened_by_a_name_and_ending_in_a_colon_introduces_the_quote(found, introduction):
    text = (
        "Dana Whitfield spoke after the vote.\n\n"
        f'{introduction}"No one is tearing this plan up. We are going to go forward."'
    )
    [statement] = found(text)
    assert statement.speaker_name == "Dana Whitfield"
    assert statement.text == "No one is tearing this plan up. We are going to go forward."


def test_a_quote_paragraph_goes_on_with_the_speech_the_paragraph_before_reports(found):
    text = (
        "Her neighbours have laughed at the old plan for years, "
        "Susan Mills said as she turned around and waved.\n\n"
        '"But it is our plan, and we love it more than anything!"'
    )
    [statement] = found(text)
    assert statement.speaker_name == "Susan Mills"
    assert statement.text == "But it is our plan, and we love it more than anything!"


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        (  # the paragraph before ends with the quote's cue
            "The council voted to close the old library.\n\n"
            '"We have waited ten years for this," Ana Ruiz said.\n\n'
            '"Nobody in this town will miss that building, I promise you."',
            "Nobody in this town will miss that building, I promise you.",
            "Ana Ruiz",
        ),
        (  # a trailing participle after the cue
            '"Did I really say that to them?" Tom Hale said, laughing at the question.\n\n'
            '"I was born at night, but not last night, my friends."',
            "I was born at night, but not last night, my friends.",
            "Tom Hale",
        ),
        (  # the cue before the quote
            'Ana Ruiz told the crowd: "We won the vote and we will win the next one."\n\n'
            '"Nobody in this town will miss that building, I promise you."',
            "Nobody in this town will miss that building, I promise you.",
            "Ana Ruiz",
        ),
        (  # a run of quote paragraphs
            '"We won the vote," Ana Ruiz said.\n\n"The building goes next month."\n\n'
            '"Nobody in this town will miss it, I promise you."',
            "Nobody in this town will miss it, I promise you.",
            "Ana Ruiz",
        ),
    ],
)
def test_a_quote_paragraph_goes_on_with_the_attributed_quote_ending_the_paragraph_before(
    found, text, quote, speaker
):
    [statement] = [s for s in found(text) if quote in s.text]
    assert statement.speaker_name == speaker


@pytest.mark.parametrize(
    "text",
    [
        # narrative after the quote: the paragraph does not end with it
        '"We won the vote," Ana Ruiz said. The council meets again on Monday.\n\n'
        '"Nobody in this town will miss that building, I promise you."',
        # a paragraph with words of its own beside the quote
        '"We won the vote," Ana Ruiz said.\n\n'
        'Later that night, "nobody in this town will miss that building."',
        # the answer to a question someone asked is not theirs
        '"Will you run again for mayor?" the host asked Ana Ruiz.\n\n'
        '"Nobody in this town will miss that building, I promise you."',
    ],
)
def test_a_quote_paragraph_after_narrative_or_with_words_of_its_own_gets_no_speaker(found, text):
    assert not [s for s in found(text) if "miss that building" in s.text]


def test_a_noun_phrase_and_cue_after_a_quote_report_it_however_the_parse_hangs_them(found):
    text = (
        "Jon Reyes posted the clip to YouTube on Thursday.\n\n"
        '"What if the mayor had taken singing lessons?" '
        "the 43-year-old asked in the video's description."
    )
    [statement] = found(text)
    assert statement.text == "What if the mayor had taken singing lessons?"
    assert statement.cue == "asked"


def test_a_quote_after_a_main_speech_verb_with_no_clause_continues_its_speech(found):
    text = (
        "The count ended late on Monday.\n\n"
        "Sam Lau, the party's spokesman, said in a statement. "
        '"There are no paper ballots to recount. The caucuses were a unique event."'
    )
    [statement] = found(text)
    assert statement.speaker_name == "Sam Lau"
    assert statement.cue == "said"


def test_a_negated_speech_verb_does_not_take_the_quote_after_it(found):
    text = (
        '"We have had problems with intrusions from abroad in the past," '
        "Obama said after the meeting. He didn't suggest retaliation. "
        '"Our goal is to start instituting some norms for everybody."'
    )
    assert all(s.cue != "suggest" for s in found(text))


def test_a_bare_name_after_a_dash_and_before_a_colon_introduces_the_quote(found):
    text = (
        "The map of the race has shifted - Odalys McTernan: "
        '"Two weeks ago the strongest ground had been the South. Now it is the Northeast."'
    )
    [statement] = found(text)
    assert statement.speaker_text == "Odalys McTernan"


def test_a_cue_right_after_a_quote_ending_in_a_comma_reports_it_despite_a_later_clause(found):
    text = (
        "Melanie Brandt switched off the television.\n\n"
        '"It\'s finished," she said of the election, in which she was sure Trump would '
        "triumph and more people across the country would at last see the truth."
    )
    [statement] = found(text)
    assert (statement.text, statement.speaker_name) == ("It's finished", "Melanie Brandt")


def test_a_participle_cue_before_a_quote_shares_the_subject_of_its_main_verb(found):
    text = (
        "At the town hall, Ruth Kane only hinted at her rival by mentioning the need "
        'for a wall on the Mexican border and adding, "I\'ve got an idea of who should build it."'
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Ruth Kane", "adding")


def test_a_short_phrase_between_a_cue_and_the_comma_before_its_quote(found):
    text = (
        "The donor was clearly trying to buy influence; indeed, Raj Patel had publicly "
        'stated of politicians, "When they are in need of money, they are always for you."'
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Raj Patel", "stated")


def test_a_description_before_the_name_in_an_appositive_cue_after_a_quote(found):
    text = (
        "Not everyone was claiming success.\n\n"
        '"We have had far more successful conventions than this one," Ohio delegate '
        "Bill Easton, wearing a cowboy hat and a stack of campaign pins, said matter-of-factly."
    )
    [statement] = found(text)
    assert statement.speaker_name == "Bill Easton"


def test_quoted_phrases_inside_a_clause_ending_in_a_colon_do_not_stop_it_introducing(found):
    text = (
        'Hillary Clinton supports "appropriate pay raises," opposes "across-the-board '
        'arbitrary pay freezes" and recalled the three-year freeze on basic federal pay '
        'rates: "I saw how difficult it was for employees to be told that their paychecks '
        'would not go up."'
    )
    statements = found(text)
    assert [s.speaker_name for s in statements if s.text.startswith("I saw")] == ["Hillary Clinton"]


def test_a_quote_ending_the_paragraph_after_a_named_persons_sentence_is_theirs(found):
    text = (
        "Mara Quinlan touted her record as an early sponsor of the bill. "
        '"We need to find ways to support workers who want a union in their workplace."'
    )
    [statement] = found(text)
    assert statement.speaker_name == "Mara Quinlan"


def test_a_short_quote_opening_its_sentence_takes_the_verb_right_after_it(found):
    text = (
        "The balloons dropped at last.\n\n"
        '"This is fantastic!" beamed Donald Hartley of Madison, Alabama, who had snuck '
        "onto the floor."
    )
    [statement] = found(text)
    assert (statement.text, statement.speaker_name) == ("This is fantastic!", "Donald Hartley")


def test_a_curly_quote_nested_in_another_curly_quote_stays_inside_it():
    text = (
        "Jeff Bechdel tweeted: \u201cPeople behind the senator wearing \u201cSettle For Her\u201d "
        "shirts at her event... ouch.\u201d Then he logged off."
    )
    [span] = quote_spans(text)
    assert span.text_in(text).startswith("People behind") and span.text_in(text).endswith("ouch.")


def test_a_curly_quote_opened_again_before_two_closings_is_a_new_quote():
    text = "He said \u201cnever mind and then \u201cWe will win.\u201d Nobody laughed."
    assert [s.text_in(text) for s in quote_spans(text)] == ["We will win."]


def test_a_short_quote_after_a_comma_ending_the_cues_phrase_is_a_statement(found):
    text = (
        "The ruling party was defeated at the polls. Htay Oo, its acting chairman, "
        'told the Reuters news agency simply, "We lost."'
    )
    [statement] = found(text)
    assert (statement.text, statement.cue) == ("We lost.", "told")


def test_a_quotation_mark_glued_to_the_next_word_still_parts_quote_and_cue(found):
    text = "Hillary Clinton spoke. \u201cIt was a total mess for everyone,\u201dClinton said."
    [statement] = found(text)
    assert (statement.text, statement.speaker_name) == (
        "It was a total mess for everyone",
        "Hillary Clinton",
    )


def test_tex_style_marks_do_not_count_as_words_of_the_clause(found):
    # 'that the fund had' is shorter than 'significant upside.' once the '' marks are left out.
    [statement] = found(
        "The fund made money. Mr. Lee added that the fund had ''significant upside.''"
    )
    assert (statement.text, statement.speaker_name) == ("significant upside.", "Lee")


def test_verb_after_quote_misread_as_participle_is_still_the_cue(found):
    # The tagger reads 'barked' as a participle; with no auxiliary it is a past tense.
    [statement] = found(
        'The reporter kept asking. "Go back to your seat and sit down," Trump barked.'
    )
    assert (statement.text, statement.cue) == ("Go back to your seat and sit down", "barked")


def test_cue_misread_as_noun_after_quote_is_still_the_cue(found):
    # 'the email read' is parsed as a compound noun; 'email' is who speaks.
    [statement] = found('Ms. Smith spoke. "I can beat her and he cannot," the email read.')
    assert (statement.text, statement.speaker_text, statement.cue) == (
        "I can beat her and he cannot",
        "email",
        "read",
    )


def test_noun_phrase_with_appositive_before_cue_after_quote_is_the_speaker(found):
    text = (
        "Obama spoke on Sunday. "
        '"Is he going to finally mention the words? If he does not he should resign!" '
        "the presumptive Republican presidential nominee, Donald Trump, tweeted Sunday."
    )
    [statement] = found(text)
    assert (statement.speaker_name, statement.cue) == ("Donald Trump", "tweeted")


def test_cue_misread_as_noun_after_a_noun_phrase_is_still_the_cue(found):
    text = 'The letter was sent on Monday. "You seem to have picked a new standard," the two write.'
    [statement] = found(text)
    assert (statement.speaker_text, statement.cue) == ("two", "write")


def test_quote_after_a_colon_before_its_cue_is_not_part_of_the_clause_before(found):
    text = (
        "When asked to confirm the report, a second source did so, but with a caveat: "
        '"The person in question is one of the main players but not the only one," '
        "the source said."
    )
    [statement] = found(text)
    assert statement.text.startswith("The person in question")
    assert statement.cue == "said"


def test_that_clause_misparsed_as_relative_clause_is_what_the_cue_reports(found):
    text = (
        "Sanders voted against it. Sanders said following a vote in 2001 that he had "
        "\u201cvery serious concerns about the long-term goals of an increasingly powerful "
        "and profit-motivated biotechnology industry.\u201d In a later vote, he warned of it."
    )
    [statement] = found(text)
    assert statement.text.startswith("very serious concerns")
    assert statement.cue == "said"


def test_title_after_the_cue_is_not_the_second_part_of_a_split_quote(found):
    text = (
        "The board met in 2001. "
        '"We threw cold water on the idea immediately," she wrote in her memoir, '
        '"Tough Choices." She was adamant.'
    )
    [statement] = found(text)
    assert statement.text == "We threw cold water on the idea immediately"


def test_colon_introduction_by_a_message_speaks_for_it(found):
    text = (
        "The newspaper ran a long story on Sunday. "
        "The piece used one of the woman's quotes as its headline: "
        '"Finally. Someone who thinks like me."'
    )
    [statement] = found(text)
    assert (statement.speaker_text, statement.text) == (
        "The piece",
        "Finally. Someone who thinks like me.",
    )


def test_colon_introduction_by_people_named_for_someone_speaks_for_them(found):
    text = (
        "Obama held a news conference on Monday. "
        "Obama's first five questioners ranged from skeptical to hostile: "
        '"Is it time for your strategy to change? Have you underestimated their abilities?"'
    )
    [statement] = found(text)
    assert statement.speaker_text == "Obama's first five questioners"


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        (
            "The senator finished his speech. "
            '"We will never give up on this country," the old man bellowed from the back.',
            "the old man",
            "bellowed",
        ),
        (
            'The rally ended late. "Lock her up, lock her up now," the crowd roared.',
            "the crowd",
            "roared",
        ),
    ],
)
def test_verb_of_manner_of_speaking_frames_a_quote(found, text, speaker, cue):
    [statement] = found(text)
    assert (statement.speaker_text, statement.cue) == (speaker, cue)


@pytest.mark.parametrize(
    "text, content",
    [
        (  # the cue inside the clause it reports
            "Tom Hale spoke on Monday.\n\nThe council, he said, will vote on the plan next week.",
            "The council, he said, will vote on the plan next week",
        ),
        (  # the cue after the clause, then the reporter's comment on the saying
            "Tom Hale spoke on Monday.\n\nThe plan would cost the city $5 billion, he said, "
            "though he did not name a source for the figure.",
            "The plan would cost the city $5 billion",
        ),
    ],
)
def test_a_cue_set_off_inside_or_after_its_clause_reports_that_clause(found, text, content):
    [statement] = found(text, kind="indirect")
    assert (statement.text, statement.speaker_name) == (content, "Tom Hale")


def test_a_quote_after_a_clause_with_its_cue_set_off_goes_on_with_that_speech(found):
    text = (
        "Tom Hale spoke on Monday.\n\nThe city had lost its way, he said, though he did not "
        'name the officials he blamed. "We need new leaders in this town."'
    )
    [statement] = found(text)
    assert (statement.text, statement.speaker_name) == (
        "We need new leaders in this town.",
        "Tom Hale",
    )


@pytest.mark.parametrize(
    "text, quoted",
    [
        (  # a closing mark typed for the opening one at a paragraph start
            "Readers wrote in.\n\n\u201dThe mayor has let this town down. He should go.\u201d"
            " \u2015 Sonya Herridge",
            ["The mayor has let this town down. He should go."],
        ),
        (  # mid-paragraph, a stray closing mark still opens nothing
            "He said it was over\u201d and left. Then \u201cWe lost\u201d was all he said.",
            ["We lost"],
        ),
    ],
)
def test_a_closing_mark_opens_a_quote_only_at_a_paragraph_start(text, quoted):
    assert [span.text_in(text) for span in quote_spans(text)] == quoted


# Quote rules added in session 20: each row fails without its rule.


@pytest.mark.parametrize(
    "text, quoted",
    [
        (  # a quote resumed mid-sentence at a paragraph start, its opening mark typed closing
            "Ms. Reed was critical of all the candidates.\n\n"
            "\u201d \u2026 they are so not like him,\u201d she said in December.",
            [" \u2026 they are so not like him,"],
        ),
        (  # the same with three periods and no space
            "The mayor spoke last.\n\n\u201d...in the case of Wyoming, the train has left,\u201d"
            " wrote Tim Alberta.",
            ["...in the case of Wyoming, the train has left,"],
        ),
        (  # a quote left unclosed before it: the new one starts at the mark
            "He said \u201cwe will see. Then \u201d\u2026 what I learned is this,\u201d he said.",
            ["\u2026 what I learned is this,"],
        ),
    ],
)
def test_a_closing_mark_before_an_ellipsis_opens_a_quote(text, quoted):
    assert [span.text_in(text) for span in quote_spans(text)] == quoted


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, kind, content",
    [
        (  # the participle's clause is the speaker's further say, not the first one's content
            "Analysts spoke on Friday.\n\nForeign policy analysts said geopolitical factors "
            "have raised the country's standing, citing its long border with China.",
            "indirect",
            "geopolitical factors have raised the country's standing",
        ),
        (  # cut there, the clause is mostly quoted: a direct statement
            "Ana Ruiz spoke of her family.\n\nRuiz said her father had \u201cliterally hopped a "
            "freight train to Chicago\u201d to find work, adding that he never looked back.",
            "direct",
            "literally hopped a freight train to Chicago",
        ),
    ],
)
def test_a_participle_of_saying_after_a_comma_is_not_part_of_the_reported_clause(
    found, text, kind, content
):
    assert content in [statement.text for statement in found(text, kind=kind)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, first, second",
    [
        (
            "Donald Trump spoke to Newsmax.\n\nTrump told Newsmax that Mitt Romney \u201chad a "
            "crazy policy of self-deportation which was maniacal,\u201d adding, \u201cHe lost "
            "all of the Latino vote and he lost everybody.\u201d",
            "had a crazy policy of self-deportation which was maniacal",
            "He lost all of the Latino vote and he lost everybody.",
        ),
        (
            "Hillary Clinton defended the Libya policy.\n\nOn Sunday she stated, \u201cAn "
            "absence of action by NATO would have turned Libya into Syria,\u201d adding, "
            "\u201cI think maybe 1,500 people were killed there last year.\u201d",
            "An absence of action by NATO would have turned Libya into Syria",
            "I think maybe 1,500 people were killed there last year.",
        ),
    ],
)
def test_a_participle_of_saying_between_two_quotes_starts_a_second_statement(
    found, text, first, second
):
    assert [statement.text for statement in found(text)] == [first, second]


# Quoted complements (complements.py): the quote is most of what a verb of judging,
# appeal or commitment takes after it, so it is the subject's statement.


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (  # a quoted prepositional complement of a verb of thanks
            "Snow fell all night.\n\nAna Ruiz thanked the volunteers \u201cfor their support in "
            "the hardest year this town has had.\u201d",
            "for their support in the hardest year this town has had.",
            "Ana Ruiz",
        ),
        (  # the quote is what the win is credited to
            'The count ended at dawn.\n\nAna Ruiz credited the win to "a great team and voters '
            'who wanted change."',
            "a great team and voters who wanted change.",
            "Ana Ruiz",
        ),
        (  # a gerund under the preposition of a verb of judging
            "The hearing ended late.\n\nSenator Tom Price praised the governor for showing "
            '"real courage in a very hard week."',
            "real courage in a very hard week.",
            "Tom Price",
        ),
        (  # "as" with the quote opening after its article
            "The talks ended on Friday.\n\nKaren Bell described the move as a \u201cmajor breach "
            "of trust,\u201d adding that she would resign.",
            "major breach of trust",
            "Karen Bell",
        ),
        (  # an infinitive complement the parser reads as a clause of purpose
            "The rally ran late.\n\nTom Hale promised Sunday at a Las Vegas rally to end "
            "\u201cthe excessively wasteful $2 million parking scheme.\u201d",
            "the excessively wasteful $2 million parking scheme.",
            "Tom Hale",
        ),
        (  # a quoted predicate under a preposition of a framing verb
            'The council met again.\n\nPedro Alves called that "completely beyond the pale."',
            "completely beyond the pale.",
            "Pedro Alves",
        ),
    ],
)
def test_a_mostly_quoted_complement_is_its_subjects_statement(found, text, content, speaker):
    statements = [(s.text, s.speaker_name) for s in found(text)]
    assert (content, speaker) in statements


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, quoted",
    [
        (  # a quoted modifier of a noun outside the quote: the writer's phrase
            "The vote was close.\n\nAna Ruiz praised the \u201cbrave\u201d firefighters who "
            "worked through the night to save the town.",
            "brave",
        ),
        (  # the quote is a small part of the complement
            "Costs rose again.\n\nAna Ruiz blamed the delay on \u201cred tape\u201d and on years "
            "of neglect by the state government in the capital.",
            "red tape",
        ),
        (  # a framing verb's complement goes on after the quote
            "The debate ran late.\n\nAna Ruiz called him a \u201cliar\u201d for refusing to "
            "release the budget documents to the council and the public.",
            "liar",
        ),
    ],
)
def test_a_scare_quote_in_a_complement_is_no_statement(found, text, quoted):
    assert quoted not in [s.text for s in found(text)]


@pytest.mark.slow
def test_a_quote_the_parser_hangs_by_several_words_is_still_framed(found):
    # "as" takes the quote's noun, but the parser hangs the quote's inner clause
    # ("as he rose") on the verb too, and that word is the quote's root.
    text = (
        "The library opened a new wing.\n\nKaren Bell describes her as \u201cthe single greatest "
        "protective force around the mayor, not only as he rose to office, but throughout his "
        "term.\u201d"
    )
    [statement] = found(text)
    assert statement.text.startswith("the single greatest protective force")
    assert statement.rule == "framing_verb"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, content, speaker_text",
    [
        (  # a person described by a noun of acquaintance
            "The funeral was held on Monday.\n\nA close friend referred to him as \u201cthe most "
            "generous man I have ever met in my whole life.\u201d",
            "the most generous man I have ever met in my whole life.",
            "A close friend",
        ),
        (  # a message speaks for whoever issued it
            'The race tightened.\n\nA campaign ad accuses Hale of buying votes "in a pattern of '
            'sleaze stretching back two decades."',
            "in a pattern of sleaze stretching back two decades.",
            "A campaign ad",
        ),
    ],
)
def test_a_described_framer_frames(found, text, content, speaker_text):
    assert (content, speaker_text) in [(s.text, s.speaker_text) for s in found(text)]


@pytest.mark.slow
def test_the_closing_mark_counts_with_a_framed_quote(found):
    # Unquoted "the political system" and quoted "rotten to the core." with its two
    # marks weigh the same: half of what is framed is quoted, a direct statement.
    text = (
        "The rally ended early.\n\nAna Ruiz took the stage and called the political system "
        "\u201crotten to the core.\u201d"
    )
    assert [s.text for s in found(text)] == ["rotten to the core."]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (  # the parser hangs what is called on who is called
            "The interview ran long.\n\nDe Blasio, speaking on the radio, called Trump a "
            "\u201cblowhard,\u201d and said his remarks were a gift to terrorist groups.",
            "blowhard",
            "De Blasio",
        ),
        (  # the parser reads who is called and what as a clause
            "The emails kept coming.\n\nOne Clinton spokesman has called the situation "
            "\u201coverclassification run amok.\u201d However, the review goes on.",
            "overclassification run amok.",
            "One Clinton spokesman",
        ),
    ],
)
def test_a_verb_of_naming_frames_a_quote_the_parser_misplaces(found, text, content, speaker):
    assert (content, speaker) in [(s.text, s.speaker_text) for s in found(text)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (  # a comment set off by a dash after a framed quote is not what was framed
            "The hearing went on.\n\nAnother critic, Laurence Tribe, likened the rules to "
            '"burning the Constitution" - a charge that stung, since Tribe had been a mentor '
            "to the president.",
            "burning the Constitution",
            "Laurence Tribe",
        ),
    ],
)
def test_a_comment_after_a_dash_is_no_part_of_the_framed_content(found, text, content, speaker):
    assert (content, speaker) in [(s.text, s.speaker_name) for s in found(text)]


@pytest.mark.slow
def test_a_quote_coordinated_with_the_cue_is_a_new_say_not_its_complement(found):
    # The parser coordinates "spending" in the second quote with "said": the second
    # quote is what "adding" reports, a statement of its own.
    text = (
        "Trump met the editorial board.\n\n\u201cWe certainly can\u2019t afford to do this "
        "anymore,\u201d Trump said, adding later, \u201cNATO is costing us a fortune, and yes, "
        "we\u2019re protecting Europe with NATO, but we\u2019re spending a lot of money.\u201d"
    )
    texts = [s.text for s in found(text)]
    assert texts[0] == "We certainly can\u2019t afford to do this anymore"
    assert texts[1].startswith("NATO is costing us a fortune")


@pytest.mark.slow
def test_a_participle_hung_in_a_quote_shares_the_subject_of_the_cue_before_it(found):
    # The parser hangs "going" on a verb of the second quote; "say" is its cue, and
    # the quote it reports is a statement of its own, not the first quote's end.
    text = (
        "Sanders spoke to students.\n\n"
        '"That we do not want to go back to a time when you have the birther issue again '
        'is insane," Sanders said, going on to say that the country has spent "hundreds of '
        "years fighting against racism and sexism, to have that debate again, young people "
        "do not want to see that. They're way beyond that.\""
    )
    statements = found(text)
    assert [s.text[:20] for s in statements] == ["That we do not want ", "hundreds of years fi"]
    assert [s.cue for s in statements] == ["said", "say"]
