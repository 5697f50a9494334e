"""Direct quotations: where quoted text starts and ends in a body."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from entities.nlp.doc_index import text_of

# Curly, TeX-style and guillemet quotes.
OPENING_MARKS = ("\u201c", "``", "\u00ab")
CLOSING_MARKS = ("\u201d", "\u00bb")
# Straight marks open or close depending on whether a quote is open.
EITHER_MARKS = ('"', "''")
# The characters an opening mark is made of, and spaces: what stands between the text
# before a quote and its content ('said, \u201c' less these ends in the comma).
OPENING_MARKS_AND_SPACES = "\u201c\u00ab\"'` \t\xa0"
_MARK = re.compile(r"\u201c|\u201d|``|''|\"|\u00ab|\u00bb")
# Paragraphs are separated by a line break; a quote running on to the next
# paragraph leaves its closing mark off and reopens it there.
_PARAGRAPH_BREAK = re.compile(r"[ \t\xa0]*\n\s*")
# An ellipsis right after a mark: the quotation resumes mid-sentence ('\u201d \u2026 they are
# so not like him,\u201d she said'), so the mark opens it, whichever way it curls.
_ELLIPSIS_AFTER = re.compile(r"[ \t\xa0]?(?:\u2026|\.\.\.)")

# Scare quotes and titles are short; a statement has a clause in it.
MIN_STATEMENT_WORDS = 4
_VERBISH_POS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Quoted text; ``start``/``end`` cover the content inside the marks."""

    start: int
    end: int
    open_mark: str
    close_mark: str

    def text_in(self, body: str) -> str:
        """The quoted content."""
        return body[self.start : self.end]


# Markup left in scraped text ('<tweet author="realDonaldTrump">'): its
# attribute quotes are no quotations. An embed's attributes may hold a whole
# tweet or two, so a tag may run to a few thousand characters of one line.
_MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,3000}>")


def quote_spans(text: str) -> list[QuoteSpan]:
    """Every closed quotation in ``text``, in order, including short ones."""
    text = _MARKUP_TAG.sub(lambda tag: " " * len(tag.group()), text)
    spans: list[QuoteSpan] = []
    open_at: int | None = None  # offset just after the opening mark
    open_mark = ""
    position = 0
    while match := _MARK.search(text, position):
        mark, position = match.group(), match.end()
        if open_at is not None:
            between = text[open_at : match.start()]
            if "\n" in between:
                # The quote ran past a paragraph end: it goes on only if each
                # new paragraph reopens it with a mark.
                if not _continues_across_paragraphs(text, open_at, match.start()):
                    open_at = None
                elif match.start() == _last_paragraph_start(text, match.start()):
                    continue  # this mark reopens the quote in a new paragraph
        if mark in CLOSING_MARKS and _opens_before_ellipsis(text, match.end()):
            # Typed as a closing mark, it opens (and a quote open before it had lost its
            # closing mark).
            open_at, open_mark = match.end(), mark
            continue
        if open_at is None:
            if mark in CLOSING_MARKS and not _opens_by_position(text, match.start(), match.end()):
                continue  # a stray closing mark
            open_at, open_mark = match.end(), mark
            continue
        if mark in OPENING_MARKS and not _closes_by_position(text, match.start(), match.end()):
            if open_mark in EITHER_MARKS:
                inner_end = _nested_quote_end(text, match.end())
            elif open_mark == "\u201c" and mark == "\u201c":
                inner_end = _nested_curly_quote_end(text, match.end())
            else:
                inner_end = None
            if inner_end is not None:
                # '"PENCE: She thinks this is an episode of “Shark Tank.” But ..."':
                # a curly quote inside a straight one is nested, not a new start.
                position = inner_end
                continue
            open_at, open_mark = match.end(), mark  # unclosed quote before: restart here
            continue
        if match.start() > open_at:
            spans.append(QuoteSpan(open_at, match.start(), open_mark, mark))
        open_at = None
    return spans


def _nested_quote_end(text: str, start: int) -> int | None:
    """End of the curly quote opened at ``start`` if it closes before the paragraph does."""
    close = re.compile(r"[\u201d\u00bb]|\n|\"")
    found = close.search(text, start)
    if found is None or found.group() in {"\n", '"'}:
        return None
    return found.end()


def _nested_curly_quote_end(text: str, start: int) -> int | None:
    """End of a curly quote nested in another one ('“People wearing “Settle” shirts.”').

    Nested only when two closing marks follow before the paragraph ends and
    before any other opening mark: the inner quote's and the outer one's.
    """
    line_end = text.find("\n", start)
    paragraph = text[start : len(text) if line_end < 0 else line_end]
    closings = [i for i, char in enumerate(paragraph) if char == "\u201d"]
    openings = [i for i, char in enumerate(paragraph) if char == "\u201c"]
    if len(closings) < 2 or any(i < closings[1] for i in openings):
        return None
    return start + closings[0] + 1


