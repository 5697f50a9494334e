"""The cue search: the speech verb near a quote, in the parse, whose subject speaks it.

``search_regions`` lists where to look, most likely first; ``cue_and_subject``
takes the first cue in a region that reports the quote and has a subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from entities.nlp.cues import is_according_to, is_quote_cue_verb, message_nouns
from entities.nlp.doc_index import sentence_of, text_of, tokens_between
from entities.nlp.quoted_statements import QuotedStatement
from entities.nlp.quotes import OPENING_MARKS_AND_SPACES
from entities.nlp.referents import is_main_clause
from entities.nlp.subjects import SUBJECT_DEPS, subject_of

# A cue further from the quote than this many words belongs to other content.
MAX_CUE_DISTANCE_WORDS = 10
MAX_CUE_DISTANCE_AFTER_WORDS = 20
# The clause a cue reports ("said [that ...]"): content of its own, not the quote.
CLAUSE_DEPS = frozenset({"ccomp"})


def search_regions(
    doc: Doc, statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> list[list[Token]]:
    """Token runs outside the quotes where the cue may be, most likely first."""
    previous_end = max((q.end for q in quotes if q.end <= statement.start), default=0)
    next_start = min(
        (q.start for q in quotes if q.start >= statement.end), default=len(text_of(doc))
    )

    def outside(tokens: Sequence[Token]) -> list[Token]:
        return [
            token
            for token in tokens
            if previous_end <= token.idx < next_start
            and not statement.start <= token.idx < statement.end
        ]

    gaps = [
        tokens_between(doc, left.end, right.start)
        for left, right in zip(statement.parts, statement.parts[1:], strict=False)
    ]
    first = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    if first is None:
        return gaps
    first_sentence = sentence_of(first[0])
    last_sentence = sentence_of(first[-1])
    before = outside(doc[first_sentence.start : first[0].i])
    if not _has_words(before) and first_sentence.start > 0:
        # "Sullivan said:" parsed as a sentence of its own before the quote.
        previous = sentence_of(doc[first_sentence.start - 1])
        if previous[-1].text == ":" or (len(previous) > 1 and previous[-2].text == ":"):
            before = outside(previous)
    # After the closing mark: the rest of the quote's last sentence, or, when the
    # quote fills its sentence, the next one ("…." Sullivan said.).
    after_start = first[-1].i + 1
    while after_start < len(doc) and (doc[after_start].is_punct or doc[after_start].is_space):
        after_start += 1
    after: list[Token] = []
    if after_start < len(doc):
        after_sentence = sentence_of(doc[after_start])
        after = outside(doc[after_start : max(after_sentence.end, last_sentence.end)])
    before.reverse()  # nearest to the quote first
    quote_opens_sentence = not _has_words(before)
    ordered = [after, before] if quote_opens_sentence else [before, after]
    return [*gaps, *ordered]


def _has_words(tokens: Sequence[Token]) -> bool:
    return any(not (token.is_punct or token.is_space) for token in tokens)


def cue_and_subject(
    region: Sequence[Token], statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> tuple[Span, Token] | None:
    """The first speech cue in ``region`` whose subject can be found."""
    words = 0
    # '"...," Scott Pruitt, the Republican attorney general of Oklahoma, said.':
    # after a quote, or between the parts of a split one, an appositive may
    # stand between the speaker and the cue.
    follows_quote = bool(region) and region[0].idx >= statement.parts[0].end
    limit = MAX_CUE_DISTANCE_AFTER_WORDS if follows_quote else MAX_CUE_DISTANCE_WORDS
    deferred: tuple[Span, Token] | None = None
    for token in region:
        if not (token.is_punct or token.is_space):
            words += 1
        if words > limit:
            # Further away, only a verb whose clause holds the quote ('Bolton said
            # that whatever choice voters make, "they should not ..."').
            if is_quote_cue_verb(token) and (
                governs_quote(token, statement)
                or _is_parenthetical_cue(token, statement)
                or _introduces_with_as(token, statement)
            ):
                subject = _named_before_participle(token, quotes) or subject_of(
                    token, statement, quotes=quotes
                )
                if subject is not None:
                    return token.doc[token.i : token.i + 1], subject
            continue
        if is_according_to(token):
            to = token.doc[token.i + 1]
            objects = [child for child in to.children if child.dep_ == "pobj"]
            if objects and not statement.contains(objects[0].idx):
                return token.doc[token.i : token.i + 2], objects[0]
        if not is_quote_cue_verb(token):
            continue
        if (
            _reports_other_content(token, statement, quotes)
            and not _is_parenthetical_cue(token, statement)
            and not _between_parts(token, statement)
            and not _closes_reporting_comma(token, statement)
        ):
            continue
        if token.idx >= statement.end and introduces_next_quote(token, statement, quotes):
            # '"A." Ms. Alawee said. "B." Mr. Zahed said: "C."': a cue with a
            # colon introduces the quote after it, not the one before.
            continue
        if (
            token.idx >= statement.end
            and _in_a_later_sentence(token, statement)
            and not is_main_clause(token)
            and token.i - sentence_of(token).start > MAX_OPENING_CUE_TOKENS
        ):
            # '"...." Sullivan said.' reports the quote from the next sentence
            # as its main verb or in its first words; 'the questions sparked by
            # his death will take longer to answer' does not.
            continue
        subject = _named_before_participle(token, quotes) or subject_of(
            token, statement, quotes=quotes
        )
        if subject is None:
            continue
        if token.dep_ == "relcl" and not governs_quote(token, statement):
            # 'told a young woman who suggested that ... that "..."': a verb in a
            # relative clause describes someone; it reports the quote only when
            # the quote is in its clause, or when no other cue does.
            deferred = deferred or (token.doc[token.i : token.i + 1], subject)
            continue
        return token.doc[token.i : token.i + 1], subject
    return deferred


def _introduces_with_as(verb: Token, statement: QuotedStatement) -> bool:
    """'As Rosenthal put it, "..."', 'As Obama said in July, the plan "...": an as-clause cue.

    The cue hangs from the verb whose clause holds the quote, however long
    the as-clause is.
    """
    return (
        verb.dep_ == "advcl"
        and any(child.dep_ == "mark" and child.lower_ == "as" for child in verb.children)
        and (statement.contains(verb.head.idx) or governs_quote(verb.head, statement))
    )


# '"…," said the senator', '"…," the senator's spokeswoman said': subject words
# between the closing mark and the cue.
MAX_WORDS_BEFORE_INVERTED_CUE = 4


def _closes_reporting_comma(verb: Token, statement: QuotedStatement) -> bool:
    """'"It's finished," she said of the election, in which Trump would win'.

    A cue a few words after a quote that ends in a comma reports that quote:
    English puts the comma there for the reporting clause. A clause the
    parser hangs on the cue further on is a misparse, not other content.
    """
    doc = verb.doc
    text = text_of(doc)
    if verb.idx < statement.end or not statement.parts[-1].text_in(text).rstrip().endswith(","):
        return False
    gap = text[statement.end : verb.idx]
    if "\n" in gap or re.search(r"[.!?]\s", gap):
        return False
    # Only a quote that opens its sentence: 'told Fox's "Hannity," Gingrich said
    # that ...' has a title in marks, and the cue reports the clause after it.
    line_start = text.rfind("\n", 0, statement.start) + 1
    opening = text[line_start : statement.start].rstrip(OPENING_MARKS_AND_SPACES)
    if opening and not opening.endswith((".", "!", "?", "\u201d", '"', ":")):
        return False
    return len(re.findall(r"\w+", gap)) <= MAX_WORDS_BEFORE_INVERTED_CUE


def _between_parts(token: Token, statement: QuotedStatement) -> bool:
    """True for a cue inside a split quote: '"A," he said of people whose rights were
    restored, "B."' reports both parts, whatever clause the parse gives it."""
    return statement.parts[0].end <= token.idx < statement.parts[-1].start


