"""Statement lists sort newest or oldest first and keep what "load more" showed (?pages=3)."""

from __future__ import annotations

import csv
import io

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from entities.selectors import StatementFilters, statement_list
from entities.views import PAGES_MAX
from tests.entities.builders import article_make, country, person_make, statement_make

LOAD_MORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "load-more"}


def _texts(statements) -> list[str]:
    return [statement.text for statement in statements]


class OrderTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.person = person_make("Order Person")
        cls.russia = country("RU")
        for days_ago in (10, 0, 5):
            statement_make(
                article=article_make(title=f"Day {days_ago}", days_ago=days_ago),
                speaker=cls.person,
                text=f"Said {days_ago} days ago",
                about=[cls.russia],
            )
        undated = article_make(title="Undated")
        Article.objects.filter(pk=undated.pk).update(published_at=None)
        undated.refresh_from_db()  # statement_make saves the article again
        statement_make(article=undated, speaker=cls.person, text="Said some day")
        cls.url = cls.person.get_absolute_url()

    def test_order_param_reads_oldest_and_ignores_anything_else(self):
        self.assertEqual(StatementFilters.from_params({"order": "oldest"}).order, "oldest")
        for value in ("", "newest", "OLDEST", "random"):
            with self.subTest(value=value):
                self.assertEqual(StatementFilters.from_params({"order": value}).order, "")
        self.assertEqual(StatementFilters(order="oldest").querystring(), "order=oldest")
        self.assertFalse(StatementFilters(order="oldest").narrowing)

    def test_statement_list_is_newest_first_by_default_and_oldest_first_on_request(self):
        newest = ["Said 0 days ago", "Said 5 days ago", "Said 10 days ago", "Said some day"]
        self.assertEqual(_texts(statement_list(speaker=self.person)), newest)
        oldest = statement_list(filters=StatementFilters(order="oldest"), speaker=self.person)
        # Undated statements come last either way.
        self.assertEqual(_texts(oldest), [*reversed(newest[:3]), "Said some day"])

    def test_page_lists_oldest_first_and_keeps_the_order_in_its_links(self):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            with self.subTest(**headers):
                response = self.client.get(self.url, {"order": "oldest"}, **headers)
                html = response.content.decode()
                self.assertLess(html.index("Said 10 days ago"), html.index("Said 0 days ago"))
                self.assertContains(response, '<option value="oldest" selected>')
                self.assertContains(response, "statements.csv?order=oldest&amp;speaker=")
                self.assertContains(response, f'href="{self.url}?order=oldest&amp;country=russia"')
        htmx = self.client.get(self.url, {"order": "oldest", "q": ""}, HTTP_HX_REQUEST="true")
        self.assertEqual(htmx["HX-Push-Url"], f"{self.url}?order=oldest")

    def test_export_follows_the_order(self):
        url = reverse("entities:statements-csv")
        response = self.client.get(url, {"speaker": self.person.slug, "order": "oldest"})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(rows[0]["statement"], "Said 10 days ago")
        self.assertEqual(rows[-1]["statement"], "Said some day")


class PagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.person = person_make("Many Pages")
        for number in range(250):
            statement_make(
                article=article_make(title=f"Paged {number}", days_ago=number),
                speaker=cls.person,
                text=f"Remark {number}.",
            )
        cls.url = cls.person.get_absolute_url()

    def _cards(self, response) -> int:
        return response.content.decode().count('class="card statement-card"')

    def test_pages_param_shows_every_page_load_more_showed(self):
        response = self.client.get(self.url, {"pages": "3"})
        self.assertEqual(self._cards(response), 60)
        self.assertContains(response, '<ol class="statement-list" start="1">')
        self.assertContains(response, "Remark 59.</p>")
        self.assertNotContains(response, "Remark 60.</p>")
        self.assertContains(response, f'href="{self.url}?pages=4"')
        self.assertContains(response, 'hx-push-url="true"')
        self.assertNotContains(response, "Back to the newest")

    def test_load_more_request_gets_only_the_last_page_and_links_to_the_next(self):
        response = self.client.get(self.url, {"pages": "3"}, **LOAD_MORE)
        html = response.content.decode()
        self.assertTrue(html.lstrip().startswith("<li>"), html[:80])
        self.assertEqual(self._cards(response), 20)
        self.assertIn("Remark 40.</p>", html)
        self.assertNotIn("Remark 39.</p>", html)
        # The cards after the last one shown (a keyset cursor); a reload shows all four pages.
        self.assertIn(f'hx-get="{self.url}?pages=4&amp;after=', html)
        self.assertIn(f'hx-push-url="{self.url}?pages=4"', html)

    def test_pages_param_keeps_the_filters_and_order(self):
        response = self.client.get(self.url, {"pages": "2", "order": "oldest", "kind": "direct"})
        self.assertContains(response, f'href="{self.url}?kind=direct&amp;order=oldest&amp;pages=3"')
        self.assertLess(
            response.content.decode().index("Remark 249."),
            response.content.decode().index("Remark 230."),
        )

    def test_bad_pages_values_are_ignored_and_large_ones_capped(self):
        for value in ("abc", "", "-2", "0", "2.5"):
            with self.subTest(value=value):
                self.assertEqual(self._cards(self.client.get(self.url, {"pages": value})), 20)
        capped = self.client.get(self.url, {"pages": "9999"})
        self.assertEqual(self._cards(capped), 20 * PAGES_MAX)
        # Past the cap, "load more" opens the next page on its own, leaving the address alone.
        self.assertContains(capped, f'href="{self.url}?after=')
        self.assertContains(capped, 'hx-push-url="false"')

    def test_pages_beyond_the_list_show_all_of_it(self):
        small = person_make("Few Pages")
        for number in range(25):
            statement_make(article=article_make(title=f"Few {number}"), speaker=small, text="x")
        response = self.client.get(small.get_absolute_url(), {"pages": "5"})
        self.assertEqual(self._cards(response), 25)
        self.assertNotContains(response, 'id="load-more"')

    def test_pages_queries_do_not_grow_with_pages(self):
        # person, chips, context chips, timeline, three facets, count, cards, their
        # countries, people quoted alongside (what others say naming them is kept on write)
        for pages in ("1", "3", str(PAGES_MAX)):
            with self.subTest(pages=pages), self.assertNumQueries(11):
                self.client.get(self.url, {"pages": pages})
        # "load more": the person, the cards, their countries; no count, chips or timeline
        with self.assertNumQueries(3):
            self.client.get(self.url, {"pages": "3"}, **LOAD_MORE)

    def test_search_keeps_load_more_pages_too(self):
        response = self.client.get(reverse("entities:search"), {"q": "Remark", "pages": "2"})
        self.assertEqual(self._cards(response), 40)
        self.assertContains(response, 'href="/search?q=Remark&amp;pages=3"')
