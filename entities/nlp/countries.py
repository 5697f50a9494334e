"""Countries: the reference list, name lookup, and country mentions in a parsed body."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycountry
from spacy.tokens import Doc, Span

from entities.nlp.doc_index import sentence_of, text_of
from entities.nlp.results import CountryMention, PersonMention

DATA_FILE = Path(__file__).parent / "data" / "countries.tsv"
CAPITALS_FILE = Path(__file__).parent / "data" / "capitals.tsv"
AMBIGUOUS_FILE = Path(__file__).parent / "data" / "ambiguous_country_names.txt"
US_STATE_CONTEXT_FILE = Path(__file__).parent / "data" / "us_state_context.tsv"

# Entity labels that can name a country. LOC ("the South China Sea", "Europe")
# and ORG ("China Southern Airlines") never do, even when they contain one.
COUNTRY_LABELS = frozenset({"GPE", "NORP"})
# A country entity that is a compound of one of these is part of a bigger name
# ("China" in "China Southern Airlines" when NER splits it). PERSON is not here:
# "US President Joe Biden" does name the US.
ENCLOSING_LABELS = frozenset({"ORG", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})

# Abbreviations and short keys must match exactly ("US" yes, "us" no); longer
# names also match in another case ("RUSSIA" in a headline).
_EXACT_ONLY_MAX_LEN = 4
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
_SURROUNDING_PUNCT = "\"\u201c\u201d\u2018\u2019'()[]{},;:!?\u2014\u2013-"
_HYPHENS = re.compile(r"[-\u2013\u2014/]")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CountryRow:
    """One ISO 3166 country as the Country table stores it."""

    alpha2: str
    alpha3: str
    name: str  # pycountry's short name, e.g. "Russian Federation"
    short_name: str  # our display name, e.g. "Russia"


@dataclass(frozen=True, slots=True)
class _CuratedCountry:
    short_name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@functools.cache
def _curated() -> dict[str, _CuratedCountry]:
    curated: dict[str, _CuratedCountry] = {}
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    for line in rows[1:]:  # rows[0] is the header
        alpha2, short_name, aliases, demonyms = [*line.split("\t"), "", "", ""][:4]
        if pycountry.countries.get(alpha_2=alpha2) is None:
            raise ValueError(f"{DATA_FILE.name}: unknown alpha2 {alpha2!r}")
        curated[alpha2] = _CuratedCountry(
            short_name=short_name.strip(),
            aliases=_split_list(aliases),
            demonyms=_split_list(demonyms),
        )
    return curated


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def country_rows() -> list[CountryRow]:
    """All ISO 3166 countries, with our display name where we have one."""
    curated = _curated()
    rows = []
    for country in pycountry.countries:
        own = curated.get(country.alpha_2)
        short_name = (
            (own.short_name if own else "") or getattr(country, "common_name", "") or country.name
        )
        rows.append(
            CountryRow(
                alpha2=country.alpha_2,
                alpha3=country.alpha_3,
                name=country.name,
                short_name=short_name,
            )
        )
    return rows


@functools.cache
def _name_index() -> tuple[dict[str, str], dict[str, str]]:
    """(exact keys, casefolded keys) -> alpha2; curated names win over pycountry's."""
    exact: dict[str, str] = {}

    def add(key: str, alpha2: str, *, curated: bool) -> None:
        key = _normalise(key)
        if not key:
            return
        if key in exact and exact[key] != alpha2:
            if curated:
                # Two reviewed rows claiming one name is a data error, not a tie.
                raise ValueError(f"{DATA_FILE.name}: {key!r} names {exact[key]} and {alpha2}")
            return
        exact[key] = alpha2

    for alpha2, own in _curated().items():
        for key in (own.short_name, *own.aliases, *own.demonyms):
            add(key, alpha2, curated=True)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                add(value, country.alpha_2, curated=False)
    for name in _ambiguous_names():
        exact.pop(name, None)
    folded = {
        key.casefold(): alpha2 for key, alpha2 in exact.items() if len(key) > _EXACT_ONLY_MAX_LEN
    }
    return exact, folded


def _ambiguous_names() -> list[str]:
    lines = AMBIGUOUS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _normalise(text: str) -> str:
    return _LEADING_THE.sub("", _WHITESPACE.sub(" ", text).strip())


