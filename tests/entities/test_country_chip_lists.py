"""A source's list narrowed by a country chip (or an "around" chip): every statement naming
the country once, in the list's order, page after page; and the page names the picked
country by its id, so PostgreSQL plans for that country (issue 14)."""

from __future__ import annotations

from dataclasses import replace

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from entities.models import StatementCountry
from entities.selectors import StatementCursor, StatementFilters, statement_list, statement_page
from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    person_make,
    statement_make,
)


def _walk(filters: StatementFilters, *, size: int, **scope) -> list[int]:
    """Every statement's id, page after page, following each page's cursor."""
    oldest = filters.order == "oldest"
    statements = statement_list(filters=filters, **scope)
    seen, after = [], None
    while True:
        page = statement_page(statements=statements, size=size, after=after, oldest=oldest)
        seen += [statement.pk for statement in page.cards]
        if not page.has_next:
            return seen
        after = StatementCursor.decode(page.next_cursor)
        assert after is not None


def _cards_query(queries: list[dict[str, str]]) -> str:
    """The query that read the cards: the statements with their articles' titles."""
    cards = [q["sql"] for q in queries if '"entities_statement"."cue"' in q["sql"]]
    assert len(cards) == 1, cards
    return cards[0]


class CountryChipListTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.person = person_make("Chip Person")
        cls.other = person_make("Other Person")
        cls.china, cls.russia, cls.japan = country("CN"), country("RU"), country("JP")
        cls.kremlin = organisation_make("Kremlin", kind="government", country=cls.russia)
        # Ties on purpose: several articles on one date, several statements in one article,
        # undated articles last; some name China, some only around, some another country.
        for number in range(12):
            article = article_make(title=f"Dated {number}", days_ago=number // 4)
            if number >= 9:
                Article.objects.filter(pk=article.pk).update(published_at=None)
                article.refresh_from_db()
            for turn in range(1 + number % 3):
                about = [cls.china] if (number + turn) % 2 == 0 else [cls.russia]
                around = [cls.china] if about == [cls.russia] and turn == 0 else []
                statement_make(
                    article=article,
                    speaker=cls.person,
                    text=f"P{number}-{turn}",
                    about=about,
                    around=around,
                )
            statement_make(article=article, speaker=cls.other, text=f"O{number}", about=[cls.china])
            statement_make(
                article=article,
                speaker=None,
                text=f"K{number}",
                speaker_text="the Kremlin",
                speaker_kind="organisation",
                speaker_organisation=cls.kremlin,
                about=[cls.china] if number % 2 else [cls.japan],
            )

    def _naming(self, filters: StatementFilters, role: str, **scope) -> list[int]:
        """The unfiltered list, in its order, kept to the statements naming China in ``role``."""
        named = set(
            StatementCountry.objects.filter(country=self.china, role=role).values_list(
                "statement_id", flat=True
            )
        )
        plain = replace(filters, country="", around="", country_pk=None, around_pk=None)
        every = statement_list(filters=plain, **scope).values_list("pk", flat=True)
        return [pk for pk in every if pk in named]

    def test_country_chip_pages_hold_each_statement_once_in_order(self):
        content, context = StatementCountry.Role.CONTENT, StatementCountry.Role.CONTEXT
        for scope in ({"speaker": self.person}, {"organisation": self.kremlin}):
            for order in ("", "oldest"):
                for chip, role in (("country", content), ("around", context)):
                    for by_id in (False, True):
                        filters = StatementFilters(order=order, **{chip: "china"})
                        if by_id:
                            filters = replace(filters, **{f"{chip}_pk": self.china.pk})
                        expected = self._naming(filters, role, **scope)
                        if chip == "country":
                            assert len(expected) > 5
                        for size in (1, 2, 5, 50):
                            with self.subTest(
                                scope=scope, order=order, chip=chip, by_id=by_id, size=size
                            ):
                                assert _walk(filters, size=size, **scope) == expected

    def test_person_page_names_the_picked_countries_by_their_ids(self):
        url = self.person.get_absolute_url()
        for query in ("?country=china", "?around=china"):
            with self.subTest(query=query), CaptureQueriesContext(connection) as queries:
                response = self.client.get(url + query)
            assert response.status_code == 200
            assert "'china'" not in _cards_query(queries.captured_queries)

    def test_organisation_and_country_pages_name_the_picked_country_by_its_id(self):
        urls = [
            reverse("entities:organisation", args=[self.kremlin.slug]),
            self.russia.get_absolute_url(),
        ]
        for url in urls:
            with self.subTest(url=url), CaptureQueriesContext(connection) as queries:
                response = self.client.get(f"{url}?country=china")
            assert response.status_code == 200
            assert "'china'" not in _cards_query(queries.captured_queries)

    def test_a_chip_the_page_does_not_offer_shows_everything(self):
        # Japan is never named by this person: the page drops the pick, no id is made up.
        url = self.person.get_absolute_url()
        response = self.client.get(f"{url}?country=japan")
        assert response.status_code == 200
        assert response.context["filters"].country == ""
        assert response.context["filters"].country_pk is None
