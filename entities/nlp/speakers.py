"""Who said a direct quotation: the one ordered registry of attribution rules.

``ATTRIBUTION_RULES`` states the order; the first rule that finds a speaker wins.
Each rule is a small function ``(Candidate) -> Speaker | None`` in its own module:
``dash_attribution`` (a name set off by a dash), ``framing`` (a framing verb's
quoted object), ``complements`` (a mostly quoted complement of a verb of judging,
appeal or commitment), ``shouted_words`` (a chant or shout, the object of a verb or noun
of shouting), ``cue_search`` (a speech verb in the parse and its subject, from
``subjects``), and, when the parse gives no cue, the position-based fallbacks in
``adjacent_names``, ``reporting_clauses``, ``colon_introductions``,
``continued_speech`` and ``indirect``.
Each rule's hand-written sentences are in ``tests/entities/nlp/test_attribution_rules.py``.
The benchmark can switch any rule off by name (``rules_switched_off``) to
measure what it earns.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

from entities.nlp.adjacent_names import adjacent_name_and_cue, name_appositive_and_cue
from entities.nlp.colon_introductions import (
    described_speaker_before_colon,
    excerpt_source_before_colon,
)
from entities.nlp.complements import quoted_complement
from entities.nlp.continued_speech import (
    continues_reported_speech,
    quote_paragraph_after_attributed_quote,
    quote_paragraph_after_reported_speech,
)
from entities.nlp.cue_search import cue_and_subject, search_regions
from entities.nlp.dash_attribution import dash_attribution, dash_introduction
from entities.nlp.doc_index import text_of
from entities.nlp.framing import framing_verb_object
from entities.nlp.indirect import appended_quote_speaker
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import OPENING_MARKS_AND_SPACES
from entities.nlp.reporting_clauses import (
    colon_clause_by_position,
    colon_introduction,
    noun_phrase_and_cue_after_quote,
    reporting_clause_after_quote,
    reporting_clause_by_position,
)
from entities.nlp.results import PersonMention
from entities.nlp.shouted_words import shouted_words
from entities.nlp.sources import fit_field
from entities.nlp.speech_nouns import speech_noun_clause
from entities.nlp.subjects import speaker_for_cue

# What kind of quotation a candidate is, which decides the rules that may attribute it:
# a statement-like quotation (a clause, or long enough); a short or title-like one
# that opens its sentence; a short one inside a sentence (a phrase in marks, which
# only a cue the parse confirms may attribute).
Scope = Literal["statement", "short_opening", "short_inside"]
EVERY_SCOPE: frozenset[Scope] = frozenset({"statement", "short_opening", "short_inside"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quotation to attribute, with what every rule may look at."""

    doc: Doc
    statement: QuotedStatement
    people: Sequence[PersonMention]
    # The article's statement-like quotations, which bound the searches.
    quotes: Sequence[QuotedStatement]

    @property
    def scope(self) -> Scope:
        if self.statement in self.quotes:
            return "statement"
        return "short_opening" if _opens_sentence(self.doc, self.statement) else "short_inside"


@dataclass(frozen=True, slots=True)
class AttributionRule:
    """A named rule, and the kinds of quotation it may attribute."""

    name: str
    find: Callable[[Candidate], Speaker | None]
    scopes: frozenset[Scope] = EVERY_SCOPE


def _dash_after_quote(c: Candidate) -> Speaker | None:
    return dash_attribution(c.doc, c.statement, c.people)


def _dash_before_quote(c: Candidate) -> Speaker | None:
    return dash_introduction(c.doc, c.statement, c.people)


def _framing_verb(c: Candidate) -> Speaker | None:
    return framing_verb_object(c.doc, c.statement, people=c.people, quotes=c.quotes)


def _quoted_complement(c: Candidate) -> Speaker | None:
    return quoted_complement(c.doc, c.statement, people=c.people, quotes=c.quotes)


def _cue_in_parse(c: Candidate) -> Speaker | None:
    """The nearest region's speech verb and its subject.

    A negated cue ('Ruiz cannot say "when the vote will come"') reports what was
    not said: the quote is left to the rules after this one, or to no one.
    """
    for region in search_regions(c.doc, c.statement, c.quotes):
        found = cue_and_subject(region, c.statement, c.quotes)
        if found is not None and not _is_negated(found[0].root):
            cue, subject = found
            return speaker_for_cue(
                c.doc, cue, subject, c.statement, people=c.people, quotes=c.quotes
            )
    return None


def _reporting_clause_after_short_quote(c: Candidate) -> Speaker | None:
    """'"This is fantastic!" beamed Donald Hartley': a short quote opening its sentence."""
    return reporting_clause_after_quote(c.doc, c.statement, people=c.people, quotes=c.quotes)


def _adjacent_name_and_cue(c: Candidate) -> Speaker | None:
    return adjacent_name_and_cue(c.doc, c.statement, c.people, c.quotes)


def _name_appositive_and_cue(c: Candidate) -> Speaker | None:
    return name_appositive_and_cue(c.doc, c.statement, c.people)