def _trimmed_bounds(text: str) -> tuple[int, int]:
    """Offsets of the name proper inside ``text``: no "the", possessive or outer punctuation."""
    start, end = 0, len(text)
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _SURROUNDING_PUNCT):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _SURROUNDING_PUNCT):
            end -= 1
        if possessive := _POSSESSIVE.search(text, start, end):
            end = possessive.start()
        if the := _LEADING_THE.match(text[start:end]):
            start += the.end()
        if (start, end) == before:
            return start, end


def _lookup(name: str) -> str | None:
    exact, folded = _name_index()
    name = _WHITESPACE.sub(" ", name)
    if not name or not name[0].isupper():
        # Country names are proper nouns; this keeps "us" and "china" (dishes) out.
        return None
    if alpha2 := exact.get(name) or folded.get(name.casefold()):
        return alpha2
    # Plural demonyms: "Russians", "Filipinos", "Americans".
    if name.endswith("s") and len(name) > 3:
        return exact.get(name[:-1]) or folded.get(name[:-1].casefold())
    return None


def country_for_name(text: str) -> str | None:
    """ISO alpha-2 for a country name, alias or demonym as written in running text."""
    start, end = _trimmed_bounds(text)
    return _lookup(text[start:end])


def _countries_in_entity(text: str) -> list[tuple[str, int, int]]:
    """(alpha2, start, end) for each country an entity's text names, offsets into ``text``."""
    start, end = _trimmed_bounds(text)
    if alpha2 := _lookup(text[start:end]):
        return [(alpha2, start, end)]
    # "Chinese-Russian", "U.S.-China": each side is its own mention.
    found = []
    part_start = start
    for separator in [*_HYPHENS.finditer(text, start, end), None]:
        part_end = separator.start() if separator else end
        part = text[part_start:part_end]
        inner_start, inner_end = _trimmed_bounds(part)
        if alpha2 := _lookup(part[inner_start:inner_end]):
            found.append((alpha2, part_start + inner_start, part_start + inner_end))
        part_start = separator.end() if separator else end
    return found if len(found) > 1 else []


def _inside_bigger_name(ent: Span) -> bool:
    """True when the entity is a compound inside an ORG/LOC/FAC/... entity's name."""
    return any(
        token.dep_ == "compound"
        and not ent.start <= token.head.i < ent.end
        and token.head.ent_type_ in ENCLOSING_LABELS
        for token in ent
    )


@functools.cache
def capitals() -> dict[str, str]:
    """Capital or seat-of-government name -> alpha2, from the reviewed data file."""
    lines = CAPITALS_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    found: dict[str, str] = {}
    for line in rows[1:]:  # rows[0] is the header
        alpha2, names = line.split("\t")
        if pycountry.countries.get(alpha_2=alpha2) is None:
            raise ValueError(f"{CAPITALS_FILE.name}: unknown alpha2 {alpha2!r}")
        for name in _split_list(names):
            if found.setdefault(name, alpha2) != alpha2:
                raise ValueError(f"{CAPITALS_FILE.name}: {name!r} names two countries")
    return found


# Entity labels a capital or seat is tagged with ("the Kremlin" is often ORG or FAC).
CAPITAL_LABELS = frozenset({"GPE", "ORG", "FAC", "LOC"})
# A capital after one of these is a place ("in Moscow", "at the White House").
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "to", "from", "near", "into", "outside", "inside", "around", "across", "within"}
)
PLACE_PREPOSITIONS |= {"toward", "towards", "through", "via", "over", "out"}
_STATE_WORDS = frozenset({"state", "State"})


def _capital_stands_for_state(ent: Span) -> bool:
    """True when the capital is an actor ("Beijing warned"), not a place ("in Beijing")."""
    root = ent.root
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].text in _STATE_WORDS:
        return False  # "Washington state"
    if ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].text == "D.C.":
        return False  # "Washington, D.C." is the city
    head = root
    while head.dep_ in {"conj", "appos"} and head.head is not head:
        head = head.head
    if head.dep_ == "pobj":
        return head.head.lower_ not in PLACE_PREPOSITIONS
    if head.dep_ in {"compound", "amod"}:
        return False  # "a Moscow court", "Beijing time"
    return head.dep_ in {"nsubj", "nsubjpass", "dobj", "poss", "dative", "attr", "agent"}


