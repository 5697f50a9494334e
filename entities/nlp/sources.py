"""What a statement's source is: a person, an organisation, a country, or an unnamed source.

The attribution rules find who said something as written ("the Kremlin",
"Mr. King", "Beijing", "a spokeswoman for Disney"); ``source_for`` says what
that is, its canonical name, and the country and organisation it belongs to.
The rules are tried in the order of ``SOURCE_RULES``; the first that answers wins.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from entities.nlp.countries import capitals, country_for_name
from entities.nlp.cues import message_nouns
from entities.nlp.doc_index import entities_of, sentence_of
from entities.nlp.organisations import (
    data_lines,
    known_organisation,
    organisation_nouns,
    without_the,
)
from entities.nlp.people import (
    HONORIFICS,
    TITLE_WORDS,
    canonical_person_name,
    full_names_in,
    resolve_person_name,
)
from entities.nlp.quoted_statements import Speaker
from entities.nlp.results import OrganisationKind, PersonMention, SpeakerKind

DATA_DIR = Path(__file__).parent / "data"
DOCUMENT_NOUNS_FILE = DATA_DIR / "document_nouns.txt"
PERSON_NOUNS_FILE = DATA_DIR / "person_nouns.txt"
PARTY_MEMBERS_FILE = DATA_DIR / "party_members.tsv"


@dataclass(frozen=True, slots=True)
class Source:
    """What a speaker is; ``name`` only for a person or an organisation."""

    kind: SpeakerKind | None
    name: str | None = None
    # The source as written, widened to its whole noun phrase for an unnamed
    # source ("a New Hampshire Democrat" where the cue's subject is "Democrat").
    description: str | None = None
    country: str | None = None  # ISO alpha-2 of the country the source belongs to
    organisation_kind: OrganisationKind | None = None
    affiliation: str | None = None  # the organisation an unnamed source speaks for


@functools.cache
def document_nouns() -> frozenset[str]:
    """Lemmas of nouns for documents that speak for who issued them, message nouns too."""
    own = frozenset(line.strip().lower() for line in data_lines(DOCUMENT_NOUNS_FILE))
    return own | message_nouns()


@functools.cache
def person_nouns() -> frozenset[str]:
    """Nouns only a person can be ("writer", "spokeswoman", "minister")."""
    return frozenset(line.strip().lower() for line in data_lines(PERSON_NOUNS_FILE))


@functools.cache
def party_members() -> dict[str, str]:
    """Word for a party's members or supporters ("Democrat") -> the party's canonical name."""
    members = {}
    for line in data_lines(PARTY_MEMBERS_FILE)[1:]:
        word, party = line.split("\t")
        if known_organisation(party) is None:
            raise ValueError(f"{PARTY_MEMBERS_FILE.name}: {party!r} is not in organisations.tsv")
        members[word.strip()] = party.strip()
    return members


# The longest name or speaker-as-written the database keeps (entities.models:
# Person.name, Organisation.name and Statement.speaker_text are all 300 characters).
MAX_SOURCE_CHARS = 300


def fit_field(text: str | None, limit: int = MAX_SOURCE_CHARS) -> str | None:
    """``text`` cut at the last whole word that fits in ``limit`` characters."""
    if text is None or len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(maxsplit=1)[0] if " " in text[:limit] else text[:limit]
    return cut[:limit].rstrip(" ,;:-\u2014")


def source_for(doc: Doc, speaker: Speaker, *, people: Sequence[PersonMention]) -> Source:
    """What ``speaker`` is, with its name, country and organisation where the text gives them.

    Names and descriptions never run past what the database keeps (``fit_field``).
    """
    found = _source_for(doc, speaker, people=people)
    if (found.name and len(found.name) > MAX_SOURCE_CHARS) or (
        found.description and len(found.description) > MAX_SOURCE_CHARS
    ):
        return replace(found, name=fit_field(found.name), description=fit_field(found.description))
    return found


def _source_for(doc: Doc, speaker: Speaker, *, people: Sequence[PersonMention]) -> Source:
    if speaker.name:
        return Source(
            kind="person", name=speaker.name, country=person_country(speaker, people=people)
        )
    if not speaker.text.strip() or speaker.end <= speaker.start:
        return Source(kind=None)
    span = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if span is None or not len(span):
        return Source(kind=None)
    phrase = _Phrase(span, people)
    for rule in SOURCE_RULES:
        found = rule(phrase)
        if found is not None:
            return found
    return Source(kind=None)


def person_country(speaker: Speaker, *, people: Sequence[PersonMention]) -> str | None:
    """The country the article states for the person ``speaker`` names.

    The speaker's own mention first ("Russian Foreign Minister Sergei
    Lavrov said"), else what most of the article's mentions of them say.
    """
    own = [
        m.country
        for m in people
        if m.country and m.name == speaker.name and m.start < speaker.end and speaker.start < m.end
    ]
    if own:
        return own[0]
    stated = Counter(m.country for m in people if m.name == speaker.name and m.country)
    return stated.most_common(1)[0][0] if stated else None


class _Phrase:
    """The speaker's words in the parse, with what the rules ask of them."""

    def __init__(self, span: Span, people: Sequence[PersonMention]) -> None:
        span, self.head = _noun_phrase_in(span)
        self.span = span
        self.people = people
        kept = {"-", "&", ".", "'", "\u2019"}
        words = [t for t in span if not t.is_punct or t.text in kept or t.tag_ == "POS"]
        while words and (words[0].dep_ in {"det", "poss"} or words[0].pos_ == "DET"):
            words.pop(0)
        while words and (words[-1].tag_ == "POS" or words[-1].is_punct):
            words.pop()
        # A name after an owner or a title is a person's: "Fox News' Sean Hannity",
        # "Phoenix Mayor Greg Stanton".
        self.titled = False
        # "Fox News' Sean Hannity": the name after a possessive is who speaks.
        owned = [i for i, t in enumerate(words) if t.tag_ == "POS" or t.text in {"'", "\u2019"}]
        # Only a name the phrase's head belongs to: in "the former top aide to
        # President George W. Bush" the aide speaks, not the man named after the head.
        if (
            owned
            and words[owned[-1] + 1 :]
            and all(t.pos_ == "PROPN" for t in words[owned[-1] + 1 :])
            and self.head.i >= words[owned[-1] + 1].i
        ):
            words = words[owned[-1] + 1 :]
            self.titled = True
        # "Phoenix Mayor Greg Stanton": the name after a title is who speaks.
        titled = [
            i
            for i, t in enumerate(words[:-1])
            if t.lower_.rstrip(".") in person_nouns() and t.is_title
        ]
        if (
            titled
            and all(t.pos_ == "PROPN" for t in words[titled[-1] + 1 :])
            and self.head.i >= words[titled[-1] + 1].i
        ):
            words = words[titled[-1] + 1 :]
            self.titled = True
        # "ROME - Bernie Sanders": a dateline is no part of the name.
        dashes = [i for i, t in enumerate(words) if t.text in {"-", "\u2014", "\u2013"}]
        if dashes and all(t.is_upper for t in words[: dashes[-1]]) and words[dashes[-1] + 1 :]:
            words = words[dashes[-1] + 1 :]
        self.words = words
        # "the Hill said": the article may stand outside the entity the span keeps.
        self.determined = any(
            t.dep_ == "det" and t.lower_ == "the" for t in self.head.lefts
        ) or any(t.dep_ == "det" and t.lower_ == "the" for t in span if t.i < self.head.i)

    @property
    def name(self) -> str:
        """The words as written, without a leading determiner or a trailing possessive."""
        if not self.words:
            return ""
        text = self.span.doc[self.words[0].i : self.words[-1].i + 1].text
        # Markup left in scraped copy ('">Sanders') is no part of a name.
        return text[next((i for i, char in enumerate(text) if char.isalnum()), 0) :]

    @property
    def written(self) -> str:
        """The name as written with a leading "the" ("the Hill")."""
        return f"the {self.name}" if self.determined else self.name

    @property
    def is_proper(self) -> bool:
        """Every word a name's: a proper noun, or capitalised where a sentence does not start."""
        return bool(self.words) and all(
            t.pos_ == "PROPN"
            or ((t.is_title or t.is_upper) and not t.is_sent_start)
            or t.text in {"-", "&", ".", "'s"}
            for t in self.words
        )

    @property
    def person_name(self) -> str:
        """The words as a person's name; "King" after "Mr." is a name, not a title."""
        if not self.words:
            return ""
        return canonical_person_name(self.name) or self.words[-1].text


