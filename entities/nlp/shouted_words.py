"""Chants and shouts: 'protesters chanting "Dump Trump."', 'their chants of "Ted! Ted!"'.

A crowd's chant or a heckler's shout is short and often title-cased, so the
quote filters that keep titles and scare quotes out would drop it. English
ties it to its source by grammar instead: the quote is the object of a verb
of shouting, or the "of" phrase of a noun of shouting. The words live in
``data/shout_words.txt``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from entities.nlp.cues import DATA_DIR
from entities.nlp.doc_index import text_of
from entities.nlp.organisations import data_lines
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import OPENING_MARKS_AND_SPACES
from entities.nlp.results import PersonMention
from entities.nlp.subjects import speaker_for_cue, subject_of

SHOUT_WORDS_FILE = DATA_DIR / "shout_words.txt"
# Between a verb of shouting and its quote: 'shouted out, "..."', 'chanted: "..."'.
_PARTICLES = frozenset({"out", "back"})


@functools.cache
def shout_words() -> frozenset[str]:
    """Lemmas of verbs and nouns of shouting, chanting and singing."""
    return frozenset(line.strip().lower() for line in data_lines(SHOUT_WORDS_FILE))


def _is_shout_word(token: Token) -> bool:
    """True for a word of ``data/shout_words.txt``, also where the lemmatizer missed its
    inflection ('jeered' left as its own lemma)."""
    word = token.lower_
    forms = {token._.lower_lemma, word}
    for ending in ("ing", "ed", "es", "s", "d"):
        if word.endswith(ending):
            forms.add(word[: -len(ending)])
    return bool(forms & shout_words())


def _word_before(doc: Doc, statement: QuotedStatement) -> Token | None:
    """The last word before the quote's opening mark, past commas, colons and particles."""
    text = text_of(doc)
    before = text[: statement.start].rstrip(OPENING_MARKS_AND_SPACES).rstrip(",:").rstrip()
    if not before or "\n" in text[len(before) : statement.start]:
        return None
    span = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if span is None:
        return None
    word = span[-1]
    if word.lower_ in _PARTICLES and word.i > 0:
        word = doc[word.i - 1]
    return word


def _quoted(token: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement]) -> bool:
    return statement.contains(token.idx) or any(q.contains(token.idx) for q in quotes)


def _noun_source(
    noun: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> Token | None:
    """Who cries out a noun's chant: 'their chants', 'shouts from the crowd', or the clause's
    subject ('Clinton supporters responded with chants of')."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            source = next((t for t in child.children if t.dep_ == "pobj"), None)
            if source is not None:
                return source
    head = noun.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"} or head.head is head:
            break
        head = head.head
    if head.pos_ not in {"VERB", "AUX"} or _quoted(head, statement, quotes):
        return None
    # 'roused the crowd to chants of "..."': the verb's object is who chants.
    crowd = next((c for c in head.children if c.dep_ == "dobj" and c.i < noun.i), None)
    return crowd or subject_of(head, statement, quotes=quotes)


def _participle_subject(
    verb: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> Token | None:
    """'Sanders protesters interrupted her speech, shouting "..."': a participle of shouting
    shares the subject of the nearest clause before it, wherever the parse hangs it."""
    if verb.tag_ != "VBG":
        return None
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        if (
            token.dep_ == "nsubj"
            and token.head.i < verb.i
            and not _quoted(token, statement, quotes)
        ):
            return token
    return None


def _crowd_subject(verb: Token) -> Token | None:
    """'hundreds of protesters marched, chanting': a number of people, which the subject
    search leaves out as a number, is a crowd that chants."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if (
                child.dep_ == "nsubj"
                and child.pos_ in {"NUM", "NOUN"}
                and any(c.dep_ == "prep" and c.lower_ == "of" for c in child.children)
            ):
                return child
        if current.dep_ not in {"advcl", "conj", "xcomp"} or current.head is current:
            return None
        current = current.head
    return None


def shouted_words(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'a man yelled "Stay there!"', 'chants of "Lock her up!"': words cried out, and who did.

    The quote follows a verb of shouting (its object, or after its comma or
    colon), whose subject cries it; or it follows a noun of shouting and
    "of", whose possessor, "from" phrase or clause subject cries it.
    """
    word = _word_before(doc, statement)
    if word is None or _quoted(word, statement, quotes):
        return None
    content = " ".join(part.text_in(text_of(doc)) for part in statement.parts).strip()
    if len(content.split()) == 1 and content[:1].islower() and not content.endswith("!"):
        return None  # 'crying "fraud"', 'chants of "no."': a word in marks, not a chant
    cue = word
    if word.lower_ == "of" and word.head.pos_ == "NOUN":
        cue = word.head
        if not _is_shout_word(cue):
            return None
        source = _noun_source(cue, statement, quotes)
    elif word.pos_ == "VERB" and _is_shout_word(word):
        source = _participle_subject(word, statement, quotes) or subject_of(
            word, statement, quotes=quotes
        )
        if source is None and word.dep_ == "acl" and word.head.i < word.i:
            source = word.head  # 'a man yelled "Stay there!"' read as 'a man [who] yelled'
        if source is None:
            source = _crowd_subject(word)
    else:
        return None
    if source is None or _quoted(source, statement, quotes):
        return None
    speaker = speaker_for_cue(
        doc, doc[cue.i : cue.i + 1], source, statement, people=people, quotes=quotes
    )
    return dataclasses.replace(speaker, framed=True, shouted=True)
