"""The pages a reader uses, in full and as htmx fragments, on the imported seed article."""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from articles.services import articles_import
from entities.models import Country, Person, Statement
from tests.conftest import SEED_ARTICLE
from tests.entities.builders import article_make, country, statement_make

SULLIVAN_QUOTE = (
    "We have not seen any evidence that they&#x27;ll provide direct military aid to Russia"
)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.slow
class SeedPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        outcomes = list(articles_import(paths=[SEED_ARTICLE]))
        assert [o.status for o in outcomes] == ["imported"], outcomes
        cls.article = Article.objects.get()
        cls.sullivan = Person.objects.get(name="Jake Sullivan")
        cls.russia = Country.objects.get(alpha2="RU")

    def test_home_lists_recent_articles_with_a_search_box(self):
        response = self.client.get("/")
        self.assertContains(response, "<html")
        self.assertContains(response, f'href="{self.article.get_absolute_url()}"')
        self.assertContains(response, 'name="q"')

    def test_home_fragment_is_the_next_article_items_only(self):
        response = self.client.get("/", **HTMX)
        self.assertNotContains(response, "<html")
        self.assertNotContains(response, 'id="article-list"')
        self.assertContains(response, self.article.title.replace("'", "&#x27;"))

    def test_article_page_shows_title_author_and_date_above_the_body(self):
        response = self.client.get(self.article.get_absolute_url())
        html = response.content.decode()
        title = "China&#x27;s indirect aid to Russia&#x27;s arms sector raises U.S. alarm"
        self.assertIn(f'<h1 id="article-title">{title}</h1>', html)
        self.assertIn("Justyna Lasota-Krawczyk", html)
        self.assertIn("10 April 2024 14:11", html)
        self.assertLess(html.index("Justyna Lasota-Krawczyk"), html.index('class="body"'))

    def test_article_page_links_people_countries_and_the_statement(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, f'href="{self.sullivan.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.russia.get_absolute_url()}"')
        self.assertContains(
            response, '<mark class="statement" title="Jake Sullivan (direct quote)">'
        )

    def test_ukraine_in_the_image_credit_is_not_a_country_of_the_article(self):
        self.assertFalse(self.article.mentions.filter(country__alpha2="UA").exists())
        response = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(response, "Ukraine")

    def test_person_page_lists_the_statement_linked_to_its_article(self):
        response = self.client.get(self.sullivan.get_absolute_url())
        self.assertContains(response, "<h1>Jake Sullivan</h1>")
        self.assertContains(response, SULLIVAN_QUOTE)
        self.assertContains(response, f'href="{self.article.get_absolute_url()}"')

    def test_person_page_country_chip_filters_the_list_as_a_fragment(self):
        url = self.sullivan.get_absolute_url()
        response = self.client.get(url, {"country": "russia"}, **HTMX)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="statements"')
        self.assertContains(response, "1 statement about Russia")
        self.assertContains(response, SULLIVAN_QUOTE)
        self.assertIn("HX-Request", response["Vary"])

        response = self.client.get(url, {"country": "japan"}, **HTMX)
        self.assertContains(response, "1 statement")  # unknown chip: unfiltered

    def test_person_page_chips_are_real_links_without_javascript(self):
        response = self.client.get(self.sullivan.get_absolute_url())
        self.assertContains(response, 'href="/people/jake-sullivan/?country=russia"')
        self.assertContains(response, 'hx-push-url="true"')
        response = self.client.get(self.sullivan.get_absolute_url(), {"country": "russia"})
        self.assertContains(response, "<html")
        self.assertContains(response, 'class="chip chip-country active"')

    def test_country_page_lists_statements_about_the_country(self):
        response = self.client.get(self.russia.get_absolute_url())
        self.assertContains(response, "<h1>Russia</h1>")
        self.assertContains(response, SULLIVAN_QUOTE)
        self.assertContains(response, 'href="/countries/russia/?speaker=jake-sullivan"')

    def test_country_page_speaker_chip_filters_the_list_as_a_fragment(self):
        response = self.client.get(
            self.russia.get_absolute_url(), {"speaker": "jake-sullivan"}, **HTMX
        )
        self.assertNotContains(response, "<html")
        self.assertContains(response, "about Russia by Jake Sullivan")
        self.assertContains(response, SULLIVAN_QUOTE)

    def test_article_paragraphs_are_anchors_for_statement_context(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, '<p id="p-1">')
        # The side list links the statement to its paragraph, the second.
        self.assertContains(response, '<a class="quote-link" href="#p-2">')

    def test_statement_context_shows_its_paragraph_highlighted(self):
        statement = self.sullivan.statements.get()
        url = reverse("entities:statement-context", args=[statement.pk])
        response = self.client.get(url)
        self.assertContains(response, "<html")
        self.assertContains(response, "said, responding to inquiries")
        self.assertContains(response, '<mark class="statement"')
        self.assertContains(response, f'href="{self.article.get_absolute_url()}#p-2"')
        self.assertNotContains(response, "US President Joe Biden also expressed")

        fragment = self.client.get(url, **HTMX)
        self.assertNotContains(fragment, "<html")
        self.assertContains(fragment, '<mark class="statement"')
        self.assertContains(fragment, f'href="{self.russia.get_absolute_url()}"')

    def test_person_card_has_a_context_toggle_with_a_plain_link(self):
        statement = self.sullivan.statements.get()
        url = reverse("entities:statement-context", args=[statement.pk])
        response = self.client.get(self.sullivan.get_absolute_url())
        self.assertContains(response, f'hx-get="{url}"')
        self.assertContains(response, f'<a href="{url}">')

    def test_country_without_statements_says_so(self):
        response = self.client.get(reverse("entities:country", args=["ukraine"]))
        self.assertContains(response, "No statements about Ukraine yet")
        self.assertContains(response, 'href="/search?q=Ukraine"')

    def test_search_for_a_surname_prefix_offers_the_person(self):
        response = self.client.get("/search", {"q": "sull"})
        self.assertContains(response, "<html")
        self.assertContains(
            response, f'href="{self.sullivan.get_absolute_url()}">Jake Sullivan</a>'
        )

    def test_search_typeahead_returns_the_results_fragment(self):
        response = self.client.get("/search", {"q": "sull"}, **HTMX)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="search-results"')
        self.assertContains(response, "Jake Sullivan")

    def test_search_finds_countries_by_alias_and_demonym(self):
        for query in ("Russia", "russ", "U.S.", "Chinese"):
            with self.subTest(query=query):
                response = self.client.get("/search", {"q": query}, **HTMX)
                self.assertContains(response, "Countries")

    def test_typeahead_finds_by_prefix_surname_alias_and_demonym_with_counts(self):
        expected = {
            "blink": "Antony Blinken",
            "xi": "Xi Jinping",
            "SULL": "Jake Sullivan",
            "u.s.": "United States",
            "chinese": "China",
            "RUSS": "Russia",
        }
        for query, name in expected.items():
            with self.subTest(query=query):
                response = self.client.get("/search/suggestions", {"q": query}, **HTMX)
                html = response.content.decode()
                self.assertIn(f'<span class="name">{name}</span>', html)
        response = self.client.get("/search/suggestions", {"q": "sull"}, **HTMX)
        self.assertContains(response, '<span class="count">1 statement</span>')

    def test_full_search_finds_words_in_statements_and_articles(self):
        response = self.client.get("/search", {"q": "industrial base"})
        self.assertContains(response, "1 statement containing")
        self.assertContains(response, SULLIVAN_QUOTE)
        self.assertContains(response, f'href="{self.article.get_absolute_url()}"')

    def test_unknown_person_is_not_found(self):
        self.assertEqual(self.client.get("/people/nobody-at-all/").status_code, 404)

    def test_pages_refuse_writes(self):
        self.assertEqual(self.client.post(self.sullivan.get_absolute_url()).status_code, 405)


