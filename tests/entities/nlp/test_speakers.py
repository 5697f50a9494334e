from __future__ import annotations

import pytest

from entities.nlp.cues import speech_verbs
from entities.nlp.extract import article_extraction
from entities.nlp.people import person_mentions
from entities.nlp.referents import person_genders
from entities.nlp.sources import MAX_SOURCE_CHARS, fit_field


@pytest.fixture
def statements(nlp):
    def find(text: str):
        return article_extraction(nlp(text)).statements

    return find


def test_speech_verb_list_holds_the_common_cues():
    assert {"say", "tell", "add", "warn", "insist", "tweet", "acknowledge"} <= speech_verbs()
    assert "think" not in speech_verbs()


def test_subject_of_speech_verb_after_the_quote(statements):
    [found] = statements(
        "Jake Sullivan spoke on Tuesday. "
        '"We will not accept any interference in our elections," Sullivan said.'
    )
    assert found.text == "We will not accept any interference in our elections"
    assert (found.speaker_text, found.speaker_name, found.cue) == (
        "Sullivan",
        "Jake Sullivan",
        "said",
    )


def test_inverted_said_followed_by_the_speaker(statements):
    [found] = statements(
        '"We will not accept any interference in our elections," said Jake Sullivan, the adviser.'
    )
    assert (found.speaker_name, found.cue) == ("Jake Sullivan", "said")


def test_cue_before_the_quote(statements):
    [found] = statements(
        'Jake Sullivan told reporters: "We will not accept any interference in our elections."'
    )
    assert found.text == "We will not accept any interference in our elections."
    assert (found.speaker_name, found.cue) == ("Jake Sullivan", "told")


def test_split_quote_is_one_statement_from_first_to_last_content(statements):
    text = (
        '"We have seen no evidence of direct aid," Jake Sullivan said, '
        '"but we remain deeply concerned."'
    )
    [found] = statements(text)
    assert found.start == 1
    assert found.end == len(text) - 1
    assert found.text == text[1:-1]
    assert found.speaker_name == "Jake Sullivan"


def test_two_sentences_with_a_new_cue_are_two_statements(statements):
    text = (
        '"We have seen no evidence of direct aid," Jake Sullivan said. '
        'He added, "But we remain deeply concerned about it."'
    )
    found = statements(text)
    assert [s.text for s in found] == [
        "We have seen no evidence of direct aid",
        "But we remain deeply concerned about it.",
    ]
    assert [s.speaker_name for s in found] == ["Jake Sullivan", "Jake Sullivan"]


def test_pronoun_speaker_is_the_most_recent_person_before_the_quote(statements):
    [found] = statements(
        "Joe Biden arrived in Tokyo on Monday. "
        '"The alliance has never been stronger than it is today," he said.'
    )
    assert (found.speaker_text, found.speaker_name) == ("he", "Joe Biden")


def test_people_inside_the_quote_are_not_pronoun_antecedents(statements):
    [found] = statements(
        'Jake Sullivan spoke later. "Antony Blinken has made our concerns very clear," he said.'
    )
    assert found.speaker_name == "Jake Sullivan"


def test_subject_of_a_subordinate_clause_is_not_the_pronoun_referent(statements):
    [found] = statements(
        "Susan Sarandon spoke to MSNBC on Monday. Asked about her vote if Hillary Clinton "
        'wins the nomination, she replied: "I do not know yet."'
    )
    assert (found.speaker_text, found.speaker_name) == ("she", "Susan Sarandon")


def test_object_of_a_verb_with_its_own_subject_is_not_the_pronoun_referent(statements):
    [found] = statements(
        'Barack Obama warned Donald Trump on Tuesday. "America is already great," he said.'
    )
    assert (found.speaker_text, found.speaker_name) == ("he", "Barack Obama")


def test_name_opening_its_sentence_is_the_pronoun_referent_whatever_the_parse(statements):
    [found] = statements(
        "Donald Trump met David Jolly on Monday. "
        "Jolly, who was elected to Congress in 2014, doesn\u2019t see the role as antiquated. "
        '"There are communities that require some level of federal involvement," he said.'
    )
    assert (found.speaker_text, found.speaker_name) == ("he", "David Jolly")


