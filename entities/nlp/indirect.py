"""Reported (indirect) speech: "X said (that) ...", "X warned ...", "according to X, ..."."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from entities.nlp.cues import is_speech_verb
from entities.nlp.doc_index import sentence_of, text_of
from entities.nlp.quotes import QuoteSpan
from entities.nlp.results import PersonMention
from entities.nlp.speakers import (
    QuotedStatement,
    Speaker,
    speaker_for_cue,
    subject_of,
)

# A clause a speech verb reports: "said [that he would go]", "vowed [to repeal it]".
REPORTED_DEPS = frozenset({"ccomp", "xcomp"})
# Shorter than this is a fragment ("he said so"), not something said.
MIN_CONTENT_WORDS = 3
_EDGE_PUNCT = ",;:.\u2014\u2013- \n\t"


def content_bounds(doc: Doc, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """The offsets of a reported clause less its edge punctuation; None when too short."""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = text_of(doc)
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    if len(text[start:end].split()) < MIN_CONTENT_WORDS:
        return None
    # 'said that, whatever they do, "they should not fear."': the parse leaves the
    # closing mark (and the period before it) out of the clause; take them in.
    if _leaves_quote_open(text[start:end]) and (closing := _CLOSING_AFTER.match(text, end)):
        end = closing.end()
    return start, end


def _leaves_quote_open(text: str) -> bool:
    return text.count('"') % 2 == 1 or text.rfind("\u201c") > text.rfind("\u201d")


_CLOSING_AFTER = re.compile(r'[.,!?]?["\u201d]')


def is_mostly_quoted(text: str, start: int, end: int, quotes: Sequence[QuotedStatement]) -> bool:
    """True when most non-space characters of text[start:end] lie inside the quotes.

    The definition a direct statement has: content mostly inside quotation marks.
    """
    inside = sum(
        _non_space(text, max(start, part.start), min(end, part.end))
        for q in quotes
        for part in q.parts
        if part.start < end and start < part.end
    )
    return inside * 2 > _non_space(text, start, end)


def _non_space(text: str, start: int, end: int) -> int:
    """Characters that are neither spaces nor double quotation marks."""
    return sum(1 for c in text[start:end] if not c.isspace() and c not in _DOUBLE_MARKS)


_DOUBLE_MARKS = frozenset('"\u201c\u201d\u00ab\u00bb\u201e')


def indirect_candidates(
    doc: Doc,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> list[tuple[QuotedStatement, Speaker]]:
    """(content, speaker) for each reported clause outside quotes whose speaker is found.

    ``quotes`` are the article's direct quotations: a verb inside one is part
    of what someone said, and a clause that is mostly quoted is a direct statement.
    """
    found: list[tuple[QuotedStatement, Speaker]] = []
    for token in doc:
        is_according = token.lower_ == "according" and token.i + 1 < len(doc)
        if not (is_according or is_speech_verb(token)):
            continue  # most tokens: no need to look at the quotes
        if any(q.start <= token.idx < q.end for q in quotes):
            continue
        if is_according:
            candidate = _according_to(doc, token)
        elif is_speech_verb(token):
            candidate = _reported_clause(doc, token)
        else:
            continue
        if candidate is None:
            continue
        bounds, cue, subject = candidate
        start, end = bounds
        if is_mostly_quoted(text_of(doc), start, end, quotes):
            continue  # a direct statement
        content = QuotedStatement((QuoteSpan(start, end, "", ""),))
        speaker = speaker_for_cue(doc, cue, subject, content, people=people, quotes=quotes)
        if cue[0].lower_ == "according" and speaker.name is None:
            # "according to information provided by the White House": the whole phrase.
            phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
            speaker = replace(
                speaker, text=phrase.text, start=phrase.start_char, end=phrase.end_char
            )
        found.append((content, speaker))
    return found


def _reported_clause(doc: Doc, verb: Token) -> tuple[tuple[int, int], Span, Token] | None:
    clauses = [child for child in verb.children if child.dep_ in REPORTED_DEPS]
    if not clauses:
        return None
    clause = clauses[0]
    tokens = list(clause.subtree)
    # Keep the verb and its subject out: "Trump, she said, is unfit" has the
    # cue in the middle of the clause's subtree only when the parse is odd.
    if tokens[0].i <= verb.i <= tokens[-1].i:
        return None
    bounds = content_bounds(doc, tokens)
    if bounds is None:
        return None
    content = QuotedStatement((QuoteSpan(bounds[0], bounds[1], "", ""),))
    subject = subject_of(verb, content)
    if subject is None:
        return None
    return bounds, doc[verb.i : verb.i + 1], subject


def _according_to(doc: Doc, according: Token) -> tuple[tuple[int, int], Span, Token] | None:
    """'According to X, CONTENT.' or 'CONTENT, according to X.': the rest of the sentence."""
    to = doc[according.i + 1]
    objects = [child for child in to.children if child.dep_ == "pobj"]
    if to.lower_ != "to" or not objects:
        return None
    source = objects[0]
    phrase_end = max(according.i + 2, source.right_edge.i + 1)
    sentence = sentence_of(according)
    before = [t for t in sentence if t.i < according.i]
    after = [t for t in sentence if t.i >= phrase_end]
    tokens = after if len(after) >= len(before) else before
    if not tokens:
        return None
    bounds = content_bounds(doc, tokens)
    if bounds is None:
        return None
    return bounds, doc[according.i : according.i + 2], source