def introduces_next_quote(
    verb: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> bool:
    """True when a colon and then another quote follow ``verb`` ('Zahed said: "..."').

    A comma does too when the quote before ended its sentence ('"Would you
    have told her?" He answered, "I have no idea."'): a split quote's first
    part ends in a comma instead.
    """
    following = [t for t in verb.doc[verb.i + 1 : verb.i + 3] if not t.is_space]
    if not following or following[0].text not in {":", ","}:
        return False
    if following[0].text == ",":
        ended = statement.parts[-1].text_in(text_of(verb.doc)).rstrip()
        if not ended.endswith((".", "?", "!")) or not _in_a_later_sentence(verb, statement):
            return False
    colon_end = following[0].idx + 1
    return any(
        other is not statement
        and other.start >= colon_end
        and not text_of(verb.doc)[colon_end : other.start].strip().strip("\"'\u201c\u2018`")
        for other in quotes
    )


# '"…." Mr. Obama, smiling, said': how far into the next sentence a cue may open it.
MAX_OPENING_CUE_TOKENS = 4


def _is_parenthetical_cue(verb: Token, statement: QuotedStatement) -> bool:
    """'And perhaps, he said, it could help ... who, "in fits and starts, ..."'.

    A reporting clause set off by commas before the quote, in the quote's
    sentence, reports the whole sentence whatever the parse attaches it to.
    """
    doc = verb.doc
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].text != "," or verb.idx >= statement.start:
        return False
    subject = doc[verb.i - 1] if verb.i > 0 else None
    if subject is None or subject.dep_ not in SUBJECT_DEPS or subject.head != verb:
        return False
    start = subject.left_edge.i
    if start == 0 or doc[start - 1].text != ",":
        return False
    first = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    return bool(first) and sentence_of(verb).start == sentence_of(first[0]).start


