"""Pages run a fixed number of queries, however many statements there are."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from entities.views import ENTRIES_PER_PAGE
from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    organisation_statement_make,
    person_make,
    statement_make,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
LOAD_MORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "load-more"}


class QueryCountTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.few = person_make("Few Statements")
        cls.many = person_make("Many Statements")
        cls.russia, cls.china, cls.japan = country("RU"), country("CN"), country("JP")
        article = article_make(title="The only one")
        cls.lonely = statement_make(
            article=article, speaker=cls.few, text="Lonely words", about=[cls.japan]
        )
        for number in range(200):
            article = article_make(title=f"Article {number}", days_ago=number)
            cls.last = statement_make(
                article=article,
                speaker=cls.many,
                text=f"Statement number {number}",
                about=[cls.russia, cls.china][: 1 + number % 2],
                kind="direct" if number % 3 else "indirect",
            )
        # Sources of every kind belonging to Russia, and an organisation with one statement.
        cls.kremlin = organisation_make("Kremlin", kind="government", country=cls.russia)
        cls.quiet = organisation_make("Quiet Body", kind="international")
        statement_make(
            article=article_make(title="Quiet"),
            speaker=None,
            text="Quiet words",
            speaker_kind="organisation",
            speaker_organisation=cls.quiet,
        )
        statement_make(
            article=article_make(title="Tokyo"),
            speaker=None,
            text="Tokyo says",
            about=[cls.russia],
            speaker_text="Tokyo",
            speaker_kind="country",
            speaker_country=cls.japan,
        )
        sources = [
            {"speaker_kind": "organisation", "speaker_organisation": cls.kremlin},
            {"speaker_kind": "unnamed", "speaker_organisation": cls.kremlin},
            {"speaker_kind": "country"},
            {"speaker_kind": "unnamed"},
        ]
        for number in range(120):
            statement_make(
                article=article_make(title=f"Moscow {number}", days_ago=number),
                speaker=None,
                text=f"Moscow says {number}",
                about=[cls.china, cls.japan][: 1 + number % 2],
                speaker_text="Moscow",
                speaker_country=cls.russia,
                **sources[number % 4],
            )

    def assert_same_queries(self, expected: int, *urls: str, **headers: str) -> None:
        for url in urls:
            with self.subTest(url=url, **headers), self.assertNumQueries(expected):
                response = self.client.get(url, **headers)
                self.assertEqual(response.status_code, 200)
                if response.streaming:
                    b"".join(response.streaming_content)

    def test_person_page_queries_do_not_grow_with_statements(self):
        # person, country chips, context chips, timeline, three facets (outlet, article,
        # kind), count, one page of cards, their countries; the full page adds the people
        # quoted alongside (what others say naming them is kept on write and none here:
        # test_person_around pins the cards they add)
        many = self.many.get_absolute_url()
        urls = [
            self.few.get_absolute_url(),
            many,
            f"{many}?country=china&kind=direct&q=number",
            f"{many}?around=japan",
        ]
        self.assert_same_queries(11, *urls)
        self.assert_same_queries(10, *urls, **HTMX)
        self.assert_same_queries(11, f"{many}?country=china&from=2024-01-01&to=2024-03-31")
        self.assert_same_queries(11, f"{many}?article={self.last.article_id}")

    def test_load_more_queries_do_not_grow_with_statements(self):
        # no timeline: person, chips, context chips, count, cards, their countries
        self.assert_same_queries(3, f"{self.many.get_absolute_url()}?page=2", **LOAD_MORE)
        self.assert_same_queries(3, f"{self.russia.get_absolute_url()}?page=3", **LOAD_MORE)

    def test_country_page_queries_do_not_grow_with_statements(self):
        # country, speaker chips, co-mentioned chips, timeline, three facets, count, cards,
        # their countries; the full page adds the busiest pairs each way
        urls = [self.japan.get_absolute_url(), self.russia.get_absolute_url()]
        self.assert_same_queries(12, *urls)
        self.assert_same_queries(10, *urls, **HTMX)
        self.assert_same_queries(12, f"{self.russia.get_absolute_url()}?country=china&page=2")

    def test_organisation_page_queries_do_not_grow_with_statements(self):
        # organisation, country chips, source chips, timeline, four facets (speaker, outlet,
        # article, kind), count, cards, their countries
        kremlin = self.kremlin.get_absolute_url()
        urls = [
            self.quiet.get_absolute_url(),
            kremlin,
            f"{kremlin}?source=unnamed&country=china",
            f"{kremlin}?speaker=kremlin",
        ]
        self.assert_same_queries(11, *urls)
        self.assert_same_queries(11, *urls, **HTMX)
        self.assert_same_queries(3, f"{kremlin}?page=2", **LOAD_MORE)

    def test_country_by_page_queries_do_not_grow_with_statements(self):
        # country, country chips, source chips, timeline, four facets, count, cards, their
        # countries
        russia = reverse("entities:country-by", args=["russia"])
        urls = [reverse("entities:country-by", args=["japan"]), russia, f"{russia}?source=country"]
        self.assert_same_queries(11, *urls)
        self.assert_same_queries(11, *urls, **HTMX)
        self.assert_same_queries(3, f"{russia}?page=2", **LOAD_MORE)

    def test_country_pair_page_queries_do_not_grow_with_statements(self):
        # both countries, timeline, four facets, count, cards, their countries
        urls = [
            reverse("entities:country-pair", args=["russia", "china"]),
            reverse("entities:country-pair", args=["japan", "russia"]),
            reverse("entities:country-pair", args=["russia", "japan"]) + "?kind=direct&q=says",
        ]
        self.assert_same_queries(9, *urls)
        self.assert_same_queries(9, *urls, **HTMX)

    def test_article_page_queries_do_not_grow_with_statements(self):
        busy = article_make(title="Busy article")
        for number in range(200):
            statement_make(
                article=busy, speaker=self.many, text=f"Busy {number}", about=[self.russia]
            )
        # article, mentions, statements with speakers, their countries
        urls = [self.lonely.article.get_absolute_url(), busy.get_absolute_url()]
        self.assert_same_queries(4, *urls)

    def test_context_queries_are_bounded(self):
        for statement in (self.lonely, self.last):
            url = reverse("entities:statement-context", args=[statement.pk])
            self.assert_same_queries(2, url)
            self.assert_same_queries(2, url, **HTMX)

    def test_export_queries_do_not_grow_with_statements(self):
        # the statements, then their countries once per chunk of 500
        for name in ("entities:statements-csv", "entities:statements-json"):
            url = reverse(name)
            self.assert_same_queries(
                2, f"{url}?speaker=few-statements", f"{url}?speaker=many-statements"
            )
            self.assert_same_queries(
                2, f"{url}?organisation=kremlin", f"{url}?by=russia&about=china&source=unnamed"
            )

    def test_home_search_and_suggestions_queries_are_bounded(self):
        self.assert_same_queries(2, "/", "/?page=2")
        # people, organisations, countries
        self.assert_same_queries(3, "/search/suggestions?q=statements", **HTMX)
        # people, organisations, countries, statement count, cards, their countries, articles
        self.assert_same_queries(7, "/search?q=lonely", "/search?q=statement")
        self.assert_same_queries(7, "/search?q=statement", **HTMX)

    def test_index_pages_queries_do_not_grow_with_entries_or_statements(self):
        russia = self.russia
        for number in range(ENTRIES_PER_PAGE + 10):
            person = person_make(f"Extra Person {number}")
            person.country, person.roles = russia, [f"role {number % 7}", "Envoy"]
            person.save()
            organisation = organisation_make(f"Extra Body {number}", country=russia)
            if number % 10 == 0:
                organisation_statement_make(
                    article=self.lonely.article, organisation=organisation, text=f"Body {number}"
                )
        # the country choices, the role choices, the count, one page of people
        people = ["/people/", "/people/?page=2", "/people/?country=russia&role=envoy"]
        self.assert_same_queries(4, *people)
        self.assert_same_queries(4, *people, **HTMX)
        # the country choices, the count, one page of organisations
        organisations = ["/organisations/", "/organisations/?page=2&kind=other&country=russia"]
        self.assert_same_queries(3, *organisations)
        self.assert_same_queries(3, *organisations, **HTMX)
        # the count, one page of countries with both of their counts
        self.assert_same_queries(2, "/countries/", "/countries/?page=3&order=said-by")
        self.assert_same_queries(2, "/countries/?page=2", **HTMX)

    def test_statements_are_newest_first_and_load_more_follows(self):
        response = self.client.get(self.many.get_absolute_url())
        html = response.content.decode()
        self.assertLess(html.index("Statement number 0</p>"), html.index("Statement number 1</p>"))
        self.assertContains(response, "200 statements")
        self.assertNotContains(response, "Statement number 20</p>")
        self.assertContains(response, f'href="{self.many.get_absolute_url()}?pages=2"')
