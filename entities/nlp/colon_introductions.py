"""A clause ending in a colon introduces the quote after it: who it names as speaking.

``colon_introduction`` (``reporting_clauses``) takes the subject of the verb the
colon hangs from when that subject is a name, a group or he/she. News copy
introduces quotes with colons just as often through a description
('The Slate technology columnist David Auerbach went so far as to say:'), through
a verb of saying that a higher verb controls ('Respondents are obliged to
disclose:', 'Awlaki is shown lecturing:') or with no verb at all ('From the
report:', 'Rep. Trey Gowdy (R-S.C.):'). These rules read those shapes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

from entities.nlp.cues import is_quote_cue_verb, question_verbs
from entities.nlp.doc_index import text_of
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import OPENING_MARKS_AND_SPACES
from entities.nlp.results import PersonMention
from entities.nlp.sources import document_nouns, person_nouns
from entities.nlp.subjects import SPEAKER_ENTS, names_someone, speaker_for_cue

_DASH = re.compile(r"\s[-\u2013\u2014]|[-\u2013\u2014]\s|--|\u2014|\u2013")
# How far up the clause chain ('went [so far as to] say:') the verb with the subject may be.
MAX_CHAIN_VERBS = 3
# A verb of saying a higher verb controls: 'obliged to disclose', 'shown lecturing'.
_CONTROLLED_DEPS = frozenset({"xcomp", "advcl", "dobj", "ccomp"})


def _colon_before(doc: Doc, statement: QuotedStatement) -> Token | None:
    """The colon that ends the text right before the quote's opening mark, if one does."""
    text = text_of(doc)
    before = text[: statement.start].rstrip(OPENING_MARKS_AND_SPACES)
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None or colon.start == 0:
        return None
    return colon[0]


def _clause_verbs(colon: Token, quoted: Callable[[Token], bool]) -> list[Token]:
    """The verb the colon hangs from, then the verbs whose clause holds it, nearest first.

    When the parser ran the quote into the clause and hung the colon inside it,
    the clause's verb is the one before the colon that hangs from nothing there.
    """
    verb = colon.head
    if quoted(verb):
        before = colon.doc[colon.sent.start : colon.i]
        verb = next(
            (
                t
                for t in before
                if t.pos_ in {"VERB", "AUX"}
                and not quoted(t)
                and (t.head is t or not before.start <= t.head.i < before.end)
            ),
            colon,
        )
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return []
    chain = [verb]
    while len(chain) < MAX_CHAIN_VERBS and verb.dep_ in _CONTROLLED_DEPS and verb.head is not verb:
        verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"}:
            break
        chain.append(verb)
    return chain


def _says(verbs: Sequence[Token], quoted: Callable[[Token], bool], *, asking: bool) -> bool:
    """True when a verb of the chain, or one it controls, is a verb of saying (or asking)."""
    for verb in verbs:
        controlled = [c for c in verb.children if c.dep_ in _CONTROLLED_DEPS and not quoted(c)]
        for word in (verb, *controlled):
            if is_quote_cue_verb(word) and (asking or word._.lower_lemma not in question_verbs()):
                return True
    return False


