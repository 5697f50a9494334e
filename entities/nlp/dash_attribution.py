"""Speakers a dash names: '"…" ― Carla Sanchez' after a quote, 'Romney -- "…"' before it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from entities.nlp.doc_index import text_of
from entities.nlp.people import canonical_person_name
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.results import PersonMention
from entities.nlp.subjects import mention_speaker

# '"...." ― Pamela Padilla': a dash and a name right after the closing mark.
# The dash may open the next paragraph: a quote paragraph, then "- Bernie Sanders."
_DASH_ATTRIBUTION = re.compile(
    r"[\u201d\u00bb\"']*(?:[ \t\xa0]*\n\s*)?[ \t\xa0]*[\u2015\u2014\u2013-]{1,2}[ \t\xa0]*"
)
# The name fills the line, or a comma follows it ("-Michelle Marks, Philadelphia.").
_DASH_SIGNATURE = re.compile(
    r"([A-Z][\w'.-]*(?:[ \t\xa0]+[A-Z][\w'.-]*){1,4})\.?[ \t\xa0]*(?:\n|$|,)"
)
# 'including Mitt Romney -- "It is disqualifying ..." --': a name, a dash, the quote.
_DASH_BEFORE_QUOTE = re.compile(r"[ \t\xa0]*(?:--|[\u2015\u2014\u2013])[ \t\xa0]*$")


def dash_attribution(
    doc: Doc, statement: QuotedStatement, people: Sequence[PersonMention]
) -> Speaker | None:
    """'"…" ― Carla Sanchez': a dash and a name (or a signature) right after the quote."""
    match = _DASH_ATTRIBUTION.match(text_of(doc), statement.end)
    if match is None or not match.group().strip(" \t\n\xa0\u201d\u00bb\"'"):
        return None
    for mention in people:
        if mention.start == match.end():
            dash = match.group().strip(" \t\n\xa0\u201d\u00bb\"'")
            return mention_speaker(mention, dash, match.start() + match.group().index(dash))
    # A signature the NER missed: the dash and a short run of capitalised
    # words that fills the rest of the line ('" ― Maria T Lopez Garza').
    signature = _DASH_SIGNATURE.match(text_of(doc), match.end())
    if signature is None:
        return None
    dash = match.group().strip(" \t\n\xa0\u201d\u00bb\"'")
    name = signature.group(1).rstrip(".")
    return Speaker(
        text=name,
        start=signature.start(1),
        end=signature.start(1) + len(name),
        name=canonical_person_name(name),
        cue=dash,
        cue_start=match.start() + match.group().index(dash),
        cue_end=match.start() + match.group().index(dash) + len(dash),
    )


def dash_introduction(
    doc: Doc, statement: QuotedStatement, people: Sequence[PersonMention]
) -> Speaker | None:
    """'including Mitt Romney -- "…"': a person's name and a dash right before the quote."""
    text = text_of(doc)
    before = text[: statement.start].rstrip("\u201c\u00ab\"'`")
    dash = _DASH_BEFORE_QUOTE.search(before, max(0, len(before) - 8))
    if dash is None:
        return None
    name_end = dash.start()
    for mention in people:
        if mention.end == name_end and _speaks_before_dash(doc, mention):
            cue = dash.group().strip()
            cue_start = dash.start() + dash.group().index(cue)
            return mention_speaker(mention, cue, cue_start)
    return None


def _speaks_before_dash(doc: Doc, mention: PersonMention) -> bool:
    """Not someone talked about ('supportive of Mr. Trump -- "..."'), unless listed as a voice."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "pobj":
        return root.head.lemma_.lower() in {"include", "like", "as"}
    return root.dep_ not in {"dobj", "iobj"}
