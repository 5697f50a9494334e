"""Full-text search over stored text: articles here, statements through ``text_matches``.

On PostgreSQL a query reads the stored ``search_vector`` columns (articles 0006, entities
0015) through their GIN indexes, and only rows the query matches (``search_vector @@
websearch_to_tsquery(...)``) are results: a rank above zero is not a match, since
``ts_rank`` gives non-matches a small positive value. On SQLite the same functions fall
back to a case-insensitive substring match of every word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import Expression

from articles.models import Article

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

# English with accents folded (articles/migrations/0006_article_search_vector.py).
SEARCH_CONFIG = "newsbrowser_english"
TEXT_QUERY_MAX_CHARS = 200
# Article search ranks the newest this many matches and shows the best of them: ranking
# reads each candidate's whole vector, so ranking every match of a common word would grow
# with the archive.
ARTICLE_CANDIDATES = 200

_M = TypeVar("_M", bound=Model)


class StoredSearchVector(Expression):
    """The stored ``search_vector`` column of the query's own table, which no model declares.

    Named through the query's base alias, so it stays correct inside a subquery, where
    Django renames the table (``U0``); SQL naming the table would read the outer row's.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list]:
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.search_vector", []


def search_query(text: str) -> SearchQuery:
    """The words as a search box means them: websearch syntax ("quoted phrase", -not, or)."""
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def full_text_matches(queryset: QuerySet[_M], text: str) -> QuerySet[_M]:
    """The rows of a model with a stored ``search_vector`` that hold every word of ``text``.

    PostgreSQL only: the caller keeps a fallback for other databases.
    """
    return queryset.alias(search_vector=StoredSearchVector()).filter(
        search_vector=search_query(text)
    )


def words_contained(queryset: QuerySet[_M], text: str, *fields: str) -> QuerySet[_M]:
    """The fallback: rows where each word (quotes dropped) is in one of ``fields``."""
    for word in text.split():
        word = word.strip('"')
        if not word:
            continue
        found = Q()
        for name in fields:
            found |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(found)
    return queryset


def article_search(*, text: str, limit: int = 10) -> list[Article]:
    """Articles whose title or body hold every word, best first; newest first on SQLite.

    On PostgreSQL the best ``limit`` of the newest ARTICLE_CANDIDATES matches: the work is
    bounded by what is shown, not by how many articles match.
    """
    text = " ".join(text.split())[:TEXT_QUERY_MAX_CHARS]
    if not text:
        return []
    articles = Article.objects.defer("body", "image_caption")
    if connection.vendor != "postgresql":
        return list(words_contained(articles, text, "title", "body").recent()[:limit])
    newest = (
        full_text_matches(Article.objects.all(), text).recent().values("pk")[:ARTICLE_CANDIDATES]
    )
    return list(
        articles.filter(pk__in=newest)
        .annotate(rank=SearchRank(StoredSearchVector(), search_query(text)))
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-created_at")[:limit]
    )
