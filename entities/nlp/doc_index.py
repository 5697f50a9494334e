"""Fast lookups on a parsed Doc: sentences and tokens by offset.

``Token.sent`` and scanning ``doc`` walk the whole document on every call;
extraction asks thousands of times per article, so the answers are indexed
once per Doc (kept in ``doc.user_data``).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

_KEY = "newsbrowser_index"


def _index(doc: Doc) -> tuple[list[int], list[int]]:
    """(first token index of each sentence, start offset of each token)."""
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = ([sent.start for sent in doc.sents], [token.idx for token in doc])
        doc.user_data[_KEY] = cached
    return cached


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token`` (what ``token.sent`` gives, without the scan)."""
    doc = token.doc
    starts, _ = _index(doc)
    position = bisect.bisect_right(starts, token.i) - 1
    end = starts[position + 1] if position + 1 < len(starts) else len(doc)
    return doc[starts[position] : end]


def tokens_between(doc: Doc, start_char: int, end_char: int) -> list[Token]:
    """Tokens wholly inside text[start_char:end_char], in order."""
    _, offsets = _index(doc)
    first = bisect.bisect_left(offsets, start_char)
    last = bisect.bisect_left(offsets, end_char)
    return [token for token in doc[first:last] if token.idx + len(token) <= end_char]


def text_of(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens on every access, built once."""
    text = doc.user_data.get("newsbrowser_text")
    if text is None:
        text = doc.user_data["newsbrowser_text"] = doc.text
    return text


def entities_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, which spaCy builds again from every token on each access, built once.

    Extraction reads the entities after the pipeline has run, when nothing changes them.
    """
    ents = doc.user_data.get("newsbrowser_ents")
    if ents is None:
        ents = doc.user_data["newsbrowser_ents"] = tuple(doc.ents)
    return ents
