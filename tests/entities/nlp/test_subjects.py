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
@pytest.mark.parametrize(
    "text, speaker",
    [
        # The name first, then its description, both before the verb.
        (
            '"We need a plan," Deborah Tamargo, the chairwoman of the county party, recalled.',
            "Deborah Tamargo",
        ),
        (
            'Mary Lopez, the director of the shelter, said: "We have no beds left."',
            "Mary Lopez",
        ),
        # A description with a clause of its own, then the name alone between commas.
        (
            'The editor I was talking to, Tim Grieve, interrupted me to announce, "There goes'
            ' the franchise."',
            "Tim Grieve",
        ),
    ],
)
def test_name_beside_a_description_speaks(nlp, text, speaker):
    [found] = article_extraction(nlp(text)).statements
    assert found.speaker_name == speaker


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        # A name that does not open its clause is someone the sentence speaks of.
        'Unlike Tom Ruiz, the governor said: "We will not raise taxes."',
        'In a letter to Tom Ruiz, the governor said: "We will not raise taxes."',
    ],
)
def test_name_not_set_beside_the_description_does_not_speak(nlp, text):
    [found] = article_extraction(nlp(text)).statements
    assert found.speaker_name is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, speaker",
    [
        # The tokenizer cuts "Capt." in two and the parser makes "Capt" a subject.
        ('"We will win," said Army Capt. Christian Pardo.', "Christian Pardo"),
        ('"We will win," said Lt. Gen. Ann Ruiz, who leads the unit.', "Ann Ruiz"),
        # A name right after a role noun holds the role; the name before says whose it is.
        ('"That is treason," said Cruz constituent\u00a0Dan Golvach when asked.', "Dan Golvach"),
        ('"We will win," said the group\u2019s director Tom Ruiz.', "Tom Ruiz"),
        # A name in the next sentence is no part of the title.
        ('"We will win," said the president. Tom Ruiz left at noon.', None),
    ],
)
def test_name_after_a_title_or_role_speaks(nlp, text, speaker):
    [found] = article_extraction(nlp(text)).statements
    assert found.speaker_name == speaker


@pytest.mark.slow
def test_description_without_a_name_beside_it_stays_unnamed(nlp):
    [found] = article_extraction(
        nlp('A source close to the campaign said: "We are not going anywhere."')
    ).statements
    assert (found.speaker_text, found.speaker_name) == ("A source close to the campaign", None)
