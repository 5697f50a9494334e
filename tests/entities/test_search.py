"""Searching people and countries by any part of their names, aliases and adjectives."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase

from entities.selectors import entity_search
from tests.entities.builders import person_make


class EntitySearchTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.sullivan = person_make("Jake Sullivan")
        cls.sullenberger = person_make("Sully Sullenberger")
        cls.erdogan = person_make("Recep Tayyip Erdoğan")
        cls.netanyahu = person_make("Benjamin Netanyahu")
        cls.netanyahu.aliases = ["Bibi"]
        cls.netanyahu.save()

    def people(self, query: str) -> list[str]:
        return [p.name for p in entity_search(query=query).people]

    def countries(self, query: str) -> list[str]:
        return [c.name for c in entity_search(query=query).countries]

    def test_surname_prefix_finds_the_person(self):
        self.assertEqual(self.people("sull"), ["Sully Sullenberger", "Jake Sullivan"])
        self.assertEqual(self.people("SULLIV"), ["Jake Sullivan"])

    def test_search_ignores_accents_and_case(self):
        self.assertEqual(self.people("erdogan"), ["Recep Tayyip Erdoğan"])
        self.assertEqual(self.people("ERDOĞAN"), ["Recep Tayyip Erdoğan"])

    def test_aliases_find_the_person(self):
        self.assertEqual(self.people("bibi"), ["Benjamin Netanyahu"])

    def test_countries_by_name_code_alias_and_adjective(self):
        self.assertEqual(self.countries("russia")[0], "Russia")
        self.assertEqual(self.countries("Russian Federation"), ["Russia"])
        self.assertEqual(self.countries("RUS"), ["Russia"])
        self.assertEqual(self.countries("U.S.")[0], "United States")
        self.assertEqual(self.countries("Chinese")[0], "China")

    def test_name_start_ranks_above_a_match_inside_a_word(self):
        self.assertEqual(self.countries("nig")[:2], ["Niger", "Nigeria"])

    def test_nothing_for_a_blank_query(self):
        self.assertFalse(entity_search(query="   "))

    def test_country_aliases_and_adjectives_in_any_case(self):
        self.assertEqual(self.countries("u.s.")[0], "United States")
        self.assertEqual(self.countries("chinese")[0], "China")
        self.assertEqual(self.countries("uk")[0], "United Kingdom")
        self.assertEqual(self.countries("russians")[0], "Russia")


class SearchIndexTest(TestCase):
    def test_postgresql_has_full_text_and_trigram_indexes(self):
        if connection.vendor != "postgresql":
            self.skipTest("search indexes are PostgreSQL-only; SQLite scans")
        with connection.cursor() as cursor:
            statement = connection.introspection.get_constraints(cursor, "entities_statement")
            person = connection.introspection.get_constraints(cursor, "entities_person")
        self.assertIn("statement_text_fts_idx", statement)
        self.assertIn("statement_text_trgm_idx", statement)
        self.assertIn("person_name_key_trgm_idx", person)
