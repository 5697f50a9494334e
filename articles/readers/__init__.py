"""Source-format readers: each turns a source file into ArticleRecords.

One small module per format; ``records_from_file`` picks the reader by file type.
"""

from __future__ import annotations

from pathlib import Path

from articles.readers.decoding import text_from_bytes
from articles.readers.record import ArticleRecord, UnreadableArticle
from articles.readers.scraped_text import article_from_text

# Scraped pages are saved as .txt, or with no extension at all by some scrapers.
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
SUPPORTED = ", ".join(sorted(s for s in TEXT_SUFFIXES if s)) + " (or no extension)"

__all__ = ["ArticleRecord", "UnreadableArticle", "records_from_file"]


def records_from_file(path: Path, *, max_bytes: int) -> list[ArticleRecord]:
    """Read every article a file holds; raise UnreadableArticle saying why not."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise UnreadableArticle(f"unsupported file type {suffix!r}; supported: {SUPPORTED}")
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableArticle(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    text = text_from_bytes(path.read_bytes())
    return [article_from_text(text, source_name=path.name)]
