"""No statement inside another one of the same article."""

from __future__ import annotations

import pytest

from entities.nlp.extract import article_extraction, without_nested
from entities.nlp.results import StatementFound


def _statement(start: int, end: int, kind: str = "indirect") -> StatementFound:
    return StatementFound(
        text="x" * (end - start),
        start=start,
        end=end,
        kind=kind,
        speaker_name=None,
        speaker_text="someone",
        cue="said",
    )


@pytest.mark.parametrize(
    ("outer_kind", "inner_kind", "kept"),
    [
        # Reported speech inside reported speech: the outer speaker's claim holds it.
        ("indirect", "indirect", "outer"),
        # A paraphrase inside a quote is part of the speaker's own words.
        ("direct", "indirect", "outer"),
        ("direct", "direct", "outer"),
        # Quoted words inside a paraphrase are what was said, verbatim.
        ("indirect", "direct", "inner"),
    ],
)
def test_of_two_nested_statements_one_is_kept(outer_kind, inner_kind, kept):
    outer, inner = _statement(10, 90, outer_kind), _statement(40, 60, inner_kind)
    before, after = _statement(0, 5), _statement(95, 99)
    result = without_nested([before, outer, inner, after])
    assert result == [before, outer if kept == "outer" else inner, after]


def test_overlapping_statements_that_do_not_nest_are_both_kept():
    first, second = _statement(0, 50), _statement(40, 90)
    assert without_nested([first, second]) == [first, second]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nick Merrill says Alicia Machado promised to continue supporting Clinton.",
            [("indirect", "Nick Merrill")],
        ),
        (
            "Brad Holm said that the advertisement suggests that the officers support Trump.",
            [("indirect", "Brad Holm")],
        ),
        (
            'Michael Flynn said Donald Trump was "absolutely right" when he said on Wednesday '
            'that under Barack Obama, "the generals have been reduced to rubble."',
            [("direct", "the generals have been reduced to rubble.")],
        ),
    ],
)
def test_extraction_keeps_no_statement_inside_another(nlp, text, expected):
    statements = article_extraction(nlp(text)).statements
    assert [
        (s.kind, s.speaker_name if s.kind == "indirect" else s.text) for s in statements
    ] == expected