def _agent(verb: Token) -> Token | None:
    """'asked by host Bill Maher': who does a passive verb, named in its by-phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    return None


def _is_described_someone(subject: Token, people: Sequence[PersonMention]) -> bool:
    """'The Slate columnist David Auerbach', 'One early supporter, Rep. Lee Zeldin,',
    'a spokeswoman', 'A footnote in the report': a description of who or what speaks."""
    if names_someone(subject, people):
        return True
    if subject.pos_ not in {"NOUN", "PROPN"}:
        return False
    lemma = subject._.lower_lemma
    if lemma in person_nouns():
        return True
    if lemma in document_nouns():
        # 'A footnote in the report', not 'Signs of a shift were there all along':
        # a thing of something describes it; it does not speak.
        return not any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children)
    return any(
        child.dep_ in {"appos", "poss", "compound"} and child.ent_type_ in SPEAKER_ENTS
        for child in subject.children
    )


def described_speaker_before_colon(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'The Slate columnist David Auerbach went so far as to say: "..."'.

    A clause ending in a colon right before the opening mark introduces the
    quote. Its speaker is the subject of the nearest verb up its clause chain
    that has one, when that subject is someone by name or by description (a
    person noun, a document, a noun with a name in apposition or as
    possessor). A passive subject speaks only when the chain holds a verb of
    saying ('Respondents are obliged to disclose:'); 'X was asked:' is not X's.
    """
    colon = _colon_before(doc, statement)
    if colon is None:
        return None

    def quoted(token: Token) -> bool:
        return statement.contains(token.idx) or any(q.contains(token.idx) for q in quotes)

    verbs = _clause_verbs(colon, quoted)
    if not verbs or quoted(verbs[0]):
        return None
    if _DASH.search(text_of(doc)[verbs[0].idx : colon.idx]):
        # 'Signs of a shift were there all along - More from Blumenthal and Cohen:':
        # the words after the dash introduce the quote, not the clause before it.
        return None
    for verb in verbs:
        agent = _agent(verb)
        if agent is not None and not quoted(agent) and _says([verb], quoted, asking=True):
            # 'Sanders was asked by host Bill Maher: "..."': the asker's words.
            if not _is_described_someone(agent, people):
                return None
            return speaker_for_cue(
                doc, doc[verb.i : verb.i + 1], agent, statement, people=people, quotes=quotes
            )
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects:
            continue
        subject = subjects[0]
        if quoted(subject):
            return None
        if subject.dep_ == "nsubjpass" and not _says(verbs, quoted, asking=False):
            return None
        if not _is_described_someone(subject, people):
            return None
        speaker = speaker_for_cue(
            doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
        )
        # The colon, not a reported clause, ties the quote to its clause: a short
        # quote after it ('had one word for the plan: "Disgraceful."') is what was said.
        return dataclasses.replace(speaker, framed=True)
    return None


# 'More from the report:', 'From Bush's Facebook post:': an excerpt's source.
_FROM_SOURCE = re.compile(r"(?:more\s+)?from\s+(?P<source>\S.*)", re.IGNORECASE)
# '- Pew Research:', '- Mark Blumenthal and Jon Cohen:': a byline after a dash.
_BYLINE = re.compile(r"(?P<source>[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|and|&))*)")
MAX_BYLINE_WORDS = 6
_INTRODUCTION_BREAK = re.compile(r"\n|\s[-\u2013\u2014]+\s?|[-\u2013\u2014]{2}|[.!?]\s")


def excerpt_source_before_colon(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'More from the report: "..."', '... all along - Pew Research: "..."'.

    A roundup quotes its sources by naming them alone before a colon, with no
    verb: "(More) from X:" opening its sentence or following a dash, or a
    byline of capitalised words after a dash. X is who speaks: the name, or
    the document (which speaks for whoever issued it).
    """
    colon = _colon_before(doc, statement)
    if colon is None:
        return None
    text = text_of(doc)
    line_start = text.rfind("\n", 0, colon.idx) + 1
    breaks = list(_INTRODUCTION_BREAK.finditer(text, line_start, colon.idx))
    start = breaks[-1].end() if breaks else line_start
    after_dash = (
        bool(breaks) and "\n" not in breaks[-1].group() and breaks[-1].group()[0] not in ".!?"
    )
    introduction = text[start : colon.idx].strip()
    offset = start + len(text[start : colon.idx]) - len(text[start : colon.idx].lstrip())
    found = _FROM_SOURCE.fullmatch(introduction)
    if found is None and after_dash:
        found = _BYLINE.fullmatch(introduction)
        if found is not None and len(introduction.split()) > MAX_BYLINE_WORDS:
            found = None
    if found is None:
        return None
    source = doc.char_span(
        offset + found.start("source"), offset + found.end("source"), alignment_mode="expand"
    )
    if source is None or any(q.contains(source.start_char) for q in quotes):
        return None
    speaker = speaker_for_cue(
        doc, doc[colon.i : colon.i + 1], source.root, statement, people=people, quotes=quotes
    )
    if speaker.start < source.start_char or speaker.end > source.end_char:
        # The parse may run the phrase into the words before the dash; the source is
        # what the introduction names.
        speaker = dataclasses.replace(
            speaker, text=source.text, start=source.start_char, end=source.end_char
        )
    return dataclasses.replace(speaker, framed=True)
