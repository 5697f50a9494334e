"""Roles: what a person is (their title or job) and the country it ties them to.

A role is a whole phrase from the reviewed list in data/roles.txt, found in the
title run before a name ("Former Secretary of State Hillary Clinton") or in an
appositive beside it ("Jake Sullivan, the national security adviser,"), with
the modifiers that qualify it ("former", "acting", "deputy"). It is stored in
lower case. A fragment of a title ("First", "state", "White House") is never a
role. The country is the one the article ties to the role: a country word
right before it ("Russian Foreign Minister", "Japan's Prime Minister") or
"of COUNTRY" right after it ("the President of the Philippines"), never a
country named elsewhere near the name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from entities.nlp.countries import country_of_words

ROLES_FILE = Path(__file__).parent / "data" / "roles.txt"
MODIFIERS_FILE = Path(__file__).parent / "data" / "role_modifiers.txt"

_POSSESSIVES = frozenset({"'s", "\u2019s"})
_COUNTRY_LABELS = frozenset({"GPE", "NORP"})
# Words modifying a role allowed between it and a country ("Russian Foreign
# Ministry spokeswoman", "Russian gun-rights activist").
MAX_MODIFIER_WORDS = 4
_HYPHENS = re.compile(r"[-\u2010-\u2013]")
# Role words may be nouns or proper nouns ("Major Smith"), not adjectives ("major donor").
_ROLE_HEAD_POS = frozenset({"NOUN", "PROPN", ""})


def _words_of(text: str) -> tuple[str, ...]:
    """Lower-case words of a role as written: periods and hyphens do not matter."""
    return tuple(
        word.rstrip(".") for word in _HYPHENS.sub(" ", text.casefold()).split() if word != "."
    )


@functools.cache
def role_phrases() -> dict[tuple[str, ...], str]:
    """Words of each written form of a reviewed role -> the role as stored."""
    phrases: dict[tuple[str, ...], str] = {}
    for line in ROLES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms = [form.strip() for form in line.split("|") if form.strip()]
        for form in forms:
            phrases[_words_of(form)] = forms[0].casefold()
    return phrases


@functools.cache
def role_modifiers() -> dict[str, str]:
    """Modifier word -> the form kept in the role ("ex" -> "former"; "" drops it)."""
    lines = MODIFIERS_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    found = {}
    for line in rows[1:]:  # rows[0] is the header
        word, stored = [*line.split("\t"), ""][:2]
        found[word.strip()] = stored.strip()
    return found


def role_as_listed(text: str) -> str | None:
    """A role as stored ("Former Secretary of State" -> "former secretary of state"), or None.

    None unless ``text`` is a whole reviewed phrase, with modifiers at most before it.
    """
    words = _words_of(text)
    modifiers = role_modifiers()
    lead = 0
    while lead < len(words) and words[lead] in modifiers:
        lead += 1
    phrase = role_phrases().get(words[lead:])
    if phrase is None:
        return None
    kept = dict.fromkeys(modifiers[word] for word in words[:lead] if modifiers[word])
    return " ".join([*kept, phrase])


@functools.cache
def _role_words() -> frozenset[str]:
    words = {word for phrase in role_phrases() for word in phrase}
    return frozenset(words | set(role_modifiers()))


@functools.cache
def _longest_phrase() -> int:
    return max(len(phrase) for phrase in role_phrases())


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of a title, lower case, and the token it is (part of: "president-elect")."""

    text: str
    token: Token


def _title_words(tokens: Sequence[Token]) -> list[_Word]:
    """Role-comparable words of a run of tokens: hyphenated parts split, periods dropped."""
    words = []
    for token in tokens:
        if token.is_punct and not _HYPHENS.fullmatch(token.text):
            continue
        for part in _words_of(token.text):
            words.append(_Word(part, token))
    return words


@dataclass(frozen=True, slots=True)
class _Role:
    text: str  # as stored: modifiers and phrase, lower case
    first: Token  # first token, modifiers included
    last: Token  # last token of the phrase


def _role_in(
    words: Sequence[_Word], *, ending_at: Token | None = None, holding: Token | None = None
) -> _Role | None:
    """The longest reviewed role phrase in ``words``, with the modifiers right before it.

    ``ending_at``: the phrase must end on this token (a title touching the name).
    ``holding``: the phrase must contain this token (the head of an appositive).
    """
    phrases = role_phrases()
    best: tuple[int, int, int] | None = None  # (length, start, end) over words
    for start in range(len(words)):
        for end in range(min(len(words), start + _longest_phrase()), start, -1):
            key = tuple(word.text for word in words[start:end])
            if key not in phrases:
                continue
            first, last = words[start].token, words[end - 1].token
            if ending_at is not None and last.i != ending_at.i:
                continue
            if holding is not None and not first.i <= holding.i <= last.i:
                continue
            if last.pos_ not in _ROLE_HEAD_POS:
                continue  # "major donor": an adjective, not a rank
            if best is None or end - start > best[0]:
                best = (end - start, start, end)
            break  # the longest phrase from this start
    if best is None:
        return None
    _, start, end = best
    kept = []
    modifiers = role_modifiers()
    while start > 0 and words[start - 1].text in modifiers:
        start -= 1
        if modifiers[words[start].text]:
            kept.insert(0, modifiers[words[start].text])
    phrase = phrases[tuple(word.text for word in words[best[1] : end])]
    return _Role(" ".join([*dict.fromkeys(kept), phrase]), words[start].token, words[end - 1].token)


