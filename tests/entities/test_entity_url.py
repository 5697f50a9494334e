"""The remembered reverse() behind the entity pages' addresses."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import clear_script_prefix, reverse, set_script_prefix

from entities.models import Country, Person, entity_url


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
