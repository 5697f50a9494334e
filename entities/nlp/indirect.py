"""Reported (indirect) speech: "X said (that) ...", "X warned ...", "according to X, ..."."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from entities.nlp.cues import is_according_to, is_reporting_participle, is_speech_verb
from entities.nlp.doc_index import sentence_of, text_of
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import (
    OPENING_MARKS_AND_SPACES,
    QuoteSpan,
    is_statement_like,
    mostly_inside,
    quoted_spans,
)
from entities.nlp.referents import is_main_clause
from entities.nlp.results import PersonMention
from entities.nlp.subjects import speaker_for_cue, subject_of

# A clause a speech verb reports: "said [that he would go]", "vowed [to repeal it]".
REPORTED_DEPS = frozenset({"ccomp", "xcomp"})
# Shorter than this is a fragment ("he said so"), not something said.
MIN_CONTENT_WORDS = 3
_EDGE_PUNCT = ",;:.\u2014\u2013- \n\t"


def content_bounds(doc: Doc, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """The offsets of a reported clause less its edge punctuation; None when too short."""
    tokens = without_trailing_participle(doc, tokens)
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
    # 'said reform "is a 'when' question. It is not an 'if' question."': a quote
    # opened in the clause runs on past its sentence, and what is reported with it.
    for quote in quoted_spans(doc):
        if start <= quote.start < end < quote.end and "\n" not in text[end : quote.end]:
            end = quote.end + len(quote.close_mark)
    return start, end


def without_trailing_participle(doc: Doc, tokens: Sequence[Token]) -> Sequence[Token]:
    """A reported clause less a participle phrase of saying set off by a comma at its end.

    'said the deal was "a disaster," citing the costs', 'said he would go, adding
    that ...': the participle of a verb of saying (data/reporting_participles.txt
    and the speech verbs) tells another act of the speaker, not what was
    reported, though the parse often hangs it inside the reported clause. Other
    participles stay ('said it would close, costing 300 jobs').
    """
    quotes = quoted_spans(doc)
    for position, token in enumerate(tokens[2:], start=2):
        if (
            is_reporting_participle(token)
            and tokens[position - 1].text == ","
            and token.left_edge == token
            and token.right_edge.i >= tokens[-1].i
            and not any(q.start <= token.idx < q.end for q in quotes)
        ):
            return tokens[: position - 1]
    return tokens


def is_mostly_quoted(text: str, start: int, end: int, quotes: Sequence[QuotedStatement]) -> bool:
    """True when most non-space characters of text[start:end] lie inside the quotes.

    The definition a direct statement has: content mostly inside quotation marks.
    """
    return mostly_inside(text, start, end, [part for q in quotes for part in q.parts])


# Besides a comma, a dash sets off a comment after a quote ('likened the rules to
# "burning the Constitution" - a charge that stung').
_DASHES = ("-", "\u2013", "\u2014", "\u2015")
_DASH = re.compile(r"\s-{1,2}\s|[\u2013\u2014\u2015]")


def without_trailing_adjunct(
    doc: Doc, start: int, end: int, quotes: Sequence[QuotedStatement]
) -> tuple[int, int]:
    """Clause bounds cut after a quote when a comma or a dash follows its closing mark.

    'said things "should be wrapped up by Cleveland," referring to the
    convention': what follows the comma comments on the saying; it is not
    what was said. Direct and indirect extraction cut the same way, so a
    clause is one kind or the other.
    """
    text = text_of(doc)
    for quote in quotes:
        if start < quote.end < end:
            after = text[quote.end : end].lstrip("\u201d\u00bb\"' ")
            if after.startswith(",") or text[quote.end - 1 : quote.end] == ",":
                return start, quote.end
            if after.startswith(_DASHES) and not _DASH.search(after.lstrip("".join(_DASHES))):
                # A second dash would close a parenthesis ('"every candidate" - including
                # Cruz - favored it'), after which the clause goes on.
                return start, quote.end
    return start, end


def reported_bounds(
    doc: Doc, start: int, end: int, quotes: Sequence[QuotedStatement], *, fronted: bool
) -> tuple[int, int]:
    """What a reported clause says, less the adjuncts around its quotes.

    The one reading of a clause that decides whether it is mostly quoted
    (direct) or reported (indirect), for both kinds of statement. A clause
    ``fronted`` before its cue ('..., Trump said') may open with a scene-setting
    phrase the parse takes in; after the cue ('said that after taxes, "..."')
    what comes before the quote is part of what was said.
    """
    if fronted:
        start, end = without_leading_adjunct(doc, start, end, quotes)
    return without_trailing_adjunct(doc, start, end, quotes)


def without_leading_adjunct(
    doc: Doc, start: int, end: int, quotes: Sequence[QuotedStatement]
) -> tuple[int, int]:
    """Clause bounds that start at a quote when a comma sets off what comes before it.

    'Asked about the polls, "We will win this," Trump said': the parse puts the
    participle in the reported clause, but the quote that opens with a capital
    after the comma is all the cue reports.
    """
    text = text_of(doc)
    for quote in quotes:
        first = quote.parts[0]
        if not start < first.start < end or not text[first.start : first.start + 1].isupper():
            continue
        before = text[start : first.start].rstrip(OPENING_MARKS_AND_SPACES)
        # 'X did so, with a caveat: "The person ...," the source said': a colon
        # closes the clause before the quote as a comma does.
        if before.endswith((",", ":")):
            return first.start, end
    return start, end


# An appended quote runs on from the paraphrase as a sentence of its own: after
# a colon or a sentence end ('might be possible: "In business, ..."'), or, with
# the period lost in scraping, after a bare word when it is long enough not to be
# a phrase of the paraphrase ('a focus on some artificial number "I think that ...').
_APPENDING_PUNCT = (":", ".", "!", "?")
MIN_UNPUNCTUATED_APPENDED_WORDS = 6


def appended_quote(
    doc: Doc, start: int, end: int, quotes: Sequence[QuotedStatement]
) -> QuotedStatement | None:
    """The quote in a reported clause that is a sentence of its own after the paraphrase.

    'Mr. Amar said that a bargain might be possible: "In business, the question
    always is ..."' reports a paraphrase, then quotes the speaker: the quote is
    a direct statement, and the reported clause ends before it.
    """
    text = text_of(doc)
    for quote in quotes:
        if not start < quote.start < end:
            continue
        first = quote.parts[0]
        content = text[first.start : first.end]
        if not content[:1].isupper() or not is_statement_like(first, doc):
            continue
        before = text[start : first.start].rstrip().rstrip("\"'`\u201c\u00ab").rstrip()
        if len(before.split()) < MIN_CONTENT_WORDS:
            continue  # the quote is most of the clause: not appended to anything
        if before.endswith(_APPENDING_PUNCT) or (
            before[-1:].isalnum() and len(content.split()) >= MIN_UNPUNCTUATED_APPENDED_WORDS
        ):
            return quote
    return None


def appended_quote_speaker(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """The speaker of a quote appended to their reported speech, however far the cue.

    'Mr. Amar said that if viewed through the lens of negotiating strategy, a
    bargain might be possible: "In business, ..."': the cue stands too far
    from the quote for the cue search, but its reported clause runs right up
    to the quote, which goes on with the same speaker's words.
    """
    text = text_of(doc)
    before = text[: statement.start].rstrip(OPENING_MARKS_AND_SPACES)
    if not before or "\n" in text[len(before) : statement.start]:
        return None
    last = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if last is None:
        return None
    sentence = sentence_of(last[0])
    if "\n" in text[sentence.start_char : len(before)]:
        return None
    for verb in reversed(sentence[: last[0].i - sentence.start + 1]):
        if not is_speech_verb(verb) or any(q.start <= verb.idx < q.end for q in quotes):
            continue
        clause = next((c for c in verb.children if c.dep_ in REPORTED_DEPS), None)
        if clause is None or clause.left_edge.i <= verb.i:
            continue
        bounds = content_bounds(doc, list(clause.subtree))
        if bounds is None or text[bounds[1] : statement.start].strip(
            _EDGE_PUNCT + "\"'`\u201c\u00ab"
        ):
            return None  # the nearest reported clause stops short of the quote
        if appended_quote(doc, bounds[0], statement.end, [statement]) is not statement:
            return None
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is None:
            return None
        return speaker_for_cue(
            doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
        )
    return None


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
        is_according = is_according_to(token)
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
        if (appended := appended_quote(doc, start, end, quotes)) is not None:
            # The paraphrase alone is reported speech; the quote after it is direct.
            end = start + len(
                text_of(doc)[start : appended.start].rstrip(_EDGE_PUNCT + "\"'`\u201c\u00ab")
            )
        fronted = end <= cue.start_char
        if is_mostly_quoted(
            text_of(doc), *reported_bounds(doc, start, end, quotes, fronted=fronted), quotes
        ):
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


# After a parenthetical cue, a clause of these kinds comments on the saying ('he
# said, though he did not name them'): the reporter's words, not the speaker's.
_AFTER_CUE_COMMENT_DEPS = frozenset({"advcl", "conj", "cc"})


def parenthetical_clause(verb: Token) -> list[Token] | None:
    """The clause a cue set off inside or after it reports: 'The plan, she said, will fail'.

    News sets the cue of reported speech inside the clause or after it; the
    parser then hangs the cue on the clause's verb (parataxis) instead of
    the other way round. What is reported is that clause, less the cue, and
    less a clause after the cue that comments on the saying ('..., he said,
    though he did not name them'). None for a negated cue or one with a
    clause of its own.
    """
    head = verb.head
    if (
        verb.dep_ != "parataxis"
        or head.pos_ not in {"VERB", "AUX"}
        # 'which, Tompkins said, is full': a relative or adverbial clause is part of
        # a sentence the cue does not report whole.
        or not is_main_clause(head)
        or any(child.dep_ in REPORTED_DEPS or child.dep_ == "neg" for child in verb.children)
    ):
        return None
    first, last = verb.left_edge.i, verb.right_edge.i
    # Only a clause right after the cue comments on the saying; one after words
    # of the reported clause goes on with it ('X, he said, can "rock" and "stir"').
    comment = next(
        (
            c.left_edge.i
            for c in head.children
            if c.i > last
            and c.dep_ in _AFTER_CUE_COMMENT_DEPS
            and not any(t.is_alpha for t in verb.doc[last + 1 : c.left_edge.i])
        ),
        head.right_edge.i + 1,
    )
    before = [t for t in head.subtree if t.i < first]
    after = [t for t in head.subtree if last < t.i < comment]
    if not any(t.is_alpha for t in before):
        return None
    if any(t.is_alpha for t in after):
        return [t for t in head.subtree if t.i < comment]
    return before


def _reported_clause(doc: Doc, verb: Token) -> tuple[tuple[int, int], Span, Token] | None:
    clauses = [child for child in verb.children if child.dep_ in REPORTED_DEPS]
    if not clauses:
        return _parenthetical_report(doc, verb)
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


def _parenthetical_report(doc: Doc, verb: Token) -> tuple[tuple[int, int], Span, Token] | None:
    """'The plan, she said, will fail.': the clause around or before the cue, and its speaker."""
    tokens = parenthetical_clause(verb)
    bounds = content_bounds(doc, tokens) if tokens else None
    if bounds is None:
        return None
    # The cue and its subject stand between the content's parts, not in them.
    cue_start = verb.doc[verb.left_edge.i].idx
    cue_end = verb.doc[verb.right_edge.i].idx + len(verb.doc[verb.right_edge.i])
    parts = [(bounds[0], min(bounds[1], cue_start)), (max(bounds[0], cue_end), bounds[1])]
    content = QuotedStatement(tuple(QuoteSpan(a, b, "", "") for a, b in parts if a < b))
    subject = subject_of(verb, content)
    if subject is None or (
        bounds[0] <= subject.idx < bounds[1]
        and not verb.left_edge.i <= subject.i <= verb.right_edge.i
    ):
        return None  # the clause's own subject is not who reports it
    return bounds, doc[verb.i : verb.i + 1], subject


def _according_to(doc: Doc, according: Token) -> tuple[tuple[int, int], Span, Token] | None:
    """'According to X, CONTENT.' or 'CONTENT, according to X.': the rest of the sentence."""
    to = doc[according.i + 1]
    objects = [child for child in to.children if child.dep_ == "pobj"]
    if not objects:
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
