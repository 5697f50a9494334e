"""Framing verbs: 'called it "a disgrace"' quotes the subject's words without a speech verb."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from entities.nlp.cues import message_nouns, speaker_nouns, speech_verbs
from entities.nlp.doc_index import text_of
from entities.nlp.indirect import without_trailing_adjunct
from entities.nlp.people import TITLE_WORDS
from entities.nlp.quoted_statements import LIST_GAP, QuotedStatement, Speaker, gap_between_quotes
from entities.nlp.quotes import is_title_case, mostly_inside
from entities.nlp.results import PersonMention
from entities.nlp.subjects import speaker_for_cue, subject_of

# Verbs whose object or "as"/"to" complement, when quoted, is the subject's own
# words ('called it "a total disgrace"', 'likened the rules to "burning the
# house down"'). Not cues in general: only when the quote is that complement.
_FRAMING_LEMMAS = frozenset(
    {"call", "describe", "label", "dub", "brand", "liken", "term", "characterize", "nickname"}
)
_FRAMED_DEPS = frozenset({"dobj", "oprd", "xcomp", "attr"})
# 'dismissed the report as "fake news"', 'accused Kim of "fanatic recklessness"':
# a quoted complement of these prepositions after a verb with an object is
# how the subject put it, whatever the verb.
_FRAMING_PREPOSITIONS = {"as": None, "to": frozenset({"liken", "compare"}), "of": None}
# What the parser hangs on "as": an object, or an adjective ('described him as "volatile"').
_PREPOSITION_OBJECT_DEPS = frozenset({"pobj", "amod", "acomp", "pcomp"})
_ACCUSING_LEMMAS = frozenset({"accuse", "charge", "convict", "warn", "suspect"})
# Verbs of public judgement: 'dismissed the report as "fake news"' quotes the judge.
_JUDGING_LEMMAS = frozenset(
    """
    dismiss denounce slam blast attack criticize criticise praise hail reject decry
    deride condemn mock ridicule portray paint pound cast depict tout lambaste
    """.split()  # noqa: SIM905
)
# Verbs of naming, which take who is named and the name, never a clause.
_NAMING_LEMMAS = frozenset({"call", "dub", "label", "brand", "term", "nickname"})
# How the parser hangs a quoted name on the noun named before it ('called Trump a
# "blowhard"': "blowhard" as the object of "Trump").
_MISHUNG_DEPS = frozenset({"dobj", "appos", "attr", "oprd"})
# Verbs that frame without anyone speaking ('known as', 'served as').
_NOT_FRAMING_LEMMAS = frozenset({"know", "serve", "act", "work", "use", "see", "view", "regard"})
# Who can frame: someone named or described, a group or a country, not "it" or "that".
_FRAMING_SUBJECT_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_FRAMING_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def attachments(span: Span) -> list[Token]:
    """The words by which a quoted phrase hangs on the sentence, its root first.

    The parser often hangs a quote by more than one word ('calling him "actually a
    very intelligent man"': "actually" on the verb, and "man" as its object); any
    of them may be the complement a verb frames.
    """
    return [span.root] + [
        word for word in span if word != span.root and not span.start <= word.head.i < span.end
    ]


def phrase_attachments(doc: Doc, statement: QuotedStatement) -> list[Token]:
    """The words by which ``statement``'s first part hangs on its sentence, root first.

    None for a quoted title ('named "Veep" as his top show'): a title is nobody's words.
    """
    text = text_of(doc)
    if is_title_case(" ".join(part.text_in(text) for part in statement.parts)):
        return []
    first = statement.parts[0]
    span = doc.char_span(first.start, first.end, alignment_mode="expand")
    return attachments(span) if span is not None and len(span) else []


def framing_verb(root: Token) -> Token | None:
    """The verb that frames a quoted phrase headed by ``root``, if its role is a framed one."""
    while root.dep_ in {"conj", "appos"} and root.head is not root:
        root = root.head  # 'called him a "nasty guy," an "anchor baby" and "sick"'
    head = root.head
    if root.dep_ in _PREPOSITION_OBJECT_DEPS and head.lower_ in _FRAMING_PREPOSITIONS:
        verb = head.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() in _NOT_FRAMING_LEMMAS:
            return None
        lemma, allowed = verb.lemma_.lower(), _FRAMING_PREPOSITIONS[head.lower_]
        if lemma in _FRAMING_LEMMAS or (allowed is not None and lemma in allowed):
            return verb
        has_object = any(child.dep_ == "dobj" for child in verb.children)
        if head.lower_ == "of":
            return verb if has_object and lemma in _ACCUSING_LEMMAS else None
        judges = lemma in _JUDGING_LEMMAS or lemma in speech_verbs()
        return verb if head.lower_ == "as" and has_object and judges else None
    if root.dep_ in _FRAMED_DEPS and head.pos_ == "VERB":
        return head if head.lemma_.lower() in _FRAMING_LEMMAS else None
    if root.dep_ == "ccomp" and head.pos_ == "VERB" and head.lemma_.lower() in _NAMING_LEMMAS:
        # 'called the situation "overclassification run amok"': the parser reads who
        # is called and what as a clause; a verb of naming takes no clause of its own.
        return head
    if root.dep_ in _MISHUNG_DEPS and head.i < root.i and head.dep_ in {"dobj", "oprd"}:
        # 'called Trump a "blowhard"': the parser hangs what is called on who is
        # called; the verb frames both all the same.
        verb = head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in _FRAMING_LEMMAS:
            return verb
    return None


def can_frame(subject: Token) -> bool:
    if subject.ent_type_ in _FRAMING_SUBJECT_ENTS or subject.lower_ in _FRAMING_PRONOUNS:
        return True
    if subject.pos_ == "PROPN":
        return not subject.ent_type_  # a name the NER missed ('Ham described ...')
    # 'Gary Johnson's doctor', 'critics': a described speaker the NER has no label for.
    if subject.pos_ != "NOUN":
        return False
    lemma = subject.lemma_.lower()
    return (
        lemma in TITLE_WORDS
        or lemma in speaker_nouns()
        or lemma in message_nouns()
        or any(c.dep_ == "poss" and c.ent_type_ in _FRAMING_SUBJECT_ENTS for c in subject.children)
    )


def _misread_relative_subject(verb: Token, quote_root: Token) -> Token | None:
    """The noun a framing verb read as a reduced relative clause hangs from, when it frames.

    'a group called "Common Sense"' names the group: one complement. 'One
    lawmaker called Trump "the orange prince"' has two, who is called and
    what: only the active verb takes both, so the noun is its subject.
    """
    if verb.dep_ != "acl":
        return None
    others = [
        child
        for child in verb.children
        if child.dep_ in _FRAMED_DEPS | {"oprd"} and child.i < quote_root.i
    ]
    return verb.head if others and verb.head.pos_ in {"NOUN", "PROPN"} else None


# What follows a verb without being its complement.
_NOT_COMPLEMENT_DEPS = frozenset(
    {"conj", "cc", "punct", "advcl", "parataxis", "relcl", "mark", "nsubj", "nsubjpass"}
)


def framed_content(verb: Token, statement: QuotedStatement) -> tuple[int, int]:
    """(start, end) of what ``verb`` takes after it: its objects and complements.

    What a framing verb frames is its whole complement, a phrase after the quote
    included ('called him a "liar" for refusing to answer'), less a comment set off
    by a comma after the quote ('called it "a disgrace," a word he rarely uses').
    """
    start = end = verb.idx + len(verb)
    sentence_end = verb.sent.end_char
    for child in verb.rights:
        if child.dep_ not in _NOT_COMPLEMENT_DEPS:
            last = max(token.idx + len(token) for token in child.subtree)
            end = max(end, min(last, sentence_end))
    # The closing mark counts with the quote, as the definition counts it.
    quote_end = statement.end + len(statement.parts[-1].close_mark)
    return without_trailing_adjunct(verb.doc, start, max(end, quote_end), [statement])


def framing_verb_object(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """The subject of a framing verb whose quoted complement is ``statement``."""
    text = text_of(doc)
    parts = statement.parts
    if any(
        not LIST_GAP.fullmatch(gap_between_quotes(text, a, b)) for a, b in itertools.pairwise(parts)
    ):
        return None  # a quote split around its cue: the cue is no framing verb
    words = phrase_attachments(doc, statement)
    if not words:
        return None
    root, verb = next(
        ((word, verb) for word in words if (verb := framing_verb(word))), (words[0], None)
    )
    if verb is None or statement.contains(verb.idx):
        return None
    # 'called the political system "rotten to the core"' frames what the system
    # is in the writer's words as much as the speaker's: the framed content (object
    # and quoted complement) is a direct statement only when it is mostly quoted.
    if not mostly_inside(text, *framed_content(verb, statement), statement.parts):
        return None
    subject = subject_of(verb, statement) or _misread_relative_subject(verb, root)
    if subject is None or not can_frame(subject):
        return None
    speaker = speaker_for_cue(
        doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
    )
    return dataclasses.replace(speaker, framed=True)
