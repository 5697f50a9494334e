"""Page furniture in scraped news text: ad markers, promotion lines and the page's tail.

News pages interleave the article with furniture: "Advertisement" slots,
"Story continues below" markers, promotion lines ("READ MORE: <headline>",
"Related:", "WATCH: ...") and, after the article, boxes of links ("Related
content", teaser headlines). Furniture is dropped wherever it stands; a
promotion line ends the body only when no paragraph follows it, because
promotions are also dropped into the middle of articles. The phrases are data
(`data/*.txt`); the rules here state what holds on any news page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

SENTENCE_END = (".", "!", "?", "\u2026", '"', "'", "\u201d", "\u2019")

# A promotion line carries a headline at most; a longer line is article text.
_PROMOTION_MAX_WORDS = 20
# A line that ends a sentence and has this many words, in sentence case, is a
# paragraph; teaser headlines are shorter, title-cased or unpunctuated.
_PARAGRAPH_MIN_WORDS = 8
# No headline runs this long, punctuated or not.
_LONG_LINE_WORDS = 25

_EDGE_BRACKETS = "[]()"
_TRAILING_MARKS = re.compile(r"[\s:.!\u2026\u00bb\u203a>\-\u2013\u2014]+$")
_SPACE_BEFORE_COLON = re.compile(r"\s+:")
# "Advertisement - Scroll to continue", "Advertisement: scroll to continue", ...
_INNER_MARKS = re.compile(r"(?:\s*[:|\-\u2013\u2014]\s*|\s+)")


def _phrase_list(name: str) -> tuple[str, ...]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _boilerplate() -> frozenset[str]:
    return frozenset(_bare(phrase) for phrase in _phrase_list("page_boilerplate.txt"))


@functools.cache
def _promotion_headings() -> frozenset[str]:
    return frozenset(_bare(phrase) for phrase in _phrase_list("promotion_headings.txt"))


@functools.cache
def _promotion_leads() -> tuple[str, ...]:
    return tuple(_normalised(phrase) for phrase in _phrase_list("promotion_leads.txt"))


def _normalised(text: str) -> str:
    """Case-folded, spaces squashed, "READ MORE :" as "read more:"."""
    return _SPACE_BEFORE_COLON.sub(":", " ".join(text.split())).casefold()


def _bare(text: str) -> str:
    """The line's words only: "[Advertisement - Scroll on]:" as "advertisement scroll on"."""
    words = _TRAILING_MARKS.sub("", _normalised(text).strip(_EDGE_BRACKETS)).strip(_EDGE_BRACKETS)
    return _INNER_MARKS.sub(" ", words).strip()


def is_boilerplate(text: str) -> bool:
    """An ad or "continues below" marker: never article text, wherever it stands."""
    return _bare(text) in _boilerplate()


def is_promotion(text: str) -> bool:
    """A promotion heading ("Related content") or line ("READ MORE: <headline>")."""
    if _bare(text) in _promotion_headings():
        return True
    if len(text.split()) > _PROMOTION_MAX_WORDS:
        return False
    line = _normalised(text)
    lead = next((lead for lead in _promotion_leads() if _opens(line, lead)), None)
    if lead is None:
        return False
    # "More" also opens sentences ("More from the ministry is expected."); the
    # other openings without a colon are imperatives ("Subscribe to ...").
    return not (lead.startswith("more ") and text.rstrip().endswith((".", "!", "?")))


def _opens(line: str, lead: str) -> bool:
    if not line.startswith(lead):
        return False
    return not lead[-1].isalnum() or line[len(lead) : len(lead) + 1] == " "


def is_title_case(text: str) -> bool:
    """Most longer words capitalised, as in English headlines."""
    quote_marks = "\"'\u2018\u2019\u201c\u201d("
    long_words = [word.strip(quote_marks) for word in text.split() if len(word) > 3]
    capitalised = sum(word[:1].isupper() for word in long_words)
    return capitalised >= 0.6 * max(len(long_words), 1)


def is_paragraph(text: str) -> bool:
    """A line of article prose, as opposed to a teaser headline, a link or a label."""
    words = len(text.split())
    if words >= _LONG_LINE_WORDS:
        return True
    return (
        words >= _PARAGRAPH_MIN_WORDS
        and text.rstrip().endswith(SENTENCE_END)
        and not is_title_case(text)
    )


def trailer_start(texts: Sequence[str], *, is_body: Callable[[int], bool]) -> int:
    """Index of the promotion that opens the page's tail, or len(texts) if none.

    That is the first promotion after body text (is_body(index) for an earlier
    line) with no paragraph after it: what follows is other promotions, links
    and teaser headlines. A promotion with a paragraph after it sits mid-article.
    """
    # A promotion may read like a sentence ("Sign up to get ... new story."); it is no paragraph.
    last_paragraph = max(
        (i for i, text in enumerate(texts) if is_paragraph(text) and not is_promotion(text)),
        default=-1,
    )
    seen_body = False
    for index, text in enumerate(texts):
        if is_promotion(text):
            if seen_body and index > last_paragraph:
                return index
        elif not seen_body:
            seen_body = is_body(index)
    return len(texts)


def body_paragraphs(paragraphs: Sequence[str]) -> list[str]:
    """Article paragraphs without furniture: ads and promotions dropped, the page's tail cut."""
    paragraphs = [text for text in paragraphs if not is_boilerplate(text)]
    end = trailer_start(paragraphs, is_body=lambda index: not is_promotion(paragraphs[index]))
    return [text for text in paragraphs[:end] if not is_promotion(text)]
