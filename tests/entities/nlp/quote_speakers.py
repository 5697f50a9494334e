"""What an attribution rule gives one quotation of a hand-written text, for the rule tables."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language

from entities.nlp.people import person_mentions
from entities.nlp.quoted_statements import Speaker, quoted_statements
from entities.nlp.quotes import is_statement_like


def quote_speaker(
    nlp: Language, text: str, opening: str, rule: Callable[..., Speaker | None]
) -> Speaker | None:
    """The speaker ``rule`` (any function with the registry's signature, or ``speaker_for``
    for the whole registry) gives the quotation of ``text`` that opens with ``opening``."""
    doc = nlp(text)
    statements = quoted_statements(doc)
    likely = [s for s in statements if any(is_statement_like(part, doc) for part in s.parts)]
    [quote] = [s for s in statements if s.parts[0].text_in(doc.text).startswith(opening)]
    return rule(doc, quote, people=person_mentions(doc), quotes=likely)
