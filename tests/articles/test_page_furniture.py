"""Page furniture: which lines of a scraped page are ads, promotions or article prose."""

from __future__ import annotations

import pytest

from articles.readers.page_furniture import (
    body_paragraphs,
    is_boilerplate,
    is_paragraph,
    is_promotion,
)


@pytest.mark.parametrize(
    ("line", "boilerplate", "promotion"),
    [
        ("Advertisement", True, False),
        ("(ADVERTISEMENT)", True, False),
        ("Advertisement: scroll to continue", True, False),
        ("Story continues below advertisement", True, False),
        ("Continue reading below", True, False),
        ("Sponsored content", True, False),
        ("Related content", False, True),
        ("RELATED:", False, True),
        ("Read more \u00bb", False, True),
        ("You might also like", False, True),
        ("READ MORE : Baltic ports brace for summer", False, True),
        ("SEE ALSO: Why the Baltic is getting busier", False, True),
        ("WATCH: Rescue crews reach the ferry", False, True),
        ("MORE: Ferry runs aground", False, True),
        ("More from Europe", False, True),
        ("Sign up for our morning briefing", False, True),
        ("Share this article on Facebook", False, True),
        # article text that merely opens with the same words
        ("Advertisers pulled out, the paper said.", False, False),
        ("More from the ministry is expected today.", False, False),
        ("Related talks are planned for May.", False, False),
        ("Readers wrote in to complain.", False, False),
        ("Watchdogs said the ferry was overloaded.", False, False),
        ("Subscribers will pay more from June, the company said.", False, False),
        ("Read more: " + "word " * 20, False, False),  # too long to be a headline
    ],
)
def test_line_kinds(line: str, boilerplate: bool, promotion: bool) -> None:
    assert (is_boilerplate(line), is_promotion(line)) == (boilerplate, promotion)


@pytest.mark.parametrize(
    ("line", "paragraph"),
    [
        ("The coast guard said no one was hurt in the collision.", True),
        ('"We were lucky," the captain of the ferry told reporters.', True),
        ("Ferry runs aground", False),
        ("Another story.", False),
        ("Why the Baltic Is Getting Busier Than Ever Before This Summer?", False),
        ("https://news.example.org/2024/04/baltic-ports-brace-for-summer", False),
        (" ".join(["word"] * 25), True),  # no headline is that long, punctuated or not
    ],
)
def test_paragraphs_are_sentence_case_prose_or_long(line: str, paragraph: bool) -> None:
    assert is_paragraph(line) is paragraph


def test_body_paragraphs_cut_the_tail_and_drop_what_stands_mid_article() -> None:
    paragraphs = [
        "The coast guard said no one was hurt in the collision.",
        "ADVERTISEMENT",
        "READ MORE: Baltic ports brace for summer",
        "The port reopened in the afternoon, officials said.",
        "Related content",
        "Ferry runs aground off Gotland",
    ]

    assert body_paragraphs(paragraphs) == [
        "The coast guard said no one was hurt in the collision.",
        "The port reopened in the afternoon, officials said.",
    ]


def test_a_promotion_that_reads_like_a_sentence_still_opens_the_tail() -> None:
    paragraphs = [
        "The port reopened in the afternoon, officials said.",
        "Sign up to get an email from our reporter when she publishes a new story.",
        "Ferry runs aground off Gotland",
    ]

    assert body_paragraphs(paragraphs) == ["The port reopened in the afternoon, officials said."]


def test_a_promotion_before_any_body_text_does_not_end_the_body() -> None:
    paragraphs = ["Read more", "The port reopened in the afternoon, officials said."]

    assert body_paragraphs(paragraphs) == ["The port reopened in the afternoon, officials said."]