def _closes_by_position(text: str, start: int, end: int) -> bool:
    """An opening mark typed where a closing one belongs: after a word, before a space.

    Some copy closes with the opening curly mark ('called the KKK \u201cabhorrent\u201c in
    a tweet'); a mark glued to the word before it and followed by a space,
    punctuation or the end cannot open anything.
    """
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _opens_by_position(text: str, start: int, end: int) -> bool:
    """A closing mark typed where an opening one belongs: at a line start, before a word.

    Some copy opens with the closing curly mark ('\u201dMr. Trump embodies ...\u201d \u2015
    Sonya Herridge'); with no quote open, a mark that starts its paragraph and is
    glued to the word after it can only open one.
    """
    after = text[end] if end < len(text) else " "
    return text[_last_paragraph_start(text, start) : start] == "" and after.isalnum()


def _opens_before_ellipsis(text: str, end: int) -> bool:
    """A closing mark before an ellipsis opens a quote: '\u201d \u2026 not like him,\u201d'.

    A quotation resumed mid-sentence starts with an ellipsis, and no quote
    closes on one that follows its mark (the ellipsis goes inside the marks).
    Scraped copy often types the opening mark of such a quote as a closing one.
    """
    return _ELLIPSIS_AFTER.match(text, end) is not None


def _last_paragraph_start(text: str, offset: int) -> int:
    """Offset of the first non-space character of the paragraph containing ``offset``."""
    line_start = text.rfind("\n", 0, offset) + 1
    while line_start < offset and text[line_start].isspace():
        line_start += 1
    return line_start


def _continues_across_paragraphs(text: str, start: int, end: int) -> bool:
    """True when every paragraph break in text[start:end] is followed by an opening mark."""
    for brk in _PARAGRAPH_BREAK.finditer(text, start, end):
        following = _MARK.match(text, brk.end())
        if following is None or (
            following.group() in CLOSING_MARKS and not _opens_before_ellipsis(text, following.end())
        ):
            return False
    return True


def is_statement_like(span: QuoteSpan, doc: Doc) -> bool:
    """False for scare quotes and titles: too short, title-cased, or without a verb."""
    content = text_of(doc)[span.start : span.end]
    words = content.split()
    if len(words) < MIN_STATEMENT_WORDS:
        return False
    if is_title_case(content) and not re.search(r"[!?]\W*$", content):
        return False  # "The Art of the Deal", 'his book, "Make Your Kid a Millionaire,"
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    return tokens is not None and any(token.pos_ in _VERBISH_POS for token in tokens)


_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# Words a title leaves in lower case ("Make Your Kid a Millionaire").
_TITLE_LOWER_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or the to with".split()  # noqa: SIM905
)


def is_title_case(content: str) -> bool:
    """'Morning Joe', 'The Art of the Deal': a name or title, not words said.

    Two words or more, each capitalised except the short words titles keep
    in lower case.
    """
    words = _WORD.findall(content)
    return len(words) >= 2 and all(
        word[0].isupper() for word in words if word.lower() not in _TITLE_LOWER_WORDS
    )


def mostly_inside(text: str, start: int, end: int, spans: Iterable[QuoteSpan]) -> bool:
    """True when at least half the characters of text[start:end] lie inside ``spans``.

    Spaces do not count, so the test reads the words; a quote's marks count as
    quoted. It is the definition of a direct statement: content mostly inside
    quotation marks, where a quotation may open or close mid-clause (`said the
    plan "will fail."`) and half the clause quoted is as much a quotation as
    the clause around it is not.
    """
    for span in spans:
        if span.end == end:
            # A range cut at a quote's last word ('said there is "no single point of
            # failure,"'): its closing mark goes with it, as the definition counts it.
            end += len(span.close_mark)
            break
    inside = 0
    for span in spans:
        quoted_start = span.start - len(span.open_mark)
        quoted_end = span.end + len(span.close_mark)
        if quoted_start < end and start < quoted_end:
            inside += _non_space(text, max(start, quoted_start), min(end, quoted_end))
    return inside * 2 >= _non_space(text, start, end) > 0


def _non_space(text: str, start: int, end: int) -> int:
    return sum(1 for c in text[start:end] if not c.isspace())


def quoted_spans(doc: Doc) -> list[QuoteSpan]:
    """Every stretch of ``doc`` in quotation marks, titles and slogans too, found once per Doc."""
    spans = doc.user_data.get("newsbrowser_quoted")
    if spans is None:
        spans = doc.user_data["newsbrowser_quoted"] = quote_spans(text_of(doc))
    return spans


def inside_quotes(quotes: Sequence[QuoteSpan], offset: int) -> bool:
    return any(quote.start <= offset < quote.end for quote in quotes)