def test_participle_hung_inside_a_reported_clause_belongs_to_the_reporter(statements):
    found = statements(
        "Donald Trump argued that a database would keep people from coming into the "
        'country illegally, saying it is "all about management and nothing else."'
    )
    [direct] = [statement for statement in found if statement.kind == "direct"]
    assert direct.speaker_name == "Donald Trump"


def test_mr_and_mrs_under_one_name_leave_the_name_without_a_gender(statements):
    [found] = statements(
        "Hillary Clinton spoke in Iowa on Monday. "
        "A woman asked Mrs. Clinton about Mr. Clinton and his friend Monica Lewinsky. "
        "Mrs. Clinton did not hesitate. Mr. Clinton stayed home. Mr. Clinton was quiet. "
        '"Everybody should be believed at first," she said.'
    )
    assert (found.speaker_text, found.speaker_name) == ("she", "Hillary Clinton")


def test_verb_joined_inside_a_reported_clause_belongs_to_the_reporter(statements):
    found = statements(
        "Mike Pence said in politics it takes time to develop those relationships but "
        'added, "I strongly support Paul Ryan."'
    )
    [direct] = [statement for statement in found if statement.kind == "direct"]
    assert direct.speaker_name == "Mike Pence"


def test_as_someone_put_it_names_the_speaker_not_it(statements):
    [found] = statements(
        "The sitting justice who is least friendly to business is Sonia Sotomayor, exactly "
        "the kind of liberal jurist many Republicans fear Mrs. Clinton would choose.\n\n"
        "As Akhil Amar, professor of constitutional law at Yale and author of "
        "''America's Unwritten Constitution,'' put it, "
        "''Senate Republicans are playing with fire here.''"
    )
    assert (found.speaker_text, found.speaker_name) == ("Akhil Amar", "Akhil Amar")


def test_of_two_subjects_the_one_next_to_the_verb_speaks(statements):
    found = statements(
        "Speaking at a town hall event in Salem, New Hampshire, Trump went after Bush, "
        "calling him \u201ca total stiff.\u201d"
    )
    assert [(statement.speaker_text, statement.cue) for statement in found] == [
        ("Trump", "calling")
    ]


def test_cue_with_a_colon_introduces_the_next_quote_not_the_one_before(statements):
    found = statements(
        "Abdullah Zahed and his wife, Breshna Alawee, arrived in March. "
        "''We are refugees,'' Ms. Alawee said. ''We are not terrorists.'' "
        "Mr. Zahed said: ''The attack that happened today is a tragedy for all of us.''"
    )
    speakers = {statement.text: statement.speaker_name for statement in found}
    # '"A," Ms. Alawee said. "B."': both parts are hers, one statement.
    assert speakers["We are refugees,'' Ms. Alawee said. ''We are not terrorists."] == (
        "Breshna Alawee"
    )
    assert speakers["The attack that happened today is a tragedy for all of us."] == (
        "Abdullah Zahed"
    )


def test_participle_after_a_preposition_shares_the_verbs_subject(statements):
    [found] = statements(
        "On Tuesday, Mitch McConnell deflected numerous questions about Donald Trump before "
        "saying, ''It's time to quit attacking various people that you competed with.''"
    )
    assert (found.speaker_name, found.cue) == ("Mitch McConnell", "saying")


def test_a_message_speaks_for_whoever_issued_it(statements):
    [found] = statements(
        "Donald Trump released a marketing video that said, "
        '"We are going to have professors and adjunct professors that are terrific."'
    )
    assert found.speaker_name == "Donald Trump"


def test_a_message_participle_speaks_for_whoever_issued_it(statements):
    [found] = statements(
        "On Monday, Hillary Clinton issued a statement saying the ruling was "
        '"a victory for every family in this country."'
    )
    assert found.speaker_name == "Hillary Clinton"


def test_a_message_after_a_preposition_speaks_for_the_verbs_subject(statements):
    [found] = statements(
        "Mayor Chris Coleman voted for the resolution, which said the city "
        '"condemns anti-Muslim, anti-refugee, and anti-immigrant speech."'
    )
    assert found.speaker_name == "Chris Coleman"


def test_a_message_sent_by_someone_speaks_for_the_sender(statements):
    [found] = statements(
        "In addition, a fundraising email sent out by Bernie Sanders on Tuesday night warned "
        'of the tough fight ahead: "There are 14 primaries and caucuses over the next three '
        'weeks."'
    )
    assert found.speaker_name == "Bernie Sanders"


