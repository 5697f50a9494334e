"""Person names: their parts, and when two names written in the news are one person.

A name is parsed into a given name, middle names or initials, a family name
and a generational suffix (Jr., Sr., II, III, IV), each folded: NFKC, invisible
format characters (zero-width spaces and joiners, bidi marks, soft hyphens)
removed, accents dropped, lowercase, one kind of apostrophe, no possessive.

Two names **agree** (may be one person) when

- their family names are the same (with particles: "von der Leyen");
- their given names are the same, one is an initial of the other ("J. Edgar
  Hoover"), or one is a nickname of the other (Joe/Joseph, Bill/William,
  Chuck/Charles, Ed/Edward) in the PyPI dataset ``nicknames``, less the pairs
  ``data/nickname_exclusions.txt`` keeps apart (Ian/John);
- their middle names agree: one name has none ("James Comey", "James B.
  Comey"; "Hillary Clinton", "Hillary Rodham Clinton"), or both have as many,
  each pair the same or an initial of the other ("John F. Kerry", "John Forbes
  Kerry"). "George H. W. Bush" and "George W. Bush" do not agree;
- for family-name-first names ("Wang Yi", "Kim Jong Un"), the given names are
  the same, written with or without a hyphen or space ("Kim Jong-un").

Generational suffixes are left out of agreement; whether "Joseph R. Biden Jr."
is "Joe Biden" or, like "Donald Trump Jr.", another person is decided where the
archive is known (``entities.services.people_for_names``): a suffixed name
joins the agreeing person without that suffix, unless the archive or the
article shows them as two people, i.e. the archive has a person kept apart by
that suffix, or the same article names both forms with one given name (the
son and the father: "Donald Trump Jr." beside "Donald J. Trump"; not "Joseph R.
Biden Jr." beside "Joe Biden", one man named formally and informally).

Family-name-first order (Chinese, Korean and Vietnamese usage) is read when the
first word is a family name in ``data/east_asian_family_names.txt`` and every
other word is one or two romanised syllables, so "Kim Davis", "Lee Daniels"
and "Mike Lee" stay Western order. Japanese and Hungarian names appear given
name first in English news and need no rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from articles.unicode_forms import normal_line

_DATA = Path(__file__).parent / "data"

# Honorifics dropped from the front of a name (titles are dropped by people.py).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "prof", "rev"})
# Generational suffixes and their one spelling.
SUFFIXES = {"jr": "jr", "sr": "sr", "ii": "ii", "iii": "iii", "iv": "iv", "2nd": "ii", "3rd": "iii"}
# Lowercase particles inside a family name ("Ursula von der Leyen", "Bill de Blasio").
PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "le", "van", "von"}
)
# Particles that, capitalised at the start of a name, are given names.
GIVEN_NAME_PARTICLES = frozenset({"al", "van"})

_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u2032`\u00b4", "'"))
_POSSESSIVE = re.compile(r"'s?$", re.IGNORECASE)

# One romanised syllable of Mandarin (pinyin, Wade-Giles), Korean (Revised and
# McCune-Reischauer) or Vietnamese (without tone marks): an optional initial,
# a vowel group, an optional final. English names rarely parse as one or two of these.
_INITIALS = (
    "ngh|zh|ch|sh|ng|nh|ph|th|tr|kh|gh|gi|qu|hs|ts|tz|ss|jj|kk|pp|tt|hw|wh|"
    "b|p|m|f|d|t|n|l|g|k|h|j|q|x|r|z|c|s|y|w"
)
_VOWELS = (
    "iao|uai|uei|ieu|oai|uoi|uye|eou|yeo|yae|eui|"
    "ai|ao|ei|ia|ie|io|iu|ou|ua|ue|ui|uo|ae|eo|eu|oe|oi|oa|uy|oo|ya|yo|yu|ye|"
    "a|e|i|o|u"
)
_FINALS = "ng|nh|ch|ck|n|m|p|t|k|c"
_SYLLABLE = rf"(?:(?:{_INITIALS})?(?:{_VOWELS})(?:{_FINALS})?|(?:{_INITIALS})?(?:eo|u|i|o)l)"
_GIVEN_WORD = re.compile(rf"(?:{_SYLLABLE}){{1,2}}")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name's folded parts; ``given`` is empty for a bare family name ("Sullivan")."""

    given: str
    middles: tuple[str, ...]
    family: str
    suffix: str = ""
    family_first: bool = False

    @property
    def is_full(self) -> bool:
        """Given name and family name, as opposed to a bare family name."""
        return bool(self.given and self.family)


