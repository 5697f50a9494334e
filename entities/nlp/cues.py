"""Speech cues: the verbs that report speech or introduce a quote, and message nouns."""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.tokens import Token

DATA_FILE = Path(__file__).parent / "data" / "speech_verbs.txt"
FRAME_VERBS_FILE = Path(__file__).parent / "data" / "quote_frame_verbs.txt"
MESSAGE_NOUNS_FILE = Path(__file__).parent / "data" / "message_nouns.txt"
SENSES_FILE = Path(__file__).parent / "data" / "speech_verb_senses.tsv"
QUESTION_VERBS_FILE = Path(__file__).parent / "data" / "question_verbs.txt"
# Who a speech verb addresses: 'told reporters', 'can tell you'.
_HEARER_DEPS = frozenset({"dative", "dobj"})


def _lemma_list(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


@functools.cache
def speech_verbs() -> frozenset[str]:
    """Lemmas of the verbs that report speech, directly or indirectly."""
    return _lemma_list(DATA_FILE)


@functools.cache
def message_nouns() -> frozenset[str]:
    """Lemmas of nouns for things that carry someone's words: a statement, a sign, a tweet."""
    return _lemma_list(MESSAGE_NOUNS_FILE)


@functools.cache
def question_verbs() -> frozenset[str]:
    """Lemmas of the verbs that put a question to someone ('the host asked')."""
    return _lemma_list(QUESTION_VERBS_FILE)


@functools.cache
def quote_cue_verbs() -> frozenset[str]:
    """Lemmas of the verbs that may introduce a direct quotation: speech and framing verbs."""
    return speech_verbs() | _lemma_list(FRAME_VERBS_FILE)


@functools.cache
def non_speech_sense_marks() -> dict[str, frozenset[str]]:
    """For speech verbs with another common sense, the grammar that marks that sense."""
    marks: dict[str, frozenset[str]] = {}
    for line in SENSES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, found = line.split("\t")
            marks[lemma.strip().lower()] = frozenset(m.strip() for m in found.split(","))
    return marks


def in_speech_sense(token: Token) -> bool:
    """False when a speech verb is used in its other sense: 'continued to push', 'can't tell'.

    A word is a cue only where it reports speech; the grammar of the other
    sense (``data/speech_verb_senses.tsv``) rules it out unless someone is
    addressed.
    """
    marks = non_speech_sense_marks().get(token.lemma_.lower())
    if not marks:
        return True
    found = {child.dep_ for child in token.children}
    found |= {f"aux={child.lower_}" for child in token.children if child.dep_ == "aux"}
    if token.head is not token:
        found.add(f"head={token.head.pos_}")
    if token.dep_ == "xcomp":
        # 'It is hard to tell': the parser hangs the verb on the copula, beside the adjective.
        found |= {f"head={child.pos_}" for child in token.head.children if child.dep_ == "acomp"}
    if not marks & found:
        return True
    return any(child.dep_ in _HEARER_DEPS and _is_hearer(child) for child in token.children)


def _is_hearer(token: Token) -> bool:
    """Someone a verb's object can address: a pronoun, a name, a group ('reporters')."""
    return (
        token.dep_ == "dative"
        or token.pos_ in {"PRON", "PROPN"}
        or token.ent_type_ in {"PERSON", "NORP", "ORG", "GPE"}
        or token.tag_ == "NNS"
    )


def is_speech_verb(token: Token) -> bool:
    """True for a verb whose lemma is in the speech-verb list, used in its speech sense."""
    return (
        token.pos_ in {"VERB", "AUX"}
        and token.lemma_.lower() in speech_verbs()
        and in_speech_sense(token)
    )


def is_quote_cue_verb(token: Token) -> bool:
    """True for a verb that may introduce a direct quotation (speech or framing verb)."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    if not in_speech_sense(token):
        return False
    # 'As Ms. Simonyan put it, RT is "providing a perspective ..."'
    return (
        lemma in quote_cue_verbs()
        or (lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children))
        # 'As David Byler pointed out in December, "..."'; plain 'point' is no cue.
        or (lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children))
    )
