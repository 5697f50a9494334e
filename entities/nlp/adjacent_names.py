"""Fallback: a person's name and a cue beside a quote, read by position when the parse fails."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from entities.nlp.cue_search import introduces_next_quote
from entities.nlp.cues import is_quote_cue_verb
from entities.nlp.doc_index import text_of, tokens_between
from entities.nlp.people import TITLE_WORDS
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.results import PersonMention
from entities.nlp.subjects import mention_speaker

# How far a name may stand from its cue in the surface fallback ('said Del. Stacey Plaskett').
MAX_NAME_CUE_GAP_TOKENS = 3


def adjacent_name_and_cue(
    doc: Doc,
    statement: QuotedStatement,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement] = (),
) -> Speaker | None:
    """'"…," said Jane Doe' or '"…," Jane Doe said' at the quote or between its parts.

    A fallback for sentences the parser gets wrong: the cue verb and a person's
    name must touch the closing mark (or the opening one: 'Jane Doe said: "…"'),
    with only punctuation and a few title words between.
    """
    after = word_tokens(doc, statement.end, +1)
    before = word_tokens(doc, statement.start, -1)
    # '"A," police Chief Mark Dalton said Monday. "B."': the cue clause
    # between the parts of a split quote, read the same way.
    gaps = [
        [t for t in tokens_between(doc, left.end, right.start) if not (t.is_punct or t.is_space)]
        for left, right in zip(statement.parts, statement.parts[1:], strict=False)
    ]
    for tokens in (*gaps, after, before):
        cue = next((t for t in tokens if is_quote_cue_verb(t)), None)
        if cue is None or (
            cue.idx >= statement.end and introduces_next_quote(cue, statement, quotes)
        ):
            continue
        for mention in people:
            mention_tokens = [t for t in tokens if mention.start <= t.idx < mention.end]
            if not mention_tokens:
                continue
            gap = (
                abs(mention_tokens[0].i - cue.i)
                if mention_tokens[0].i > cue.i
                else (cue.i - mention_tokens[-1].i)
            )
            if gap <= MAX_NAME_CUE_GAP_TOKENS:
                return mention_speaker(mention, cue.text, cue.idx)
    return None


# How many words of description may open the name ('Texas delegate Bill Eastland').
MAX_WORDS_BEFORE_NAME = 3
# How long the appositive in '"…," Flynn, a top Trump surrogate, said' may run.
MAX_APPOSITIVE_TOKENS = 15


def name_appositive_and_cue(
    doc: Doc, statement: QuotedStatement, people: Sequence[PersonMention]
) -> Speaker | None:
    """'"…," Jane Doe, the group's director, said': a name, an appositive, the cue.

    A fallback for parses that hang the name on the quote: the name must
    touch the closing mark and the cue follow the comma that ends the
    appositive, all on one line and in one sentence. Between the parts of a
    split quote ('"A," Jane Doe, now 81, said. "B."') the clause reads the same.
    """
    text = text_of(doc)
    ends = [part.end for part in statement.parts]
    limits = [part.start for part in statement.parts[1:]] + [min(len(text), statement.end + 300)]
    for end, limit in zip(ends, limits, strict=True):
        speaker = _name_appositive_and_cue_after(doc, end, limit, people)
        if speaker is not None:
            return speaker
    return None


def _name_appositive_and_cue_after(
    doc: Doc, end: int, limit: int, people: Sequence[PersonMention]
) -> Speaker | None:
    text = text_of(doc)
    tokens = tokens_between(doc, end, limit)
    words = [t for t in tokens if not (t.is_space or (t.is_punct and t.text not in {",", "."}))]
    if not words or words[0].text == ",":
        words = words[1:] if words else words
    if not words:
        return None
    # 'Mr. Daniloff', 'Texas delegate Bill Eastland': a title or a short
    # description the mention leaves out may open the name.
    for _ in range(MAX_WORDS_BEFORE_NAME):
        if len(words) < 2 or any(m.start == words[0].idx for m in people):
            break
        if words[0].pos_ not in {"PROPN", "NOUN", "ADJ"} and (
            words[0].lower_.rstrip(".") not in TITLE_WORDS
        ):
            break
        words = words[1:]
    mention = next((m for m in people if m.start == words[0].idx), None)
    if mention is None or "\n" in text[end : mention.start]:
        return None
    after_name = [t for t in words if t.idx >= mention.end]
    if not after_name or after_name[0].text != ",":
        return None
    for position, token in enumerate(after_name[1 : MAX_APPOSITIVE_TOKENS + 1], start=1):
        if token.text == "." or "\n" in text[mention.end : token.idx]:
            return None
        if token.text == "," and position + 1 < len(after_name):
            cue = after_name[position + 1]
            if not is_quote_cue_verb(cue):
                continue
            return mention_speaker(mention, cue.text, cue.idx)
    return None


def name_and_appositive_before(
    doc: Doc, verb: Token, people: Sequence[PersonMention]
) -> PersonMention | None:
    """'Col. Steven H. Warren, a military spokesman in Baghdad, said, "..."'.

    The parser may hang the name on a phrase before it ('on Dec. 2, Col. ...'),
    leaving the cue without a subject: a name, then an appositive set off by
    commas, right before the cue in the same sentence.
    """
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    for j in range(verb.i - 2, max(-1, verb.i - 2 - MAX_APPOSITIVE_TOKENS), -1):
        token = doc[j]
        if token.is_space or token.text in {".", ";", ":"} or token.is_quote:
            return None
        if token.text == ",":
            return next((m for m in people if m.end == token.idx), None)
    return None


# Tokens read on each side of a quote by the surface fallback.
_SURFACE_WINDOW_TOKENS = 7


def word_tokens(doc: Doc, offset: int, direction: int) -> list[Token]:
    """The few tokens on one side of ``offset`` on its line, nearest first, past the marks."""
    text = text_of(doc)
    if direction > 0:
        tokens = tokens_between(doc, offset, min(len(text), offset + 200))
    else:
        tokens = tokens_between(doc, max(0, offset - 200), offset)[::-1]
    found: list[Token] = []
    for token in tokens:
        if "\n" in token.text:
            break
        if token.is_punct and not found:
            continue  # the closing mark and comma
        if token.is_punct and token.text not in {",", ":", "."}:
            break
        sentence_end = token.text == "." and not doc[token.i - 1].text.endswith(".")
        if sentence_end and direction > 0:
            break
        found.append(token)
        if len(found) >= _SURFACE_WINDOW_TOKENS:
            break
    return found
