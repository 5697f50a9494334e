"""Plain results of extraction: what the pipeline found in one article body.

No ORM here: the import service turns these into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

StatementKind = Literal["direct", "indirect"]
# Who a statement comes from: a named person, a named organisation (a ministry,
# a newspaper, NATO), a country speaking as a state ("Russia said", "Beijing
# warned"), or a described source ("a senior U.S. official"); None: no source.
SpeakerKind = Literal["person", "organisation", "country", "unnamed"]
# What an organisation is, for its page and for the country it belongs to.
OrganisationKind = Literal[
    "government", "agency", "military", "party", "company", "media", "international", "other"
]


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
    # Canonical name of the person or organisation; None for unnamed sources,
    # for countries speaking for themselves and when unresolved.
    speaker_name: str | None
    speaker_text: str  # the speaker as written next to the cue ("Sullivan", "he")
    cue: str  # the speech cue as written ("said", "according to")
    about: tuple[str, ...] = ()  # ISO alpha-2 codes of countries named in the content
    # Countries named only around the content, in the sentences that hold it.
    context: tuple[str, ...] = ()
    # None when there is no source at all; "person" when speaker_name is a person.
    speaker_kind: SpeakerKind | None = None
    # ISO alpha-2 of the country the source belongs to (the Kremlin -> RU), if any.
    speaker_country: str | None = None
    # For an organisation: its kind. For an unnamed source: the organisation it
    # speaks for ("a spokeswoman for Disney" -> "Disney"), if the text says so.
    speaker_organisation_kind: OrganisationKind | None = None
    speaker_affiliation: str | None = None
    # The quoted pieces, (start, end) into the body, in order: two or more for a
    # quote split around its cue ('"A," he said, "B."'), whose attribution lies
    # between them; else one, (start, end). Empty (hand-built results) means that one.
    parts: tuple[tuple[int, int], ...] = ()
    # The attribution rule that found the speaker (entities.nlp.speakers.ATTRIBUTION_RULES,
    # or "transcript_turn", "reported_speech"); empty for hand-built results.
    rule: str = ""

    @property
    def source_label(self) -> str | None:
        """What a reader is told said it: the name, else the article's words for the source.

        A country speaking for itself ("Beijing warned") and an unnamed source
        ("a senior official") have no canonical name, yet they are sources;
        a bare pronoun or an unresolved surname is not a label (None).
        """
        if self.speaker_name:
            return self.speaker_name
        if self.speaker_kind in {"country", "unnamed"} and self.speaker_text.strip():
            return self.speaker_text.strip()
        return None


@dataclass(slots=True)
class ArticleExtraction:
    """Everything extracted from one article body."""

    people: list[PersonMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    statements: list[StatementFound] = field(default_factory=list)