def _noun_phrase_in(span: Span) -> tuple[Span, Token]:
    """The speaker's noun phrase and its head.

    The last noun among the span's roots ('Will Estrada', where the parser
    took "Will" for a verb's auxiliary), or the subject of a verb the span
    runs on into ('Trump told Business Insider').
    """
    roots = [t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i]
    nouns = [t for t in roots if t.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}]
    head = nouns[-1] if nouns else span.root
    if head.pos_ in {"VERB", "AUX"}:
        subjects = [c for c in head.children if c.dep_ == "nsubj" and span.start <= c.i < span.end]
        if subjects:
            head = subjects[0]
            return span.doc[head.left_edge.i : head.right_edge.i + 1], head
    return span, head


# Personal pronouns and relatives: a source only once resolved, which the
# attribution rules have already tried.
_UNRESOLVED_PRONOUNS = frozenset(
    "i me we us you he him she her it they them which who whom that this these those".split()  # noqa: SIM905
)


def unresolved_pronoun(phrase: _Phrase) -> Source | None:
    """'it said', 'they said': no source we can name (the kind stays None)."""
    if phrase.head.pos_ == "PRON" and phrase.head.lower_ in _UNRESOLVED_PRONOUNS:
        return Source(kind=None)
    return None


def well_known_organisation(phrase: _Phrase) -> Source | None:
    """'the Kremlin', 'Xinhua', 'the IAEA': a body of the reviewed list."""
    for text in (phrase.written, _entity_text(phrase.head)):
        known = known_organisation(text) if text else None
        if known is not None:
            return Source(
                kind="organisation",
                name=known.name,
                country=known.country,
                organisation_kind=known.kind,
            )
    return None


