"""Pages run a fixed number of queries, however many statements there are."""

from __future__ import annotations

from django.test import TestCase

from tests.entities.builders import article_make, country, person_make, statement_make

HTMX = {"HTTP_HX_REQUEST": "true"}


class QueryCountTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.few = person_make("Few Statements")
        cls.many = person_make("Many Statements")
        cls.russia, cls.china, cls.japan = country("RU"), country("CN"), country("JP")
        article = article_make(title="The only one")
        statement_make(article=article, speaker=cls.few, text="Lonely words", about=[cls.japan])
        for number in range(200):
            article = article_make(title=f"Article {number}", days_ago=number)
            statement_make(
                article=article,
                speaker=cls.many,
                text=f"Statement number {number}",
                about=[cls.russia, cls.china][: 1 + number % 2],
            )

    def assert_same_queries(self, expected: int, *urls: str, **headers: str) -> None:
        for url in urls:
            with self.subTest(url=url), self.assertNumQueries(expected):
                self.assertEqual(self.client.get(url, **headers).status_code, 200)

    def test_person_page_queries_do_not_grow_with_statements(self):
        urls = [self.few.get_absolute_url(), self.many.get_absolute_url()]
        self.assert_same_queries(5, *urls)
        self.assert_same_queries(5, *urls, **HTMX)
        self.assert_same_queries(5, f"{self.many.get_absolute_url()}?country=china&page=2")

    def test_country_page_queries_do_not_grow_with_statements(self):
        urls = [self.japan.get_absolute_url(), self.russia.get_absolute_url()]
        self.assert_same_queries(5, *urls)
        self.assert_same_queries(5, *urls, **HTMX)

    def test_home_and_search_queries_are_bounded(self):
        self.assert_same_queries(2, "/")
        self.assert_same_queries(2, "/search?q=statements", "/search?q=russia")

    def test_statements_are_newest_first_and_paginated(self):
        response = self.client.get(self.many.get_absolute_url())
        html = response.content.decode()
        self.assertLess(html.index("Statement number 0</p>"), html.index("Statement number 1</p>"))
        self.assertContains(response, "200 statements")
        self.assertNotContains(response, "Statement number 30")
        self.assertContains(response, 'href="?page=2"')
