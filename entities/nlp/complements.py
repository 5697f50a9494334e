"""Quoted complements: 'urged voters to "give him time"' quotes the subject's words.

A verb of judging, appeal or commitment (``data/complement_verbs.txt``), or a
framing or speech verb, quotes its subject when what it takes after it, its
objects and complements, is mostly inside quotation marks: 'praised Cruz for
showing "the courage of his convictions"', 'described the attack as "a sobering
reminder ..."', 'called that "beyond preposterous"'. The quote may sit deep in
that complement, under a preposition the parser hung on the object or an
infinitive or gerund the verb governs; a clause the verb reports ('said that
...') is the cue search's, and a scare quote in a longer complement ('called him
a "liar" for continuing to insist ...') is not the subject's statement.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from entities.nlp.cues import complement_verbs, is_quote_cue_verb, is_speech_verb
from entities.nlp.doc_index import text_of, tokens_between
from entities.nlp.framing import can_frame, framed_content, phrase_attachments
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import mostly_inside, quoted_spans
from entities.nlp.results import PersonMention
from entities.nlp.subjects import speaker_for_cue, subject_of

# Links from a quoted phrase up to the verb whose complement holds it: objects,
# prepositions and their objects, predicates, modifiers inside the noun phrase.
_PHRASE_DEPS = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "oprd",
        "attr",
        "acomp",
        "amod",
        "compound",
        "nmod",
        "appos",
        "conj",
        "dative",
        "pcomp",
        "xcomp",
        "npadvmod",
    }
)
# A quote that only modifies a noun outside it is a scare quote in the writer's phrase.
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
# A verb that describes a noun ('his hesitancy to condemn Duke on a "bad earpiece"').
_NOUN_MODIFIER_DEPS = frozenset({"acl", "amod"})
# A verb not in the lists passes the quote up only as the infinitive or gerund
# its head governs ('promised to end "the ... regime"', 'for showing "..."').
_VERB_COMPLEMENT_DEPS = frozenset({"xcomp", "pcomp"})
MAX_STEPS = 8


def _takes_the_subjects_words(verb: Token) -> bool:
    # A speech verb only in its speech sense ('continue "to break barriers"' is not said).
    return verb.lemma_.lower() in complement_verbs() or is_speech_verb(verb)


def _infinitive_clause(token: Token) -> bool:
    # 'promised Sunday at a rally to end "..."': the parser reads the verb's
    # infinitive complement as a clause of purpose when a phrase stands between.
    return token.dep_ == "advcl" and any(
        child.dep_ == "aux" and child.lower_ == "to" for child in token.children
    )


def _second_say_between(verb: Token, statement: QuotedStatement) -> bool:
    return any(
        token.tag_ == "VBG" and is_quote_cue_verb(token)
        for token in tokens_between(verb.doc, verb.idx + len(verb), statement.start)
    )


def complement_verb(root: Token, statement: QuotedStatement) -> Token | None:
    """The listed verb outside the quote whose complement holds ``root``, if any."""
    token = root
    for _ in range(MAX_STEPS):
        if (
            token.dep_ not in _PHRASE_DEPS and not _infinitive_clause(token)
        ) or token.head is token:
            return None  # a subject, a reported clause, a relative clause: no complement
        if token.dep_ in _MODIFIER_DEPS and not statement.contains(token.head.idx):
            return None  # 'Korea's "reckless, provocative" actions': the noun is not quoted
        if token.dep_ == "conj" and _second_say_between(token.head, statement):
            # '"A," Trump said, adding later, "B, but we're spending a lot"': the parser
            # coordinates a verb of the quote with "said", but a participle of saying
            # between them tells a second say, which the cue search finds.
            return None
        token = token.head
        if token.pos_ != "VERB" or statement.contains(token.idx):
            continue
        if _takes_the_subjects_words(token):
            # A participle describing a noun ('his hesitancy to condemn Duke on a "bad
            # earpiece"', 'Sotomayor referring to herself as ...') is the writer's phrase.
            return None if token.dep_ in _NOUN_MODIFIER_DEPS else token
        if token.dep_ not in _VERB_COMPLEMENT_DEPS and not _infinitive_clause(token):
            return None
    return None


def quoted_complement(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """The subject of a listed verb whose complement, after it, is mostly ``statement``."""
    text = text_of(doc)
    verb = next(
        (
            verb
            for word in phrase_attachments(doc, statement)
            if (verb := complement_verb(word, statement))
        ),
        None,
    )
    if verb is None or verb.idx > statement.start:
        return None
    if not mostly_inside(text, *framed_content(verb, statement), quoted_spans(doc)):
        return None
    subject = subject_of(verb, statement, quotes=quotes)
    if subject is None or not can_frame(subject):
        return None
    speaker = speaker_for_cue(
        doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
    )
    return dataclasses.replace(speaker, framed=True)