def country_as_state(phrase: _Phrase) -> Source | None:
    """'Russia said', 'Beijing warned': a country or its capital speaking as the state.

    A people ("Mexicans said", tagged NORP) is an unnamed source of that
    country, not the state.
    """
    name = phrase.name
    if not name or phrase.head.ent_type_ in {"PERSON", "ORG"}:
        return None
    alpha2 = country_for_name(name)
    if alpha2 is not None and phrase.head.ent_type_ == "NORP":
        return Source(kind="unnamed", description=phrase.span.text, country=alpha2)
    alpha2 = alpha2 or capitals().get(name)
    if alpha2 is None:
        return None
    return Source(kind="country", country=alpha2)


def person_by_surname(phrase: _Phrase) -> Source | None:
    """'Trump said' where the article names Donald Trump: the person, whatever the NER says."""
    if phrase.determined or not phrase.is_proper or phrase.head.pos_ not in {"PROPN", "NOUN"}:
        return None
    name = phrase.person_name
    if not name:
        return None
    resolved = resolve_person_name(
        name, full_names=full_names_in(phrase.people), position=phrase.span.start_char
    )
    if resolved == name:
        return None
    return Source(kind="person", name=resolved, country=_country_of_person(resolved, phrase))


def named_person(phrase: _Phrase) -> Source | None:
    """A name the article never gives in full, or the NER mistook for an organisation.

    A person when tagged PERSON, after an honorific ("Mr. King said", with
    no full name in the article), set off by a job only a person holds
    ("Vann R. Newkirk II, a writer for The Atlantic, said"), or so tagged or
    titled wherever else the article writes the name ("host Sean Hannity").
    """
    if phrase.determined or not phrase.is_proper or phrase.head.pos_ not in {"PROPN", "NOUN"}:
        return None
    if not phrase.words:
        return None
    if not (
        phrase.head.ent_type_ == "PERSON"
        or (phrase.titled and len(phrase.words) >= 2)
        or _after_honorific(phrase)
        or _has_person_appositive(phrase.head)
        or _named_as_person_elsewhere(phrase)
    ):
        return None
    name = phrase.person_name
    return Source(kind="person", name=name, country=_country_of_person(name, phrase))


def named_organisation(phrase: _Phrase) -> Source | None:
    """'the Chinese Foreign Ministry', 'The International Atomic Energy Agency', 'PolitiFact'.

    An ORG entity, a capitalised phrase headed by an organisation noun, or
    any other proper name that no rule before took for a person or a place:
    news introduces a person by full name, so a single capitalised word
    never given in full ("Peabody said") is an organisation.
    """
    head = phrase.head
    if head.ent_type_ == "ORG" and head.pos_ in {"PROPN", "NOUN"} and head.is_title:
        # "the conservative-leaning Tax Foundation", "the Roper Center for Public
        # Opinion Research": the entity is the name, whatever stands around it.
        name = without_the(_entity_text(head))
        return organisation_source(_earlier_full_name(phrase, name) or name)
    if not phrase.is_proper or head.pos_ not in {"PROPN", "NOUN"}:
        return None
    if head.ent_type_ in {"PERSON", "GPE", "NORP", "DATE", "TIME", "CARDINAL"}:
        return None
    if len(phrase.words) == 1 and _is_person_noun(head):
        return None  # "Senator said": a title, capitalised, is not an organisation
    name = _earlier_full_name(phrase, phrase.name) or phrase.name
    if not name:
        return None
    return organisation_source(name)


