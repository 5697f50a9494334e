"""Speech cues: the cue finder component, and the predicates that read its marks.

The cue finder (``newsbrowser_cues``) builds a spaCy ``Matcher`` and
``DependencyMatcher`` from ``data/cue_patterns.jsonl`` and writes what they
find to ``doc.spans["cues"]``, each span labelled with its kind of cue
(``SPEECH_VERB``, ``QUOTE_CUE_VERB``, ``ACCORDING_TO``). The word lists the
patterns name (``data/speech_verbs.txt``, ``data/quote_frame_verbs.txt``) are
the only place the words live; a verb counts only in its speech sense
(``data/speech_verb_senses.tsv``). The predicates (``is_speech_verb``, ...)
read the marks through a small index kept in ``doc.user_data``; a Doc made
without the component (a hand-built one in a test) gets its cues from the same
matchers when first asked.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.vocab import Vocab

DATA_DIR = Path(__file__).parent / "data"
PATTERNS_FILE = DATA_DIR / "cue_patterns.jsonl"
MESSAGE_NOUNS_FILE = DATA_DIR / "message_nouns.txt"
SENSES_FILE = DATA_DIR / "speech_verb_senses.tsv"
QUESTION_VERBS_FILE = DATA_DIR / "question_verbs.txt"
REPORTING_PARTICIPLES_FILE = DATA_DIR / "reporting_participles.txt"
COMPLEMENT_VERBS_FILE = DATA_DIR / "complement_verbs.txt"
SPEAKER_NOUNS_FILE = DATA_DIR / "speaker_nouns.txt"
SPEECH_ACT_NOUNS_FILE = DATA_DIR / "speech_act_nouns.txt"
# Who a speech verb addresses: 'told reporters', 'can tell you'.
_HEARER_DEPS = frozenset({"dative", "dobj"})

CUES_COMPONENT = "newsbrowser_cues"
CUES_KEY = "cues"  # doc.spans[CUES_KEY]
SPEECH_VERB = "SPEECH_VERB"  # a verb that reports speech: 'said', 'warned'
QUOTE_CUE_VERB = "QUOTE_CUE_VERB"  # a verb that frames a quote only: 'demanded', 'put it'
ACCORDING_TO = "ACCORDING_TO"
# One bit a kind of cue, in the index of a Doc's cues (a plain list of ints, one per token,
# so that doc.user_data stays serialisable when a Doc crosses processes).
_CUE_BITS = {SPEECH_VERB: 1, QUOTE_CUE_VERB: 2, ACCORDING_TO: 4}
# Kinds whose cue is a verb, marked only in its speech sense.
_VERB_KINDS = frozenset({SPEECH_VERB, QUOTE_CUE_VERB})
INDEX_KEY = "newsbrowser_cue_index"  # doc.user_data[INDEX_KEY]
# The lemma as the word lists hold it: lower-cased ('Say' and 'say' alike).
LOWER_LEMMA_ATTR = "lower_lemma"


def _lower_lemma(token: Token) -> str:
    return token.lemma_.lower()


if not Token.has_extension(LOWER_LEMMA_ATTR):
    Token.set_extension(LOWER_LEMMA_ATTR, getter=_lower_lemma)


def _lemma_list(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


@functools.cache
def cue_patterns() -> tuple[dict[str, Any], ...]:
    """The patterns of ``data/cue_patterns.jsonl``, each word list they name read in.

    A line with ``lemmas_from`` gets ``lemmas``: the words of that list.
    """
    entries: list[dict[str, Any]] = []
    for number, line in enumerate(PATTERNS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        entry = json.loads(line)
        if "label" not in entry:
            continue  # the header
        if entry["label"] not in _CUE_BITS:
            raise ValueError(f"{PATTERNS_FILE.name}:{number}: unknown label {entry['label']!r}")
        if "lemmas_from" in entry:
            if len(entry.get("pattern", ())) != 1:
                raise ValueError(f"{PATTERNS_FILE.name}:{number}: a word list needs one token")
            entry["lemmas"] = _lemma_list(DATA_DIR / entry["lemmas_from"])
        entries.append(entry)
    return tuple(entries)


def _listed_lemmas(label: str) -> frozenset[str]:
    lists = [e["lemmas"] for e in cue_patterns() if e["label"] == label and "lemmas" in e]
    return frozenset().union(*lists)


def _matcher_pattern(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A Matcher pattern of the patterns file, the words of its list put on its token."""
    if "lemmas" not in entry:
        return entry["pattern"]
    (token,) = entry["pattern"]
    return [{**token, "_": {LOWER_LEMMA_ATTR: {"IN": sorted(entry["lemmas"])}}}]