def name_text_clean(name: str) -> str:
    """``name`` in its normal form (articles/unicode_forms.py) and with straight apostrophes."""
    return normal_line(name).translate(_APOSTROPHES)


def person_name_clean(name: str) -> str:
    """A person's name as written, cleaned, without a possessive ("Barack Obama's")."""
    text = name_text_clean(name)
    return _POSSESSIVE.sub("", text) if " " in text or len(text) > 2 else text


def fold(word: str) -> str:
    """Only the letters and digits of a word, unaccented, lowercase: "O'Malley" -> "omalley"."""
    decomposed = unicodedata.normalize("NFKD", name_text_clean(word))
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


@cache
def east_asian_family_names() -> frozenset[str]:
    return frozenset(_data_lines("east_asian_family_names.txt"))


def _data_lines(filename: str) -> list[str]:
    lines = (_DATA / filename).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def is_family_name_first(words: list[str]) -> bool:
    """Whether ``words`` (as written) are family name first: "Wang Yi", "Moon Jae-in"."""
    if not 2 <= len(words) <= 3 or fold(words[0]) not in east_asian_family_names():
        return False
    if words[0].lower() in PARTICLES:
        return False  # "Le Pen", "Du Pont": a particle, not a Vietnamese or Chinese family name
    pieces = [fold(piece) for word in words[1:] for piece in re.split(r"[-\u2010\u2011]", word)]
    return 0 < len(pieces) <= 3 and all(_GIVEN_WORD.fullmatch(piece) for piece in pieces)


def person_name_parse(name: str) -> PersonName:
    """The parts of a canonical person name ("Joseph R. Biden Jr.", "Kim Jong Un")."""
    words = person_name_clean(name).replace(",", " ").split()
    while len(words) > 1 and fold(words[0]) in HONORIFICS:
        words.pop(0)
    suffix = ""
    if len(words) > 1 and fold(words[-1]) in SUFFIXES:
        suffix = SUFFIXES[fold(words.pop())]
    if not words:
        return PersonName("", (), "", suffix)
    if is_family_name_first(words):
        return PersonName("".join(fold(w) for w in words[1:]), (), fold(words[0]), suffix, True)
    # The family name is the last word with the particles before it; the rest are
    # given names, a dotted run of initials counting as several ("J.D." -> j, d).
    family_start = len(words) - 1
    while family_start > 0 and _is_particle(words[family_start - 1], first=family_start == 1):
        family_start -= 1
    family = " ".join(fold(w) for w in words[family_start:])
    given_words = [
        part for word in words[:family_start] for part in _initials_or_word(word) if part
    ]
    if not given_words:
        return PersonName("", (), family, suffix)
    return PersonName(given_words[0], tuple(given_words[1:]), family, suffix)


def _is_particle(word: str, *, first: bool) -> bool:
    # Leading "Al" and "Van" are given names (Al Gore, Van Jones) unless written lowercase.
    if first and word[:1].isupper() and word.lower() in GIVEN_NAME_PARTICLES:
        return False
    return word.lower() in PARTICLES


def _initials_or_word(word: str) -> list[str]:
    """Initials are several given names: "J.D." and "HW" (two or three capitals) alike."""
    if "." in word.rstrip(".") and all(len(part) <= 1 for part in word.split(".")):
        return [fold(part) for part in word.split(".")]
    if 2 <= len(word) <= 3 and word.isalpha() and word.isupper():
        return [letter.lower() for letter in word]
    return [fold(word)]