class SearchEdgeCasesTest(TestCase):
    def test_empty_query_shows_the_form_without_results(self):
        response = self.client.get("/search", {"q": "  "})
        self.assertContains(response, 'id="search-q"')
        self.assertNotContains(response, "Nothing matches")

    def test_query_without_matches_suggests_what_to_try(self):
        response = self.client.get("/search", {"q": "zzzzqx"}, **HTMX)
        self.assertContains(response, "Nothing matches")

    def test_search_text_is_escaped(self):
        response = self.client.get("/search", {"q": "<script>alert(1)</script>"})
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


class AttributionWordingTest(TestCase):
    def test_according_to_reads_before_the_speaker_said_after(self):
        article = article_make(title="Two ways of attributing")
        russia = country("RU")
        said = statement_make(
            article=article, speaker=None, text="Talks will go on", about=[russia]
        )
        reported = statement_make(
            article=article, speaker=None, text="Sanctions are coming", about=[russia]
        )
        Statement.objects.filter(pk=said.pk).update(speaker_text="the minister", cue="said")
        Statement.objects.filter(pk=reported.pk).update(
            speaker_text="officials in Brussels", cue="according to"
        )

        for url in (russia.get_absolute_url(), article.get_absolute_url()):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertIn("According to <span", html)
                self.assertIn("officials in Brussels</span>", html)
                self.assertIn("the minister</span> said", html)
                self.assertNotIn("Brussels</span> according to", html)