def stated_roles(doc: Doc, start: int, end: int) -> tuple[tuple[str, ...], str | None]:
    """Roles and country stated next to the name at text[start:end].

    Before the name: a run of title words, possibly led by a country
    ("Russian Foreign Minister Sergei Lavrov", "Japan's Prime Minister, Fumio
    Kishida"). After it: an appositive that is a title ("Jake Sullivan, the
    national security advisor,"), possibly with "of COUNTRY".
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return (), None
    roles: list[str] = []
    country: str | None = None
    for role in (_title_before(doc, span.start), _appositive_role(span)):
        if role is not None:
            roles.append(role.text)
            country = country or _country_tied_to(doc, role)
    if not roles and (named := _title_named(span)) is not None:
        roles.append(named.text)
        country = _country_tied_to(doc, named)
    return tuple(dict.fromkeys(roles)), country


def _title_before(doc: Doc, name_start: int) -> _Role | None:
    """The role in the title words right before a name."""
    i = name_start - 1
    # "Japan's Prime Minister, Fumio Kishida": the comma of an appositive title.
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 0:
        return None
    if doc[i].ent_type_ in _COUNTRY_LABELS:
        return _title_of_country(doc, i)
    return _run_ending(doc, i)


def _title_of_country(doc: Doc, i: int) -> _Role | None:
    """'the President of the Philippines,' before a name: the role before "of COUNTRY"."""
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    if i < 2 or doc[i - 1].lower_ != "of":
        return None
    return _run_ending(doc, i - 2)


def _run_ending(doc: Doc, last: int) -> _Role | None:
    """The role in the run of title words ending at doc[last]."""
    role_words = _role_words()
    tokens: list[Token] = []
    i = last
    while i >= 0:
        token = doc[i]
        words = _words_of(token.text)
        if (words and all(word in role_words for word in words)) or (
            tokens and _HYPHENS.fullmatch(token.text)
        ):
            tokens.append(token)
            i -= 1
        else:
            break
    tokens.reverse()
    return _role_in(_title_words(tokens), ending_at=doc[last]) if tokens else None


def _country_tied_to(doc: Doc, role: _Role) -> str | None:
    """The country a role belongs to: a country word before it, or "of COUNTRY" after it."""
    i = role.first.i - 1
    if i >= 0 and doc[i].lower_ in {"the", "a", "an"}:
        i -= 1
    # "the Russian Foreign Ministry spokeswoman", "a Russian gun-rights activist":
    # words that modify the role stand between it and the country.
    skipped = 0
    while (
        i >= 0
        and skipped < MAX_MODIFIER_WORDS
        and doc[i].ent_type_ not in _COUNTRY_LABELS
        and (
            _HYPHENS.fullmatch(doc[i].text)
            or role.first.i <= _noun_phrase_head(doc[i]).i <= role.last.i
        )
    ):
        i -= 1
        skipped += 1
    if i >= 0 and (code := _country_of_token(doc, i)):
        return code
    j = role.last.i + 1
    if j < len(doc) and doc[j].lower_ == "of":
        j += 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        if j < len(doc) and doc[j].ent_type_ in _COUNTRY_LABELS:
            end = j
            while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
                end += 1
            return country_of_words(doc, doc[j].idx, doc[end].idx + len(doc[end]))
    return None


def _noun_phrase_head(token: Token) -> Token:
    """The noun a modifier word belongs to ("Foreign" in "Foreign Ministry spokeswoman")."""
    while token.dep_ in {"compound", "amod"} and token.head is not token:
        token = token.head
    return token


def _country_of_token(doc: Doc, i: int) -> str | None:
    """The country named by doc[i] ("Russian", "U.S.") or by "Japan 's" ending at i."""
    token = doc[i]
    if token.text in _POSSESSIVES and i > 0:
        token = doc[i - 1]
    if token.ent_type_ not in _COUNTRY_LABELS:
        return None
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return country_of_words(doc, doc[start].idx, token.idx + len(token))


def _title_named(span: Span) -> _Role | None:
    """The role a name stands in apposition to ('the President of the Philippines, X')."""
    head = span.root
    title = head.head
    if head.dep_ != "appos" or title.i >= span.start:
        return None
    tokens = [token for token in title.subtree if token.i < span.start]
    return _role_in(_title_words(tokens), holding=title)


def _appositive_role(span: Span) -> _Role | None:
    """The role an appositive after the name gives ('Jake Sullivan, the security adviser')."""
    for child in span.root.children:
        if child.dep_ != "appos" or child.i < span.end or child.ent_type_ == "PERSON":
            continue
        role = _role_in(_title_words(list(child.subtree)), holding=child)
        if role is not None:
            return role
    return None