def family_key_for(name: str) -> str:
    """The folded family name of a person's name, for finding its namesakes."""
    return person_name_parse(name).family


@cache
def _nicknames() -> dict[str, frozenset[str]]:
    """Each given name with the names it is a nickname of or has as nickname."""
    from nicknames import NickNamer

    excluded = {frozenset(line.split()) for line in _data_lines("nickname_exclusions.txt")}
    related: dict[str, set[str]] = {}
    for name, nicknames in NickNamer().nickname_lookup.items():
        for nickname in nicknames:
            if frozenset({name, nickname}) in excluded or name == nickname:
                continue
            related.setdefault(name, set()).add(nickname)
            related.setdefault(nickname, set()).add(name)
    return {name: frozenset(others) for name, others in related.items()}


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name: one of the US census's first names, or a
    given name or nickname of the nicknames dataset."""
    folded = fold(word)
    return folded in _census_first_names() or folded in _nicknames()


@cache
def _census_first_names() -> frozenset[str]:
    """First names of the 1990 US census (5,494 male and female), from PyPI ``names``."""
    from importlib.resources import files

    found: set[str] = set()
    for listing in ("dist.male.first", "dist.female.first"):
        text = files("names").joinpath(listing).read_text(encoding="utf-8")
        found.update(fold(line.split()[0]) for line in text.splitlines() if line.strip())
    return frozenset(found)


@cache
def census_first_name_shares() -> dict[str, tuple[float, float]]:
    """Each census first name's share of US men and of US women, in percent (1990)."""
    from importlib.resources import files

    shares: dict[str, list[float]] = {}
    for column, listing in enumerate(("dist.male.first", "dist.female.first")):
        text = files("names").joinpath(listing).read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.strip():
                name, share = line.split()[:2]
                shares.setdefault(fold(name), [0.0, 0.0])[column] = float(share)
    return {name: (men, women) for name, (men, women) in shares.items()}


def given_names_agree(a: str, b: str) -> bool:
    """The same given name, an initial of it, or a nickname of it (Joe, Joseph)."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return b in _nicknames().get(a, frozenset())


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return True
    if len(a) != len(b):
        return False
    return all(
        x == y or ((len(x) == 1 or len(y) == 1) and x[0] == y[0]) for x, y in zip(a, b, strict=True)
    )


def names_agree(a: PersonName, b: PersonName) -> bool:
    """Whether two full names may be one person, generational suffixes aside."""
    if a.family != b.family or not a.is_full or not b.is_full:
        return False
    if a.family_first or b.family_first:
        return a.family_first == b.family_first and a.given == b.given
    return given_names_agree(a.given, b.given) and _middles_agree(a.middles, b.middles)


def is_distinct_by_suffix(name: PersonName, others: list[PersonName]) -> bool:
    """True when ``others`` (names of one article) hold another agreeing name that
    lacks this name's suffix or has another: "Donald Trump Jr." beside "Donald J. Trump".

    The given name must be written the same: a suffix tells apart a father and a
    son who share it, whereas "Joe Biden" beside "Joseph R. Biden Jr." is one
    man named informally and formally.
    """
    return bool(name.suffix) and any(
        other.suffix != name.suffix and other.given == name.given and names_agree(name, other)
        for other in others
    )


def person_forms(name: str, aliases: list[str] | tuple[str, ...] = ()) -> list[PersonName]:
    """The full names a person is known by: the canonical name and full-name aliases."""
    forms = [person_name_parse(name)]
    forms += [parsed for parsed in map(person_name_parse, aliases) if parsed.is_full]
    return forms


def agrees_with_person(name: PersonName, forms: list[PersonName]) -> bool:
    """Whether ``name`` may be the person known by ``forms``: it agrees with each of them.

    Every form counts, so "George H. W. Bush" does not join a "George Bush"
    already known as "George W. Bush".
    """
    return bool(forms) and all(names_agree(name, form) for form in forms)