class CueFinder:
    """Marks the cues of ``data/cue_patterns.jsonl`` in a Doc: ``doc.spans["cues"]``."""

    def __init__(self, vocab: Vocab) -> None:
        self.matcher = Matcher(vocab)
        self.dependency_matcher = DependencyMatcher(vocab)
        self.kinds: dict[int, str] = {}
        for number, entry in enumerate(cue_patterns()):
            key = f"{CUES_COMPONENT}_{number}_{entry['label']}"
            self.kinds[vocab.strings.add(key)] = entry["label"]
            if "dependency" in entry:
                self.dependency_matcher.add(key, [entry["dependency"]])
            else:
                self.matcher.add(key, [_matcher_pattern(entry)])

    def find(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(kind, start, end) of each cue in ``doc``, in order; verbs in their speech sense."""
        found = {
            (self.kinds[key], start, end)
            for key, start, end in self.matcher(doc, allow_missing=True)
        }
        if len(self.dependency_matcher) and doc.has_annotation("DEP"):
            # A dependency pattern marks its first token, the cue word.
            found |= {
                (self.kinds[key], ids[0], ids[0] + 1) for key, ids in self.dependency_matcher(doc)
            }
        return sorted(
            (cue for cue in found if cue[0] not in _VERB_KINDS or in_speech_sense(doc[cue[1]])),
            key=lambda cue: (cue[1], cue[2], cue[0]),
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=kind) for kind, start, end in self.find(doc)]
        doc.spans[CUES_KEY] = SpanGroup(doc, name=CUES_KEY, spans=spans)
        doc.user_data.pop(INDEX_KEY, None)
        return doc


@Language.factory(CUES_COMPONENT, assigns=["doc.spans"])
def make_cue_finder(nlp: Language, name: str) -> CueFinder:
    """The cue finder, added to the pipeline after the parser, lemmatizer and NER."""
    return CueFinder(nlp.vocab)


# Cue finders for Docs made without the component, one per vocabulary.
_FALLBACK_FINDERS: dict[int, tuple[Vocab, CueFinder]] = {}


def _fallback_finder(vocab: Vocab) -> CueFinder:
    held = _FALLBACK_FINDERS.get(id(vocab))
    if held is None or held[0] is not vocab:
        held = (vocab, CueFinder(vocab))
        _FALLBACK_FINDERS[id(vocab)] = held
    return held[1]


def _cue_index(doc: Doc) -> list[int]:
    """The kinds of cue starting at each token of ``doc``, as bits; cached in user_data."""
    index = doc.user_data.get(INDEX_KEY)
    if index is not None and len(index) == len(doc):
        return index
    cues: Iterable[tuple[str, int]]
    if CUES_KEY in doc.spans:
        cues = ((span.label_, span.start) for span in doc.spans[CUES_KEY])
    else:
        cues = ((kind, start) for kind, start, _ in _fallback_finder(doc.vocab).find(doc))
    index = [0] * len(doc)
    for kind, start in cues:
        index[start] |= _CUE_BITS[kind]
    doc.user_data[INDEX_KEY] = index
    return index


@functools.cache
def speech_verbs() -> frozenset[str]:
    """Lemmas of the verbs that report speech, directly or indirectly."""
    return _listed_lemmas(SPEECH_VERB)


@functools.cache
def message_nouns() -> frozenset[str]:
    """Lemmas of nouns for things that carry someone's words: a statement, a sign, a tweet."""
    return _lemma_list(MESSAGE_NOUNS_FILE)


@functools.cache
def speech_act_nouns() -> frozenset[str]:
    """Lemmas of nouns naming what someone said ('his claim that ...'); see speech_nouns.py."""
    return _lemma_list(SPEECH_ACT_NOUNS_FILE)


@functools.cache
def question_verbs() -> frozenset[str]:
    """Lemmas of the verbs that put a question to someone ('the host asked')."""
    return _lemma_list(QUESTION_VERBS_FILE)


@functools.cache
def reporting_participle_verbs() -> frozenset[str]:
    """Lemmas, besides the speech verbs, whose participle tells a speaker's act ('citing')."""
    return _lemma_list(REPORTING_PARTICIPLES_FILE)


@functools.cache
def speaker_nouns() -> frozenset[str]:
    """Lemmas of nouns for people who speak for themselves or others ('critic', 'friend')."""
    return _lemma_list(SPEAKER_NOUNS_FILE)


@functools.cache
def complement_verbs() -> frozenset[str]:
    """Lemmas, besides the speech verbs, whose mostly quoted complement is the subject's
    words ('praised Cruz for showing "..."'); see complements.py."""
    return _lemma_list(COMPLEMENT_VERBS_FILE)


def is_reporting_participle(token: Token) -> bool:
    """'adding', 'citing', 'calling': a present participle of a verb of saying or its like."""
    return token.tag_ == "VBG" and (
        is_quote_cue_verb(token) or token._.lower_lemma in reporting_participle_verbs()
    )


@functools.cache
def quote_cue_verbs() -> frozenset[str]:
    """Lemmas of the verbs that may introduce a direct quotation: speech and framing verbs."""
    return speech_verbs() | _listed_lemmas(QUOTE_CUE_VERB)


@functools.cache
def non_speech_sense_marks() -> dict[str, frozenset[str]]:
    """For speech verbs with another common sense, the grammar that marks that sense."""
    marks: dict[str, frozenset[str]] = {}
    for line in SENSES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, found = line.split("\t")
            marks[lemma.strip().lower()] = frozenset(m.strip() for m in found.split(","))
    return marks


def in_speech_sense(token: Token) -> bool:
    """False when a speech verb is used in its other sense: 'continued to push', 'can't tell'.

    A word is a cue only where it reports speech; the grammar of the other
    sense (``data/speech_verb_senses.tsv``) rules it out unless someone is
    addressed.
    """
    marks = non_speech_sense_marks().get(token.lemma_.lower())
    if not marks:
        return True
    found = {child.dep_ for child in token.children}
    # The auxiliary by its lemma too: "can't" is "ca" + "n't", whose lemma is "can".
    found |= {
        f"aux={word}"
        for child in token.children
        if child.dep_ == "aux"
        for word in (child.lower_, child.lemma_.lower())
    }
    if token.head is not token:
        found.add(f"head={token.head.pos_}")
    if token.dep_ == "xcomp":
        # 'It is hard to tell': the parser hangs the verb on the copula, beside the adjective.
        found |= {f"head={child.pos_}" for child in token.head.children if child.dep_ == "acomp"}
    if not marks & found:
        return True
    return any(child.dep_ in _HEARER_DEPS and _is_hearer(child) for child in token.children)


def _is_hearer(token: Token) -> bool:
    """Someone a verb's object can address: a pronoun, a name, a group ('reporters')."""
    return (
        token.dep_ == "dative"
        or token.pos_ in {"PRON", "PROPN"}
        or token.ent_type_ in {"PERSON", "NORP", "ORG", "GPE"}
        or token.tag_ == "NNS"
    )


def is_speech_verb(token: Token) -> bool:
    """True for a verb whose lemma is in the speech-verb list, used in its speech sense."""
    return bool(_cue_index(token.doc)[token.i] & _CUE_BITS[SPEECH_VERB])


_QUOTE_CUE_BITS = _CUE_BITS[SPEECH_VERB] | _CUE_BITS[QUOTE_CUE_VERB]


def is_quote_cue_verb(token: Token) -> bool:
    """True for a verb that may introduce a direct quotation (speech or framing verb).

    Framing verbs, 'put it' ('As Ms. Simonyan put it, RT is "..."') and 'point
    out' ('As David Byler pointed out in December, "..."'; plain 'point' is no
    cue): the QUOTE_CUE_VERB patterns.
    """
    return bool(_cue_index(token.doc)[token.i] & _QUOTE_CUE_BITS)


def is_according_to(token: Token) -> bool:
    """True for the 'according' of 'according to'."""
    return bool(_cue_index(token.doc)[token.i] & _CUE_BITS[ACCORDING_TO])
