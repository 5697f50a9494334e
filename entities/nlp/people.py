"""People: canonical names and person mentions resolved within one article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from entities.nlp.countries import country_for_name
from entities.nlp.doc_index import text_of
from entities.nlp.results import PersonMention
from entities.nlp.roles import stated_roles

# Words that introduce a name but are not part of it ("Secretary of State
# Blinken", "Prime Minister Fumio Kishida"). Compared lowercased without a
# final period. "of"/"the"/"state" only go when they lead, inside a title run.
# A word list reads better as text than as a 110-line literal.
TITLE_WORDS = frozenset(
    """
    acting admiral adm ambassador assemblyman assemblywoman attorney ayatollah
    brig candidate capt captain cardinal chairman chairwoman chair chancellor chief
    col colonel commander commissioner congressman congresswoman councilman
    councilwoman cpl dame defense defence deputy director doctor dr emir
    father first foreign former gen general gov governor premier president
    president-elect prime minister mr mrs ms miss mister lady lord lt
    leader lieutenant madam maj major mayor minister monsignor nominee pastor
    pope prof professor prosecutor queen king prince princess rabbi rep reps
    representative rev reverend secretary secretary-general sen senator sens sgt
    sheikh sir speaker spokesman spokeswoman spokesperson state sultan supreme
    justice judge vice house interior finance trade treasury homeland security
    national advisor adviser white of the u.s. us
    """.split()  # noqa: SIM905
)
# Honorifics are not roles: "Mr. Obama" says nothing about what he does, only that
# a person is meant.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mister", "sir", "dame", "madam", "lady", "lord"}
)
# Generational suffixes: kept in the name, but the surname is the word before.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Lowercase particles allowed inside a name ("Ursula von der Leyen").
NAME_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la"})
NAME_PARTICLES |= {"le", "van", "von", "y"}

_WORD = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_EDGE_PUNCT = "\"\u201c\u201d\u2018\u2019'()[]{},;:!?\u2014\u2013-*"


@dataclass(frozen=True, slots=True)
class _NameWord:
    text: str
    start: int
    end: int


def _name_words(text: str) -> list[_NameWord]:
    """The words of the name proper in ``text``, with their offsets into ``text``."""
    words = []
    for match in _WORD.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        if start < end:
            words.append(_NameWord(text[start:end], start, end))
    if words:
        last = words[-1]
        if possessive := _POSSESSIVE.search(last.text):
            trimmed = last.text[: possessive.start()]
            words[-1] = _NameWord(trimmed, last.start, last.start + len(trimmed))
        last = words[-1]
        # A sentence-final period is not part of the name, but "Jr." and "J." keep theirs.
        if last.text.endswith(".") and not _keeps_period(last.text):
            words[-1] = _NameWord(last.text[:-1], last.start, last.end - 1)
        words = [word for word in words if word.text]
    # Titles, and a leading country ("Russian Foreign Minister Sergei Lavrov").
    while len(words) > 1 and (
        _is_title_word(words[0].text) or country_for_name(words[0].text) is not None
    ):
        words.pop(0)
    if len(words) == 1 and _is_title_word(words[0].text):
        return []
    return words


def _keeps_period(word: str) -> bool:
    bare = word.rstrip(".")
    return bare.lower() in NAME_SUFFIXES or len(bare) == 1 or "." in bare


def _is_title_word(word: str) -> bool:
    return word.lower().rstrip(".") in TITLE_WORDS or word.lower() in TITLE_WORDS


def canonical_person_name(text: str) -> str:
    """``text`` without titles, possessive, outer punctuation or extra whitespace."""
    return " ".join(word.text for word in _name_words(text))


def _is_suffix(word: str) -> bool:
    return word.lower().rstrip(".") in NAME_SUFFIXES


def _core_words(name: str) -> list[str]:
    """Name words without generational suffixes: "Ferdinand Marcos Jr." -> [Ferdinand, Marcos]."""
    return [word for word in name.split() if not _is_suffix(word)]


def surname_of(name: str) -> str:
    """The surname of a canonical name (the last word before any Jr./Sr./II suffix)."""
    core = _core_words(name)
    return core[-1] if core else ""


def is_full_name(name: str) -> bool:
    """Given name(s) plus surname, as opposed to a bare surname."""
    return len(_core_words(name)) >= 2


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not words or any(char.isdigit() for char in name):
        return False
    if len(words) == 1 and (not name[0].isupper() or country_for_name(name) is not None):
        # "minister", or "Russia" mis-tagged PERSON by the small model.
        return False
    if not any(word[0].isupper() for word in words):
        return False
    # Every word is capitalised, a particle ("von") or a suffix.
    return all(
        word[0].isupper() or word.lower() in NAME_PARTICLES or _is_suffix(word) for word in words
    )


def resolve_person_name(name: str, *, full_names: Sequence[tuple[int, str]], position: int) -> str:
    """The full name a (canonical) partial ``name`` refers to, or ``name`` itself.

    ``full_names`` are (offset, full name) pairs from the article in text order.
    A surname, or a first name + surname, matches full names with that surname
    (and first name). Several matches: the most recent before ``position``;
    with none before it, only an unambiguous later full name is taken.
    """
    core = _core_words(name)
    if not core:
        return name
    surname = core[-1]
    candidates = [
        (offset, full)
        for offset, full in full_names
        if full != name
        and surname_of(full) == surname
        and (len(core) == 1 or _core_words(full)[0] == core[0])
        # A longer form: "Sullivan" -> "Jake Sullivan", "Ferdinand Marcos" -> "... Jr.".
        and len(full.split()) > len(name.split())
    ]
    if len(core) >= 2 and not candidates:
        return name
    before = [full for offset, full in candidates if offset < position]
    if before:
        return before[-1]
    distinct_later = {full for _, full in candidates}
    if len(distinct_later) == 1:
        return distinct_later.pop()
    return name


def full_names_in(mentions: Sequence[PersonMention]) -> list[tuple[int, str]]:
    """(offset, name) for the mentions that give a full name, in text order."""
    return [(mention.start, mention.name) for mention in mentions if is_full_name(mention.name)]


def person_mentions(doc: Doc) -> list[PersonMention]:
    """Person mentions from PERSON entities, partial names resolved within the article."""
    written: list[tuple[str, str, int, int]] = []  # (canonical, text, start, end)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = _name_words(ent.text)
        name = " ".join(word.text for word in words)
        if not _looks_like_name(name):
            continue
        start = ent.start_char + words[0].start
        end = ent.start_char + words[-1].end
        written.append((name, text_of(doc)[start:end], start, end))
    written.extend(_names_with_a_person_role(doc))
    full_names = [(start, name) for name, _, start, _ in written if is_full_name(name)]
    written.extend(_surnames_missed_by_ner(doc, written, full_names))
    written.sort(key=lambda item: item[2])
    found = []
    for name, text, start, end in written:
        roles, country = stated_roles(doc, start, end)
        found.append(
            PersonMention(
                name=resolve_person_name(name, full_names=full_names, position=start),
                text=text,
                start=start,
                end=end,
                roles=roles,
                country=country,
            )
        )
    return found


# Words that may stand inside a title before a name but never start or end one.
_TITLE_JOINERS = frozenset({"of", "the", "for", "and", "&"})


# Appositive heads that only a person can be ("Eswar Prasad, a professor of
# economics"), besides the title words: jobs and roles, not organisations.
_PERSON_ROLE_NOUNS = (
    TITLE_WORDS - _TITLE_JOINERS - {"state", "white", "house", "national", "u.s.", "us"}
) | frozenset(
    """
    economist analyst strategist consultant lawyer official aide activist
    founder co-founder executive ceo author historian scholar researcher
    lobbyist pollster veteran worker resident student owner organizer
    journalist reporter writer editor columnist teacher nurse officer
    """.split()  # noqa: SIM905
)
_NAME_ENTITY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})


def _names_with_a_person_role(doc: Doc) -> list[tuple[str, str, int, int]]:
    """Full names the NER tagged as something else but the text gives a person's role.

    'Eswar Prasad, a professor at Cornell, said' or 'Reince Priebus, the GOP
    chairman,': the small model often calls such a name an organisation; an
    appositive job title only a person holds says otherwise.
    """
    found = []
    for ent in doc.ents:
        if ent.label_ not in _NAME_ENTITY_LABELS:
            continue
        start = ent.start
        # "Reince" left out of the entity "Priebus".
        while (
            start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i >= ent.start
        ):
            start -= 1
        name_tokens = doc[start : ent.end]
        if not 1 <= len(name_tokens) <= 3 or not all(
            token.pos_ == "PROPN" and token.is_title and token.ent_type_ != "PERSON"
            for token in name_tokens
        ):
            continue
        appositives = [
            child for child in ent.root.children if child.dep_ == "appos" and child.i >= ent.end
        ]
        if not any(
            child.pos_ in {"NOUN", "PROPN"} and child.lower_ in _PERSON_ROLE_NOUNS
            for child in appositives
        ):
            continue
        name = canonical_person_name(name_tokens.text)
        if _looks_like_name(name):
            found.append((name, name_tokens.text, name_tokens.start_char, name_tokens.end_char))
    return found


# Entities that may hold a surname as a person ("Ham" tagged ORG by the small model).
_SURNAME_LABELS_ALLOWED = frozenset({"", "PERSON", "ORG", "NORP", "GPE"})


def _surnames_missed_by_ner(
    doc: Doc,
    written: Sequence[tuple[str, str, int, int]],
    full_names: Sequence[tuple[int, str]],
) -> list[tuple[str, str, int, int]]:
    """Bare surnames of people named in full earlier that NER did not tag ("Ham said")."""
    surnames: dict[str, int] = {}
    for start, full in full_names:
        surnames.setdefault(surname_of(full), start)
    if not surnames:
        return []
    taken = [(start, end) for _, _, start, end in written]
    found = []
    for token in doc:
        first = surnames.get(token.text)
        if (
            first is None
            or token.idx <= first
            or not token.text[0].isupper()
            or token.ent_type_ not in _SURNAME_LABELS_ALLOWED
            or any(start <= token.idx < end for start, end in taken)
        ):
            continue
        # Part of a longer name ("Tom Ham"), or a possessive company ("Ham Inc.").
        if token.i > 0 and doc[token.i - 1].pos_ == "PROPN" and doc[token.i - 1].is_title:
            continue
        found.append((token.text, token.text, token.idx, token.idx + len(token)))
    return found
