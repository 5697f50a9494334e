"""Fallback: the reporting clause that punctuation and word order tie to a quote."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from entities.nlp.adjacent_names import name_and_appositive_before, word_tokens
from entities.nlp.cue_search import introduces_next_quote
from entities.nlp.cues import is_quote_cue_verb, message_nouns, quote_cue_verbs
from entities.nlp.doc_index import sentence_of, text_of, tokens_between
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import OPENING_MARKS_AND_SPACES, inside_quotes, quoted_spans
from entities.nlp.referents import VERB_POS
from entities.nlp.results import PersonMention
from entities.nlp.subjects import (
    PERSON_PRONOUNS,
    SPEAKER_ENTS,
    SUBJECT_DEPS,
    is_age_description,
    mention_speaker,
    names_someone,
    speaker_for_cue,
    subject_of,
)


def reporting_clause_after_quote(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'"Go back to Univision," Trump barked': the verb in the first words after the quote."""
    quoted = statement.parts[-1].text_in(text_of(doc)).rstrip()
    if not quoted.endswith((",", "!", "?", "\u2014", "-")):
        return None
    after = [t for t in word_tokens(doc, statement.end, +1)[:3] if not t.is_punct]
    for token in after:
        if token.pos_ == "VERB" and _is_finite(token):
            if introduces_next_quote(token, statement, quotes):
                return None
            subject = subject_of(token, statement)
            if subject is None and token.i > 0:
                subject = doc[token.i - 1]  # '"...," Trump barked', Trump misparsed
            # '"…?" Hannity pressed': a capitalised word right after the quote
            # names its speaker even when the NER saw no one.
            named_after = subject.i == after[0].i and subject.is_title and subject.is_alpha
            if names_someone(subject, people) or named_after:
                return speaker_for_cue(
                    doc,
                    doc[token.i : token.i + 1],
                    subject,
                    statement,
                    people=people,
                    quotes=quotes,
                )
            return None
    return None


def _is_cue_misread_as_noun(token: Token) -> bool:
    """'the email read.', 'the two write.': a cue verb ending its clause, tagged as a noun."""
    doc = token.doc
    if token.pos_ != "NOUN" or token.lemma_.lower() not in quote_cue_verbs():
        return False
    return token.i + 1 == len(doc) or doc[token.i + 1].is_punct


def _is_finite(verb: Token) -> bool:
    """A verb in a finite tense; '"...," Trump barked' tagged as a participle counts.

    A participle that heads its sentence or has a subject of its own, with no
    auxiliary, is a past tense the tagger misread: '"...," Trump barked'.
    """
    if verb.tag_ in {"VBD", "VBZ", "VBP"}:
        return True
    children = {child.dep_ for child in verb.children}
    return (
        verb.tag_ == "VBN"
        and (verb.dep_ == "ROOT" or "nsubj" in children)
        and not children & {"aux", "auxpass"}
    )


