"""Searching people and countries by any part of their names, aliases and adjectives."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase

from articles.full_text import article_search
from entities.models import Organisation
from entities.selectors import StatementFilters, entity_search, statement_list
from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    organisation_statement_make,
    person_make,
    statement_make,
)


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


class SearchRankingTest(TestCase):
    """Every kind ranked by statement count, silent entries last, exact and prefix matches first."""

    @classmethod
    def setUpTestData(cls) -> None:
        article = article_make(title="Campaign")

        def speak(speaker, times: int) -> None:
            for number in range(times):
                statement_make(article=article, speaker=speaker, text=f"{speaker} {number}")

        speak(person_make("Donald Trump"), 5)
        speak(person_make("Trumpington Smith"), 1)
        person_make("Trump")  # a bare surname nobody is quoted under
        bernie = person_make("Bernie Sanders")
        bernie.aliases = ["Sanders"]
        bernie.save()
        speak(bernie, 2)
        speak(person_make("Sarah Sanders"), 4)
        organisation_make("Trump Tower", kind=Organisation.Kind.COMPANY)
        foundation = organisation_make("Trump Foundation")
        organisation_statement_make(article=article, organisation=foundation, text="Grants")
        kremlin = organisation_make("the Kremlin", country=country("RU"))
        kremlin.aliases = ["Kremlin"]
        kremlin.save()
        for number in range(2):
            organisation_statement_make(
                article=article, organisation=kremlin, text=f"Kremlin {number}", unnamed=True
            )
        organisation_make("Kremlin Watchers")

    def test_the_most_quoted_person_comes_first_not_the_silent_name_starting_with_the_query(
        self,
    ):
        results = entity_search(query="trump")
        self.assertEqual(
            [p.name for p in results.people], ["Donald Trump", "Trumpington Smith", "Trump"]
        )
        self.assertEqual(
            [o.name for o in results.organisations], ["Trump Foundation", "Trump Tower"]
        )

    def test_a_two_letter_prefix_is_ranked_by_statement_count(self):
        self.assertEqual(
            [p.name for p in entity_search(query="tr").people],
            ["Donald Trump", "Trumpington Smith", "Trump"],
        )

    def test_the_typeahead_is_one_query_per_kind(self):
        with self.assertNumQueries(3):
            entity_search(query="tr")

    def test_an_exact_name_or_alias_beats_a_busier_prefix_match(self):
        people = entity_search(query="sanders").people
        self.assertEqual([p.name for p in people], ["Bernie Sanders", "Sarah Sanders"])
        self.assertEqual(
            [p.name for p in entity_search(query="sand").people],
            ["Sarah Sanders", "Bernie Sanders"],
        )

    def test_organisations_by_a_later_word_and_alias(self):
        organisations = entity_search(query="kreml").organisations
        self.assertEqual([o.name for o in organisations], ["the Kremlin", "Kremlin Watchers"])
        self.assertEqual(organisations[0].statement_count, 2)
        self.assertEqual(entity_search(query="KREMLIN").organisations[0].name, "the Kremlin")

    def test_the_kind_with_the_best_match_comes_first(self):
        self.assertEqual(
            [group.name for group in entity_search(query="trump").groups],
            ["people", "organisations"],
        )
        russia_today = organisation_make("Russia Today", kind=Organisation.Kind.MEDIA)
        organisation_statement_make(
            article=article_make(title="Broadcast"), organisation=russia_today, text="On air"
        )
        groups = entity_search(query="russia").groups
        self.assertEqual([group.name for group in groups], ["organisations", "countries"])
        for number in range(2):
            statement_make(
                article=article_make(title=f"Moscow {number}"),
                speaker=None,
                text=f"About Russia {number}",
                about=[country("RU")],
            )
        groups = entity_search(query="russia").groups
        self.assertEqual([group.name for group in groups], ["countries", "organisations"])
        self.assertEqual(groups[0].entries[0].name, "Russia")

    def test_countries_with_statements_come_before_silent_ones(self):
        statement_make(
            article=article_make(title="Sahel"),
            speaker=None,
            text="Nigeria matters",
            about=[country("NG")],
        )
        self.assertEqual(
            [c.name for c in entity_search(query="nig").countries][:2], ["Nigeria", "Niger"]
        )


class SearchIndexTest(TestCase):
    def test_postgresql_has_full_text_and_trigram_indexes(self):
        if connection.vendor != "postgresql":
            self.skipTest("search indexes are PostgreSQL-only; SQLite scans")
        with connection.cursor() as cursor:
            statement = connection.introspection.get_constraints(cursor, "entities_statement")
            person = connection.introspection.get_constraints(cursor, "entities_person")
            organisation = connection.introspection.get_constraints(cursor, "entities_organisation")
        # The stored vector's index replaces 0004's expression index (entities 0015).
        self.assertIn("statement_search_vector_idx", statement)
        self.assertNotIn("statement_text_fts_idx", statement)
        self.assertIn("statement_text_trgm_idx", statement)
        self.assertIn("person_name_key_trgm_idx", person)
        self.assertIn("person_aliases_trgm_idx", person)
        self.assertIn("organisation_name_key_trgm_idx", organisation)
        self.assertIn("organisation_aliases_trgm_idx", organisation)


class SearchPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        article = article_make(title="Moscow")
        cls.kremlin = organisation_make("the Kremlin", country=country("RU"))
        organisation_statement_make(article=article, organisation=cls.kremlin, text="No comment")
        cls.trump = person_make("Donald Trump")
        for number in range(3):
            statement_make(article=article, speaker=cls.trump, text=f"Remark {number}")
        organisation_make("Trump Tower", kind=Organisation.Kind.COMPANY)

    def test_search_page_lists_organisations_with_their_counts(self):
        response = self.client.get("/search", {"q": "kremlin"})
        self.assertContains(response, '<h2 id="organisations-heading">Organisations</h2>')
        self.assertContains(
            response,
            f'<a href="{self.kremlin.get_absolute_url()}">the Kremlin</a> '
            '<span class="count">1 statement</span>',
        )

    def test_search_page_has_one_search_box(self):
        html = self.client.get("/search", {"q": "trump"}).content.decode()
        self.assertEqual(html.count('type="search"'), 1)
        self.assertEqual(html.count('role="search"'), 1)
        self.assertIn('id="search-q"', html)
        self.assertNotIn('id="site-search-q"', html)

    def test_typeahead_offers_organisations_and_the_busiest_match_first(self):
        response = self.client.get("/search/suggestions", {"q": "trump"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        self.assertIn('id="suggest-organisations"', html)
        self.assertLess(
            html.index('<span class="name">Donald Trump</span>'),
            html.index('<span class="name">Trump Tower</span>'),
        )
        self.assertIn(
            f'href="{self.kremlin.get_absolute_url()}"',
            self.client.get(
                "/search/suggestions", {"q": "krem"}, HTTP_HX_REQUEST="true"
            ).content.decode(),
        )


class ArticleSearchTest(TestCase):
    """Article search lists only articles that contain the words, on both databases."""

    @classmethod
    def setUpTestData(cls) -> None:
        article_make(title="Nuclear talks resume in Geneva")
        article_make(title="Harvest festival opens", days_ago=1)

    def titles(self, text: str) -> list[str]:
        return [article.title for article in article_search(text=text)]

    def test_words_find_the_article_that_holds_them(self):
        self.assertEqual(self.titles("nuclear talks"), ["Nuclear talks resume in Geneva"])

    def test_a_nonsense_query_finds_nothing(self):
        self.assertEqual(self.titles("zxqvwy"), [])

    def test_every_word_must_match_not_only_one(self):
        # PostgreSQL's ts_rank is above 0 when only some of the words match.
        self.assertEqual(self.titles("nuclear zxqvwy"), [])

    def test_an_empty_query_finds_nothing(self):
        self.assertEqual(self.titles("   "), [])


class StatementTextSearchTest(TestCase):
    """The statement filter's text: only matches, the words in any form on PostgreSQL."""

    @classmethod
    def setUpTestData(cls) -> None:
        article = article_make(title="Ankara")
        speaker = person_make("Recep Tayyip Erdoğan")
        statement_make(article=article, speaker=speaker, text="The sanctions on Erdoğan's allies")
        statement_make(article=article, speaker=speaker, text="We will build the road")
        statement_make(article=article, speaker=speaker, text="The EU must act")

    def texts(self, text: str) -> list[str]:
        return [s.text for s in statement_list(filters=StatementFilters(text=text))]

    def test_a_nonsense_query_finds_nothing(self):
        self.assertEqual(self.texts("zxqvwy"), [])

    def test_a_word_prefix_as_typed_matches(self):
        self.assertEqual(self.texts("sanct"), ["The sanctions on Erdoğan's allies"])

    def test_a_two_letter_word_matches(self):
        self.assertEqual(self.texts("eu"), ["The EU must act"])

    def test_postgresql_matches_a_two_letter_query_as_a_word_only(self):
        if connection.vendor != "postgresql":
            self.skipTest("SQLite matches substrings")
        # "ro" is in "road", but too short for the trigram index: only the word would match.
        self.assertEqual(self.texts("ro"), [])

    def test_postgresql_matches_other_forms_and_folds_accents(self):
        if connection.vendor != "postgresql":
            self.skipTest("stemming and accent folding are PostgreSQL's")
        self.assertEqual(self.texts("sanction"), ["The sanctions on Erdoğan's allies"])
        self.assertEqual(self.texts("erdogan allies"), ["The sanctions on Erdoğan's allies"])
