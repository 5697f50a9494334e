"""Well-known organisations that speak in the news: the reviewed list and its lookup.

Both the source rules (``sources.py``) and the person rules (``people.py``: a name
the list holds is no person, whatever the NER says) read it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pycountry

from entities.nlp.results import OrganisationKind

DATA_DIR = Path(__file__).parent / "data"
ORGANISATIONS_FILE = DATA_DIR / "organisations.tsv"
ORGANISATION_NOUNS_FILE = DATA_DIR / "organisation_nouns.tsv"

ORGANISATION_KINDS = frozenset(
    {"government", "agency", "military", "party", "company", "media", "international", "other"}
)


@dataclass(frozen=True, slots=True)
class KnownOrganisation:
    """A row of organisations.tsv."""

    name: str
    kind: OrganisationKind
    country: str | None


# Short names and acronyms must match exactly ("RT", "AP"); longer ones in any case.
_EXACT_ONLY_MAX_LEN = 4


def data_lines(path: Path) -> list[str]:
    """The lines of a data file, less blank lines and comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def without_the(name: str) -> str:
    """``name`` without a leading "the" ("the Kremlin" -> "Kremlin")."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "the" else name


@functools.cache
def _known_organisations() -> tuple[dict[str, KnownOrganisation], dict[str, KnownOrganisation]]:
    """(exact keys, casefolded keys) -> organisation, from the reviewed data file."""
    exact: dict[str, KnownOrganisation] = {}
    for line in data_lines(ORGANISATIONS_FILE)[1:]:  # the first line is the header
        name, aliases, kind, alpha2 = [*line.split("\t"), "", "", ""][:4]
        if kind not in ORGANISATION_KINDS:
            raise ValueError(f"{ORGANISATIONS_FILE.name}: unknown kind {kind!r} for {name!r}")
        if alpha2 and pycountry.countries.get(alpha_2=alpha2) is None:
            raise ValueError(f"{ORGANISATIONS_FILE.name}: unknown alpha2 {alpha2!r}")
        entry = KnownOrganisation(
            name=name.strip(), kind=cast(OrganisationKind, kind), country=alpha2 or None
        )
        for key in (name, *aliases.split("|")):
            key = key.strip()
            if key and exact.setdefault(without_the(key), entry) != entry:
                raise ValueError(f"{ORGANISATIONS_FILE.name}: {key!r} names two organisations")
    folded = {
        key.casefold(): entry for key, entry in exact.items() if len(key) > _EXACT_ONLY_MAX_LEN
    }
    return exact, folded


def known_organisation(name: str) -> KnownOrganisation | None:
    """The well-known organisation ``name`` (with or without "the") stands for, if any.

    A name that is itself led by "The" in the data ("The Hill") matches only
    when the text writes it ("the Hill said", not "Hill said").
    """
    exact, folded = _known_organisations()
    bare = without_the(name)
    found = exact.get(bare) or (
        folded.get(bare.casefold()) if len(bare) > _EXACT_ONLY_MAX_LEN else None
    )
    if found is None:
        return None
    if found.name.startswith("The ") and bare == name:
        return None
    return found


@functools.cache
def organisation_nouns() -> dict[str, OrganisationKind]:
    """Head noun (lowercase) of an organisation's name -> the kind of organisation."""
    nouns: dict[str, OrganisationKind] = {}
    for line in data_lines(ORGANISATION_NOUNS_FILE)[1:]:
        noun, kind = line.split("\t")
        if kind not in ORGANISATION_KINDS:
            raise ValueError(f"{ORGANISATION_NOUNS_FILE.name}: unknown kind {kind!r}")
        nouns[noun.strip()] = cast(OrganisationKind, kind)
    return nouns
