from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_ARTICLE = SEEDS / "000_6f93beee98eeb8e4.txt"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The configured spaCy pipeline, loaded once for the whole run."""
    from django.conf import settings

    from entities.nlp.model import load_nlp

    return load_nlp(settings.NEWSBROWSER_SPACY_MODEL)


@pytest.fixture
def seed_article() -> Path:
    return SEED_ARTICLE
