"""Roles: what a person is (their title or job) and the country it ties them to."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from entities.nlp.countries import country_for_name
from entities.nlp.people import _TITLE_JOINERS, TITLE_WORDS

# Honorifics are not roles: "Mr. Obama" says nothing about what he does.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mister", "sir", "dame", "madam", "lady", "lord"}
)
_DETERMINERS = frozenset({"the", "a", "an"})
# Appositive heads that describe a person's job; other appositives ("a father
# of two", "82") are not roles.
MAX_ROLE_WORDS = 8


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
    title, title_country = _title_before(doc, span.start)
    if title:
        roles.append(title)
    country = title_country
    appositive, appositive_country = _appositive_role(span)
    if appositive:
        roles.append(appositive)
    country = country or appositive_country
    if not roles:
        named, named_country = _title_named(span)
        if named:
            roles.append(named)
        country = country or named_country
    return tuple(dict.fromkeys(roles)), country


def _title_before(doc: Doc, name_start: int) -> tuple[str, str | None]:
    """The title words right before a name, and a country that leads them."""
    i = name_start - 1
    # "Japan's Prime Minister, Fumio Kishida": the comma of an appositive title.
    of_country = None
    if i >= 0 and doc[i].text == ",":
        i -= 1
        # "the President of the Philippines, Ferdinand Marcos Jr."
        j = i
        while j >= 0 and doc[j].ent_type_ == "GPE":
            j -= 1
        if j < i and j >= 1 and doc[j].lower_ in {"the", "of"}:
            k = j - 1 if doc[j].lower_ == "the" else j
            if k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in TITLE_WORDS:
                of_country = _country_of_token(doc, i)
                i = k - 1
    words: list[Token] = []
    while i >= 0:
        token = doc[i]
        lower = token.lower_.rstrip(".")
        if (lower in TITLE_WORDS and lower not in HONORIFICS and lower not in {"u.s", "us"}) or (
            lower in _TITLE_JOINERS and words
        ):
            words.append(token)
        else:
            break
        i -= 1
    words.reverse()
    while words and words[0].lower_ in _TITLE_JOINERS:
        words.pop(0)
    while words and words[-1].lower_ in _TITLE_JOINERS:
        words.pop()
    country = of_country
    if i >= 0 and country is None:
        country = _country_of_token(doc, i)
    if not words:
        return "", None
    title = doc[words[0].i : words[-1].i + 1].text
    return title, country


def _country_of_token(doc: Doc, i: int) -> str | None:
    """The country named by doc[i] ("Russian", "U.S.") or by "Japan 's" ending at i."""
    token = doc[i]
    if token.text in {"'s", "\u2019s"} and i > 0:
        token = doc[i - 1]
    if token.ent_type_ not in {"GPE", "NORP"}:
        return None
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return country_for_name(doc[start : token.i + 1].text)


def _title_named(span) -> tuple[str, str | None]:
    """The title a name stands in apposition to ('the President of the Philippines, X')."""
    head = span.root
    title = head.head
    if head.dep_ != "appos" or title.i >= span.start or title.lower_ not in TITLE_WORDS:
        return "", None
    words = [t for t in title.lefts if t.dep_ == "compound" and t.lower_ in TITLE_WORDS]
    start = words[0].i if words else title.i
    country = None
    for child in title.children:
        if child.dep_ == "poss":
            country = _country_of_token(span.doc, child.i)
        elif child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    country = _country_of_token(span.doc, pobj.i)
    return span.doc[start : title.i + 1].text, country


def _appositive_role(span) -> tuple[str, str | None]:
    head = span.root
    for child in head.children:
        if child.dep_ != "appos" or child.i < span.end:
            continue
        if child.lower_.rstrip(".") not in TITLE_WORDS and not any(
            t.lower_ in TITLE_WORDS for t in child.lefts
        ):
            continue
        if child.ent_type_ == "PERSON":
            continue
        words = [t for t in child.subtree]
        country = None
        for t in words:
            if t.ent_type_ in {"GPE", "NORP"}:
                country = country or _country_of_token(t.doc, t.i)
        # The role proper: the appositive up to its head and any "of ..." phrase,
        # without the determiner or a leading country.
        role_tokens = [t for t in words if t.i <= child.i or t.head.i >= child.i]
        while role_tokens and (
            role_tokens[0].lower_ in _DETERMINERS
            or role_tokens[0].ent_type_ in {"GPE", "NORP"}
            or role_tokens[0].text in {"'s", "\u2019s"}
        ):
            role_tokens.pop(0)
        while role_tokens and role_tokens[-1].is_punct:
            role_tokens.pop()
        if not role_tokens or len(role_tokens) > MAX_ROLE_WORDS:
            continue
        role = span.doc[role_tokens[0].i : role_tokens[-1].i + 1].text
        # "President of the Philippines": the country says who they belong to.
        if country and " of " in role:
            role = role.split(" of ")[0]
        return role, country
    return "", None
