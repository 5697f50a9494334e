"""The cue finder: which words of a sentence it marks, and where its words come from.

``entities.nlp.cues`` builds its matchers from ``data/cue_patterns.jsonl``; the
word lists that file names are the only place the words live.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy

from entities.nlp.cues import (
    ACCORDING_TO,
    CUES_KEY,
    INDEX_KEY,
    QUOTE_CUE_VERB,
    SPEECH_VERB,
    CueFinder,
    cue_patterns,
    is_according_to,
    is_quote_cue_verb,
    is_speech_verb,
    quote_cue_verbs,
    speech_verbs,
)

# (sentence, the cues marked in it as (kind, text))
MARKED = [
    ('"We will win," she said.', [(SPEECH_VERB, "said")]),
    ("She continued to push for the bill.", []),
    ('She continued, "We will not stop."', [(SPEECH_VERB, "continued")]),
    ("The senator continued the fight in the Senate.", []),
    ("I can tell you that the bill will pass.", [(SPEECH_VERB, "tell")]),
    ("It is hard to tell whether the bill will pass.", []),
    # "can't" is "ca" + "n't": the auxiliary is known by its lemma.
    ("You can't tell what he means by that.", []),
    # A plea entered in court reports no words; a plea to someone does.
    ("Mr. Shkreli has pleaded not guilty.", []),
    ("She pleaded with the judge to spare him.", [(SPEECH_VERB, "pleaded")]),
    ("I can't tell you how proud we are.", [(SPEECH_VERB, "tell")]),
    ('"Why?" Vitter demanded.', [(QUOTE_CUE_VERB, "demanded")]),
    ('As Ms. Simonyan put it, "RT is providing a perspective."', [(QUOTE_CUE_VERB, "put")]),
    ("He put the book on the table.", []),
    ('As David Byler pointed out in December, "polls move."', [(QUOTE_CUE_VERB, "pointed")]),
    ("He pointed at the map.", []),
    ("According to officials, the plan failed.", [(ACCORDING_TO, "According to")]),
    ("The plan failed, according to a report by the agency.", [(ACCORDING_TO, "according to")]),
    ("The senators met on Tuesday.", []),
]


@pytest.mark.parametrize("text, cues", MARKED)
def test_cue_finder_marks(nlp, text, cues):
    doc = nlp(text)
    assert [(span.label_, span.text) for span in doc.spans[CUES_KEY]] == cues


@pytest.mark.parametrize("text, cues", MARKED)
def test_predicates_read_the_marks(nlp, text, cues):
    doc = nlp(text)
    speech = [t.text for t in doc if is_speech_verb(t)]
    quote_cues = [t.text for t in doc if is_quote_cue_verb(t)]
    according = [doc[t.i : t.i + 2].text for t in doc if is_according_to(t)]
    assert speech == [text for kind, text in cues if kind == SPEECH_VERB]
    assert quote_cues == [text for kind, text in cues if kind in {SPEECH_VERB, QUOTE_CUE_VERB}]
    assert according == [text for kind, text in cues if kind == ACCORDING_TO]
    assert all(isinstance(bits, int) for bits in doc.user_data[INDEX_KEY])


def test_a_doc_made_without_the_component_gets_the_same_cues(nlp):
    text = 'She continued, "We will win," according to aides, and then continued to push.'
    with nlp.select_pipes(disable=["newsbrowser_cues", "newsbrowser_quotes"]):
        bare = nlp(text)
    assert CUES_KEY not in bare.spans
    marked = nlp(text)
    for predicate in (is_speech_verb, is_quote_cue_verb, is_according_to):
        assert [predicate(t) for t in bare] == [predicate(t) for t in marked]
    assert [t.text for t in bare if is_speech_verb(t)] == ["continued"]


def test_a_doc_without_tags_has_only_word_cues():
    doc = spacy.blank("en")("It failed, according to aides, he said.")
    assert [t.text for t in doc if is_according_to(t)] == ["according"]
    assert not any(is_speech_verb(t) or is_quote_cue_verb(t) for t in doc)


def test_a_hand_built_doc_asks_without_error(make_doc):
    doc = make_doc(["Lee", "said", "so", "."], ["B-PERSON", "O", "O", "O"])
    assert not any(is_speech_verb(t) or is_according_to(t) for t in doc)


def test_cues_survive_a_trip_through_worker_processes(nlp):
    texts = ['"No," she said.', "According to aides, he continued to push.", "Why? he demanded."]
    one = [[(s.label_, s.start) for s in doc.spans[CUES_KEY]] for doc in nlp.pipe(texts)]
    two = [
        [(s.label_, s.start) for s in doc.spans[CUES_KEY]] for doc in nlp.pipe(texts, n_process=2)
    ]
    assert one == two


def test_the_patterns_cover_every_word_of_the_lists_they_name(nlp):
    listed = {}
    for entry in cue_patterns():
        if "lemmas_from" in entry:
            path = Path(__file__).parents[3] / "entities" / "nlp" / "data" / entry["lemmas_from"]
            words = {
                line.strip().lower()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")
            }
            listed.setdefault(entry["label"], set()).update(words)
    assert listed[SPEECH_VERB] == set(speech_verbs())
    assert listed[SPEECH_VERB] | listed[QUOTE_CUE_VERB] == set(quote_cue_verbs())
    finder = CueFinder(nlp.vocab)
    in_patterns = {
        word
        for key in finder.matcher._patterns
        for pattern in finder.matcher.get(key)[1]
        for token in pattern
        for word in token.get("_", {}).get("lower_lemma", {}).get("IN", [])
    }
    assert in_patterns == listed[SPEECH_VERB] | listed[QUOTE_CUE_VERB]


def test_no_module_keeps_its_own_list_of_cue_words():
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (Path(__file__).parents[3] / "entities" / "nlp").glob("*.py")
    )
    # A set or tuple literal of two or more speech verbs would be a second list.
    words = "|".join(sorted(speech_verbs()))
    pattern = re.compile(r"[{(\[]\s*\"(" + words + r")\",\s*\"(" + words + r")\"")
    assert pattern.findall(source) == []