def _in_a_later_sentence(token: Token, statement: QuotedStatement) -> bool:
    """True when ``token`` stands in a sentence after the one the quote ends in."""
    doc = token.doc
    last = doc.char_span(statement.end - 1, statement.end, alignment_mode="expand")
    return bool(last) and sentence_of(token).start > sentence_of(last[0]).start


def _named_before_participle(verb: Token, quotes: Sequence[QuotedStatement]) -> Token | None:
    """'footage of Hillary Clinton asking, "..."': a name right before a participle cue.

    With no comma between, the name is who does the participle, wherever the
    parse hangs it ('Trump attacked Clinton, saying' keeps Trump).
    """
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in message_nouns():
        return None  # "posted a message on Twitter reading": the message's, see subjects._author_of
    named = verb.doc[verb.i - 1]
    if named.ent_type_ != "PERSON" or any(quote.contains(named.idx) for quote in quotes):
        return None
    return named


def _reports_other_content(
    verb: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement] = ()
) -> bool:
    """True when the verb's clause complement lies outside the quote ("he said that ...").

    A complement inside another quotation does not count: '"A," she said of
    the race, in which ... "B."' reports both quotes. Nor does one before the
    verb: the small model reads scene-setting clauses ('On the day the video
    emerged, Trump said, "..."') as complements.
    """
    for child in verb.rights:
        if child.dep_ in CLAUSE_DEPS and not any(
            statement.contains(token.idx) or any(q.contains(token.idx) for q in quotes)
            for token in child.subtree
        ):
            return True
    return False


def governs_quote(verb: Token, statement: QuotedStatement) -> bool:
    """True when the quote sits inside the verb's clause ('she says it is "dangerous"')."""
    return verb.i < len(verb.doc) and any(
        statement.contains(token.idx) for token in verb.subtree if token.i > verb.i
    )
