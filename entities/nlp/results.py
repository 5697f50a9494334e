"""Plain results of extraction: what the pipeline found in one article body.

No ORM here: the import service turns these into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

StatementKind = Literal["direct", "indirect"]


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person named in the body; ``name`` is the canonical full name."""

    name: str
    text: str
    start: int
    end: int
    # Roles and titles stated next to this mention ("national security advisor").
    roles: tuple[str, ...] = ()
    country: str | None = None  # ISO alpha-2 of the country the text says they belong to


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country referred to in the body (by name, alias, demonym, ...)."""

    iso2: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class StatementFound:
    """A quoted or reported statement; offsets are into the body."""

    text: str
    start: int
    end: int
    kind: StatementKind
    speaker_name: str | None  # canonical full name, None when unresolved
    speaker_text: str  # the speaker as written next to the cue ("Sullivan", "he")
    cue: str  # the speech cue as written ("said", "according to")
    about: tuple[str, ...] = ()  # ISO alpha-2 codes of countries named in the content
    # Countries named only around the content, in the sentences that hold it.
    context: tuple[str, ...] = ()


@dataclass(slots=True)
class ArticleExtraction:
    """Everything extracted from one article body."""

    people: list[PersonMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    statements: list[StatementFound] = field(default_factory=list)
