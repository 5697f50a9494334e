"""Date filters that ignore half-typed dates, and the statements with no date."""

from __future__ import annotations

from datetime import date

from django.http import QueryDict
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from articles.models import Article
from entities.aggregates import aggregates_rebuild
from entities.selectors import (
    StatementFilters,
    Timeline,
    TimelineBar,
    statement_list,
    statement_timeline,
)
from entities.services import statement_dates_follow
from entities.views import _timeline_bars
from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    person_make,
    statement_make,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


class DateParamTest(TestCase):
    def test_half_typed_years_from_a_date_field_are_ignored_and_reported(self):
        for typed in ("0002-04-01", "0020-04-01", "0202-04-01", "275760-04-01", "20245-04-01"):
            with self.subTest(typed=typed):
                filters = StatementFilters.from_params({"from": typed})
                self.assertIsNone(filters.start)
                self.assertEqual(filters.ignored_dates, (typed,))
                self.assertFalse(filters.narrowing)

    def test_years_from_1900_to_2100_are_read(self):
        filters = StatementFilters.from_params({"from": "1900-01-01", "to": "2100-12-31"})
        self.assertEqual((filters.start, filters.end), (date(1900, 1, 1), date(2100, 12, 31)))
        self.assertEqual(filters.ignored_dates, ())
        for outside in ("1899-12-31", "2101-01-01"):
            with self.subTest(outside=outside):
                self.assertIsNone(StatementFilters.from_params({"to": outside}).end)

    def test_malformed_dates_are_ignored(self):
        for typed in ("2024-02-30", "2024-13", "2024-4-1", "1 April 2024", "2024-04-01x"):
            with self.subTest(typed=typed):
                filters = StatementFilters.from_params({"to": typed})
                self.assertIsNone(filters.end)
                self.assertEqual(filters.ignored_dates, (typed,))

    def test_a_month_still_means_its_first_or_last_day(self):
        filters = StatementFilters.from_params({"from": "2024-02", "to": "2024-02"})
        self.assertEqual((filters.start, filters.end), (date(2024, 2, 1), date(2024, 2, 29)))

    def test_undated_is_read_from_either_spelling_and_a_date_range_wins(self):
        self.assertTrue(StatementFilters.from_params({"undated": "1"}).undated)
        self.assertTrue(StatementFilters.from_params({"date": "undated"}).undated)
        both = StatementFilters.from_params({"undated": "1", "from": "2024-04-01"})
        self.assertFalse(both.undated)
        self.assertEqual(both.start, date(2024, 4, 1))
        self.assertEqual(StatementFilters(undated=True).querystring(), "undated=1")


class UndatedStatementsTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        russia = country("RU")
        for days, text in ((0, "Sanctions will stay"), (40, "Talks go on")):
            statement_make(
                article=article_make(title=f"On {text}", days_ago=days),
                speaker=cls.jane,
                text=text,
                about=[russia],
            )
        for title, text in (("Undated one", "No date on this"), ("Undated two", "Nor on this")):
            article = article_make(title=title)
            Article.objects.filter(pk=article.pk).update(published_at=None)
            article.refresh_from_db()
            statement_make(article=article, speaker=cls.jane, text=text, about=[russia])
        cls.url = cls.jane.get_absolute_url()

    def texts(self, response) -> list[str]:
        html = response.content.decode()
        texts = ("Sanctions will stay", "Talks go on", "No date on this", "Nor on this")
        return [text for text in texts if f"{text}</p>" in html]

    def test_undated_filter_lists_only_statements_whose_article_has_no_date(self):
        statements = statement_list(filters=StatementFilters(undated=True), speaker=self.jane)
        self.assertEqual(sorted(s.text for s in statements), ["No date on this", "Nor on this"])
        for params in ({"undated": "1"}, {"date": "undated"}):
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertEqual(self.texts(response), ["No date on this", "Nor on this"])
                self.assertContains(response, "2 statements")
                self.assertContains(response, "<span>Undated only</span>", html=True)

    def test_timeline_months_and_undated_add_up_to_the_total(self):
        timeline = statement_timeline(filters=StatementFilters(), speaker=self.jane)
        self.assertEqual(timeline.undated, 2)
        self.assertEqual(timeline.earlier, 0)
        self.assertEqual(sum(bar.count for bar in timeline.bars) + timeline.undated, 4)
        self.assertEqual(timeline.total, 4)
        self.assertEqual(statement_list(speaker=self.jane).count(), timeline.total)

    def test_timeline_shows_the_undated_count_as_a_link_that_filters(self):
        response = self.client.get(self.url, {"kind": "direct"})
        self.assertContains(response, "4 statements")
        self.assertContains(response, f'href="{self.url}?kind=direct&amp;undated=1"')
        self.assertContains(response, "Undated: 2</a>")
        self.assertContains(response, "4 in all")

    def test_each_month_is_a_link_that_keeps_the_other_filters_and_names_its_count(self):
        response = self.client.get(self.url, {"kind": "direct", "undated": "1"})
        march = f"{self.url}?kind=direct&amp;from=2024-03-01&amp;to=2024-03-31"
        self.assertContains(
            response,
            f'<a id="month-2024-03" class="bar" href="{march}" hx-get="{march}"'
            ' aria-label="March 2024: 1 statement"><title>March 2024: 1 statement</title>',
        )
        html = response.content.decode()
        self.assertEqual(html.count('class="bar"'), 2)
        self.assertIn('aria-label="April 2024: 1 statement"', html)
        # The bar's rectangles: the whole column to click, the filled part to its count.
        self.assertIn('<rect class="hit" x="4" y="', html)
        self.assertIn('<rect class="fill" x="4" y="', html)

    def test_the_picked_month_is_marked_and_its_link_keeps_the_order(self):
        response = self.client.get(
            self.url, {"from": "2024-04-01", "to": "2024-04-30", "order": "oldest"}
        )
        html = response.content.decode()
        april = f"{self.url}?from=2024-04-01&amp;to=2024-04-30&amp;order=oldest"
        self.assertIn(f'<a id="month-2024-04" class="bar selected" href="{april}"', html)
        self.assertIn('<a id="month-2024-03" class="bar" href="', html)

    def test_undated_count_is_shown_even_when_no_statement_has_a_date(self):
        Article.objects.update(published_at=None)
        # A raw update bypasses the writes that copy the date onto the statements and keep
        # the aggregates (which count statements by that copy).
        statement_dates_follow(article_ids=Article.objects.values_list("pk", flat=True))
        aggregates_rebuild()
        timeline = statement_timeline(filters=StatementFilters(), speaker=self.jane)
        self.assertEqual((timeline.bars, timeline.undated, timeline.total), ([], 4, 4))
        self.assertTrue(timeline)
        self.assertContains(self.client.get(self.url), "Undated: 4</a>")

    def test_picking_undated_marks_it_and_offers_every_month_again(self):
        response = self.client.get(self.url, {"undated": "1"}, **HTMX)
        self.assertEqual(response["HX-Push-Url"], f"{self.url}?undated=1")
        html = response.content.decode()
        self.assertIn('class="undated selected"', html)
        self.assertIn(f'href="{self.url}?" hx-get="{self.url}?">All months</a>', html)
        self.assertIn('<input type="hidden" name="undated" value="1">', html)

    def test_a_half_typed_date_shows_everything_with_a_note(self):
        response = self.client.get(self.url, {"from": "0002-04-01"})
        self.assertEqual(len(self.texts(response)), 4)
        self.assertContains(response, "Left out 0002-04-01: not a date from 1900 to 2100")
        response = self.client.get(self.url, {"from": "275760-04-01", "to": "2024-04-30"}, **HTMX)
        self.assertEqual(response["HX-Push-Url"], f"{self.url}?to=2024-04-30")
        self.assertEqual(self.texts(response), ["Sanctions will stay", "Talks go on"])
        self.assertContains(response, "Left out 275760-04-01")

    def test_a_typed_date_range_narrows_the_list(self):
        response = self.client.get(self.url, {"from": "2024-04-01", "to": "2024-04-30"})
        self.assertEqual(self.texts(response), ["Sanctions will stay"])
        self.assertNotContains(response, "Left out")

    def test_form_requests_swap_the_results_and_facets_never_the_form(self):
        response = self.client.get(self.url, **HTMX)
        html = response.content.decode()
        self.assertIn('hx-target="#statement-results"', html)
        self.assertIn(
            'hx-select-oob="#statement-facets,#filter-hidden,#filter-clear,#filter-facets,'
            '#kind-count-direct,#kind-count-indirect"',
            html,
        )
        self.assertIn('hx-trigger="submit, change[target.checkValidity()]"', html)
        self.assertIn('id="statement-results"', html)
        self.assertIn('id="statement-facets"', html)
        self.assertIn('min="1900-01-01" max="2100-12-31"', html)
        # Without JavaScript the form still submits to the page itself.
        self.assertIn(f'method="get" action="{self.url}"', html)

    def test_every_statement_page_splits_form_and_results(self):
        organisation = organisation_make("Kremlin")
        urls = [
            self.url,
            organisation.get_absolute_url(),
            country("RU").get_absolute_url(),
            reverse("entities:country-by", args=["russia"]),
            reverse("entities:country-pair", args=["russia", "china"]),
        ]
        for url in urls:
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertEqual(html.count('id="statement-results"'), 1)
                self.assertEqual(html.count('id="statement-facets"'), 1)
                self.assertLess(html.index('id="statement-facets"'), html.index('class="filters"'))

    def test_undated_page_runs_as_many_queries_as_any_other(self):
        # person (with the kept totals, so nothing said about them is counted), country
        # chips, context chips, timeline with its undated row, three facets, count, one page
        # of cards, their countries, people quoted alongside: the undated count costs no
        # query of its own
        for params in ({}, {"undated": "1"}, {"from": "0002-04-01"}):
            with self.subTest(**params), self.assertNumQueries(11):
                self.client.get(self.url, params)


class TimelineBarLinksTest(SimpleTestCase):
    def test_each_bar_links_as_querystring_would_keeping_every_other_filter(self):
        bars = [
            TimelineBar(month=date(2024, m, 1), count=m, x=4 + m, y=9, height=m, selected=m == 2)
            for m in (1, 2)
        ]
        timeline = Timeline(bars=bars, total=3, peak=2)
        for params in (
            "q=a+%26+b%C3%A9&kind=direct&undated=1",
            "to=2024-05-31&order=oldest&from=2023-01-01&outlet=A%22B<c>",
            "",
        ):
            with self.subTest(params=params):
                query = QueryDict(params, mutable=True)
                html = str(_timeline_bars(timeline, path="/people/jane-roe/", query=query))
                for bar in bars:
                    expected = Template(
                        "{% querystring query from=start to=end undated=None %}"
                    ).render(Context({"query": query, "start": bar.start, "end": bar.end}))
                    self.assertIn(f'href="/people/jane-roe/{expected}"', html)
                self.assertIn('class="bar selected"', html)
                self.assertIn('aria-label="January 2024: 1 statement"', html)
                self.assertNotIn("<c>", html)