def test_a_message_participle_after_a_name_still_speaks_for_its_poster(statements):
    [found] = statements(
        "Donald Trump posted a message on Twitter reading \u201cThank you Georgia, we will "
        "win this state again in November\u201d moments after polls closed."
    )
    assert found.speaker_name == "Donald Trump"


def test_description_speaker_stays_unresolved(statements):
    [found] = statements('"The talks will continue next week in Geneva," the spokesman said.')
    assert (found.speaker_text, found.speaker_name) == ("the spokesman", None)


def test_description_speaker_keeps_whose_it_is(statements):
    [found] = statements('"The sale is off," a spokesman for the buyer said on Monday.')
    assert found.speaker_text == "a spokesman for the buyer"


def test_description_speaker_keeps_the_appositive_name(statements):
    [found] = statements(
        "The leader of the league, Jonathan Greenblatt, warned: "
        '"We will not accept any interference in our elections."'
    )
    assert found.speaker_name == "Jonathan Greenblatt"


def test_cue_in_the_sentence_after_a_quote_only_sentence(statements):
    [found] = statements(
        '"We are not going to back down from this fight." Warren said at the rally.'
    )
    assert (found.speaker_text, found.cue) == ("Warren", "said")


def test_according_to_names_the_speaker(statements):
    [found] = statements('"Prices will keep rising through the summer," according to Janet Yellen.')
    assert (found.speaker_name, found.cue) == ("Janet Yellen", "according to")


def test_quote_without_a_cue_is_not_a_statement(statements):
    assert statements('Nobody expected it. "We are all in this together now."') == []


def test_split_quote_names_the_speaker_between_its_parts_whatever_the_parse(statements):
    text = (
        "The state is investigating the shooting.\n"
        "\u201cI will just make this promise to you: We will achieve justice in this case,\u201d"
        " Springfield police Chief Mark Dalton said Monday. "
        "\u201cI want to assure our community and all of you: We will achieve justice.\u201d"
    )
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert found.text.startswith("I will just make")
    assert found.text.endswith("We will achieve justice.")
    assert (found.speaker_name, found.cue) == ("Mark Dalton", "said")


def test_split_quote_around_a_long_appositive_is_one_statement(statements):
    text = (
        '"The risk," said Edward Leamer, an economist who is the director of the '
        'UCLA Anderson Forecast, "is that we are going to be attracting workers '
        'and repelling jobs."'
    )
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert found.text.startswith("The risk")
    assert found.text.endswith("repelling jobs.")
    assert found.speaker_name == "Edward Leamer"


def test_split_quote_names_the_speaker_before_a_long_appositive_and_cue(statements):
    text = (
        "''Their strategy is very clear: to create the appearance of being a legitimate "
        "source of news,'' Michael McFaul, a senior fellow at the Hoover Institution and "
        "a former ambassador to Russia, said of the network. ''Having people like him "
        "on the air helps them do that.''"
    )
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert found.text.endswith("helps them do that.")
    assert (found.speaker_name, found.cue) == ("Michael McFaul", "said")


def test_cue_between_split_parts_reports_them_despite_a_clause_of_its_own(statements):
    text = (
        "Governor Terry McAuliffe signed the order on Friday.\n"
        '"I have no idea how these men and women actually voted," he said of people '
        'whose voting rights were previously restored. "But I do know that they made '
        'an investment in the community where they lived."'
    )
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert found.text.endswith("where they lived.")
    assert (found.speaker_name, found.cue) == ("Terry McAuliffe", "said")


def test_cue_the_parser_leaves_unattached_shares_the_subject_of_its_verb(statements):
    text = (
        "The senators asked why the violence had been tied to protests. "
        'Hillary Clinton, exasperated, famously responded: "What difference - at this '
        'point, what difference does it make?"'
    )
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert (found.speaker_name, found.cue) == ("Hillary Clinton", "responded")


def test_boomed_introduces_a_short_quote(statements):
    found = statements(
        "Trump gestured as if to stop the ruckus, then leaned in and boomed: "
        "\u201cLet\u2019s defeat her in November.\u201d"
    )
    assert [(s.speaker_text, s.cue) for s in found if s.kind == "direct"] == [("Trump", "boomed")]