def capital_mentions(doc: Doc) -> list[CountryMention]:
    """Capitals and seats of government used for their state ("the Kremlin said")."""
    names = capitals()
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in CAPITAL_LABELS:
            continue
        start, end = _trimmed_bounds(ent.text)
        alpha2 = names.get(ent.text[start:end])
        if alpha2 is None or not _capital_stands_for_state(ent):
            continue
        mentions.append(
            CountryMention(
                iso2=alpha2,
                text=ent.text[start:end],
                start=ent.start_char + start,
                end=ent.start_char + end,
            )
        )
    return mentions


@dataclass(frozen=True, slots=True)
class _StateCues:
    states: frozenset[str]
    us: re.Pattern[str]
    abroad: re.Pattern[str]


@functools.cache
def _state_cues() -> _StateCues:
    """US state names that are also countries', and the cue words for either reading."""
    lines = US_STATE_CONTEXT_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    words: dict[str, list[str]] = {"state": [], "us": [], "abroad": []}
    for kind, phrase in rows[1:]:  # rows[0] is the header
        words[kind].append(phrase.strip())

    def pattern(phrases: list[str]) -> re.Pattern[str]:
        longest_first = sorted(phrases, key=len, reverse=True)
        alternatives = "|".join(re.escape(phrase) for phrase in longest_first)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    return _StateCues(frozenset(words["state"]), pattern(words["us"]), pattern(words["abroad"]))


def _cue_count(pattern: re.Pattern[str], text: str, name: str) -> int:
    """Cues in ``text``; the state's own name is no cue ("Georgia voters" counts "voters")."""
    return len(pattern.findall(text.replace(name, " ")))


def _us_state_meant(doc: Doc, name: str, start: int) -> bool:
    """True when a name shared by a US state and a country (Georgia) means the state.

    The sentence decides when its cues point one way ("Atlanta, Georgia",
    "Georgia voters", "in Tbilisi"); otherwise the article as a whole does (a
    US election story), and without cues the name stays the country.
    """
    cues = _state_cues()
    words = doc.char_span(start, start + len(name), alignment_mode="expand")
    sentence = sentence_of(words[0]).text if words is not None and len(words) else ""
    us, abroad = _cue_count(cues.us, sentence, name), _cue_count(cues.abroad, sentence, name)
    if us != abroad and (us == 0 or abroad == 0):
        return us > abroad
    text = text_of(doc)
    return _cue_count(cues.us, text, name) > _cue_count(cues.abroad, text, name)


def country_of_words(doc: Doc, start: int, end: int) -> str | None:
    """ISO alpha-2 for the country name doc.text[start:end], a US state read as the US."""
    text = text_of(doc)
    alpha2 = country_for_name(text[start:end])
    if alpha2 is None:
        return None
    bounds = _trimmed_bounds(text[start:end])
    name = text[start + bounds[0] : start + bounds[1]]
    if name in _state_cues().states and _us_state_meant(doc, name, start + bounds[0]):
        return "US"
    return alpha2


def _inside_a_name(mention: CountryMention, people: Sequence[PersonMention]) -> bool:
    """True when the country word is part of a person's name ("Cuban said" after Mark Cuban)."""
    return any(person.start < mention.end and mention.start < person.end for person in people)


def country_mentions(doc: Doc, *, people: Sequence[PersonMention] = ()) -> list[CountryMention]:
    """Country mentions from GPE and NORP entities, and capitals used for the state.

    A country word inside a person mention is their name, not the country; a US
    state named like a country (Georgia) with US context is the United States.
    """
    mentions = capital_mentions(doc)
    states = _state_cues().states
    for ent in doc.ents:
        if ent.label_ not in COUNTRY_LABELS or _inside_bigger_name(ent):
            continue
        for alpha2, start, end in _countries_in_entity(ent.text):
            text = ent.text[start:end]
            if text in states and _us_state_meant(doc, text, ent.start_char + start):
                alpha2 = "US"
            mentions.append(
                CountryMention(
                    iso2=alpha2,
                    text=text,
                    start=ent.start_char + start,
                    end=ent.start_char + end,
                )
            )
    mentions = [mention for mention in mentions if not _inside_a_name(mention, people)]
    mentions.sort(key=lambda mention: mention.start)
    return mentions