def organisation_source(name: str) -> Source:
    """An organisation named ``name``: its kind and country from the data or its own words."""
    known = known_organisation(name)
    if known is not None:
        return Source(
            kind="organisation",
            name=known.name,
            country=known.country,
            organisation_kind=known.kind,
        )
    # "Politico, Democratic party": an entity run over a comma holds two names.
    name = name.split(", ")[0]
    words = name.split()
    kind = organisation_nouns().get(words[-1].lower(), "other")
    if "News" in words:
        kind = "media"  # "Yahoo News", "Christian News Service"
    return Source(
        kind="organisation", name=name, organisation_kind=kind, country=_country_in_name(name)
    )


def issued_document(phrase: _Phrase) -> Source | None:
    """'the IMF report said', 'a Pentagon statement': the body that issued the document.

    Without an issuer ("the report said") the document is an unnamed source.
    """
    head = phrase.head
    if head.pos_ != "NOUN" or head.lemma_.lower() not in document_nouns():
        return None
    for issuer in _issuers(head):
        span = _entity_or_noun_phrase(issuer)
        text = without_the(span.text)
        if issuer.ent_type_ == "PERSON":
            # "an analysis by Lily Batchelder": the person, as the article names them.
            named = next(
                (m.name for m in phrase.people if m.start <= issuer.idx < m.end),
                canonical_person_name(text),
            )
            if named:
                return Source(kind="person", name=named, country=_country_of_person(named, phrase))
            continue
        if known_organisation(text) or issuer.ent_type_ == "ORG":
            return organisation_source(text)
        if (alpha2 := country_for_name(text)) and issuer.ent_type_ == "GPE":
            return Source(kind="country", country=alpha2)
    return None


def unnamed_source(phrase: _Phrase) -> Source:
    """'a senior U.S. official', 'a spokeswoman for Disney', 'the report', 'protesters'."""
    description = _description(phrase.head, phrase.span)
    country = None
    affiliation: Source | None = None
    for ent in description.ents:
        if ent.root.i == phrase.head.i and ent.label_ != "NORP":
            continue
        if not _modifies(ent.root, phrase.head):
            continue  # "a speech Mrs. Clinton delivered at New York University"
        text = without_the(ent.text)
        if ent.label_ in {"GPE", "NORP"} and (alpha2 := country_for_name(text)):
            country = country or alpha2
        elif ent.label_ in {"ORG", "FAC"} or known_organisation(text):
            affiliation = affiliation or organisation_source(_without_possessive(text))
    if affiliation is None:
        for token in description:
            if token.i != phrase.head.i and (known := known_organisation(token.text)):
                affiliation = organisation_source(known.name)
                break
    if affiliation is None:
        # "a New Hampshire Democrat", "one Republican involved in the planning"
        party = next(
            (party_members()[t.text] for t in description if t.text in party_members()), None
        )
        affiliation = organisation_source(party) if party else None
    if affiliation is not None:
        country = country or affiliation.country
    return Source(
        kind="unnamed",
        description=description.text,
        country=country,
        organisation_kind=affiliation.organisation_kind if affiliation else None,
        affiliation=affiliation.name if affiliation else None,
    )


def described_person(phrase: _Phrase) -> Source | None:
    """'the Vermont senator', 'the Republican nominee': the one person the article so described.

    A definite description refers back. It names the person whose name the
    article set it next to ("Republican presidential nominee Donald Trump",
    "Mike Pence, the Indiana governor,") when every word of the description
    was stated there, for exactly one person named before it; otherwise it
    stays an unnamed source.
    """
    head = phrase.head
    if head.pos_ != "NOUN" or not phrase.determined or not _is_person_noun(head):
        return None
    wanted = _description_words(t for t in phrase.span if t.i <= head.i)
    if head.lemma_.lower() not in wanted:
        return None
    doc = phrase.span.doc
    described = {
        mention.name
        for mention in phrase.people
        if mention.end <= phrase.span.start_char
        and wanted <= _stated_next_to(doc, mention.start, mention.end)
    }
    if len(described) != 1:
        return None
    name = described.pop()
    return Source(kind="person", name=name, country=_country_of_person(name, phrase))


