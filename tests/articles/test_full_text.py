"""Article full-text search: only matches, best first, bounded work, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.db import connection
from django.test import TestCase

from articles import full_text
from articles.full_text import article_search
from articles.models import Article, content_hash_for


def article_with(title: str, body: str, *, days_ago: int) -> Article:
    return Article.objects.create(
        title=title,
        body=body,
        published_at=datetime(2024, 4, 10, 12, tzinfo=UTC) - timedelta(days=days_ago),
        content_hash=content_hash_for(title=title, body=body),
    )


def on_postgresql(test: TestCase) -> None:
    if connection.vendor != "postgresql":
        test.skipTest("stemming, ranking and accent folding are PostgreSQL's; SQLite matches words")


class ArticleFullTextTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # The body mention is the newest, so ranking (not date) must put the title first.
        cls.body_mention = article_with(
            "Harvest festival opens", "Weapons came up, and nuclear power.", days_ago=0
        )
        cls.title_match = article_with(
            "Nuclear weapons talks resume in Geneva",
            "Diplomats talked about nuclear weapons all day. Nuclear weapons, again.",
            days_ago=5,
        )
        cls.accented = article_with(
            "Erdoğan visits Berlin", "The president met the chancellor.", days_ago=2
        )
        cls.short_word = article_with("EU summit", "The EU leaders met in Brussels.", days_ago=3)

    def titles(self, text: str) -> list[str]:
        return [article.title for article in article_search(text=text)]

    def test_a_nonsense_query_finds_nothing(self):
        self.assertEqual(self.titles("zxqvwy"), [])

    def test_a_query_with_one_unknown_word_finds_nothing(self):
        self.assertEqual(self.titles("nuclear zxqvwy"), [])

    def test_every_article_holding_the_words_is_found(self):
        self.assertCountEqual(
            self.titles("nuclear weapons"),
            ["Nuclear weapons talks resume in Geneva", "Harvest festival opens"],
        )

    def test_a_two_letter_word_is_a_query(self):
        self.assertEqual(self.titles("EU"), ["EU summit"])

    def test_search_is_one_query(self):
        with self.assertNumQueries(1):
            article_search(text="nuclear weapons")

    def test_title_matches_rank_above_a_newer_body_mention(self):
        on_postgresql(self)
        self.assertEqual(
            self.titles("nuclear weapons"),
            ["Nuclear weapons talks resume in Geneva", "Harvest festival opens"],
        )

    def test_words_match_in_any_form(self):
        on_postgresql(self)
        self.assertEqual(self.titles("talk"), ["Nuclear weapons talks resume in Geneva"])

    def test_accents_are_folded_both_ways(self):
        on_postgresql(self)
        self.assertEqual(self.titles("Erdogan"), ["Erdoğan visits Berlin"])
        self.assertEqual(self.titles("ERDOĞAN"), ["Erdoğan visits Berlin"])

    def test_websearch_syntax_phrases_and_exclusions(self):
        on_postgresql(self)
        # Both hold both words; only one holds them side by side.
        self.assertEqual(
            self.titles('"nuclear weapons"'), ["Nuclear weapons talks resume in Geneva"]
        )
        self.assertEqual(self.titles("nuclear -geneva"), ["Harvest festival opens"])

    def test_a_query_of_stop_words_only_finds_nothing(self):
        on_postgresql(self)
        self.assertEqual(self.titles("the"), [])

    def test_only_the_newest_matches_are_ranked(self):
        on_postgresql(self)
        # With room for one candidate, the newest match is the only result, however it ranks;
        # a newer article that does not match takes no room.
        article_with("Weather", "Rain tomorrow.", days_ago=-1)
        with mock.patch.object(full_text, "ARTICLE_CANDIDATES", 1):
            self.assertEqual(self.titles("nuclear weapons"), ["Harvest festival opens"])


class StoredSearchVectorTest(TestCase):
    def test_postgresql_stores_the_vectors_under_gin_indexes(self):
        on_postgresql(self)
        with connection.cursor() as cursor:
            article = connection.introspection.get_constraints(cursor, "articles_article")
            cursor.execute(
                "SELECT table_name FROM information_schema.columns "
                "WHERE column_name = 'search_vector' AND is_generated = 'ALWAYS' "
                "ORDER BY table_name"
            )
            generated = [row[0] for row in cursor.fetchall()]
        self.assertEqual(generated, ["articles_article", "entities_statement"])
        self.assertEqual(article["article_search_vector_idx"]["type"], "gin")
        # A common word's candidates are read newest first from an index, not sorted.
        self.assertEqual(article["article_newest_idx"]["columns"], ["published_at", "created_at"])

    def test_an_edited_title_is_searchable_at_once(self):
        on_postgresql(self)
        article = article_with("Quiet day", "Nothing happened.", days_ago=0)
        article.title = "Referendum called"
        article.save()
        self.assertEqual([a.pk for a in article_search(text="referendum")], [article.pk])
