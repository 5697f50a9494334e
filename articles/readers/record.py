"""The one record every source-format reader produces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class UnreadableArticle(ValueError):
    """Raised by a reader when the text holds no article it can recognise."""


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article as read from a source file, before anything is stored."""

    title: str
    body: str
    author: str = ""
    publisher: str = ""
    url: str = ""
    published_at: datetime | None = None  # always timezone-aware when set
    image_caption: str = ""
    source_name: str = ""