# The order in which a speaker is read; the first rule that answers wins.
SOURCE_RULES: tuple[Callable[[_Phrase], Source | None], ...] = (
    unresolved_pronoun,
    well_known_organisation,
    country_as_state,
    person_by_surname,
    named_person,
    issued_document,
    named_organisation,
    described_person,
    unnamed_source,
)


# Abbreviated titles as news writes them before a name ("Sen. Bernie Sanders").
_TITLE_ABBREVIATIONS = {
    "sen": "senator",
    "gov": "governor",
    "rep": "representative",
    "pres": "president",
    "gen": "general",
    "sec": "secretary",
    "atty": "attorney",
}
# Words a description may carry that say nothing about whom it describes.
_EMPTY_DESCRIPTION_WORDS = frozenset({"the", "a", "an", "of", "for", "and", "'s", "\u2019s"})
# How far before a name its title may start ("Republican presidential nominee Donald Trump").
MAX_TITLE_WORDS_BEFORE = 6


def _description_words(tokens: Iterable[Token]) -> frozenset[str]:
    words = set()
    for token in tokens:
        if token.is_punct or token.lower_ in _EMPTY_DESCRIPTION_WORDS:
            continue
        word = token.lower_.rstrip(".")
        words.add(
            _TITLE_ABBREVIATIONS.get(word, token.lemma_.lower() if token.pos_ == "NOUN" else word)
        )
    return frozenset(words)


