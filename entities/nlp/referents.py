"""Who a "he"/"she" or "the senator" means: pronoun and description referents, genders."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from entities.nlp.cues import is_speech_verb
from entities.nlp.doc_index import sentence_of, text_of
from entities.nlp.names import census_first_name_shares, fold
from entities.nlp.quoted_statements import QuotedStatement, quoted_test
from entities.nlp.quotes import inside_quotes, quoted_spans
from entities.nlp.results import PersonMention

# Where a subject that follows its verb ends up when the parser misreads "said Sullivan".
INVERTED_SUBJECT_DEPS = frozenset({"nsubj", "dobj", "attr", "npadvmod", "dep", "appos", "oprd"})


def description_referent(noun: Token, position: int, people: Sequence[PersonMention]) -> str | None:
    """'the president', 'the senator': the last person before whom the article gave that role.

    Only a role the article stated next to a name counts ("President Barack
    Obama", "Jake Sullivan, the national security advisor"), and only when
    one person in the article holds it, so "the senator" between two senators
    stays unresolved.
    """
    word = noun.lemma_.lower()
    holders = [
        mention.name
        for mention in people
        if mention.end <= position and any(word in role.lower().split() for role in mention.roles)
    ]
    return holders[-1] if holders and len(set(holders)) == 1 else None


# Dependencies of a name that is the topic of its clause, the usual referent of
# a later "he"/"she" (Centering: subjects outrank objects).
_TOPIC_DEPS = frozenset({"nsubj", "nsubjpass"})
# A referent further back than this many sentences of narrative is a guess, not a reading.
MAX_PRONOUN_SENTENCES = 8


def pronoun_referent(
    doc: Doc,
    position: int,
    pronoun_start: int,
    pronoun_end: int,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> str | None:
    """The person a "he"/"she" at ``position`` most likely means.

    The most recent person who is the subject of a clause (or an appositive to
    one) outside quotes, else the most recent person mentioned outside quotes.
    Mentions inside quotes are people talked about, not the speaker.
    """
    asked_about = _named_in_own_sentence(doc, pronoun_start, people)
    pronoun = text_of(doc)[pronoun_start:pronoun_end].lower()
    addressee = _asked_in_own_sentence(doc, pronoun_start, asked_about)
    if addressee is not None and _mention_gender(doc, addressee, person_genders(doc, people)) in (
        None,
        PRONOUN_GENDER.get(pronoun),
    ):
        return addressee.name
    quoted = quoted_test(quotes)
    earlier = [
        mention
        for mention in people
        if mention.end <= position and not quoted(mention.start) and mention not in asked_about
    ]
    if not earlier:
        return None
    wanted = PRONOUN_GENDER.get(pronoun)
    genders = person_genders(doc, people)
    agreeing = [m for m in earlier if _mention_gender(doc, m, genders) in (None, wanted)]
    earlier = agreeing or earlier
    sentence = doc.char_span(position, len(text_of(doc)), alignment_mode="expand")
    horizon = 0
    if sentence is not None and len(sentence):
        sent = sentence_of(sentence[0])
        marked = quoted_spans(doc)
        counted = 1
        while counted < MAX_PRONOUN_SENTENCES and sent.start > 0:
            sent = sentence_of(doc[sent.start - 1])
            # A long quote is one turn of the conversation, not many sentences of narrative.
            if not inside_quotes(marked, sent[0].idx):
                counted += 1
        horizon = sent.start_char
    for mention in reversed(earlier):
        if mention.start < horizon:
            break
        if _is_topic(doc, mention):
            return mention.name
    return earlier[-1].name


def _named_in_own_sentence(
    doc: Doc, pronoun_start: int, people: Sequence[PersonMention]
) -> list[PersonMention]:
    """People named before a subject pronoun in its own sentence, other than as a subject.

    'Asked what he would tell Mayor Ruiz, he said', 'After meeting Ruiz, she
    said': a name in the same sentence that is not a subject is who the
    question or the clause is about, and English would not name a person
    and take them up with "he" as the subject of that very sentence; the
    pronoun stands for someone named before. A subject ('When Ruiz was
    asked, he said') may still be the one.
    """
    pronoun = doc.char_span(pronoun_start, pronoun_start + 1, alignment_mode="expand")
    if pronoun is None or pronoun.root.dep_ not in _TOPIC_DEPS:
        return []
    sentence_start = sentence_of(pronoun[0]).start_char
    named = []
    for mention in people:
        if not sentence_start <= mention.start < pronoun_start:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        while head.dep_ in {"appos", "compound", "conj"} and head.head is not head:
            head = head.head
        if head.dep_ not in _TOPIC_DEPS:
            named.append(mention)
    return named


# Verbs whose object is the person who then answers.
_ASKING_VERBS = frozenset({"ask", "question", "press"})


def _asked_in_own_sentence(
    doc: Doc, pronoun_start: int, named: Sequence[PersonMention]
) -> PersonMention | None:
    """'When I asked Bernie Sanders if he would endorse her, he said': the one asked answers.

    Of the people named before a subject pronoun in its own sentence (``named``),
    the object of "ask" whose asker is no one the article names (the reporter,
    "reporters") is the one who answers.
    """
    for mention in named:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        while head.dep_ in {"appos", "compound"} and head.head is not head:
            head = head.head
        verb = head.head
        if head.dep_ != "dobj" or verb.lemma_.lower() not in _ASKING_VERBS:
            continue
        askers = [child for child in verb.children if child.dep_ == "nsubj"]
        if all(asker.ent_type_ != "PERSON" for asker in askers):
            return mention
    return None


# A name that opens its sentence and hangs from a verb is its subject whatever
# the parser called it ("Jolly, who was elected in 2014, doesn't see" read as advmod);
# a possessive or a modifier ("Trump supporters") is not.
_NOT_TOPIC_DEPS = frozenset({"poss", "compound", "amod", "nmod", "pobj", "dobj", "case"})
VERB_POS = frozenset({"VERB", "AUX"})


def _opens_sentence(span: Span) -> bool:
    """True when only conjunctions, punctuation and the name's own titles come before it."""
    for token in span.doc[sentence_of(span[0]).start : span.start]:
        if token.dep_ in {"cc", "punct"} or token.head in span:
            continue
        return False
    return True


def is_main_clause(verb: Token) -> bool:
    """True for the root verb, or one joined to it by 'and' ("he left and she stayed")."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _hangs_from_quote(verb: Token) -> bool:
    """'McCaskill scolded him: "The community is ..."': the parser hung the narrative's
    clause from the quoted one it introduces; it is the main clause all the same."""
    marked = quoted_spans(verb.doc)
    return (
        verb.dep_ in {"ccomp", "parataxis"}
        and not inside_quotes(marked, verb.idx)
        and inside_quotes(marked, verb.head.idx)
    )


def _hangs_from_later_cue(verb: Token) -> bool:
    """'Joe Biden weighed in, telling Mic, "They are both qualified," he said': the parser
    made the narrative clause the object of the cue after the quote; a quote standing
    between them shows it is no reported clause but the sentence's own."""
    cue = verb.head
    if verb.dep_ != "ccomp" or cue.i <= verb.i or not is_speech_verb(cue):
        return False
    if not any(child.dep_ == "nsubj" and child.lower_ in PRONOUN_GENDER for child in cue.children):
        return False
    marked = quoted_spans(verb.doc)
    return any(inside_quotes(marked, token.idx) for token in verb.doc[verb.i + 1 : cue.i])


def _is_topic(doc: Doc, mention: PersonMention) -> bool:
    """True for a main-clause subject or the speaker of a cue ('said Ham')."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    while head.dep_ in {"appos", "compound", "conj"} and head.head is not head:
        head = head.head
    if head.dep_ in _TOPIC_DEPS:
        verb = head.head
        # Not the subject of a clause embedded in someone else's ("he believes Trump has").
        return (
            is_main_clause(verb)
            or is_speech_verb(verb)
            or _hangs_from_quote(verb)
            or _hangs_from_later_cue(verb)
        )
    if _opens_sentence(span) and head.dep_ not in _NOT_TOPIC_DEPS and head.head.pos_ in VERB_POS:
        return True
    verb = head.head
    # "Obama argued, rebuking Mr. Trump": a verb with a subject of its own has
    # its speaker already; the name after it is who is spoken of.
    if any(child.dep_ in _TOPIC_DEPS for child in verb.children):
        return False
    return is_speech_verb(verb) and head.dep_ in INVERTED_SUBJECT_DEPS


GIVEN_NAMES_FILE = Path(__file__).parent / "data" / "given_names.tsv"
# A given name counts for less than a title before the name, more than one pronoun.
_GIVEN_NAME_VOTES = 2
# A census name says a sex when that many bearers or more are of it for one of the other.
CENSUS_SEX_RATIO = 20


@functools.cache
def given_name_genders() -> dict[str, str]:
    """Given names borne nearly always by one sex ("m"/"f").

    The reviewed ``data/given_names.tsv`` first; where it is silent, the 1990 US
    census's first names that one sex holds at least ``CENSUS_SEX_RATIO`` to one
    ("Pete", "Zoe", "Geraldo"). Names the file marks "b" (given to both: "Sam",
    "Alex") say nothing, whatever the census counts.
    """
    genders: dict[str, str] = {}
    for name, (men, women) in census_first_name_shares().items():
        if men >= CENSUS_SEX_RATIO * women:
            genders[name] = "m"
        elif women >= CENSUS_SEX_RATIO * men:
            genders[name] = "f"
    for line in GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = (part.strip() for part in line.split("\t"))
            if gender in {"m", "f"}:
                genders[fold(name)] = gender
            else:
                genders.pop(fold(name), None)
    return genders


def given_name_gender(name: str) -> str | None:
    """The gender a full name's given name shows ("Susan Mills": "f"); None for one word."""
    words = name.split()
    return given_name_genders().get(fold(words[0].rstrip("."))) if len(words) > 1 else None


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
GENDERED_NOUNS_FILE = Path(__file__).parent / "data" / "gendered_nouns.tsv"


@functools.cache
def gendered_nouns() -> dict[str, str]:
    """Honorifics, titles and nouns that give the sex of whom they name, from the data file."""
    genders: dict[str, str] = {}
    for line in GENDERED_NOUNS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, gender = line.split("\t")
            genders[word.strip().lower()] = gender.strip()
    return genders


def _titled_gender(doc: Doc, mention: PersonMention) -> str | None:
    """The gender a word before ``mention`` or in an appositive beside it gives.

    "Mr. Obama", "spokeswoman Jen Psaki"; "Tom Hale, her husband", "his wife, Jane Hale".
    Found once per mention and Doc: each pronoun asks it of every person before it.
    """
    found = doc.user_data.setdefault("newsbrowser_titled_genders", {})
    key = (mention.start, mention.end)
    if key not in found:
        found[key] = _titled_gender_found(doc, mention)
    return found[key]


def _titled_gender_found(doc: Doc, mention: PersonMention) -> str | None:
    before = text_of(doc)[max(0, mention.start - 20) : mention.start].lower().split()
    if before and (gender := gendered_nouns().get(before[-1].rstrip("."))):
        return gender
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    text = text_of(doc)
    # An appositive is set off by a comma ('Sam Lee, her husband'); the parser also
    # reads "Sanders' son" so, and the son is not Sanders.
    nouns = [
        c
        for c in head.children
        if c.dep_ == "appos" and c.i > head.i and "," in text[span.end_char : c.left_edge.idx]
    ]
    if (
        head.dep_ == "appos"
        and head.head.i < head.i
        and "," in text[head.head.idx + len(head.head) : span.start_char]
    ):
        nouns.append(head.head)
    for noun in nouns:
        if noun.pos_ == "NOUN" and (gender := gendered_nouns().get(noun.lower_)):
            return gender
    return None


def _mention_gender(doc: Doc, mention: PersonMention, genders: dict[str, str]) -> str | None:
    """A mention's own title decides ("Mr. Clinton"), else what the article shows of the name."""
    return _titled_gender(doc, mention) or genders.get(mention.name)


def person_genders(doc: Doc, people: Sequence[PersonMention]) -> dict[str, str]:
    """Gender ("m"/"f") of the article's people where the article itself shows it.

    Evidence: an honorific or gendered title just before a mention ("Mr.
    Obama", "spokeswoman Jen Psaki"), the given name where nearly everyone who
    bears it is of one sex ("Susan", not "Chris"), and the subject pronoun
    that next takes up a person who is a subject, in the same or the next
    sentence, with no other person named between.
    """
    cached = doc.user_data.get("newsbrowser_genders")
    if cached is not None and cached[0] == len(people):
        return cached[1]
    # A pronoun inside a quote is the speaker's word for someone else
    # ('"He's neutral," Clinton said'), no evidence about the person before it.
    quoted = quoted_spans(doc)
    votes: dict[str, dict[str, int]] = {}
    titled: dict[str, set[str]] = {}
    for mention in people:
        if mention.name not in votes and (given := given_name_gender(mention.name)):
            votes[mention.name] = {"m": 0, "f": 0, given: _GIVEN_NAME_VOTES}
        tally = votes.setdefault(mention.name, {"m": 0, "f": 0})
        gender = _titled_gender(doc, mention)
        if gender:
            tally[gender] += 3
            titled.setdefault(mention.name, set()).add(gender)
        # A subject picked up by the next subject pronoun, with no one else
        # named between: "Sarandon told MSNBC ... She added".
        if not _is_topic(doc, mention):
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        stop = sentence_of(span[0]).end
        if stop < len(doc):
            stop = sentence_of(doc[stop]).end
        for token in doc[span.end : stop]:
            if token.ent_type_ == "PERSON":
                break
            gender = PRONOUN_GENDER.get(token.lower_)
            if gender and token.dep_ in _TOPIC_DEPS and not inside_quotes(quoted, token.idx):
                tally[gender] += 1
                break
    genders = {
        name: ("m" if tally["m"] > tally["f"] else "f")
        for name, tally in votes.items()
        # "Mr. Clinton" and "Mrs. Clinton" taken for one name are two people:
        # the name says nothing of either, each mention's title does.
        if tally["m"] != tally["f"] and len(titled.get(name, ())) < 2
    }
    doc.user_data["newsbrowser_genders"] = (len(people), genders)
    return genders
