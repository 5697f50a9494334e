"""Articles stored with a date outside 1900-2100 (before the readers refused them, or by
hand) never take a page down: the timeline counts them apart, lists and exports show them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from entities.aggregates import aggregates_rebuild
from entities.selectors import StatementFilters, statement_timeline
from entities.services import statement_dates_follow
from tests.entities.builders import article_make, country, person_make, statement_make

FAR_FUTURE = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)


class OutOfRangeDatesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.person = person_make("Joe Biden")
        cls.japan, cls.china = country("JP"), country("CN")
        cls.statements = []
        for title, when in (("Future", FAR_FUTURE), ("Ancient", YEAR_ONE), ("Today", None)):
            article = article_make(title=title)
            cls.statements.append(
                statement_make(
                    article=article,
                    speaker=cls.person,
                    text=f"{title} words",
                    about=[cls.japan, cls.china],
                )
            )
            if when is not None:
                # Straight into the table, as an older import or a hand edit would leave it.
                Article.objects.filter(pk=article.pk).update(published_at=when)
                # ...and as migration 0013 then copies onto its statements.
                statement_dates_follow(article_ids=[article.pk])
        # The raw update bypasses the writes that keep the aggregates.
        aggregates_rebuild()

    def test_the_timeline_counts_out_of_range_dates_apart(self):
        timeline = statement_timeline(filters=StatementFilters(), speaker=self.person)
        assert timeline.out_of_range == 2
        assert [(bar.month.year, bar.count) for bar in timeline.bars] == [(2024, 1)]
        assert timeline.total == 3

    def test_person_country_and_source_pages_answer(self):
        urls = [
            self.person.get_absolute_url(),
            self.japan.get_absolute_url(),
            reverse("entities:country-by", args=[self.japan.slug]),
            reverse("entities:country-pair", args=[self.china.slug, self.japan.slug]),
            reverse("articles:list"),
            reverse("entities:search") + "?q=words",
            *(statement.get_absolute_url() for statement in self.statements),
            *(statement.article.get_absolute_url() for statement in self.statements),
        ]
        for url in urls:
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
                with self.subTest(url=url, **headers):
                    assert self.client.get(url, **headers).status_code == 200

    def test_the_page_says_how_many_are_dated_out_of_range(self):
        page = self.client.get(self.person.get_absolute_url()).content.decode()
        assert "2 dated before 1900 or after 2100, not charted" in page

    def test_exports_list_them_with_their_dates(self):
        response = self.client.get(reverse("entities:statements-json") + "?speaker=joe-biden")
        assert response.status_code == 200
        dates = {record["date"] for record in json.loads(b"".join(response.streaming_content))}
        assert dates == {"9999-12-31", "0001-01-01", "2024-04-10"}
        response = self.client.get(reverse("entities:statements-csv") + "?speaker=joe-biden")
        assert response.status_code == 200
        assert len(b"".join(response.streaming_content).decode().splitlines()) == 4

    def test_date_filters_outside_the_range_are_ignored_on_pages(self):
        for query in ("from=9999-12-31", "to=0001-01-01", "from=0000-00-00&to=99999-01-01"):
            with self.subTest(query=query):
                response = self.client.get(f"{self.person.get_absolute_url()}?{query}")
                assert response.status_code == 200
                assert response.context["statement_total"] == 3
