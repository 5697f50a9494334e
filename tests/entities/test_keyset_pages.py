"""Statement lists are read by keyset (?after=): every statement once, in order, at a
fixed number of queries however many statements match; a bad cursor shows the first page."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from entities.models import Statement
from entities.selectors import StatementCursor, StatementFilters, statement_list, statement_page
from entities.services import statement_dates_follow
from tests.entities.builders import article_make, country, person_make, statement_make

LOAD_MORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "load-more"}


def _walk(*, oldest: bool, size: int, **scope) -> list[int]:
    """Every statement's id, page after page, following each page's cursor."""
    filters = StatementFilters(order="oldest" if oldest else "")
    statements = statement_list(filters=filters, **scope)
    seen, after = [], None
    while True:
        page = statement_page(statements=statements, size=size, after=after, oldest=oldest)
        seen += [statement.pk for statement in page.cards]
        if not page.has_next:
            return seen
        after = StatementCursor.decode(page.next_cursor)
        assert after is not None
        assert after.shown == len(seen)


@pytest.mark.slow
class KeysetWalkTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.person = person_make("Keyset Person")
        russia = country("RU")
        # Ties on purpose: several articles on one date, several statements in one article,
        # and undated articles, which come last in either order.
        for number in range(9):
            article = article_make(title=f"Dated {number}", days_ago=number // 3)
            for _ in range(1 + number % 3):
                statement_make(
                    article=article, speaker=cls.person, text=f"A{number}", about=[russia]
                )
        for number in range(3):
            article = article_make(title=f"Undated {number}")
            Article.objects.filter(pk=article.pk).update(published_at=None)
            article.refresh_from_db()
            statement_make(article=article, speaker=cls.person, text=f"U{number}")

    def test_pages_cover_every_statement_once_in_the_lists_order(self):
        for oldest in (False, True):
            everything = list(
                statement_list(
                    filters=StatementFilters(order="oldest" if oldest else ""), speaker=self.person
                ).values_list("pk", flat=True)
            )
            assert len(everything) == 21
            for size in (1, 2, 5, 20, 21, 50):
                with self.subTest(oldest=oldest, size=size):
                    assert _walk(oldest=oldest, size=size, speaker=self.person) == everything

    def test_undated_statements_come_last_either_way(self):
        for oldest in (False, True):
            ids = _walk(oldest=oldest, size=4, speaker=self.person)
            dates = list(Statement.objects.in_bulk(ids)[pk].published_at for pk in ids)
            assert dates[-3:] == [None, None, None]
            assert None not in dates[:-3]

    def test_cursor_round_trips_and_counts_what_was_shown(self):
        cursor = StatementCursor(datetime(2024, 4, 10, 12, tzinfo=UTC), 7, 12, 99, 40, 1234)
        assert StatementCursor.decode(cursor.encode()) == cursor
        undated = StatementCursor(None, 7, 12, 99, 40, None)
        assert StatementCursor.decode(undated.encode()) == undated

    def test_bad_cursors_are_refused(self):
        def encoded(text: str) -> str:
            return base64.urlsafe_b64encode(text.encode()).decode()

        bad = [
            "",
            "not a cursor",
            "%%%",
            "A" * 400,
            encoded("[]"),
            encoded('{"a": 1}'),
            encoded('["2024-04-10T12:00:00+00:00", 1, 2, 3, 4]'),  # a value short
            encoded('["2024-04-10T12:00:00", 1, 2, 3, 4, null]'),  # no time zone
            encoded('["yesterday", 1, 2, 3, 4, null]'),
            encoded("[null, -1, 2, 3, 4, null]"),
            encoded("[null, 1, 2.5, 3, 4, null]"),
            encoded("[null, true, 2, 3, 4, null]"),
            encoded(f"[null, {2**63}, 2, 3, 4, null]"),
            encoded('[null, 1, 2, 3, 4, "many"]'),
            encoded("[12, 1, 2, 3, 4, null]"),
        ]
        for value in bad:
            with self.subTest(value=value[:40]):
                assert StatementCursor.decode(value) is None

    def test_a_bad_cursor_shows_the_first_page_not_an_error(self):
        url = self.person.get_absolute_url()
        first = self.client.get(url)
        for value in ("garbage", encoded_list("[null, 1, 2, 3, 4, null, 7]"), "=="):
            for headers in ({}, LOAD_MORE):
                with self.subTest(value=value, **headers):
                    response = self.client.get(url, {"after": value}, **headers)
                    assert response.status_code == 200
                    assert response.context["cards_from"] == 1
                    assert [s.pk for s in response.context["cards"]] == [
                        s.pk for s in first.context["cards"]
                    ][: len(response.context["cards"])]

    def test_load_more_follows_the_cursor_without_counting(self):
        url = self.person.get_absolute_url()
        first = self.client.get(url)
        assert first.context["statement_total"] == 21
        cursor = first.context["page"].next_cursor
        more = self.client.get(url, {"pages": "2", "after": cursor}, **LOAD_MORE)
        cards = more.context["cards"]
        assert [s.pk for s in first.context["cards"]] + [s.pk for s in cards] == _walk(
            oldest=False, size=100, speaker=self.person
        )
        # The total travels in the cursor: the fragment can say "of 21" without counting again.
        assert StatementCursor.decode(cursor).total == 21
        assert more.context["statement_total"] == 21
        assert more.context["cards_from"] == 21
        assert len(cards) == 1
        assert 'id="load-more"' not in more.content.decode()


def encoded_list(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.slow
class KeysetQueryCountTest(TestCase):
    """The person page and its "load more" fragment: as many queries for 3 articles as for 30."""

    @classmethod
    def setUpTestData(cls) -> None:
        russia = country("RU")
        cls.people = {}
        for articles in (3, 30):
            person = person_make(f"Speaker of {articles}")
            for number in range(articles):
                article = article_make(title=f"{articles} / {number}", days_ago=number)
                for part in range(2):
                    statement_make(
                        article=article,
                        speaker=person,
                        text=f"Words {number} {part}",
                        about=[russia],
                    )
            cls.people[articles] = person

    def _queries(self, url: str, params: dict[str, str], **headers: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, params, **headers)
        assert response.status_code == 200
        return len(queries)

    def test_person_page_queries_are_the_same_for_3_and_30_articles(self):
        counts = {
            articles: self._queries(person.get_absolute_url(), {})
            for articles, person in self.people.items()
        }
        assert counts[3] == counts[30], counts

    def test_load_more_queries_are_the_same_for_3_and_30_articles(self):
        counts = {}
        for articles, person in self.people.items():
            url = person.get_absolute_url()
            # The deepest cursor the list has: its last card but one.
            statements = list(statement_list(filters=StatementFilters(), speaker=person))
            cursor = StatementCursor.after_card(
                statements[-2], shown=len(statements) - 1, total=None
            ).encode()
            counts[articles] = self._queries(url, {"after": cursor}, **LOAD_MORE)
            first = self.client.get(url).context["page"].next_cursor or cursor
            assert (
                self._queries(url, {"pages": "2", "after": first}, **LOAD_MORE) == counts[articles]
            )
        assert counts[3] == counts[30], counts


@pytest.mark.slow
class StatementDatesFollowTest(TestCase):
    def test_statements_take_their_articles_new_date(self):
        person = person_make("Dated Person")
        article = article_make(title="Moved")
        statement = statement_make(article=article, speaker=person, text="Moved words")
        when = datetime(2020, 1, 2, 3, tzinfo=UTC)
        Article.objects.filter(pk=article.pk).update(published_at=when)
        assert statement_dates_follow(article_ids=[article.pk]) == 1
        statement.refresh_from_db()
        assert statement.published_at == when
        assert statement_dates_follow(article_ids=[]) == 0
