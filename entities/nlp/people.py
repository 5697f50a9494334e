"""People: canonical names and person mentions resolved within one article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

# Apostrophes stay as written here (normal_line, not name_text_clean): the speaker
# search matches names to the text.
from articles.unicode_forms import normal_line
from entities.nlp.countries import country_for_name
from entities.nlp.doc_index import entities_of, text_of
from entities.nlp.model import english_word_classes
from entities.nlp.names import is_family_name_first, is_given_name
from entities.nlp.organisations import known_organisation, organisation_nouns
from entities.nlp.quotes import is_title_case
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
# "Obama's", "Obama\u2019s", and "Obama\u2018s" as some feeds mistype it.
_POSSESSIVE = re.compile(r"['\u2018\u2019\u02bc]s?$")
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
    return normal_line(" ".join(word.text for word in _name_words(text)))


def _is_suffix(word: str) -> bool:
    return word.lower().rstrip(".") in NAME_SUFFIXES


def _core_words(name: str) -> list[str]:
    """Name words without generational suffixes: "Ferdinand Marcos Jr." -> [Ferdinand, Marcos]."""
    return [word for word in name.split() if not _is_suffix(word)]


# Asked for every pair of names in an article: cached (pure, on short strings).
@lru_cache(maxsize=2**16)
def surname_of(name: str) -> str:
    """The surname of a canonical name: the last word before any Jr./Sr./II suffix,
    or the first word of a family-name-first name ("Wang" of "Wang Yi")."""
    core = _core_words(name)
    if len(core) >= 2 and is_family_name_first(core):
        return core[0]
    return core[-1] if core else ""


@lru_cache(maxsize=2**16)
def _given_of(name: str) -> str:
    """The first given name of a canonical full name ("Jong" of "Kim Jong Un")."""
    core = _core_words(name)
    return core[1] if len(core) >= 2 and is_family_name_first(core) else core[0]


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
    if all(_is_suffix(word) for word in words):
        return False  # "William F. Buckley, Jr.": the suffix alone, cut off by its comma
    # Every word is capitalised, a particle ("von") or a suffix.
    return all(
        word[0].isupper() or word.lower() in NAME_PARTICLES or _is_suffix(word) for word in words
    )


def resolve_person_name(name: str, *, full_names: Sequence[tuple[int, str]], position: int) -> str:
    """The full name a (canonical) partial ``name`` refers to, or ``name`` itself.

    ``full_names`` are (offset, full name) pairs from the article in text order.
    A surname, or a first name + surname, matches full names with that surname
    (and first name). Several matches: the most recent before ``position``;
    with none before it, only an unambiguous later full name is taken. A full
    name never resolves to a form with a generational suffix it lacks: an
    article that names "Donald Trump Jr." and "Donald Trump" names two people.
    """
    core = _core_words(name)
    if not core:
        return name
    surname = surname_of(name)
    candidates = [
        (offset, full)
        for offset, full in full_names
        if full != name
        and surname_of(full) == surname
        and (len(core) == 1 or _given_of(full) == _given_of(name))
        and (len(core) == 1 or len(_core_words(full)) > len(core))
        # A longer form: "Sullivan" -> "Jake Sullivan", "Wang" -> "Wang Yi".
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


@cache
def non_person_heads() -> frozenset[str]:
    """Words that make a name before them a place or an organisation ("Trump Tower")."""
    path = Path(__file__).parent / "data" / "non_person_heads.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Capitalised closed-class words or inflected verbs inside a PERSON entity show a
# run of title case that is not a name: "Marco Rubio Responds To Question",
# "Donald Trump Leads In". Modals are left out: George Will, Theresa May.
_NOT_IN_NAMES = frozenset({"ADP", "PART", "DET", "CCONJ", "SCONJ", "PRON"})
_INFLECTED_VERB_TAGS = frozenset({"VBZ", "VBD", "VBG", "VBN"})
# Endings of English verb forms and adjectives, which no given name has
# ("Entrusting Donald Trump", "Fascist Trump"); "-ed" is left out (Jared, Ted).
_GLUED_WORD_ENDINGS = ("ing", "ist", "ous", "ive", "ful", "less")
_SENTENCE_END_MARKS = (".", "!", "?", ":", '"', "\u201d", "'", "\u2019", ")")


def is_person_entity(ent: Span) -> bool:
    """False for a PERSON entity that is a place, an organisation or a headline fragment.

    A name followed by a head such as Tower, Foundation or PAC names a building
    or a body ("Trump Tower", "Donald J. Trump Foundation"); a capitalised
    function word or verb inside the entity shows a title-case run; and in a
    headline line (title case, no closing punctuation) nothing tells where a
    name ends, so its entities are left to the body, which names them again.
    """
    doc = ent.doc
    heads = non_person_heads()
    if len(ent) >= 2 and ent[-1].lower_.rstrip(".") in heads:
        return False
    if ent.end < len(doc):
        following = doc[ent.end]
        if following.text[:1].isupper() and following.lower_.rstrip(".") in heads:
            return False
    if _headline_after_a_name(ent) or _named_after_a_person(ent) or _glued_or_credited(ent):
        return False
    if _common_word_alone(ent) or _capitals_run(ent):
        return False
    # The NER's PERSON for a body the reviewed list knows ("Ku Klux Klan").
    if known_organisation(" ".join(_person_entity_words_of(ent))) is not None:
        return False
    if any(
        token.text[:1].isupper()
        and (token.pos_ in _NOT_IN_NAMES or token.tag_ in _INFLECTED_VERB_TAGS)
        and token.lower_ not in NAME_PARTICLES
        and not _is_title_word(token.text)
        for token in ent[1:]
    ):
        return False
    return not _in_headline(doc, ent)


_COMMON_WORD_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "INTJ", "ADP", "AUX", "NUM"})


def _common_word_alone(ent: Span) -> bool:
    """ "Cheers erupted", "Nationally, however, ...": one capitalised word the tagger
    reads as a common word, which no name of the article uses, is no person."""
    if len(ent) != 1 or ent[0].pos_ not in _COMMON_WORD_POS or is_given_name(ent[0].lower_):
        return False
    word = ent[0].text
    return not any(len(other) >= 2 and word in other for other in _person_entity_words(ent.doc))


def _capitals_run(ent: Span) -> bool:
    """ "DNC CHAIR DEBBIE WASSERMAN SCHULTZ RESIGNS After months ...": in a run of
    capitals nothing tells where a name ends; the body names the person again in
    ordinary case. A one-word label ("TRUMP:" in a transcript) is left alone."""
    words = [token.text for token in ent if token.is_alpha]
    return len(words) >= 2 and all(word.isupper() and len(word) > 1 for word in words)


def _possessive_end(ent: Span) -> int | None:
    """The token index after the last possessive inside ``ent`` (not at its end)."""
    inner = [t.i + 1 for t in ent[:-1] if t.text in {"'s", "\u2019s", "\u2018s"}]
    return inner[-1] if inner else None


def _headline_after_a_name(ent: Span) -> bool:
    """ "Donald Trump Leads", "Ted Cruz Apologizes": another PERSON entity of the
    article, two words or more, with words after it that are no suffix."""
    words = [t.text for t in ent]
    for other in _full_person_entity_texts(ent.doc):
        if len(other) >= len(ent):
            continue
        # The words after: capitalised words that are no suffix (not "'s", not "Jr.").
        extra = [w for w in words[len(other) :] if w[:1].isupper() and not _is_suffix(w)]
        if words[: len(other)] == other and extra:
            return True
    return False


def _full_person_entity_texts(doc: Doc) -> list[list[str]]:
    """The words of each PERSON entity of two words or more, found once per Doc: every
    entity asks (``_headline_after_a_name``), which built them again for each pair."""
    found = doc.user_data.get("newsbrowser_full_person_entity_texts")
    if found is None:
        found = doc.user_data["newsbrowser_full_person_entity_texts"] = [
            [t.text for t in other]
            for other in entities_of(doc)
            if other.label_ == "PERSON" and len(other) >= 2
        ]
    return found


def _named_after_a_person(ent: Span) -> bool:
    """ "Trump Tower"'s kin without a telling head: "Trump Turnberry", "Trump Wants".

    A PERSON entity that opens with the family name of another person the
    article names in full, where that word is no given name, is a thing named
    for that person or a headline about them, unless the article uses its last
    word alone elsewhere, as it does with a person's family name ("Carter Page"
    beside Jimmy Carter, then "Page said"). Names written family name first
    ("Wang Yi" beside "Wang Wenbin") are people.
    """
    words = [token.text for token in ent]
    if len(words) < 2 or is_given_name(words[0]) or is_family_name_first(words):
        return False
    last = words[-1]
    if any(not ent.start <= i < ent.end for i in _plain_or_person_words(ent.doc).get(last, ())):
        return False
    return any(
        len(other) >= 2 and other[-1] == words[0] and other[0] != words[0]
        for other in _person_entity_words(ent.doc)
    )


_POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "\u2018s", "'", "\u2019"})


def _plain_or_person_words(doc: Doc) -> dict[str, list[int]]:
    """Where each word stands outside any entity or inside a PERSON one: indexed once per
    Doc, since every entity asks (``_named_after_a_person``)."""
    found = doc.user_data.get("newsbrowser_plain_or_person_words")
    if found is None:
        found = {}
        for token in doc:
            if token.ent_type_ in {"", "PERSON"}:
                found.setdefault(token.text, []).append(token.i)
        doc.user_data["newsbrowser_plain_or_person_words"] = found
    return found


def _person_entity_words(doc: Doc) -> tuple[tuple[str, ...], ...]:
    """The words of each PERSON entity, without a possessive ending ("Donald Trump's")."""
    found = doc.user_data.get("newsbrowser_person_entity_words")
    if found is None:
        found = tuple(
            _person_entity_words_of(ent) for ent in entities_of(doc) if ent.label_ == "PERSON"
        )
        doc.user_data["newsbrowser_person_entity_words"] = found
    return found


def _person_entity_words_of(ent: Span) -> tuple[str, ...]:
    words = [token.text for token in ent]
    while words and words[-1] in _POSSESSIVE_TOKENS:
        words.pop()
    return tuple(words)


# Name prefixes after which a capital inside one word is part of the name
# (McConnell, MacArthur, DeSantis, LaHood, DiNapoli, VanHollen).
_INNER_CAPITAL_PREFIXES = frozenset(
    {"mc", "mac", "fitz", "de", "di", "da", "la", "le", "du", "ja", "ke", "van", "von"}
)
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
# "Trump-led", "Obama-era", "Clinton-style": an English compound adjective made of a
# name and a participle or one of these nouns is no name.
_COMPOUND_TAILS = frozenset({"era", "style", "type", "like", "brand", "esque"})


def _glued_or_credited(ent: Span) -> bool:
    """Words run together by a scraper ("Daniel MaransFlagShareLikeReply"), a photo
    credit ("John Moore/Getty Images") or a name made an adjective ("Trump-led")."""
    if "/" in ent.text:
        return True
    for token in ent:
        for inner in _INNER_CAPITAL.finditer(token.text):
            if token.text[: inner.start() + 1].lower() not in _INNER_CAPITAL_PREFIXES:
                return True
    # The tokenizer may keep "Trump-led" whole or split it at the hyphen.
    tail = ent.text.rpartition("-")[2]
    return (
        "-" in ent.text
        and tail.isalpha()
        and tail.islower()
        and (tail.endswith("ed") or tail in _COMPOUND_TAILS)
    )


def described_person_name(name: str, *, names: set[str]) -> str:
    """The person a described name means: "Billionaire Donald Trump" is Donald Trump when
    the article names him so; a name the article knows, or any other, stays as it is."""
    if name in names:
        return name
    words = tuple(name.split())
    skip = _described_full_name_words(words, frozenset(tuple(n.split()) for n in names))
    return " ".join(words[skip:]) if skip else name


def _described_full_name(ent: Span, full_names: frozenset[tuple[str, ...]]) -> int:
    """How many leading words describe the person another entity names in full:
    "Billionaire Donald Trump" beside "Donald Trump" is Donald Trump."""
    return _described_full_name_words(tuple(token.text for token in ent), full_names)


def _described_full_name_words(
    words: tuple[str, ...], full_names: frozenset[tuple[str, ...]]
) -> int:
    for skip in range(1, len(words) - 1):
        if is_given_name(words[skip - 1]):
            return 0
        if words[skip:] in full_names:
            return skip
    # Without another full name to go by, a word before a given name may be a given
    # name the dataset lacks ("Andrés Manuel López Obrador", "Juan Manuel Santos").
    return 0


def _in_headline(doc: Doc, ent: Span) -> bool:
    text = text_of(doc)
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    line_end = text.find("\n", ent.end_char)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return (
        len(line.split()) >= 3
        and not line.endswith(_SENTENCE_END_MARKS)
        and is_title_case(line)
        and line != ent.text
    )


def _glued_words(ent: Span, common_words: frozenset[str], named_in_full: set[str]) -> int:
    """How many words at the start of a PERSON entity are not part of the name:
    a verb or an adjective glued to it ("Entrusting Donald Trump", "Asserting Clinton").

    ``common_words`` are the words the article writes in lower case: one of them
    capitalised only because it opens a sentence ("Certainly Donald Trump ...")
    is no given name either, when a name is left after it, or when the article
    names someone of that surname in full ("Combine Clinton and Sanders'
    numbers" beside Hillary Clinton; "Hope Hicks" alone keeps her given name).
    """
    glued = 0
    for token in ent[:-1]:
        lower = token.lower_
        if is_given_name(lower) or _is_title_word(token.text):
            break
        # Two name words still follow: "Billionaire Donald Trump", "Kentuckian Rand Paul".
        full_name_follows = token.i + 2 < ent.end
        if (
            token.pos_ in {"VERB", "ADJ", "ADV"}
            or (full_name_follows and (token.pos_ == "NOUN" or _is_demonym(ent.doc, lower)))
            or (len(lower) > 5 and lower.endswith(_GLUED_WORD_ENDINGS))
            or (
                _opens_sentence(token)
                and lower in common_words
                and (token.i + 2 < ent.end or ent[-1].text in named_in_full)
            )
            or _english_word_opening_a_sentence(token, ent, named_in_full)
        ):
            glued += 1
            continue
        break
    return glued


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _english_word_opening_a_sentence(token: Token, ent: Span, named_in_full: set[str]) -> bool:
    """ "Classic Clinton: optimistic." beside Bill Clinton: an English verb or adjective
    opening a sentence, before the family name of someone the article names in full, never
    written with a capital inside a sentence, is no given name when the two words are
    neither a clause's subject nor followed by an appositive: a person introduced by a
    given name that is also an English word does something or is described ("Grant Woods,
    a lawyer, said", "Hope Hicks told reporters").
    """
    if not _opens_sentence(token) or ent[-1].text not in named_in_full or token.i + 2 != ent.end:
        return False
    if ent.root.dep_ in _SUBJECT_DEPS or any(child.dep_ == "appos" for child in ent.root.children):
        return False
    if not set(english_word_classes(token.doc, token.lower_)) & {"v", "a"}:
        return False
    return not any(other.text == token.text and not _opens_sentence(other) for other in token.doc)


# Endings of the English words for the people of a place: Kentuckian, Texan,
# Brooklynite, Japanese.
_DEMONYM_ENDINGS = ("ian", "an", "ite", "ese")


def _is_demonym(doc: Doc, lower: str) -> bool:
    """A word for the people of a place (an English noun with a demonym ending)."""
    return lower.endswith(_DEMONYM_ENDINGS) and "n" in english_word_classes(doc, lower)


def _opens_sentence(token: Token) -> bool:
    before = token.nbor(-1) if token.i > 0 else None
    return (
        token.is_sent_start or before is None or before.is_quote or before.text in {"\u2014", "-"}
    )


def _common_words(doc: Doc) -> frozenset[str]:
    return frozenset(token.text for token in doc if token.is_alpha and token.is_lower)


def _surnames_named_in_full(doc: Doc, ent: Span) -> set[str]:
    """Last words of the other PERSON entities of two words or more."""
    named = doc.user_data.get("newsbrowser_person_first_last")
    if named is None:
        named = doc.user_data["newsbrowser_person_first_last"] = [
            (other[0].lower_, other[-1].text)
            for other in entities_of(doc)
            if other.label_ == "PERSON" and len(other) >= 2
        ]
    first = ent[0].lower_
    return {last for other_first, last in named if other_first != first}


def person_mentions(doc: Doc) -> list[PersonMention]:
    """Person mentions from PERSON entities, partial names resolved within the article."""
    written: list[tuple[str, str, int, int]] = []  # (canonical, text, start, end)
    common_words = _common_words(doc)
    entity_full_names = frozenset(words for words in _person_entity_words(doc) if len(words) >= 2)
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not is_person_entity(ent):
            continue
        ent = ent[_described_full_name(ent, entity_full_names) :]
        # "Breitbart's Joel Pollak": the full name after a possessive is the person;
        # "Marco Rubio's campaign", "Donald Trump's America": the owner before it is.
        possessive = _possessive_end(ent)
        if possessive is not None:
            after = ent.end - possessive >= 2
            ent = doc[possessive : ent.end] if after else doc[ent.start : possessive - 1]
            if not len(ent):
                continue  # "'s Foo": nothing of a name is left
        span = ent[_glued_words(ent, common_words, _surnames_named_in_full(doc, ent)) :]
        words = _name_words(span.text)
        name = normal_line(" ".join(word.text for word in words))
        if not _looks_like_name(name):
            continue
        start = span.start_char + words[0].start
        end = span.start_char + words[-1].end
        written.append((name, text_of(doc)[start:end], start, end))
    written.extend(_names_with_a_person_role(doc))
    written.extend(_given_names_tagged_otherwise(doc, written))
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
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].head.i >= ent.start
            and doc[start - 1].lower_.rstrip(".") not in _PERSON_ROLE_NOUNS
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
        ) and not _titled_full_name(name_tokens):
            continue
        name = canonical_person_name(name_tokens.text)
        if _looks_like_name(name):
            found.append((name, name_tokens.text, name_tokens.start_char, name_tokens.end_char))
    return found


def _titled_full_name(name: Span) -> bool:
    """'Former Hewlett-Packard CEO Carly Fiorina': a given name and a family name right
    after a job only a person holds, that names no body or place ("Andrew Cuomo Bridge")."""
    doc = name.doc
    before = doc[name.start - 1] if name.start > 0 else None
    return (
        before is not None
        and before.pos_ in {"NOUN", "PROPN"}
        and before.lower_.rstrip(".") in _PERSON_ROLE_NOUNS
        and 2 <= len(name) <= 3
        and is_given_name(name[0].text)
        and name[-1].lower_ not in organisation_nouns()
        and not any(token.lower_ in non_person_heads() for token in name)
        and known_organisation(name.text) is None
    )


def _given_names_tagged_otherwise(
    doc: Doc, written: Sequence[tuple[str, str, int, int]]
) -> list[tuple[str, str, int, int]]:
    """Full names the NER tagged as an organisation that read as a person's.

    'Sean Hannity interviewed ... Hannity pressed': the small model often calls
    a name an organisation. A known given name, then one or two capitalised
    names, none of them a word that makes a body or a place ("Foundation",
    "Tower"), that the reviewed organisations list does not hold, and whose
    family name the article uses alone elsewhere, as it does with a person's,
    is a person.
    """
    taken = {(start, end) for _, _, start, end in written}
    heads = non_person_heads()
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or not 2 <= len(ent) <= 3:
            continue
        if (ent.start_char, ent.end_char) in taken or not is_given_name(ent[0].text):
            continue
        if not all(token.pos_ == "PROPN" and token.is_title for token in ent):
            continue
        after = doc[ent.end] if ent.end < len(doc) else None
        if (
            ent[-1].lower_ in organisation_nouns()
            or any(token.lower_ in heads for token in ent)
            or (after is not None and after.is_title and after.lower_ in heads)
        ):
            continue
        if known_organisation(ent.text) is not None:
            continue
        family = ent[-1].text
        if not any(
            token.text == family
            and not ent.start <= token.i < ent.end
            and not (token.i > 0 and doc[token.i - 1].is_title and doc[token.i - 1].pos_ == "PROPN")
            for token in doc
        ):
            continue
        name = canonical_person_name(ent.text)
        if _looks_like_name(name):
            found.append((name, ent.text, ent.start_char, ent.end_char))
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
