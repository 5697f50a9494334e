"""The speaker a speech verb's subject names (``entities.nlp.subjects``)."""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'Another delegate on the Cruz slate, Jim Poolman, said: "We are not going anywhere."',
            "Jim Poolman",
        ),
        ('"We will win," one voter in the crowd, Sara Cole, told reporters.', "Sara Cole"),
        ('"We will win," the man who ran the store for years, Tom Ruiz, said.', "Tom Ruiz"),
    ],
)
def test_name_set_off_after_a_description_speaks(nlp, text, speaker):
    [found] = article_extraction(nlp(text)).statements
    assert found.speaker_name == speaker


@pytest.mark.slow
def test_description_without_a_name_beside_it_stays_unnamed(nlp):
    [found] = article_extraction(
        nlp('A source close to the campaign said: "We are not going anywhere."')
    ).statements
    assert (found.speaker_text, found.speaker_name) == ("A source close to the campaign", None)