def test_speech_verbs_hold_interject():
    assert "interject" in speech_verbs()


def test_name_and_appositive_before_a_cue_the_parser_left_without_subject(statements):
    found = statements(
        "But in a conference call with reporters on Dec. 2, Col. Steven H. Warren, a "
        "military spokesman in Baghdad, said, ''I mean, a raid is a combat operation. "
        "There is no way around that.''"
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert (direct.speaker_name, direct.cue) == ("Steven H. Warren", "said")


def test_passive_subject_speaks_the_cue_its_verb_takes(statements):
    found = statements(
        "The debate was so subdued that Donald Trump was prompted to say, "
        "\u201cSo far, I cannot believe how civil it\u2019s been up here.\u201d"
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert (direct.speaker_name, direct.cue) == ("Donald Trump", "say")


def test_pointed_out_is_a_cue(statements):
    found = statements(
        "As RealClearPolitics\u2019 David Byler pointed out in December, \u201cIn the week "
        "before the convention, the delegates will have multiple opportunities to "
        "change it.\u201d"
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert (direct.speaker_name, direct.cue) == ("David Byler", "pointed")


def test_message_before_a_comma_and_quote_speaks_for_its_issuer(statements):
    found = statements(
        "Immediately after the attacks, Donald Trump issued a statement, \u201cLast night, "
        "our nation was attacked by a radical Islamic terrorist.\u201d"
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert (direct.speaker_name, direct.cue) == ("Donald Trump", "issued")


def test_participle_the_parser_hung_inside_the_quote_belongs_before_it(statements):
    found = statements(
        "Hillary Clinton seemed to be ready to riff on the incident in Iowa, telling the "
        "crowd, \u201cSome people get a little carried away, have you noticed that?\u201d"
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert (direct.speaker_name, direct.cue) == ("Hillary Clinton", "telling")


def test_description_before_a_subjectless_cue_speaks(statements):
    found = statements(
        "Although there is no such overlap with Sanders's team, a White House official "
        'who spoke anonymously to discuss internal strategy said Wednesday, "Certainly '
        'there are discussions between the White House and the Sanders campaign."'
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert direct.speaker_text.startswith("a White House official")
    assert direct.cue == "said"


def test_quote_after_reported_speech_in_its_paragraph_goes_on_with_it(statements):
    found = statements(
        "Governor Chris Christie defended his record on Saturday.\n"
        "Christie said that he had fought for bills in his time as governor of New "
        'Jersey. "A leader must fight for what they believe in, not give up before '
        'the fight begins."\n'
        "The debate went on."
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert direct.text.startswith("A leader must fight")
    assert (direct.speaker_name, direct.cue) == ("Chris Christie", "said")


def test_quote_after_a_sentence_with_its_own_quote_is_left_alone(statements):
    found = statements(
        "Ava DuVernay spoke after the screening.\n"
        '"You cannot talk about change if you do not know what we are changing," '
        "DuVernay said, explaining that the past matters to the present. "
        '"What we need is to understand our history first."\n'
    )
    assert [s.cue for s in found if s.kind == "direct"] == ["said"]


def test_title_period_between_short_quote_and_cue_ends_no_sentence(statements):
    found = statements(
        "Arianna Gil and her friends met a group of boys at the park.\n"
        "''Follow us,'' Ms. Gil said, and the boys trailed behind."
    )
    [direct] = [s for s in found if s.kind == "direct"]
    assert (direct.text, direct.speaker_name) == ("Follow us", "Arianna Gil")


def test_dash_signature_on_its_own_line_names_the_speaker_the_ner_missed(statements):
    text = (
        "Readers wrote to us after the debate.\n"
        "\u201cHe never answers a question and thinks whatever he says is right.\u201d"
        "\u00a0\u2015 Maria T Lopez Garza.\n"
        "\u201cNext one.\u201d"
    )
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert found.text.startswith("He never answers")
    assert (found.speaker_text, found.speaker_name, found.cue) == (
        "Maria T Lopez Garza",
        "Maria T Lopez Garza",
        "\u2015",
    )


def test_dash_before_a_sentence_is_not_a_signature(statements):
    text = "\u201cWe will win this race,\u201d \u2015 And then the crowd cheered for him.\n"
    assert [s for s in statements(text) if s.kind == "direct"] == []


def test_quoted_object_of_a_framing_verb_is_the_subjects_statement(statements):
    [found] = [
        s
        for s in statements(
            "Senator Jane Holt called the plan "
            "\u201ca total disgrace to every taxpayer\u201d on Monday."
        )
        if s.kind == "direct"
    ]
    assert found.text == "a total disgrace to every taxpayer"
    assert (found.speaker_name, found.cue) == ("Jane Holt", "called")


def test_quoted_object_of_a_framing_verb_needs_someone_as_subject(statements):
    found = statements(
        "The plan was called \u201ca total disgrace to every taxpayer\u201d on Monday."
    )
    assert [s for s in found if s.kind == "direct"] == []


# A framing verb the parser reads as a reduced relative clause ('a group called
# "X"' names the group) frames when it takes both who is called and what: only the
# active verb has two complements. (text, framed words or None, speaker)
FRAMED_AFTER_A_NOUN = [
    (
        'One lawmaker called Trump "the orange prince of American self-publicity."',
        "the orange prince of American self-publicity.",
        "One lawmaker",
    ),
    (
        'The shelter is run by a group called "the coalition of the willing and the able."',
        None,
        None,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "framed", "speaker"), FRAMED_AFTER_A_NOUN)
def test_a_framing_verb_after_a_noun_frames_only_with_two_complements(
    statements, text, framed, speaker
):
    found = [(s.text, s.speaker_text) for s in statements(text) if s.kind == "direct"]
    assert found == ([(framed, speaker)] if framed else [])


def test_a_quoted_as_complement_after_an_object_is_how_the_subject_put_it(statements):
    [found] = [
        s
        for s in statements(
            "Japan branded North Korea an \u201coutlaw nation in the neighborhood.\u201d\n\n"
            "Senator Jane Holt dismissed the report as "
            "\u201cpartisan fiction from start to end.\u201d"
        )
        if s.kind == "direct" and s.text.startswith("partisan")
    ]
    assert (found.speaker_name, found.cue) == ("Jane Holt", "dismissed")


def test_a_quoted_charge_after_accused_of_is_the_accusers_words(statements):
    found = [
        s
        for s in statements(
            "South Korea accused Kim Jong Un of "
            '"fanatic recklessness that threatens the region" after the test.'
        )
        if s.kind == "direct"
    ]
    assert [(s.text, s.speaker_text, s.cue) for s in found] == [
        ("fanatic recklessness that threatens the region", "South Korea", "accused")
    ]


def test_a_nickname_in_title_case_is_not_a_statement(statements):
    found = statements("Fans of the Ohio native nicknamed him \u201cKing James\u201d years ago.")
    assert [s for s in found if s.kind == "direct"] == []


def test_a_paragraph_break_ends_the_sentence_so_each_quote_keeps_its_own_cue(statements):
    found = statements(
        "President Barack Obama spoke at the museum.\n\n"
        "''Hopefully,'' the president said, ''this museum can help us talk to each other.''\n\n"
        "''Perhaps they can help a visitor understand the pain of a demonstrator,'' "
        "Mr. Obama said."
    )
    assert [(s.text[:20], s.speaker_text, s.speaker_name) for s in found] == [
        ("Hopefully,'' the pre", "the president", "Barack Obama"),
        ("Perhaps they can hel", "Obama", "Barack Obama"),
    ]


def test_a_pronoun_inside_a_quote_is_no_evidence_of_the_speakers_gender(nlp):
    doc = nlp('Sam Ortiz arrived late. "She is wrong about the budget," he said.')
    assert person_genders(doc, person_mentions(doc)) == {"Sam Ortiz": "m"}


def test_a_subject_inside_another_quote_is_not_the_speaker(statements):
    found = statements(
        'Mr. Trump dismissed the charge -- "That makes me smart" -- and, when questioned '
        'after the debate, added, "Of course, I pay federal taxes."'
    )
    assert "That" not in {statement.speaker_text for statement in found}


def test_name_and_appositive_before_the_cue_speak_when_the_parse_hangs_them_elsewhere(
    statements,
):
    [found] = statements(
        "Retired Lt. Gen. Michael Flynn spoke on Thursday. \u201cHe is absolutely right. There "
        "is a severe disconnect between this White House and frankly the president and our "
        "military,\u201d Flynn, a top Trump surrogate, said Thursday morning on Fox News\u2019s "
        "\u201cFox and Friends.\u201d"
    )
    assert (found.speaker_text, found.speaker_name, found.cue) == ("Flynn", "Michael Flynn", "said")


def test_a_long_quote_counts_as_one_turn_when_looking_back_for_a_pronoun_referent(statements):
    found = statements(
        'Ann Lee spoke after Bob Stone. "We came here early. We met the staff. We saw the plans. '
        "We read the reports. We asked questions. We got answers. We took notes. We went home. "
        'We slept well," she said. "It was a long day," she added.'
    )
    assert [statement.speaker_name for statement in found] == ["Ann Lee", "Ann Lee"]


def test_a_cue_in_a_relative_clause_gives_way_to_the_cue_it_hangs_from(statements):
    [found] = statements(
        "At the panel, Marc Morial told a young woman who asked about the turnout, "
        '"This is not the first generation to be frustrated."'
    )
    assert (found.speaker_name, found.cue) == ("Marc Morial", "told")


def test_a_name_right_before_a_participle_cue_is_its_speaker(statements):
    [found] = statements(
        "The ad uses footage of Hillary Clinton asking, "
        '"Why aren\u2019t I 50 points ahead, you might ask?"'
    )
    assert (found.speaker_name, found.cue) == ("Hillary Clinton", "asking")


def test_a_dash_the_parser_takes_for_a_subject_is_not_the_speaker(statements):
    found = statements(
        "When Clinton noted that Trump has not paid federal income taxes \u2015 as was true for "
        "the few years his tax returns were made public \u2015 Trump boasted, "
        "\u201cThat makes me smart.\u201d"
    )
    direct = [statement for statement in found if statement.kind == "direct"]
    assert [(s.speaker_text, s.cue) for s in direct] == [("Trump", "boasted")]


def test_a_cue_deep_in_a_subordinate_clause_of_the_next_sentence_does_not_report_the_quote(
    statements,
):
    found = statements(
        'Bernie Sanders spoke on Sunday. "The younger people are sick and tired of '
        'discrimination and racism." But for Charlotte, the questions sparked by the death '
        "will take longer to answer."
    )
    assert [s for s in found if s.kind == "direct"] == []


def test_a_reporting_clause_between_commas_reports_a_quote_later_in_its_sentence(statements):
    [found] = statements(
        "Barack Obama spoke at the museum. And perhaps, he said, it could help a black visitor "
        "see the efforts of police officers who, ''in fits and starts, are struggling to "
        "understand and trying to do the right thing.''"
    )
    assert (found.speaker_text, found.speaker_name, found.cue) == ("he", "Barack Obama", "said")


def test_a_reporting_clause_between_commas_reports_the_quote_that_finishes_the_sentence(
    statements,
):
    [found] = statements(
        "The president visited the museum in 2016. It was, the president said, ''a stone where "
        "day after day for years, men and women were torn from their families.''"
    )
    assert (found.speaker_text, found.cue) == ("the president", "said")


def test_an_adjective_quoted_after_described_as_is_the_subjects_words(statements):
    found = [
        s
        for s in statements(
            "Tom Perez contrasted the Republican candidate, whom he described as "
            '"volatile and reckless," with Clinton.'
        )
        if s.kind == "direct"
    ]
    assert [(s.text, s.speaker_name) for s in found] == [("volatile and reckless", "Tom Perez")]


def test_the_object_of_told_is_the_hearer_not_the_speaker(statements):
    [found] = statements(
        "“Yes, I back Maria Lopez,” Tom Briggs, founder of the Civic Trust, "
        "tells Channel 9 in an exclusive interview."
    )
    assert (found.speaker_text, found.speaker_name, found.cue) == (
        "Tom Briggs",
        "Tom Briggs",
        "tells",
    )


def test_a_name_whose_clause_introduces_a_quote_with_a_colon_is_the_topic_for_she(statements):
    # The parser hangs "Porter scolded him:" from the quoted clause; it is still
    # the narrative's main clause, so "she" takes up Porter, not Ellis before her.
    [found] = statements(
        "Mark Ellis appeared at a hearing. Sen. Jane Porter (D-Ore.) scolded him: "
        "“The scientific community is almost monolithic against you,” she said. "
        "“You should stop.”"
    )
    assert (found.speaker_text, found.speaker_name) == ("she", "Jane Porter")


def test_a_preposition_the_parser_takes_for_a_subject_gives_way_to_the_name_after_it(statements):
    [found] = statements(
        "Of Porter, Dana Whitfield, who has given money to Ann Lee, said, "
        "“She's far too cautious. I like her … But she's timid.”"
    )
    assert (found.speaker_text, found.speaker_name) == ("Dana Whitfield", "Dana Whitfield")


def test_a_negated_cue_gives_way_to_a_later_reporting_clause(statements):
    found = statements(
        "Karen Adams spoke first. Adams cannot say that “from her point of view,” "
        "Tom Ruiz added, saying the decision should be “up to the judge.”"
    )
    assert (found[0].speaker_text, found[0].speaker_name, found[0].cue) == (
        "Tom Ruiz",
        "Tom Ruiz",
        "added",
    )


def test_a_title_the_parser_takes_for_the_subject_gives_way_to_the_person_it_names(statements):
    [found] = statements(
        "Acme Radio Vice President for news and talk Dana Whitfield called the program "
        "“the best morning show on the air.”"
    )
    assert (found.speaker_text, found.speaker_name) == ("Dana Whitfield", "Dana Whitfield")


def test_a_told_that_opens_its_sentence_looks_for_no_speaker_in_the_sentence_before(statements):
    # The search for the noun phrase before "Tells" stops at the sentence before.
    [found] = statements("The mayor spoke first. Tells me “nothing at all,” he said.")
    assert (found.speaker_text, found.cue) == ("he", "said")


@pytest.mark.parametrize(
    "text, cue",
    [
        (  # 'tell' as discern, with a modal of ability
            'The mayor spoke for an hour.\n\n"It was the worst night of my life." '
            "You could not tell what he meant by that.",
            "tell",
        ),
        (  # 'tell' as discern, after an adjective
            'The race is close.\n\n"Turnout will decide it." It is hard to tell what voters think.',
            "tell",
        ),
        (  # aspectual 'continue' with an infinitive
            'Ana Ruiz ran the shelter for years.\n\n"Nobody wants to see the animals go hungry." '
            "Ruiz continued to push for more money from the county.",
            "continued",
        ),
        (  # aspectual 'continue' with an object
            '"We will not give up on this town." The volunteers continued the search at dawn.',
            "continued",
        ),
    ],
)
def test_a_speech_verb_in_its_other_sense_is_no_cue(statements, text, cue):
    assert [s.cue for s in statements(text) if s.cue == cue] == []


@pytest.mark.parametrize(
    "text, cue",
    [
        ('Mia Park continued, "We will win this race and nobody can stop us now."', "continued"),
        ('Mia Park said she can tell you that "nobody in this town will vote for him."', "tell"),
    ],
)
def test_a_speech_verb_with_a_mark_of_its_other_sense_still_reports_speech(statements, text, cue):
    [found] = statements(text)
    assert (found.cue, found.speaker_name) == (cue, "Mia Park")


@pytest.mark.parametrize(
    "text, speaker",
    [
        (  # the given name tells "she" from the man named since
            "Susan Mills hired Tom Hale in May. Hale ran the campaign from a garage.\n\n"
            '"We will win this state by ten points," she said.',
            "Susan Mills",
        ),
        (  # a given name borne by both says nothing; the man is still ruled out
            "Chris Lane hired Tom Hale in May. Hale ran the campaign from a garage.\n\n"
            '"We will win this state by ten points," she said.',
            "Chris Lane",
        ),
        (  # a gendered noun in an appositive tells "she" from the man beside her
            "Jo Hale spoke first. Sam Lee, her husband, stood behind her and said nothing. "
            'Lee owns the bakery.\n\n"We will rebuild the shop by the summer," she said.',
            "Jo Hale",
        ),
        (  # also when the name is the appositive
            "Lee Park, his wife, owns the bakery with Tom Hale. Hale has run it since 1990."
            '\n\n"We will rebuild the shop by the summer," she said.',
            "Lee Park",
        ),
        (  # a person named in the question put to the speaker is not the speaker
            "The city cut the money of the food bank run by Tom Hale in March.\n\n"
            'Asked what he would tell Mayor Dan Ruiz, he said: "I would ask him to come '
            'and see the line outside."',
            "Tom Hale",
        ),
        (  # nor one named in a phrase before the pronoun
            "The city cut the money of the food bank run by Tom Hale in March.\n\n"
            'Asked about Mayor Dan Ruiz, he said: "I would ask him to come and see the line '
            'outside."',
            "Tom Hale",
        ),
        (  # the subject of a clause before the pronoun may be its referent
            "The money went to a food bank run by Tom Hale.\n\n"
            'When Dan Ruiz was asked about it, he said: "I would ask them to come and see '
            'the line outside."',
            "Dan Ruiz",
        ),
    ],
)
def test_he_or_she_stands_for_the_person_the_article_allows(statements, text, speaker):
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert found.speaker_name == speaker


@pytest.mark.parametrize(
    "text, speaker_text",
    [
        (
            "Voters went to the polls.\n\n"
            '"It is her race to lose at this point," added a New Hampshire Democrat.\n\n'
            '"She is too far behind," said an Iowa Democrat.',
            "an Iowa Democrat",
        ),
    ],
)
def test_a_group_word_heading_a_description_keeps_the_words_that_say_which(
    statements, text, speaker_text
):
    assert statements(text)[-1].speaker_text == speaker_text


# Speaker rules added in session 20 (docs/extraction.md): each row is a sentence of
# ordinary news copy and the person who speaks in it.
SESSION_20_SPEAKERS = [
    (  # a dateline is no part of the sentence: the name after its dash speaks
        "WASHINGTON -- President Barack Obama, dedicating the museum on Saturday, said it "
        "would tell an American story, one of ''suffering and delight, one of fear, but "
        "also of hope.''",
        "Barack Obama",
    ),
    (  # a thing that "tells" inside a reported clause: the reporter's words
        "Ann Ruiz opened the new library on Monday and said it would tell "
        '"the story of a city that never gave up."',
        "Ann Ruiz",
    ),
    (
        "Mayor Ann Ruiz opened the new library on Monday. She said it would tell "
        '"the story of a city that never gave up."',
        "Ann Ruiz",
    ),
    (  # the one asked answers, not the last person named in the question
        "Last month, when I asked Bernie Sanders if he would ever endorse Hillary Clinton, he "
        'looked straight into my camera and said, "I\'m gonna endorse YOU!"',
        "Bernie Sanders",
    ),
    (  # a person named inside the question is still not the one who answers
        "Jake Sullivan spoke on Monday. Asked what he would tell Mayor Ann Ruiz, he said: "
        '"We will support the city."',
        "Jake Sullivan",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker"), SESSION_20_SPEAKERS)
def test_session_20_speaker_rules(statements, text, speaker):
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert found.speaker_name == speaker


# An unnamed source keeps the words after its noun that say which source it is.
DESCRIBED_SOURCES = [
    (
        'Ted Cruz spoke on Monday. "He will stay in the race," said another source '
        "familiar with Cruz's thinking.",
        "another source familiar with Cruz's thinking",
    ),
    (
        'Hillary Clinton spoke on Monday. "She has no regrets," said a person close to the '
        "Clintons.",
        "a person close to the Clintons",
    ),
    (
        '"The numbers are bad," one operative inside Trump Tower said.',
        "one operative inside Trump Tower",
    ),
    (  # the aide speaks, not the president named after the noun
        "Ari Fleischer wrote the report. "
        '"Trump has gone in the opposite direction from what we recommended," said the '
        "former top aide to President George W. Bush.",
        "the former top aide to President George W. Bush",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "speaker_text"), DESCRIBED_SOURCES)
def test_an_unnamed_source_keeps_the_words_that_say_which(statements, text, speaker_text):
    [found] = [s for s in statements(text) if s.kind == "direct"]
    assert (found.speaker_text, found.speaker_name) == (speaker_text, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a spokesman for the mayor", "a spokesman for the mayor"),
        ("word " * 100, ("word " * 60).strip()),  # cut at a whole word, 299 characters
        ("x" * 400, "x" * 300),  # one long word: cut at the limit
        (None, None),
    ],
)
def test_names_and_descriptions_fit_the_database_field(text, expected):
    assert fit_field(text) == expected
    assert fit_field(text) is None or len(fit_field(text)) <= MAX_SOURCE_CHARS
