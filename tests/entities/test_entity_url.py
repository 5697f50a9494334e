"""The remembered reverse() behind the addresses of entity pages, articles and statements."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import clear_script_prefix, reverse, set_script_prefix

from articles.models import Article, pk_url
from entities.models import Country, Person, Statement, entity_url


class EntityUrlTest(SimpleTestCase):
    def test_it_answers_as_reverse_does(self):
        for viewname in ("entities:person", "entities:country", "entities:organisation"):
            with self.subTest(viewname=viewname):
                expected = reverse(viewname, args=["jane-roe"])
                self.assertEqual(entity_url(viewname, "jane-roe"), expected)
                self.assertEqual(entity_url(viewname, "jane-roe"), expected)

    def test_a_site_served_under_a_prefix_gets_the_prefix_every_time(self):
        self.assertEqual(Person(slug="jane-roe").get_absolute_url(), "/people/jane-roe/")
        set_script_prefix("/news/")
        try:
            self.assertEqual(Person(slug="jane-roe").get_absolute_url(), "/news/people/jane-roe/")
            self.assertEqual(Country(slug="peru").get_absolute_url(), "/news/countries/peru/")
        finally:
            clear_script_prefix()
        self.assertEqual(Person(slug="jane-roe").get_absolute_url(), "/people/jane-roe/")


class PkUrlTest(SimpleTestCase):
    def test_it_answers_as_reverse_does(self):
        for viewname in ("articles:detail", "entities:statement", "entities:statement-context"):
            for pk in (1, 70, 918_273):
                with self.subTest(viewname=viewname, pk=pk):
                    self.assertEqual(pk_url(viewname, pk), reverse(viewname, args=[pk]))

    def test_cards_link_their_statement_its_context_and_its_article(self):
        statement = Statement(pk=12)
        self.assertEqual(statement.get_absolute_url(), "/statements/12/")
        self.assertEqual(statement.context_url, "/statements/12/context/")
        self.assertEqual(Article(pk=3).get_absolute_url(), reverse("articles:detail", args=[3]))

    def test_a_site_served_under_a_prefix_gets_the_prefix_every_time(self):
        set_script_prefix("/news/")
        try:
            self.assertEqual(Statement(pk=12).get_absolute_url(), "/news/statements/12/")
        finally:
            clear_script_prefix()
        self.assertEqual(Statement(pk=12).get_absolute_url(), "/statements/12/")
