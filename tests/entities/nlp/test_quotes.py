from __future__ import annotations

import pytest

from entities.nlp.quotes import is_statement_like, mostly_inside, quote_spans


def contents(text: str) -> list[str]:
    return [span.text_in(text) for span in quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ('He said "we will go there soon" today.', ('"', '"')),
        ("He said \u201cwe will go there soon\u201d today.", ("\u201c", "\u201d")),
        ("He said ''we will go there soon'' today.", ("''", "''")),
    ],
)
def test_straight_curly_and_double_apostrophe_marks(text, marks):
    [span] = quote_spans(text)
    assert span.text_in(text) == "we will go there soon"
    assert (span.open_mark, span.close_mark) == marks


def test_offsets_cover_the_content_inside_the_marks():
    text = 'A "b c" d \u201ce f\u201d.'
    assert contents(text) == ["b c", "e f"]


def test_quote_continued_in_next_paragraph_is_one_span():
    text = '"We will act now.\n\n"And we will not stop," she said.'
    [span] = quote_spans(text)
    assert span.text_in(text) == 'We will act now.\n\n"And we will not stop,'


def test_unclosed_quote_not_continued_is_dropped():
    text = "\u201cWe will act now.\n\nShe left. Then \u201ca new quote here\u201d came."
    assert contents(text) == ["a new quote here"]


def test_stray_closing_mark_is_ignored():
    assert contents("He left.\u201d Then \u201ca quote\u201d came.") == ["a quote"]


def test_scare_quotes_and_titles_are_not_statements(nlp):
    text = (
        'The "reset" failed, he wrote in "The Art of the Deal". '
        '"We will not accept any interference," she said.'
    )
    doc = nlp(text)
    statement_like = [
        span.text_in(text) for span in quote_spans(text) if is_statement_like(span, doc)
    ]
    assert statement_like == ["We will not accept any interference,"]


# A scraped embed's attributes may hold a whole tweet, twice (its text and a date field
# the scraper filled with it): a tag runs to several hundred characters.
_LONG_ATTRIBUTE = "that in an apples-to-apples comparison, the prospects are worse " * 5


@pytest.mark.parametrize(
    "tag",
    [
        '<tweet pic="" author="realDonaldTrump" tweet_id="667777348029292544">',
        f'<tweet tweet-author="{_LONG_ATTRIBUTE}" tweet-date="{_LONG_ATTRIBUTE}.">',
    ],
)
def test_attribute_quotes_in_leftover_markup_are_not_quotations(tag):
    text = tag + "We must defeat terrorism</tweet>. He said \u201cwe will win.\u201d"
    assert [q.text_in(text) for q in quote_spans(text)] == ["we will win."]


def test_mostly_quoted_counts_characters_other_than_spaces():
    from entities.nlp.indirect import is_mostly_quoted
    from entities.nlp.quoted_statements import QuotedStatement

    text = 'that   his   own   pen "has got an eraser."'
    quote = QuotedStatement(tuple(quote_spans(text)))
    assert is_mostly_quoted(text, 0, len(text), [quote])
    assert not is_mostly_quoted("that his own pen and more " + text, 0, len(text) + 26, [])


@pytest.mark.parametrize(
    "text, clause, expected",
    [
        # Half quoted, counting the marks: the closing mark goes with the quote even
        # when the clause is cut at its last word, before the comma's mark.
        (
            "With thousands of vote counting systems, \u201cthere is no one single point of "
            "failure,\u201d he said.",
            "With thousands of vote counting systems, \u201cthere is no one single point of "
            "failure,",
            True,
        ),
        # Less than half quoted, marks and all.
        (
            'Trump says he has "big plans" for the whole campaign in the fall.',
            'he has "big plans" for the whole campaign in the fall.',
            False,
        ),
    ],
)
def test_mostly_inside_counts_the_closing_mark_with_the_quote(text, clause, expected):
    start = text.index(clause)
    assert mostly_inside(text, start, start + len(clause), quote_spans(text)) is expected
