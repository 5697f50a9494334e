"""Speech cues: the verbs that report speech or introduce a quote, and message nouns."""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.tokens import Token

DATA_FILE = Path(__file__).parent / "data" / "speech_verbs.txt"
FRAME_VERBS_FILE = Path(__file__).parent / "data" / "quote_frame_verbs.txt"
MESSAGE_NOUNS_FILE = Path(__file__).parent / "data" / "message_nouns.txt"


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
def quote_cue_verbs() -> frozenset[str]:
    """Lemmas of the verbs that may introduce a direct quotation: speech and framing verbs."""
    return speech_verbs() | _lemma_list(FRAME_VERBS_FILE)


def is_speech_verb(token: Token) -> bool:
    """True for a verb whose lemma is in the speech-verb list."""
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in speech_verbs()


def is_quote_cue_verb(token: Token) -> bool:
    """True for a verb that may introduce a direct quotation (speech or framing verb)."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    # 'As Ms. Simonyan put it, RT is "providing a perspective ..."'
    return (
        lemma in quote_cue_verbs()
        or (lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children))
        # 'As David Byler pointed out in December, "..."'; plain 'point' is no cue.
        or (lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children))
    )
