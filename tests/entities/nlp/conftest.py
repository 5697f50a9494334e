from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Tokens written without a space before them in hand-built docs.
_NO_SPACE_BEFORE = {".", ",", "'s", "\u2019s", "'", "-"}


@pytest.fixture(scope="session")
def make_doc() -> Callable[[list[str], list[str]], Doc]:
    """Build a Doc from words and IOB entity tags: pure functions tested without a model."""
    vocab = Vocab()

    def build(words: list[str], ents: list[str]) -> Doc:
        spaces = [
            index + 1 < len(words) and words[index + 1] not in _NO_SPACE_BEFORE and word != "-"
            for index, word in enumerate(words)
        ]
        return Doc(vocab, words=words, spaces=spaces, ents=ents)

    return build
