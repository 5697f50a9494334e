"""Reader for a saved HTML page: the article's text and metadata, without the page around it."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from articles.readers.dates import aware_datetime
from articles.readers.page_furniture import body_paragraphs
from articles.readers.record import ArticleRecord, UnreadableArticle

# trafilatura looks for dates in the page only: htmldate's extensive search
# guesses from URLs and free text, which misdates archived pages.
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}
    | {"section", "article", "figure", "figcaption", "ul", "ol", "table", "hr", "dd", "dt"}
)
# An article has at least one paragraph this long; menus and banners do not.
_PROSE_MIN_WORDS = 8
_BLANK_RUNS = re.compile(r"\n\s*\n\s*")


def article_from_html(data: bytes, *, source_name: str = "") -> ArticleRecord:
    """The main text of a news page with its title, author, date, canonical URL and site."""
    try:
        document = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            # Without it, a page with no article falls back to its menus and banners.
            favor_precision=True,
            include_tables=False,
            include_images=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, etree.LxmlError) as error:
        raise UnreadableArticle(f"not readable as an HTML page: {error}") from error
    found = document.as_dict() if document is not None else {}
    title = " ".join((found.get("title") or "").split())
    lines = [" ".join(line.split()) for line in (found.get("text") or "").splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first paragraph
    # trafilatura keeps inline ad markers and promotion lines ("READ MORE: ...") as paragraphs.
    lines = body_paragraphs(lines)
    if not any(len(line.split()) >= _PROSE_MIN_WORDS for line in lines):
        raise UnreadableArticle("no article text found in the HTML page")
    if not title:
        raise UnreadableArticle("the HTML page has article text but no title")
    return ArticleRecord(
        title=title,
        body="\n\n".join(lines),
        author=found.get("author") or "",
        publisher=found.get("sitename") or found.get("hostname") or "",
        url=found.get("url") or "",
        published_at=aware_datetime(found.get("date") or ""),
        source_name=source_name,
        metadata={
            key: found[key]
            for key in ("description", "categories", "tags", "language")
            if found.get(key)
        },
    )


def page_text_chars(data: bytes) -> int:
    """How many characters of text a page shows (scripts, styles and comments left out).

    lxml's parser runs in C, in milliseconds a megabyte; trafilatura's extraction takes
    seconds a megabyte, so this bounds the article's length before extraction. 0 if lxml
    cannot read the page (the extraction then says why).
    """
    try:
        root = lxml.html.document_fromstring(data)
    except (ValueError, etree.LxmlError):
        return 0
    etree.strip_elements(root, etree.Comment, "script", "style", with_tail=False)
    return len(root.text_content())


def paragraphs_from_html(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one blank line between blocks."""
    if "<" not in fragment:
        return _BLANK_RUNS.sub("\n\n", fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, etree.LxmlError):
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n\n" + (element.text or "")
    text = "".join(root.itertext())
    paragraphs = (" ".join(part.split()) for part in _BLANK_RUNS.split(text))
    return "\n\n".join(part for part in paragraphs if part)