def reporting_clause_by_position(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'"Go back to Univision," Trump barked', 'Hillary shot back, "I suppose ..."'.

    A verb outside the cue lists reports a quote when it makes the clause
    that punctuation ties to the quote: right after a quote that ends in a
    comma, "!" or "?", or right before the comma or colon that opens it. Its
    subject must be someone: a name, a group, a country or he/she. A name
    alone before a colon ('Pollsters agree - Carl Bialik: "..."') counts too.
    """
    after = reporting_clause_after_quote(doc, statement, people=people, quotes=quotes)
    if after is not None:
        return after
    text = text_of(doc)
    before = text[: statement.start].rstrip(OPENING_MARKS_AND_SPACES)
    if not before.endswith((",", ":")) or "\n" in text[len(before) : statement.start]:
        return None
    mark = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if mark is None or mark.start == 0:
        return None
    token = doc[mark.start - 1]
    while token.lower_ in _PARTICLES and token.i > 0:
        token = doc[token.i - 1]
    # 'said Wednesday,', 'said on Tuesday,': the time belongs to the cue before it.
    for _ in range(3):
        if token.ent_type_ not in {"DATE", "TIME"} or not token.i > token.head.i >= token.i - 3:
            break
        token = token.head
    # 'stated of politicians,', 'told the agency simply,': a short phrase the cue
    # governs may stand between it and the comma.
    cue = _cue_governing_phrase_before(token)
    if cue is not None:
        token = cue
    # 'he had stated,': a perfect tense is as finite as 'he stated,'.
    perfect = token.tag_ == "VBN" and any(c.dep_ == "aux" for c in token.children)
    if token.pos_ == "VERB" and (token.tag_ in {"VBD", "VBZ", "VBP"} or perfect):
        subject = subject_of(token, statement)
        if subject is not None and names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[token.i : token.i + 1], subject, statement, people=people, quotes=quotes
            )
        named = name_and_appositive_before(doc, token, people) if subject is None else None
        if named is not None and is_quote_cue_verb(token):
            return mention_speaker(named, token.text, token.idx)
        phrase = _phrase_ending_at(token, statement) if subject is None else None
        if phrase is not None and is_quote_cue_verb(token):
            return speaker_for_cue(
                doc, doc[token.i : token.i + 1], phrase, statement, people=people, quotes=quotes
            )
    elif token.tag_ == "VBG" and is_quote_cue_verb(token):
        # '... by mentioning the wall and adding, "..."': a participle cue shares
        # the subject of its sentence's main verb, wherever the parse hangs it.
        root = sentence_of(token).root
        subject = subject_of(root, statement) if root.pos_ in VERB_POS else None
        if subject is not None and subject.i < token.i and names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[token.i : token.i + 1], subject, statement, people=people, quotes=quotes
            )
    elif (
        before.endswith(":")
        and not _BYLINE_BEFORE_COLON.search(before[-_BYLINE_SEARCH_CHARS:])
        and (token.ent_type_ in SPEAKER_ENTS or _is_bare_name_before(doc, token))
    ):
        return speaker_for_cue(doc, mark, token, statement, people=people, quotes=quotes)
    elif token.lemma_.lower() in message_nouns() and token.dep_ == "dobj":
        # 'Trump issued a statement, "Last night ..."': the message is the quote,
        # and whoever issued it speaks.
        verb = token.head
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is not None and names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
            )
    return None


# A roundup's byline: a headline in marks, "by" and its writer, a colon
# ('"Matthew Morrison is leaving," by Times' Michael Paulson: "..."'). What
# follows is an excerpt of the article, the writer's report, not a statement.
_BYLINE_BEFORE_COLON = re.compile(r"[\"\u201d]\s*by\s+[^\"\u201c\u201d:;.!?\n]{2,80}:$")
_BYLINE_SEARCH_CHARS = 100

# Particles of phrasal speech verbs ('shot back', 'spoke up').
_PARTICLES = frozenset({"back", "up", "out", "in", "on", "off"})
# How many words may follow a cue before the comma that opens its quote.
MAX_PHRASE_AFTER_CUE_TOKENS = 4


def _cue_governing_phrase_before(last: Token) -> Token | None:
    """The cue verb whose short phrase ends at ``last`` ('stated [of politicians]')."""
    phrase = last
    for _ in range(3):
        head = phrase.head
        if head is phrase or head.i >= last.i:
            return None
        if is_quote_cue_verb(head):
            break
        phrase = head
    else:
        return None
    if last.i - head.i > MAX_PHRASE_AFTER_CUE_TOKENS or phrase.right_edge.i != last.i:
        return None
    if any(t.is_punct or t.is_space for t in head.doc[head.i + 1 : last.i + 1]):
        return None
    return head


def _is_bare_name_before(doc: Doc, last: Token) -> bool:
    """'- Philip Bump:' a name the NER missed, alone between a dash or line start and a colon.

    Two or more capitalised proper nouns and nothing else: a byline-style
    attribution, not the end of a sentence.
    """
    names = 0
    for token in reversed(doc[: last.i + 1]):
        if token.is_space or token.text in {"-", "\u2013", "\u2014", "--"}:
            break
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return False
        names += 1
    return names >= 2


def _phrase_ending_at(verb: Token, statement: QuotedStatement) -> Token | None:
    """'a White House official who spoke anonymously said Wednesday, "..."'.

    A cue the parser left without a subject: the noun phrase that ends right
    before it, in its sentence, hung elsewhere by the parser, is who speaks.
    """
    if verb.i == 0 or any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children):
        return None
    token = verb.doc[verb.i - 1]
    if token.is_punct or token.sent != verb.sent or statement.contains(token.idx):
        return None
    # Up the phrases that end right before the cue, to the first noun that is
    # not an object or modifier ('strategy' < 'discuss' < 'spoke' < 'official').
    while token.head is not token and token.head.i < verb.i:
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ not in _NOT_PHRASE_HEAD_DEPS:
            return token
        if token.head.right_edge.i >= verb.i:
            break
        token = token.head
    return None


_NOT_PHRASE_HEAD_DEPS = frozenset(
    {"pobj", "dobj", "poss", "compound", "attr", "npadvmod", "amod", "nmod"}
)
# How long the noun phrase in '"…?" the 43-year-old asked' may run before its cue.
MAX_PHRASE_BEFORE_CUE_TOKENS = 8
_APPOSITIVE_COMMAS = 2


def noun_phrase_and_cue_after_quote(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'"…?" the 43-year-old asked', '"…," a voice-over in the ad says'.

    Right after a quote that ends in a comma, "?" or "!", a noun phrase and
    then a cue verb make the reporting clause, however the parser hangs them
    (it often makes the phrase the root and the cue its modifier).
    """
    text = text_of(doc)
    quoted = statement.parts[-1].text_in(text).rstrip()
    if not quoted.endswith((",", "?", "!")):
        return None
    tokens = tokens_between(doc, statement.end, min(len(text), statement.end + 120))
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]  # the closing mark
    phrase: list[Token] = []
    # 'the party's nominee, Donald Trump, tweeted': the commas of an appositive
    # do not count towards the phrase's length.
    for token in tokens[: MAX_PHRASE_BEFORE_CUE_TOKENS + 1 + _APPOSITIVE_COMMAS]:
        if token.is_space or (token.is_punct and token.text not in "-,") or token.is_quote:
            return None
        if len([t for t in phrase if t.text != ","]) > MAX_PHRASE_BEFORE_CUE_TOKENS:
            return None
        if token.pos_ in {"VERB", "AUX"} and (
            token.tag_ in {"VBD", "VBZ"}
            # 'the 43-year-old asked': a cue the parser read as a participle
            or (token.tag_ == "VBN" and is_quote_cue_verb(token))
        ):
            break
        if phrase and _is_cue_misread_as_noun(token):
            break
        if token.pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PUNCT", "ADP"}:
            return None
        phrase.append(token)
    else:
        return None
    if not phrase or phrase[0].pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM"}:
        return None
    chunk = next((c for c in doc.noun_chunks if c.start == phrase[0].i), None)
    # 'the 43-year-old' makes no chunk: the word before the verb heads it.
    subject = chunk.root if chunk is not None and chunk.end <= token.i else phrase[-1]
    if not is_quote_cue_verb(token) and not _is_cue_misread_as_noun(token):
        return None
    if subject.pos_ not in {"NOUN", "PROPN", "NUM"} and not is_age_description(subject):
        return None
    return speaker_for_cue(
        doc, doc[token.i : token.i + 1], subject, statement, people=people, quotes=quotes
    )


