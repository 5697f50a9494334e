"""Who said a direct quotation: the order in which the attribution rules are tried.

The rules themselves live in their own modules: ``dash_attribution`` (a name
set off by a dash), ``framing`` (a framing verb's quoted object), ``cue_search``
(a speech verb in the parse and its subject, from ``subjects``), and, when the
parse gives no cue, the position-based fallbacks in ``adjacent_names``,
``reporting_clauses`` and ``continued_speech``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from entities.nlp.adjacent_names import adjacent_name_and_cue, name_appositive_and_cue
from entities.nlp.continued_speech import (
    continues_reported_speech,
    quote_paragraph_after_attributed_quote,
    quote_paragraph_after_reported_speech,
)
from entities.nlp.cue_search import cue_and_subject, search_regions
from entities.nlp.dash_attribution import dash_attribution, dash_introduction
from entities.nlp.doc_index import text_of
from entities.nlp.framing import framing_verb_object
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import OPENING_MARKS_AND_SPACES
from entities.nlp.reporting_clauses import (
    colon_clause_by_position,
    colon_introduction,
    inverted_cue_after_quote,
    noun_phrase_and_cue_after_quote,
    reporting_clause_after_quote,
    reporting_clause_by_position,
)
from entities.nlp.results import PersonMention
from entities.nlp.subjects import speaker_for_cue


def speaker_for(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement] = (),
) -> Speaker | None:
    """The speaker and cue of ``statement``, or None when no cue attributes it.

    ``people`` are the article's person mentions (to name the speaker);
    ``quotes`` are all statements of the article, which bound the search.

    Tried in order, the first that finds a speaker wins: a dash and a name
    after or before the quote; a framing verb whose object is the quote; the
    cue search in the parse, nearest region first (a negated cue, 'cannot
    say', only when no region has another). A quote that is not one of
    ``quotes`` (short or title-like) then gets only a reporting clause right
    after it, when it opens its sentence. Otherwise the position-based
    fallbacks follow, most specific first: a name touching a cue, a name and
    appositive before a cue, a colon introduction, a reporting clause by
    punctuation, an inverted cue, a noun phrase and cue, a colon clause, a
    quote that goes on with speech reported just before it, and last a quote
    paragraph that goes on with the attributed quote ending the paragraph before.
    """
    if (dashed := dash_attribution(doc, statement, people)) is not None:
        return dashed
    if (dashed := dash_introduction(doc, statement, people)) is not None:
        return dashed
    if (framed := framing_verb_object(doc, statement, people=people, quotes=quotes)) is not None:
        return framed
    negated: tuple[Span, Token] | None = None
    for region in search_regions(doc, statement, quotes):
        found = cue_and_subject(region, statement, quotes)
        if found is not None and _is_negated(found[0].root):
            # 'Comey cannot say that "from his perspective," Lewandowski added':
            # what someone did not say is theirs only when nobody else says it.
            negated = negated or found
            continue
        if found is not None:
            cue, subject = found
            return speaker_for_cue(doc, cue, subject, statement, people=people, quotes=quotes)
    if negated is not None:
        cue, subject = negated
        return speaker_for_cue(doc, cue, subject, statement, people=people, quotes=quotes)
    if statement not in quotes:
        # A short or title-like quote needs a cue the parse confirms, or one
        # right after it when it opens its sentence ('"This is fantastic!"
        # beamed Donald Hartley'): a phrase in marks mid-sentence is no say.
        if not _opens_sentence(doc, statement):
            return None
        return reporting_clause_after_quote(
            doc, statement, people=people, quotes=quotes
        ) or inverted_cue_after_quote(doc, statement, people=people, quotes=quotes)
    return (
        adjacent_name_and_cue(doc, statement, people, quotes)
        or name_appositive_and_cue(doc, statement, people)
        or colon_introduction(doc, statement, people=people, quotes=quotes)
        or reporting_clause_by_position(doc, statement, people=people, quotes=quotes)
        or inverted_cue_after_quote(doc, statement, people=people, quotes=quotes)
        or noun_phrase_and_cue_after_quote(doc, statement, people=people, quotes=quotes)
        or colon_clause_by_position(doc, statement, people=people, quotes=quotes)
        or continues_reported_speech(doc, statement, people=people, quotes=quotes)
        or quote_paragraph_after_reported_speech(doc, statement, people=people, quotes=quotes)
        or quote_paragraph_after_attributed_quote(
            doc,
            statement,
            quotes=quotes,
            speaker_of=lambda previous: speaker_for(doc, previous, people=people, quotes=quotes),
        )
    )


def _is_negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _opens_sentence(doc: Doc, statement: QuotedStatement) -> bool:
    """True when only a sentence end or a line start comes before the quote."""
    text = text_of(doc)
    line_start = text.rfind("\n", 0, statement.start) + 1
    opening = text[line_start : statement.start].rstrip(OPENING_MARKS_AND_SPACES)
    return not opening or opening.endswith((".", "!", "?", "\u201d", '"'))