def _keywords(
    rule: Callable[..., Speaker | None],
) -> Callable[[Candidate], Speaker | None]:
    """A rule written as ``rule(doc, statement, *, people, quotes)``, as a registry rule."""

    def find(c: Candidate) -> Speaker | None:
        return rule(c.doc, c.statement, people=c.people, quotes=c.quotes)

    find.__doc__ = rule.__doc__
    return find


def _after_attributed_quote(c: Candidate) -> Speaker | None:
    """A paragraph that is only a quote goes on with the attributed quote ending the
    paragraph before; that quote's speaker comes from the same rules."""
    return quote_paragraph_after_attributed_quote(
        c.doc,
        c.statement,
        quotes=c.quotes,
        speaker_of=lambda previous: speaker_for(c.doc, previous, people=c.people, quotes=c.quotes),
    )


_STATEMENT: frozenset[Scope] = frozenset({"statement"})

# The order in which attribution is tried; the first rule that finds a speaker wins.
ATTRIBUTION_RULES: tuple[AttributionRule, ...] = (
    # The grammar ties the quote to its source, however far apart they stand.
    AttributionRule("dash_after_quote", _dash_after_quote),
    AttributionRule("dash_before_quote", _dash_before_quote),
    AttributionRule("framing_verb", _framing_verb),
    AttributionRule("quoted_complement", _quoted_complement),
    AttributionRule("shouted_words", _keywords(shouted_words)),
    AttributionRule("speech_noun_clause", _keywords(speech_noun_clause)),
    AttributionRule("cue_in_parse", _cue_in_parse),
    # A short or title-like quote needs a cue right after it when it opens its sentence.
    AttributionRule(
        "reporting_clause_after_short_quote",
        _reporting_clause_after_short_quote,
        frozenset({"short_opening"}),
    ),
    # Position-based fallbacks for parses that give no cue, most specific first.
    AttributionRule("adjacent_name_and_cue", _adjacent_name_and_cue, _STATEMENT),
    AttributionRule("name_appositive_and_cue", _name_appositive_and_cue, _STATEMENT),
    AttributionRule("colon_introduction", _keywords(colon_introduction), _STATEMENT),
    AttributionRule(
        "reporting_clause_by_position", _keywords(reporting_clause_by_position), _STATEMENT
    ),
    AttributionRule(
        "noun_phrase_and_cue_after_quote", _keywords(noun_phrase_and_cue_after_quote), _STATEMENT
    ),
    AttributionRule("colon_clause_by_position", _keywords(colon_clause_by_position), _STATEMENT),
    # Every scope: a short quote a colon introduces is what was said ('had one message:').
    AttributionRule("described_speaker_before_colon", _keywords(described_speaker_before_colon)),
    AttributionRule("excerpt_source_before_colon", _keywords(excerpt_source_before_colon)),
    AttributionRule("continues_reported_speech", _keywords(continues_reported_speech), _STATEMENT),
    AttributionRule(
        "quote_paragraph_after_reported_speech",
        _keywords(quote_paragraph_after_reported_speech),
        _STATEMENT,
    ),
    AttributionRule("quote_paragraph_after_attributed_quote", _after_attributed_quote, _STATEMENT),
    # Last: a quote appended to reported speech whose cue stands too far for the rest.
    AttributionRule("appended_to_reported_speech", _keywords(appended_quote_speaker)),
)

_switched_off: ContextVar[frozenset[str]] = ContextVar("switched_off", default=frozenset())


@contextlib.contextmanager
def rules_switched_off(names: Iterable[str]) -> Iterator[None]:
    """Attribute without the named rules (for the benchmark's ablation), in this context."""
    names = frozenset(names)
    unknown = names - {rule.name for rule in ATTRIBUTION_RULES}
    if unknown:
        raise ValueError(f"no attribution rule named {', '.join(sorted(unknown))}")
    token = _switched_off.set(names)
    try:
        yield
    finally:
        _switched_off.reset(token)


def speaker_for(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement] = (),
) -> Speaker | None:
    """The speaker and cue of ``statement`` from the first rule that finds one, or None.

    ``people`` are the article's person mentions (to name the speaker);
    ``quotes`` are the article's statement-like quotations, which bound the
    search. The speaker carries the name of the rule that found it.
    """
    candidate = Candidate(doc, statement, people, quotes)
    scope = candidate.scope
    off = _switched_off.get()
    for rule in ATTRIBUTION_RULES:
        if scope not in rule.scopes or rule.name in off:
            continue
        found = rule.find(candidate)
        if found is not None:
            # The speaker as written is stored, and the database keeps 300 characters.
            text = fit_field(found.text) or ""
            return dataclasses.replace(found, rule=rule.name, text=text)
    return None


def _is_negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _opens_sentence(doc: Doc, statement: QuotedStatement) -> bool:
    """True when only a sentence end or a line start comes before the quote."""
    text = text_of(doc)
    line_start = text.rfind("\n", 0, statement.start) + 1
    opening = text[line_start : statement.start].rstrip(OPENING_MARKS_AND_SPACES)
    return not opening or opening.endswith((".", "!", "?", "\u201d", '"'))
