"""Speech nouns: 'her remark that "there's a special place in hell ..."' quotes its owner.

A noun that names what someone said (``data/speech_act_nouns.txt``: claim, remark,
warning, conclusion, ...) gives the words said in its that-clause. When that
clause is mostly inside quotation marks, the definition makes it a direct
statement, as it does the clause of a speech verb, and whose the noun is says
who spoke: its possessor ('his claim', 'Comey's conclusion') or the agent after
"by" ('the claim by Trump that'). Without an owner ('the claim that ...') the
rule gives no speaker, and the quote is left to the other rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from entities.nlp.cues import speech_act_nouns
from entities.nlp.doc_index import text_of
from entities.nlp.framing import can_frame, phrase_attachments
from entities.nlp.indirect import without_trailing_adjunct
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import mostly_inside, quoted_spans
from entities.nlp.referents import PRONOUN_GENDER, person_genders, pronoun_referent
from entities.nlp.results import PersonMention
from entities.nlp.subjects import speaker_for_cue, subject_of

# How the parser hangs a that-clause on its noun.
_NOUN_CLAUSE_DEPS = frozenset({"acl", "ccomp", "relcl", "appos"})
MAX_STEPS = 8
# A possessive pronoun stands for the person a "he"/"she" would ('his claim').
_POSSESSIVE_PERSON_PRONOUNS = frozenset({"his", "her"})


def _noun_and_clause(word: Token, statement: QuotedStatement) -> tuple[Token, Token] | None:
    """The listed noun outside the quote whose that-clause holds ``word``, and the clause."""
    token = word
    for _ in range(MAX_STEPS):
        head = token.head
        if head is token:
            return None
        if (
            token.dep_ in _NOUN_CLAUSE_DEPS
            and head.pos_ == "NOUN"
            and head.lemma_.lower() in speech_act_nouns()
            and not statement.contains(head.idx)
            and any(child.dep_ == "mark" and child.lower_ == "that" for child in token.children)
        ):
            return head, token
        token = head
    return None


def _owner(noun: Token) -> Token | None:
    """Whose the noun is: its possessor, or the agent of 'the claim by Trump'."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "by":
            agents = [c for c in child.children if c.dep_ == "pobj"]
            if agents:
                return agents[0]
    return None


def _clause_subject(
    owner: Token,
    noun: Token,
    statement: QuotedStatement,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """The subject of the clause the noun stands in, named, when a possessive may mean it."""
    verb = noun.head
    for _ in range(MAX_STEPS):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    subject = subject_of(verb, statement, quotes=quotes) if verb.pos_ in {"VERB", "AUX"} else None
    if subject is None or subject.i > noun.i:
        return None
    doc = noun.doc
    speaker = speaker_for_cue(
        doc, doc[noun.i : noun.i + 1], subject, statement, people=people, quotes=quotes
    )
    if speaker.name is None:
        return None
    gender = person_genders(doc, people).get(speaker.name)
    return speaker if gender in (None, PRONOUN_GENDER[owner.lower_]) else None


def speech_noun_clause(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """The owner of a speech noun whose that-clause is mostly ``statement``."""
    text = text_of(doc)
    found = next(
        (
            found
            for word in phrase_attachments(doc, statement)
            if (found := _noun_and_clause(word, statement))
        ),
        None,
    )
    if found is None:
        return None
    noun, clause = found
    if noun.idx > statement.start:
        return None
    words = list(clause.subtree)
    start = words[0].idx
    end = max(words[-1].idx + len(words[-1]), statement.end + len(statement.parts[-1].close_mark))
    if not mostly_inside(
        text, *without_trailing_adjunct(doc, start, end, [statement]), quoted_spans(doc)
    ):
        return None
    owner = _owner(noun)
    if owner is None:
        return None
    possessive = owner.lower_ in _POSSESSIVE_PERSON_PRONOUNS
    if not possessive and not can_frame(owner):
        return None
    speaker = speaker_for_cue(
        doc, doc[noun.i : noun.i + 1], owner, statement, people=people, quotes=quotes
    )
    if possessive:
        # 'Albright fanned controversy over her remark': a possessive in the predicate
        # most often means the clause's subject, when the subject's sex allows it.
        speaker = _clause_subject(owner, noun, statement, people, quotes) or speaker
    if possessive and speaker.name is None:
        name = pronoun_referent(
            doc, statement.start, owner.idx, owner.idx + len(owner), people=people, quotes=quotes
        )
        speaker = dataclasses.replace(speaker, name=name)
    # The clause has been weighed against the quote here, as a framing verb's complement is.
    return dataclasses.replace(speaker, framed=True)
