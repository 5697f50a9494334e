"""Filtering, paging, the timeline and search on the person and country pages."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.test import TestCase
from django.urls import reverse

from entities.selectors import StatementFilters, statement_timeline
from entities.views import CHIPS_SHOWN, _roles_of
from tests.entities.builders import article_make, country, person_make, statement_make

HTMX = {"HTTP_HX_REQUEST": "true"}


class StatementFiltersTest(TestCase):
    def test_reads_every_filter_from_the_query_string(self):
        filters = StatementFilters.from_params(
            {
                "country": "russia",
                "kind": "indirect",
                "from": "2024-03",
                "to": "2024-04",
                "q": " a  b ",
            }
        )
        self.assertEqual(filters.country, "russia")
        self.assertEqual(filters.kind, "indirect")
        self.assertEqual((filters.start, filters.end), (date(2024, 3, 1), date(2024, 4, 30)))
        self.assertEqual(filters.text, "a b")
        self.assertTrue(filters.narrowing)

    def test_malformed_values_are_dropped_not_refused(self):
        filters = StatementFilters.from_params(
            {"kind": "shouted", "from": "yesterday", "to": "2024-13-01"}
        )
        self.assertEqual(filters, StatementFilters())
        self.assertFalse(filters.narrowing)

    def test_a_reversed_date_range_is_put_right(self):
        filters = StatementFilters.from_params({"from": "2024-05-01", "to": "2024-04-01"})
        self.assertEqual((filters.start, filters.end), (date(2024, 4, 1), date(2024, 5, 1)))

    def test_querystring_leaves_out_empty_filters(self):
        filters = StatementFilters.from_params({"kind": "", "q": "", "country": "china"})
        self.assertEqual(filters.querystring(speaker="jane-roe"), "country=china&speaker=jane-roe")


class RolesTest(TestCase):
    def test_roles_degrade_when_the_person_has_none(self):
        self.assertEqual(_roles_of(SimpleNamespace()), [])
        self.assertEqual(_roles_of(SimpleNamespace(roles="advisor")), ["advisor"])
        self.assertEqual(_roles_of(SimpleNamespace(roles=["a", "b"])), ["a", "b"])


class BrowsingTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        cls.john = person_make("John Doe")
        cls.russia, cls.china, cls.japan = country("RU"), country("CN"), country("JP")
        rows = [
            # (days before 10 April 2024, text, about, kind)
            (0, "Sanctions on Russia will stay", [cls.russia], "direct"),
            (1, "China and Russia grow closer", [cls.china, cls.russia], "indirect"),
            (40, "Japan is a close ally", [cls.japan], "direct"),
            (70, "Russia must withdraw its troops", [cls.russia], "direct"),
        ]
        for days, text, about, kind in rows:
            statement_make(
                article=article_make(title=f"On {text}", days_ago=days),
                speaker=cls.jane,
                text=text,
                about=about,
                kind=kind,
            )
        statement_make(
            article=article_make(title="Another voice", days_ago=3),
            speaker=cls.john,
            text="Russia and China are partners",
            about=[cls.russia, cls.china],
        )
        cls.jane_url = cls.jane.get_absolute_url()
        cls.russia_url = cls.russia.get_absolute_url()

    def texts(self, url: str, params: dict[str, str] | None = None, **headers: str) -> list[str]:
        response = self.client.get(url, params or {}, **headers)
        self.assertEqual(response.status_code, 200)
        return [
            text
            for text in (
                "Sanctions on Russia will stay",
                "China and Russia grow closer",
                "Japan is a close ally",
                "Russia must withdraw its troops",
                "Russia and China are partners",
            )
            if f"{text}</p>" in response.content.decode()
        ]

    def test_person_filters_combine(self):
        everything = self.texts(self.jane_url)
        self.assertEqual(len(everything), 4)
        self.assertEqual(
            self.texts(self.jane_url, {"country": "russia"}),
            [
                "Sanctions on Russia will stay",
                "China and Russia grow closer",
                "Russia must withdraw its troops",
            ],
        )
        self.assertEqual(
            self.texts(self.jane_url, {"country": "russia", "kind": "direct"}),
            ["Sanctions on Russia will stay", "Russia must withdraw its troops"],
        )
        self.assertEqual(
            self.texts(
                self.jane_url, {"country": "russia", "kind": "direct", "from": "2024-03-01"}
            ),
            ["Sanctions on Russia will stay"],
        )
        self.assertEqual(
            self.texts(self.jane_url, {"q": "troops withdraw"}, **HTMX),
            ["Russia must withdraw its troops"],
        )

    def test_filtered_fragment_pushes_a_clean_url(self):
        response = self.client.get(
            self.jane_url, {"country": "russia", "kind": "", "from": "", "to": "", "q": ""}, **HTMX
        )
        self.assertNotContains(response, "<html")
        self.assertEqual(response["HX-Push-Url"], f"{self.jane_url}?country=russia")
        self.assertIn("HX-Request", response["Vary"])

    def test_filters_survive_in_chip_timeline_export_and_form(self):
        response = self.client.get(self.jane_url, {"kind": "direct", "q": "ally"})
        html = response.content.decode()
        self.assertIn(f'href="{self.jane_url}?kind=direct&amp;q=ally&amp;country=japan"', html)
        self.assertIn(
            f'href="{self.jane_url}?kind=direct&amp;q=ally&amp;from=2024-03-01&amp;to=2024-03-31"',
            html,
        )
        csv_url = reverse("entities:statements-csv")
        self.assertIn(f'href="{csv_url}?kind=direct&amp;q=ally&amp;speaker=jane-roe"', html)
        self.assertIn('id="kind-direct" type="radio" name="kind" value="direct" checked>', html)
        self.assertIn('name="q" value="ally"', html)

    def test_history_restore_gets_the_whole_page(self):
        response = self.client.get(
            self.jane_url,
            {"country": "russia"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        )
        self.assertContains(response, "<html")
        self.assertContains(response, "3 statements about Russia")

    def test_timeline_counts_months_and_marks_the_picked_one(self):
        timeline = statement_timeline(filters=StatementFilters(), speaker=self.jane)
        self.assertEqual(
            [(bar.month, bar.count) for bar in timeline.bars],
            [
                (date(2024, 1, 1), 1),
                (date(2024, 2, 1), 0),
                (date(2024, 3, 1), 1),
                (date(2024, 4, 1), 2),
            ],
        )
        self.assertEqual(timeline.total, 4)
        picked = StatementFilters(start=date(2024, 3, 1), end=date(2024, 3, 31))
        timeline = statement_timeline(filters=picked, speaker=self.jane)
        self.assertEqual([bar.selected for bar in timeline.bars], [False, False, True, False])
        self.assertEqual(len(timeline.bars), 4)  # the date range does not shrink the chart

    def test_timeline_is_an_accessible_svg_of_links(self):
        response = self.client.get(self.jane_url)
        self.assertContains(response, 'role="group" aria-labelledby="timeline-caption"')
        self.assertContains(response, 'aria-label="April 2024: 2 statements"')
        self.assertContains(response, 'aria-label="February 2024: 0 statements"')

    def test_country_page_has_speaker_and_co_mentioned_chips_that_combine(self):
        response = self.client.get(self.russia_url)
        self.assertContains(response, f'href="{self.russia_url}?speaker=jane-roe"')
        self.assertContains(response, f'href="{self.russia_url}?country=china"')
        self.assertContains(response, "Named in the same statements")
        self.assertEqual(
            self.texts(self.russia_url, {"country": "china"}, **HTMX),
            ["China and Russia grow closer", "Russia and China are partners"],
        )
        self.assertEqual(
            self.texts(self.russia_url, {"country": "china", "speaker": "john-doe"}),
            ["Russia and China are partners"],
        )

    def test_empty_filter_result_says_what_to_try(self):
        response = self.client.get(self.jane_url, {"q": "zebra"})
        self.assertContains(response, "0 statements")
        self.assertContains(response, "No statements by Jane Roe match these filters")
        self.assertContains(response, "clear all filters")

    def test_load_more_fragment_is_only_the_next_cards(self):
        many = person_make("Many Words")
        for number in range(25):
            statement_make(
                article=article_make(title=f"Many {number}", days_ago=number),
                speaker=many,
                text=f"Word number {number}",
            )
        url = many.get_absolute_url()
        first = self.client.get(url).content.decode()
        self.assertIn('id="load-more"', first)
        self.assertNotIn("Word number 20</p>", first)
        more = self.client.get(
            url, {"page": "2"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="load-more"
        )
        html = more.content.decode()
        self.assertTrue(html.lstrip().startswith("<li>"), html[:80])
        self.assertIn("Word number 20</p>", html)
        self.assertNotIn("Word number 19</p>", html)
        self.assertNotIn('id="load-more"', html)  # the last page
        self.assertNotIn("HX-Push-Url", more)  # loading more keeps the address

    def test_page_two_without_javascript_links_back_to_the_newest(self):
        many = person_make("Paged Person")
        for number in range(21):
            statement_make(
                article=article_make(title=f"P {number}"), speaker=many, text=f"P{number}"
            )
        # Past PAGES_MAX "load more" opens the cards after the last one as a page of its own.
        cursor = self.client.get(many.get_absolute_url()).context["page"].next_cursor
        response = self.client.get(many.get_absolute_url(), {"after": cursor})
        self.assertContains(response, "<html")
        self.assertContains(response, "Back to the newest")
        self.assertContains(response, '<ol class="statement-list" start="21">')


class ChipLimitTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.chad = country("TD")
        for number in range(CHIPS_SHOWN + 2):
            speaker = person_make(f"Speaker {number:02d}")
            for repeat in range(CHIPS_SHOWN + 2 - number):  # Speaker 00 speaks most
                statement_make(
                    article=article_make(title=f"S{number} R{repeat}"),
                    speaker=speaker,
                    text=f"Words {number} {repeat}",
                    about=[cls.chad],
                )

    def test_only_the_busiest_speakers_become_chips(self):
        response = self.client.get(self.chad.get_absolute_url())
        self.assertContains(response, 'id="chip-speaker-speaker-00"')
        self.assertContains(response, f'id="chip-speaker-speaker-{CHIPS_SHOWN - 1:02d}"')
        self.assertNotContains(response, f'id="chip-speaker-speaker-{CHIPS_SHOWN:02d}"')
        self.assertContains(response, f"The {CHIPS_SHOWN} people who speak about it most")

    def test_a_speaker_beyond_the_chips_can_still_be_picked(self):
        quietest = f"speaker-{CHIPS_SHOWN + 1:02d}"
        response = self.client.get(self.chad.get_absolute_url(), {"speaker": quietest})
        self.assertContains(response, f"1 statement about Chad by Speaker {CHIPS_SHOWN + 1:02d}")
        picked = f'id="chip-speaker-{quietest}" class="chip chip-person active"'
        self.assertContains(response, picked)


class SearchPageTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        cls.article = article_make(title="Sanctions debate in Brussels")
        statement_make(
            article=cls.article,
            speaker=cls.jane,
            text="The sanctions are working",
            about=[country("RU")],
        )

    def test_full_results_search_statement_and_article_text(self):
        response = self.client.get("/search", {"q": "sanctions"})
        self.assertContains(response, "<html")
        self.assertContains(response, "1 statement containing")
        self.assertContains(response, "The sanctions are working</p>")
        self.assertContains(response, f'href="{self.article.get_absolute_url()}">Sanctions debate')
        self.assertContains(response, f'href="{reverse("entities:statements-csv")}?q=sanctions"')

    def test_results_fragment_for_the_search_page_box(self):
        response = self.client.get("/search", {"q": "working"}, **HTMX)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="search-results"')
        self.assertContains(response, "The sanctions are working</p>")

    def test_people_and_text_results_together(self):
        response = self.client.get("/search", {"q": "jane"})
        self.assertContains(response, f'href="{self.jane.get_absolute_url()}">Jane Roe</a>')
        self.assertContains(response, "0 statements containing")

    def test_suggestions_are_combobox_options_with_counts(self):
        response = self.client.get("/search/suggestions", {"q": "roe"}, **HTMX)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'role="option"')
        self.assertContains(response, f'href="{self.jane.get_absolute_url()}"')
        self.assertContains(response, "1 statement</span>")

    def test_suggestions_without_htmx_go_to_the_results_page(self):
        response = self.client.get("/search/suggestions", {"q": "roe"})
        self.assertRedirects(response, "/search?q=roe")

    def test_header_box_is_an_aria_combobox_on_every_page_but_search(self):
        for url in ("/", self.jane.get_absolute_url(), self.article.get_absolute_url(), "/people/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, 'role="combobox"')
                self.assertContains(response, 'aria-controls="site-search-listbox"')
                self.assertContains(response, 'id="site-search-listbox"')
                self.assertContains(response, "js/typeahead.js")
