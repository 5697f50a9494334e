"""article_from_text: reading scraped news pages, header first, furniture left out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.readers.decoding import text_from_bytes
from articles.readers.record import UnreadableArticle
from articles.readers.scraped_text import article_from_text, published_at_from_line

SEED = Path(__file__).parents[2] / "seeds" / "000_6f93beee98eeb8e4.txt"
WARSAW_SUMMER = timezone(timedelta(hours=2))

BODY = "First paragraph of the story.\n\nSecond paragraph, with more detail."
PARAGRAPHS = BODY  # what the reader must return for BODY: the paragraphs, untouched


def _seed_text() -> str:
    return text_from_bytes(SEED.read_bytes())


def _seed_body_paragraphs() -> list[str]:
    """The body as it stands in the file: non-blank lines from the first to the last paragraph."""
    lines = [line.strip() for line in _seed_text().split("\n") if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("According to information"))
    end = next(i for i, line in enumerate(lines) if line.endswith("for such a\u00a0gathering."))
    return lines[start : end + 1]


# --- The seed file ---------------------------------------------------------


def test_seed_title_is_the_clean_title_without_the_leaked_section_prefix() -> None:
    article = article_from_text(_seed_text())

    assert article.title == "China's indirect aid to Russia's arms sector raises U.S. alarm"


def test_seed_author_caption_and_date_come_from_the_header() -> None:
    article = article_from_text(_seed_text(), source_name="seed-000", default_tz=WARSAW_SUMMER)

    assert article.author == "Justyna Lasota-Krawczyk"
    assert article.published_at == datetime(2024, 4, 10, 14, 11, tzinfo=WARSAW_SUMMER)
    assert article.image_caption == (
        "Jake Sullivan conveyed the White House's findings regarding Chinese-Russian cooperation."
    )
    assert article.source_name == "seed-000"


def test_seed_date_defaults_to_utc() -> None:
    assert article_from_text(_seed_text()).published_at == datetime(2024, 4, 10, 14, 11, tzinfo=UTC)


def test_seed_body_is_exactly_the_source_paragraphs() -> None:
    body = article_from_text(_seed_text()).body

    assert body == "\n\n".join(_seed_body_paragraphs())
    assert body.startswith("According to information provided by the White House")
    assert body.endswith("marking a\u00a0historic first for such a\u00a0gathering.")
    assert "\n\nChina remains unmoved by sanction threats\n\n" in body
    assert len(body.split("\n\n")) == 8


@pytest.mark.parametrize(
    "header_text",
    ["Images source", "Getty Images", "Related content", "Justyna", "10 April 2024", "NewsChina"],
)
def test_seed_body_has_no_header_or_trailer_text(header_text: str) -> None:
    assert header_text not in article_from_text(_seed_text()).body


def test_seed_body_does_not_repeat_the_caption() -> None:
    assert "Jake Sullivan conveyed" not in article_from_text(_seed_text()).body


# --- Header layouts ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # byline, date, caption, credit
        "Ships collide in the Baltic\n\nJane Doe\n10 April 2024 14:11\n"
        "Two ships near the port of Gdansk.\nPhoto: AP\n\n" + BODY,
        # date first, then caption and credit, byline last
        "Ships collide in the Baltic\n10 April 2024 14:11\n"
        "Two ships near the port of Gdansk.\nImage source: © AP | Jan Kowalski\nJane Doe\n\n"
        + BODY,
        # caption repeated, no credit, byline with "By"
        "Ships collide in the Baltic\n\nTwo ships near the port of Gdansk.\n"
        "Two ships near the port of Gdansk.\nBy Jane Doe\n\nPublished 10 Apr 2024 14:11\n\n" + BODY,
        # a date line above the title
        "Updated: 10.04.2024 14:11\nShips collide in the Baltic\nBy Jane Doe\n"
        "Two ships near the port of Gdansk.\n(Photo by Jan Kowalski / Getty Images)\n\n" + BODY,
        # section prefix leaked into the first line
        "WorldShips collide in the Baltic\nShips collide in the Baltic\n"
        "Two ships near the port of Gdansk.\n© Reuters\nJane Doe\n2024-04-10T14:11:00Z\n" + BODY,
    ],
)
def test_header_lines_are_found_in_any_order(text: str) -> None:
    article = article_from_text(text)

    assert article.title == "Ships collide in the Baltic"
    assert article.author == "Jane Doe"
    assert article.published_at == datetime(2024, 4, 10, 14, 11, tzinfo=UTC)
    assert article.image_caption == "Two ships near the port of Gdansk."
    assert article.body == PARAGRAPHS


def test_leaked_suffix_is_removed_from_the_title_too() -> None:
    text = "Ships collide in the Baltic - Daily Gazette\n\nShips collide in the Baltic\n\n" + BODY

    assert article_from_text(text).title == "Ships collide in the Baltic"


def test_a_header_line_that_is_only_a_short_tail_of_the_title_is_not_the_title() -> None:
    text = "Ships collide in the Baltic\n\nthe Baltic\n\n" + BODY

    assert article_from_text(text).title == "Ships collide in the Baltic"


def test_no_break_spaces_in_the_title_become_plain_spaces() -> None:
    text = "Ships\u00a0 collide in the\u00a0Baltic\n\n" + BODY

    assert article_from_text(text).title == "Ships collide in the Baltic"


def test_section_labels_above_the_body_are_dropped() -> None:
    text = "Ships collide in the Baltic\nEurope\nBy Jane Doe\n10 April 2024\n\n" + BODY

    assert article_from_text(text).body == PARAGRAPHS


def test_a_standfirst_above_the_byline_stays_in_the_body() -> None:
    text = (
        "Ships collide in the Baltic\n\nNo one was hurt, officials said.\n\n"
        "By Jane Doe\n10 April 2024\n\n" + BODY
    )

    article = article_from_text(text)

    assert article.author == "Jane Doe"
    assert article.body == "No one was hurt, officials said.\n\n" + PARAGRAPHS


# --- Bylines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "author", "publisher"),
    [
        ("By Jane Doe", "Jane Doe", ""),
        ("by Jane Doe", "Jane Doe", ""),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", ""),
        ("By Jane Doe, Reuters", "Jane Doe", "Reuters"),
        ("Jane Doe, Reuters", "Jane Doe", "Reuters"),
        ("Jane Doe | The Associated Press", "Jane Doe", "The Associated Press"),
        ("Justyna Lasota-Krawczyk", "Justyna Lasota-Krawczyk", ""),
        ("Ursula von der Leyen", "Ursula von der Leyen", ""),
    ],
)
def test_byline_forms(byline: str, author: str, publisher: str) -> None:
    article = article_from_text(f"Ships collide in the Baltic\n\n{byline}\n\n{BODY}")

    assert (article.author, article.publisher) == (author, publisher)
    assert article.body == PARAGRAPHS


def test_an_explicit_byline_beats_a_bare_name_line() -> None:
    text = "Ships collide in the Baltic\nEuropean Desk\nBy Jane Doe\n\n" + BODY

    assert article_from_text(text).author == "Jane Doe"


def test_a_name_like_subheading_in_the_body_is_not_the_author() -> None:
    text = "Ships collide in the Baltic\n\n" + BODY + "\n\nRescue Operation Continues\n\nMore text."

    article = article_from_text(text)

    assert article.author == ""
    assert article.body.endswith("\n\nRescue Operation Continues\n\nMore text.")


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    text = (
        "Ships collide in the Baltic\n\nBy the time help arrived, both ships had sunk.\n\n" + BODY
    )

    article = article_from_text(text)

    assert article.author == ""
    assert article.body.startswith("By the time help arrived")


def test_lines_that_are_not_names_are_not_bylines() -> None:
    text = "Ships collide in the Baltic\n\nTwo ships collided\n\n" + BODY

    assert article_from_text(text).author == ""


# --- Dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("10 April 2024 14:11", datetime(2024, 4, 10, 14, 11, tzinfo=UTC)),
        ("April 10, 2024", datetime(2024, 4, 10, tzinfo=UTC)),
        ("April 10, 2024 at 2:11 PM", datetime(2024, 4, 10, 14, 11, tzinfo=UTC)),
        ("April 10, 2024 at 2:11 a.m.", datetime(2024, 4, 10, 2, 11, tzinfo=UTC)),
        ("2024-04-10", datetime(2024, 4, 10, tzinfo=UTC)),
        ("2024-04-10T14:11:00Z", datetime(2024, 4, 10, 14, 11, tzinfo=UTC)),
        ("2024-04-10T14:11:00+02:00", datetime(2024, 4, 10, 14, 11, tzinfo=WARSAW_SUMMER)),
        ("10.04.2024 14:11", datetime(2024, 4, 10, 14, 11, tzinfo=UTC)),
        ("Published 10 Apr 2024", datetime(2024, 4, 10, tzinfo=UTC)),
        ("Updated: April 10, 2024 2:11 PM", datetime(2024, 4, 10, 14, 11, tzinfo=UTC)),
        ("Published on Wednesday, April 10th, 2024", datetime(2024, 4, 10, tzinfo=UTC)),
        ("10 April 2024, 14:11 CEST", datetime(2024, 4, 10, 14, 11, tzinfo=WARSAW_SUMMER)),
        ("Sept 3, 2024", datetime(2024, 9, 3, tzinfo=UTC)),
    ],
)
def test_date_line_formats(line: str, expected: datetime) -> None:
    assert published_at_from_line(line) == expected


def test_a_date_without_zone_is_read_in_the_default_zone() -> None:
    assert published_at_from_line("10 April 2024 14:11", default_tz=WARSAW_SUMMER) == datetime(
        2024, 4, 10, 14, 11, tzinfo=WARSAW_SUMMER
    )


@pytest.mark.parametrize(
    "line",
    [
        "The talks began on 10 April 2024 in Brussels.",
        "Jane Doe",
        "31 February 2024",
        "April 10, 2024 5",
        "2024",
    ],
)
def test_lines_that_are_not_just_a_date_are_not_dates(line: str) -> None:
    assert published_at_from_line(line) is None


@pytest.mark.parametrize(
    "date_line",
    [
        "10 April 2024 14:11",
        "April 10, 2024 at 2:11 PM",
        "2024-04-10T14:11:00Z",
        "10.04.2024 14:11",
        "Published 10 Apr 2024 14:11",
        "Updated: 2024-04-10 14:11",
    ],
)
def test_each_date_format_is_read_from_an_article_and_kept_out_of_the_body(
    date_line: str,
) -> None:
    article = article_from_text(f"Ships collide in the Baltic\nBy Jane Doe\n{date_line}\n\n{BODY}")

    assert article.published_at == datetime(2024, 4, 10, 14, 11, tzinfo=UTC)
    assert article.body == PARAGRAPHS


def test_the_published_date_wins_over_the_updated_one() -> None:
    text = (
        "Ships collide in the Baltic\nUpdated: 11 April 2024 09:00\n"
        "Published: 10 April 2024 14:11\n\n" + BODY
    )

    assert article_from_text(text).published_at == datetime(2024, 4, 10, 14, 11, tzinfo=UTC)


# --- Missing parts -------------------------------------------------------------


def test_missing_byline_and_date_leave_them_empty() -> None:
    text = "Ships collide in the Baltic\n\nTwo ships near Gdansk.\nPhoto: AP\n\n" + BODY

    article = article_from_text(text)

    assert (article.author, article.published_at) == ("", None)
    assert article.image_caption == "Two ships near Gdansk."
    assert article.body == PARAGRAPHS


def test_plain_title_and_paragraphs() -> None:
    article = article_from_text("Ships collide in the Baltic\n\n" + BODY + "\n")

    assert article.title == "Ships collide in the Baltic"
    assert article.body == PARAGRAPHS
    assert (article.author, article.publisher, article.published_at, article.image_caption) == (
        "",
        "",
        None,
        "",
    )


def test_paragraphs_on_single_lines_are_still_separate_paragraphs() -> None:
    text = "Ships collide in the Baltic\n" + BODY.replace("\n\n", "\n")

    assert article_from_text(text).body == PARAGRAPHS


def test_crlf_and_byte_order_mark_are_handled() -> None:
    data = ("\ufeffShips collide in the Baltic\r\n\r\nBy Jane Doe\r\n\r\n" + BODY).replace(
        "\n\n", "\r\n\r\n"
    )

    from_bytes = article_from_text(text_from_bytes(data.encode()))
    from_text = article_from_text(data)

    assert from_bytes == from_text
    assert from_text.title == "Ships collide in the Baltic"
    assert from_text.author == "Jane Doe"
    assert from_text.body == PARAGRAPHS


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "Advertisement\n"])
def test_text_without_any_article_is_unreadable(text: str) -> None:
    with pytest.raises(UnreadableArticle, match="found neither a title nor a body"):
        article_from_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ships collide in the Baltic",
        "Ships collide in the Baltic\n\n",
        "Ships collide in the Baltic\nBy Jane Doe\n10 April 2024\nPhoto: AP\n",
        "Ships collide in the Baltic\n\nRelated content\n",
    ],
)
def test_a_title_without_body_is_unreadable(text: str) -> None:
    with pytest.raises(
        UnreadableArticle, match=r"found a title \('Ships collide in the Baltic'\) but no body"
    ):
        article_from_text(text)


# --- Page furniture --------------------------------------------------------------


@pytest.mark.parametrize(
    "trailer",
    [
        "Related content",
        "Related articles",
        "Read more",
        "Read also:",
        "More from Europe",
        "Share this article",
        "Subscribe to our newsletter",
        "Subscribe to our newsletter!",
    ],
)
def test_everything_from_a_trailing_trailer_heading_is_dropped(trailer: str) -> None:
    text = f"Ships collide in the Baltic\n\n{BODY}\n\n{trailer}\n\nAnother story.\nA third story"

    assert article_from_text(text).body == PARAGRAPHS


def test_advertisement_lines_are_dropped_wherever_they_are() -> None:
    text = (
        "Ships collide in the Baltic\nAdvertisement\nBy Jane Doe\n\n"
        "First paragraph of the story.\n\nADVERTISEMENT\n\nSecond paragraph, with more detail."
        "\n\nAdvertisement"
    )

    assert article_from_text(text).body == PARAGRAPHS


def test_a_promotion_mid_article_does_not_cut_the_article_short() -> None:
    long_paragraph = " ".join(["The rescue went on through the night."] * 8)
    text = f"Ships collide in the Baltic\n\n{BODY}\n\nRead more\n\n{long_paragraph}"

    assert article_from_text(text).body == f"{PARAGRAPHS}\n\n{long_paragraph}"


# Short paragraphs, as agency copy has them: none of them is long on its own.
AFTER_PROMOTION = (
    "The coast guard said no one was hurt.\n\n"
    '"We were lucky," the captain of the ferry told reporters on Wednesday.\n\n'
    "The port reopened in the afternoon."
)


@pytest.mark.parametrize(
    "promotion",
    [
        "READ MORE: Baltic ports brace for a busy summer season",
        "Read more:",
        "Related:",
        "RELATED: Ferry runs aground off Gotland",
        "SEE ALSO: Why the Baltic is getting busier",
        "WATCH: Rescue crews reach the ferry",
        "More from Europe",
        "Subscribe to our newsletter",
    ],
)
def test_a_promotion_line_mid_article_is_dropped_and_the_body_goes_on(promotion: str) -> None:
    text = f"Ships collide in the Baltic\n\n{BODY}\n\n{promotion}\n\n{AFTER_PROMOTION}"

    assert article_from_text(text).body == f"{PARAGRAPHS}\n\n{AFTER_PROMOTION}"


@pytest.mark.parametrize(
    "marker",
    [
        "ADVERTISEMENT",
        "Advertisement",
        "[Advertisement]",
        "Advertisement - Scroll to continue",
        "Story continues below",
        "Story continues below advertisement",
        "Continue reading below",
        "Article continues after advertisement",
    ],
)
def test_an_ad_marker_mid_article_is_dropped_and_the_body_goes_on(marker: str) -> None:
    text = f"Ships collide in the Baltic\n\n{BODY}\n\n{marker}\n\n{AFTER_PROMOTION}"

    assert article_from_text(text).body == f"{PARAGRAPHS}\n\n{AFTER_PROMOTION}"


def test_several_promotions_mid_article_are_all_dropped() -> None:
    text = (
        "Ships collide in the Baltic\n\nFirst paragraph of the story.\n\n"
        "READ MORE: Baltic ports brace for a busy summer season\n\n"
        "Second paragraph, with more detail.\n\nAdvertisement\n\nWATCH: Rescue crews at work\n\n"
        + AFTER_PROMOTION
    )

    assert article_from_text(text).body == f"{PARAGRAPHS}\n\n{AFTER_PROMOTION}"


@pytest.mark.parametrize(
    "tail",
    [
        # promotion lines, each with its headline
        "READ MORE: Ferry runs aground off Gotland\nREAD MORE: Baltic ports brace for summer",
        # a heading, teaser headlines and a link
        "Related:\nFerry runs aground off Gotland\nWhy the Baltic Is Getting Busier Than Ever?\n"
        "https://news.example.org/baltic",
        # a heading with nothing after it
        "Read more",
    ],
)
def test_a_promotion_with_no_paragraph_after_it_ends_the_body(tail: str) -> None:
    text = f"Ships collide in the Baltic\n\n{BODY}\n\n{tail}\n"

    assert article_from_text(text).body == PARAGRAPHS


def test_a_promotion_after_the_last_paragraph_ends_the_body_of_an_untitled_article() -> None:
    opening = (
        "Two ships collided near the port of Gdansk on Tuesday, the coast guard said, "
        "and both were towed to port by the evening."
    )
    text = f"{opening}\n\nREAD MORE: Baltic news\n\n{AFTER_PROMOTION}\n\nRelated\nOther story"

    assert article_from_text(text).body == f"{opening}\n\n{AFTER_PROMOTION}"


@pytest.mark.parametrize(
    "line",
    [
        "Related talks are planned for May, the ministry said.",
        "Read more about the collision in the full report, officials told reporters on Tuesday.",
        "Watch: the coast guard has asked sailors to keep an eye on the ferry lanes this week, "
        "and to report anything unusual to the harbour master at once.",
        "Advertisements for the new ferry line went up in Gdansk last week.",
    ],
)
def test_article_sentences_that_open_like_furniture_are_kept(line: str) -> None:
    text = f"Ships collide in the Baltic\n\n{BODY}\n\n{line}\n\n{AFTER_PROMOTION}"

    assert article_from_text(text).body == f"{PARAGRAPHS}\n\n{line}\n\n{AFTER_PROMOTION}"


@pytest.mark.parametrize(
    "credit",
    [
        "Image source: © AP",
        "Images source: © Getty Images | Global Images Ukraine",
        "Photo: Jan Kowalski",
        "Photo credit: Jan Kowalski/AP",
        "Credit: Reuters",
        "(Photo by Jan Kowalski / Getty Images)",
        "© Reuters",
    ],
)
def test_credit_lines_are_never_body_and_mark_the_caption_above(credit: str) -> None:
    text = f"Ships collide in the Baltic\n\nTwo ships near Gdansk.\n{credit}\n\n{BODY}"

    article = article_from_text(text)

    assert article.image_caption == "Two ships near Gdansk."
    assert article.body == PARAGRAPHS


def test_consecutive_duplicate_lines_collapse() -> None:
    text = (
        "Ships collide in the Baltic\nShips collide in the Baltic\n\nBy Jane Doe\n\n"
        "First paragraph of the story.\n\nSecond paragraph, with more detail.\n"
        "Second paragraph, with more detail."
    )

    article = article_from_text(text)

    assert article.title == "Ships collide in the Baltic"
    assert article.body == PARAGRAPHS


def test_a_repeated_line_just_below_the_header_is_the_caption() -> None:
    text = (
        "Ships collide in the Baltic\nJane Doe\n10 April 2024 14:11\n\n"
        "Two ships near the port of Gdansk.\nTwo ships near the port of Gdansk.\n\n" + BODY
    )

    article = article_from_text(text)

    assert article.image_caption == "Two ships near the port of Gdansk."
    assert article.body == PARAGRAPHS


def test_a_body_sentence_starting_with_more_from_is_kept() -> None:
    text = f"Ships collide in the Baltic\n\n{BODY}\n\nMore from the ministry is expected today."

    assert (
        article_from_text(text).body == f"{PARAGRAPHS}\n\nMore from the ministry is expected today."
    )


def test_body_saved_without_a_headline_keeps_its_opening_paragraph():
    text = (
        "Russia and China agreed on Tuesday to deepen their cooperation, officials in both "
        "capitals said, in a move that alarmed Washington and its allies.\n\n"
        '"We are partners," Xi Jinping said.\n'
    )
    record = article_from_text(text)
    assert record.body.startswith("Russia and China agreed on Tuesday")
    assert record.body.endswith('"We are partners," Xi Jinping said.')
    assert record.title == (
        "Russia and China agreed on Tuesday to deepen their cooperation, officials in both "
        "capitals said, in\u2026"
    )


def test_long_title_case_headline_ending_with_a_full_stop_is_still_the_title():
    headline = (
        "Glenn Beck Blasts Drudge for Mocking His Fast, Quotes Bible to Encourage Indiana "
        "to Turn Away from Boasters and Blasphemers Like Trump."
    )
    record = article_from_text(f"{headline}\n\nThe radio host said on Monday that he would fast.")
    assert record.title == headline
    assert record.body == "The radio host said on Monday that he would fast."