# Subjects that can introduce a quotation with a colon ("Politico reveals:").
_INTRODUCER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def colon_introduction(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'President Clinton released the following statement:' ending the text before a quote.

    Whatever the verb, a clause that ends in a colon right before the opening
    mark introduces the quote; its subject is the speaker when it names
    someone (a person, organisation or country) or is a personal pronoun.
    """
    text = text_of(doc)
    before = text[: statement.start - 1].rstrip("\u201c\u00ab\"'` \t\n\xa0")
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    # The verb the colon hangs from (the parser may run the quote into its sentence).
    verb = colon[0].head
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"} or any(q.contains(verb.idx) for q in quotes):
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or not (
        subject.ent_type_ in _INTRODUCER_ENTS
        or subject.lower_ in PERSON_PRONOUNS
        # 'The piece used her words as its headline:' (not 'Signs of a shift were:')
        or (
            subject.lemma_.lower() in message_nouns()
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children)
        )
        # 'The Clinton campaign worded it carefully:': a body named for someone.
        or any(
            c.dep_ in {"compound", "poss"} and c.ent_type_ in _INTRODUCER_ENTS
            for c in subject.children
        )
    ):
        return None
    return speaker_for_cue(
        doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
    )


def colon_clause_by_position(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'Mitt Romney, the 2012 nominee, tweeted in response: "..."' the parse missed.

    The parser often runs the quote after a colon into the clause before it
    and hangs that clause's verb inside the quote, or reads the verb as a
    modifier of the name. Read by position instead: the words from the
    sentence start to the colon, on the quote's line, are the introducing
    clause; a person named first, then a verb, or a clause verb whose subject
    names someone, is who speaks.
    """
    text = text_of(doc)
    before = text[: statement.start - 1].rstrip(OPENING_MARKS_AND_SPACES)
    if not before.endswith(":") or "\n" in text[len(before) : statement.start]:
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    line_start = text.rfind("\n", 0, colon.start_char) + 1
    clause = [
        token
        for token in doc[sentence_of(colon[0]).start : colon.start]
        if token.idx >= line_start and not inside_quotes(quoted_spans(doc), token.idx)
    ]
    words = [token for token in clause if not (token.is_punct or token.is_space)]
    if not words:
        return None
    # 'C. Boyden Gray, who served as counsel, ticked through the code:': the
    # verb of a relative clause describes the speaker; it introduces nothing.
    verbs = [t for t in words if t.pos_ in {"VERB", "AUX"} and t.dep_ != "relcl"]
    if not verbs:
        return None
    first = next((m for m in people if m.start == words[0].idx), None)
    if first is not None and verbs[0].idx >= first.end:
        return mention_speaker(first, verbs[0].text, verbs[0].idx)
    inside = {token.i for token in clause}
    for verb in verbs:
        if verb.head.i in inside and verb.head is not verb:
            continue
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is not None and names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
            )
    return None