def _stated_next_to(doc: Doc, start: int, end: int) -> frozenset[str]:
    """The words the article set next to a name: its title before it, an appositive around it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return frozenset()
    before: list[Token] = []
    i = span.start - 1
    while i >= 0 and len(before) < MAX_TITLE_WORDS_BEFORE:
        token = doc[i]
        if token.pos_ not in {"PROPN", "NOUN", "ADJ"} and token.lower_ not in {"of", "."}:
            break
        before.append(token)
        i -= 1
    stated = set(_description_words(before))
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            stated |= _description_words(
                t for t in child.subtree if t.i <= child.i or t.head.i >= child.i
            )
    if root.dep_ == "appos" and root.head.i < span.start:
        # "the Indiana governor, Mike Pence,"
        title = root.head
        stated |= _description_words(t for t in title.subtree if t.i < span.start)
    return frozenset(stated)


def _entity_text(token: Token) -> str:
    """The text of the entity ``token`` is in, or ''."""
    if not token.ent_type_:
        return ""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return _without_possessive(doc[start:end].text)


def _without_possessive(text: str) -> str:
    for ending in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(ending):
            return text[: -len(ending)].rstrip()
    return text


def _after_honorific(phrase: _Phrase) -> bool:
    first = phrase.words[0]
    if first.lower_.rstrip(".") in HONORIFICS:
        return True
    doc = first.doc
    return first.i > 0 and doc[first.i - 1].lower_.rstrip(".") in HONORIFICS


def _named_as_person_elsewhere(phrase: _Phrase) -> bool:
    """True when the article elsewhere tags the name PERSON or puts a title before it."""
    doc = phrase.span.doc
    surname = phrase.words[-1].text
    for token in doc:
        if token.text != surname or phrase.span.start <= token.i < phrase.span.end:
            continue
        if token.ent_type_ == "PERSON":
            return True
        # Back over given names ("candidate Carly Fiorina") to the word before the name.
        i = token.i - 1
        while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].is_title and token.i - i <= 3:
            i -= 1
        before = doc[i].lower_.rstrip(".") if i >= 0 else ""
        if before in person_nouns() or before in TITLE_WORDS - _NOT_TITLES:
            return True
        if token.dep_ == "nsubj" and _taken_up_by_person_pronoun(token):
            return True
    return False


def _taken_up_by_person_pronoun(subject: Token) -> bool:
    """'Fiorina threw her support to Cruz. She said ...': the next subject is "he" or "she".

    An organisation is taken up by "it" or "they"; only a person by he or she.
    Nobody else may be named between.
    """
    doc = subject.doc
    stop = sentence_of(subject).end
    if stop < len(doc):
        stop = sentence_of(doc[stop]).end
    for token in doc[subject.i + 1 : stop]:
        if token.ent_type_ in {"PERSON", "ORG"}:
            return False
        if token.dep_ == "nsubj" and token.pos_ == "PRON":
            return token.lower_ in {"he", "she"}
    return False


# Title words that also stand in organisations' names ("the State Department").
_NOT_TITLES = frozenset({"state", "white", "house", "national", "the", "of", "u.s.", "us"})


def _has_person_appositive(head: Token) -> bool:
    """'Jean-Marc Ayrault, the foreign minister of France,': a job only a person holds."""
    return any(
        child.dep_ == "appos" and child.i > head.i and child.lemma_.lower() in person_nouns()
        for child in head.children
    )


# Links by which a word says whose a noun is: "a Pentagon official", "the
# Kremlin's spokesman", "a spokeswoman for Disney", "officials at the agency".
_AFFILIATION_DEPS = frozenset({"compound", "poss", "nmod", "amod", "pobj", "prep", "appos"})
_AFFILIATION_PREPOSITIONS = frozenset({"for", "of", "at", "from", "with", "in"})


def _modifies(token: Token, head: Token) -> bool:
    """True when ``token`` hangs from ``head`` through modifiers and 'for/of/at' phrases only."""
    while token.i != head.i:
        if token.dep_ not in _AFFILIATION_DEPS or token.head.i == token.i:
            return False
        if token.dep_ == "prep" and token.lower_ not in _AFFILIATION_PREPOSITIONS:
            return False
        token = token.head
    return True


def _is_person_noun(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return token.lemma_.lower() in person_nouns() or word in person_nouns() or word in TITLE_WORDS


def _country_of_person(name: str, phrase: _Phrase) -> str | None:
    stated = Counter(m.country for m in phrase.people if m.name == name and m.country)
    return stated.most_common(1)[0][0] if stated else None


def _country_in_name(name: str) -> str | None:
    """The country a demonym, country name or known body inside an organisation's name gives.

    "South Korean Defense Ministry" -> KR, "Chinese Foreign Ministry" -> CN;
    two-word names first, so "South Korean" is not read as "Korean".
    """
    words = name.split()
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i : i + size])
            if part[:1].isupper() and (alpha2 := country_for_name(part)):
                return alpha2
    # "State Department Refugee Processing Center": a body of a known body's country.
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            known = known_organisation(" ".join(words[i : i + size]))
            if known is not None and known.country:
                return known.country
    return None


def _earlier_full_name(phrase: _Phrase, short: str) -> str | None:
    """'The Post' after 'The Washington Post': the one earlier organisation name it ends."""
    if not short or len(short.split()) > 2:
        return None
    doc = phrase.span.doc
    longer = {
        without_the(_without_possessive(ent.text))
        for ent in entities_of(doc)
        if ent.label_ == "ORG" and ent.end_char <= phrase.span.start_char
    }
    matches = {
        name
        for name in longer
        if name != short and name.endswith(f" {short}") and name[0].isupper()
    }
    return matches.pop() if len(matches) == 1 else None


_ISSUER_DEPS = frozenset({"poss", "compound", "nmod"})
_ISSUER_PREPOSITIONS = frozenset({"from", "by", "of"})


def _issuers(noun: Token) -> list[Token]:
    """Who issued a document noun: its possessor or modifier, or 'from/by/of X'."""
    found = [child for child in noun.lefts if child.dep_ in _ISSUER_DEPS]
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in _ISSUER_PREPOSITIONS:
            found.extend(child for child in prep.children if child.dep_ == "pobj")
    return found


def _entity_or_noun_phrase(token: Token) -> Span:
    doc = token.doc
    if token.ent_type_:
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end]
    start = min([token.i, *(c.left_edge.i for c in token.lefts if c.dep_ == "compound")])
    return doc[start : token.i + 1]


# Modifiers that belong in an unnamed source's description ("a senior U.S. official").
_DESCRIPTION_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod"})


def _description(head: Token, span: Span) -> Span:
    """The speaker's noun phrase: the span, widened to the head's modifiers before it."""
    doc = head.doc
    start = span.start
    for child in head.lefts:
        if (
            child.dep_ in _DESCRIPTION_DEPS
            and child.left_edge.i < start
            and all(not t.is_quote and not t.is_space for t in doc[child.left_edge.i : start])
        ):
            start = child.left_edge.i
    return doc[start : span.end]
