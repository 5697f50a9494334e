"""Quoted statements and their speakers; quotes split around their cue joined into one."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from entities.nlp.cues import is_quote_cue_verb
from entities.nlp.doc_index import text_of, tokens_between
from entities.nlp.quotes import QuoteSpan, is_title_case, quote_spans

# Between the parts of a split quote only a short cue clause may stand.
MAX_SPLIT_GAP_TOKENS = 20


@dataclass(frozen=True, slots=True)
class QuotedStatement:
    """One statement made of one quote, or of a quote split around its cue."""

    parts: tuple[QuoteSpan, ...]

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    def contains(self, offset: int) -> bool:
        """True when ``offset`` lies in the quoted content (not between parts)."""
        return any(part.start <= offset < part.end for part in self.parts)


def quoted_test(quotes: Sequence[QuotedStatement]) -> Callable[[int], bool]:
    """A test equal to ``any(q.contains(offset) for q in quotes)``, in log time an offset.

    For rules that ask it of every person before a quote, against every quote: the article's
    people times its quotes (issue 14).
    """
    parts = sorted((part.start, part.end) for quote in quotes for part in quote.parts)
    starts = [start for start, _ in parts]
    # The furthest any of the first i parts reaches: an offset is quoted when a part that
    # starts at or before it ends after it.
    reach = list(accumulate((end for _, end in parts), max))

    def quoted(offset: int) -> bool:
        before = bisect_right(starts, offset)
        return before > 0 and reach[before - 1] > offset

    return quoted


@dataclass(frozen=True, slots=True)
class Speaker:
    """The source of a statement as written, and the person it names if known."""

    text: str
    start: int
    end: int
    name: str | None
    cue: str
    cue_start: int = -1
    cue_end: int = -1
    # The quote is the cue's framed complement ('called it "a disgrace"'): the
    # grammar itself ties it to the cue, however far apart they stand.
    framed: bool = False
    # The quote is words cried out, a verb's or noun's of shouting ('chanting "Dump
    # Trump."'): short and title-cased by nature, and no title.
    shouted: bool = False
    # The name of the attribution rule that found it (speakers.ATTRIBUTION_RULES).
    rule: str = ""


QUOTES_COMPONENT = "newsbrowser_quotes"
QUOTES_KEY = "quotes"  # doc.spans[QUOTES_KEY]
# On each span of doc.spans["quotes"]: its quoted pieces, (start, end, opening mark,
# closing mark) each, offsets of the content inside the marks. Plain tuples, so a Doc
# parsed in another process (nlp.pipe(n_process=...)) keeps them.
PARTS_ATTR = "quote_parts"

if not Span.has_extension(PARTS_ATTR):
    Span.set_extension(PARTS_ATTR, default=())


@Language.component(QUOTES_COMPONENT, assigns=["doc.spans"])
def quote_finder(doc: Doc) -> Doc:
    """Put the article's quoted statements in ``doc.spans["quotes"]``, split quotes as one.

    Each span runs from the first quoted piece to the last (token-aligned); its
    ``._.quote_parts`` hold the exact pieces. Titles and slogans in marks are
    statements here too: only attribution tells them apart.
    """
    group = SpanGroup(doc, name=QUOTES_KEY)
    # Not quoted_spans(doc): its cache holds objects a Doc sent between processes can't carry.
    for statement in join_split_quotes(doc, quote_spans(text_of(doc))):
        span = doc.char_span(statement.start, statement.end, alignment_mode="expand")
        if span is None:
            continue
        span = Span(doc, span.start, span.end, label="QUOTE")
        span._.set(
            PARTS_ATTR,
            tuple((p.start, p.end, p.open_mark, p.close_mark) for p in statement.parts),
        )
        group.append(span)
    doc.spans[QUOTES_KEY] = group
    return doc


def quoted_statements(doc: Doc) -> list[QuotedStatement]:
    """The quoted statements the quote finder put on ``doc``, in text order.

    A Doc made without the finder (a hand-built one in a test, or from a
    pipeline loaded some other way) gets it run now.
    """
    if QUOTES_KEY not in doc.spans:
        quote_finder(doc)
    return [
        QuotedStatement(tuple(QuoteSpan(*part) for part in span._.get(PARTS_ATTR)))
        for span in doc.spans[QUOTES_KEY]
        if span._.get(PARTS_ATTR)
    ]


def join_split_quotes(doc: Doc, quotes: Sequence[QuoteSpan]) -> list[QuotedStatement]:
    """Group quotes so that "A," he said, "B." is one statement; others stand alone."""
    statements: list[QuotedStatement] = []
    for quote in quotes:
        if statements and _is_split_continuation(doc, statements[-1].parts[-1], quote):
            statements[-1] = QuotedStatement((*statements[-1].parts, quote))
        else:
            statements.append(QuotedStatement((quote,)))
    return statements


def _is_split_continuation(doc: Doc, first: QuoteSpan, second: QuoteSpan) -> bool:
    text = text_of(doc)
    gap = text[first.end : second.start]
    gap_inner = gap_between_quotes(text, first, second)
    if "\n" in gap:
        return False
    if LIST_GAP.fullmatch(gap_inner):
        # 'called him a "nasty guy," an "anchor baby" and "sick"', '"It's over," "For me."':
        # quoted phrases in a row are one say.
        return True
    if is_title_case(second.text_in(text).rstrip(".,")) and gap_inner.endswith(","):
        # 'she wrote in her memoir, "Tough Choices."': a title after the cue's
        # noun names a work; it does not go on with what was said.
        return False
    # The first part stops mid-sentence and the cue clause runs on into the second.
    # '"... you called \u2018miracles,\u2019" she said': a comma inside a closing single mark.
    first_content = text[first.start : first.end].rstrip().rstrip("\u2019'").rstrip()
    if not first_content.endswith(
        (",", "\u2014", "\u2013", "-", "...", "\u2026")
    ) and not gap_inner.startswith(","):
        return False
    tokens = tokens_between(doc, first.end, second.start)
    words = [token for token in tokens if not token.is_punct and not token.is_space]
    if gap_inner.endswith("."):
        # '"A," Trump said. "B."': the second part has no cue of its own, so the
        # reporting clause between them covers both.
        if not ends_paragraph(text, second.end):
            return False
    elif not gap_inner.endswith((",", ":", "\u2014", "\u2013")):
        return False
    elif any(token.is_sent_start for token in words[1:]):
        return False  # '"A," Trump said. He added, "B."' is two statements
    if any(token.tag_ == "VBG" and is_quote_cue_verb(token) for token in words):
        # '"A," adding, "B."': a participle of saying tells a second say, and the
        # quote after it is that one; the cue between split parts is a finite verb.
        return False
    # '"A," Trump said, adding later, "B."': the second part has a cue of its own;
    # a relative clause or passive participle ('said O'Donnell, who wrote about it',
    # 'he said when asked') describes the speaker or the occasion instead.
    cues = sum(
        1
        for token in words
        if is_quote_cue_verb(token) and token.dep_ != "relcl" and token.tag_ != "VBN"
    )
    return len(words) <= MAX_SPLIT_GAP_TOKENS and cues == 1


def gap_between_quotes(text: str, first: QuoteSpan, second: QuoteSpan) -> str:
    """The words between two quotes, less their marks."""
    gap = text[first.end : second.start]
    return gap.strip().lstrip("\u201d\"'").rstrip("\u201c\"'`").strip()


LIST_GAP = re.compile(r"(?:,|;)?\s*(?:(?:and|or|an?|the)\s*)*", re.IGNORECASE)


def ends_paragraph(text: str, quote_end: int) -> bool:
    """True when only the closing mark and spaces stand between ``quote_end`` and a line end."""
    rest = text[quote_end : quote_end + 4].lstrip("\u201d\u00bb\"'")
    return rest == "" or rest.lstrip(" \t\xa0").startswith("\n") or not rest.strip()
