"""Facets of statement lists: outlet, article, kind and speaker, with their counts."""

from __future__ import annotations

import csv
import io
import re

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from entities.selectors import StatementFilters, statement_facets, statement_list
from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    organisation_statement_make,
    person_make,
    statement_make,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
HOSTILE = '<script>alert("outlet")</script>'


def _published(title: str, publisher: str, *, days_ago: int = 0) -> Article:
    article = article_make(title=title, days_ago=days_ago)
    Article.objects.filter(pk=article.pk).update(publisher=publisher)
    article.refresh_from_db()
    return article


def _values(facet) -> list[tuple[str, int]]:
    return [(value.label, value.count) for value in facet]


class FacetSelectorTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        cls.john = person_make("John Doe")
        cls.russia = country("RU")
        cls.kremlin = organisation_make("Kremlin", country=cls.russia)
        cls.wire = _published("Wire story", "The Wire")
        cls.post = _published("Post story", "Daily Post", days_ago=40)
        cls.blank = _published("No outlet", "")
        statement_make(article=cls.wire, speaker=cls.jane, text="One", about=[cls.russia])
        statement_make(
            article=cls.wire, speaker=cls.jane, text="Two", about=[cls.russia], kind="indirect"
        )
        statement_make(article=cls.post, speaker=cls.jane, text="Three", about=[cls.russia])
        statement_make(article=cls.blank, speaker=cls.jane, text="Four", about=[cls.russia])
        statement_make(article=cls.post, speaker=cls.john, text="Five", about=[cls.russia])
        organisation_statement_make(article=cls.post, organisation=cls.kremlin, text="Six")
        organisation_statement_make(
            article=cls.wire, organisation=cls.kremlin, text="Seven", unnamed=True
        )

    def test_outlet_facet_counts_each_publisher_and_skips_blank_ones(self):
        facets = statement_facets(filters=StatementFilters(), speaker=self.jane)
        self.assertEqual(_values(facets.outlets), [("The Wire", 2), ("Daily Post", 1)])

    def test_outlet_filter_narrows_the_list_but_not_its_own_facet(self):
        filters = StatementFilters.from_params({"outlet": "The Wire"})
        listed = statement_list(filters=filters, speaker=self.jane)
        self.assertEqual(sorted(s.text for s in listed), ["One", "Two"])
        facets = statement_facets(filters=filters, speaker=self.jane)
        self.assertEqual(_values(facets.outlets), [("The Wire", 2), ("Daily Post", 1)])
        self.assertTrue(facets.outlets[0].selected)
        # The other facets count within the outlet.
        self.assertEqual(_values(facets.articles), [("Wire story", 2)])
        self.assertEqual(_values(facets.kinds), [("Direct quote", 1), ("Indirect (reported)", 1)])

    def test_article_facet_counts_statements_per_article(self):
        facets = statement_facets(filters=StatementFilters())
        self.assertEqual(
            _values(facets.articles), [("Post story", 3), ("Wire story", 3), ("No outlet", 1)]
        )
        filters = StatementFilters.from_params({"article": str(self.post.pk)})
        self.assertEqual(
            sorted(s.text for s in statement_list(filters=filters)), ["Five", "Six", "Three"]
        )

    def test_kind_facet_counts_both_kinds(self):
        facets = statement_facets(filters=StatementFilters(kind="direct"), speaker=self.jane)
        direct, indirect = facets.kinds
        self.assertEqual((direct.value, direct.count, direct.selected), ("direct", 3, True))
        self.assertEqual((indirect.count, indirect.selected), (1, False))

    def test_speaker_facet_offers_people_and_organisations_speaking_themselves(self):
        facets = statement_facets(filters=StatementFilters(), by=self.russia, with_speakers=True)
        self.assertEqual([(v.value, v.count) for v in facets.speakers], [("kremlin", 1)])
        facets = statement_facets(filters=StatementFilters(), with_speakers=True)
        self.assertEqual(
            [(v.value, v.count) for v in facets.speakers],
            [("jane-roe", 4), ("john-doe", 1), ("kremlin", 1)],
        )
        # The unnamed spokesperson is not the Kremlin speaking.
        listed = statement_list(filters=StatementFilters(speaker="kremlin"))
        self.assertEqual([s.text for s in listed], ["Six"])

    def test_facets_keep_the_top_values_and_the_picked_one(self):
        for number in range(12):
            article = _published(f"Extra {number}", f"Outlet {number:02}")
            for _ in range(2 + number):
                statement_make(article=article, speaker=self.john, text=f"Extra {number} {_}")
        facets = statement_facets(filters=StatementFilters(), speaker=self.john, limit=10)
        self.assertEqual(len(facets.outlets), 10)
        self.assertEqual(facets.outlets[0].label, "Outlet 11")
        picked = StatementFilters(outlet="Daily Post")
        facets = statement_facets(filters=picked, speaker=self.john, limit=10)
        self.assertEqual(len(facets.outlets), 10)
        self.assertIn(("Daily Post", 1), _values(facets.outlets))

    def test_malformed_article_is_dropped(self):
        for raw in ("abc", "-1", "1" * 20, ""):
            with self.subTest(raw=raw):
                self.assertIsNone(StatementFilters.from_params({"article": raw}).article)


class FacetViewTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        cls.russia = country("RU")
        cls.kremlin = organisation_make("Kremlin", country=cls.russia)
        cls.hostile = _published("Hostile story", HOSTILE)
        cls.wire = _published("Wire story", "The Wire")
        statement_make(article=cls.hostile, speaker=cls.jane, text="Hostile", about=[cls.russia])
        statement_make(article=cls.wire, speaker=cls.jane, text="Calm", about=[cls.russia])
        organisation_statement_make(
            article=cls.wire, organisation=cls.kremlin, text="Kremlin words", about=[cls.russia]
        )

    def test_hostile_outlet_names_are_escaped_in_options_and_summary(self):
        url = self.jane.get_absolute_url()
        for headers in ({}, HTMX):
            with self.subTest(**headers):
                response = self.client.get(url, {"outlet": HOSTILE}, **headers)
                html = response.content.decode()
                self.assertNotIn("<script>alert", html)
                self.assertIn("&lt;script&gt;alert(&quot;outlet&quot;)&lt;/script&gt; (1)", html)
                self.assertContains(response, "in &lt;script&gt;")
                self.assertContains(response, "1 statement")

    def test_outlet_facet_narrows_page_timeline_and_exports(self):
        url = self.jane.get_absolute_url()
        for headers in ({}, HTMX):
            with self.subTest(**headers):
                response = self.client.get(url, {"outlet": "The Wire"}, **headers)
                self.assertContains(response, 'id="filter-outlet"')
                self.assertContains(response, '<option value="The Wire" selected>The Wire (1)')
                self.assertContains(response, "Calm")
                self.assertNotContains(response, "Hostile</p>")
                self.assertContains(response, "1 in all")
                self.assertContains(response, "outlet=The+Wire")
        response = self.client.get(url, {"outlet": "The Wire"}, **HTMX)
        self.assertEqual(response["HX-Push-Url"], f"{url}?outlet=The+Wire")
        export = self.client.get(reverse("entities:statements-csv"), {"outlet": "The Wire"})
        rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
        self.assertEqual(sorted(row["statement"] for row in rows), ["Calm", "Kremlin words"])

    def test_article_facet_narrows_the_list(self):
        response = self.client.get(self.jane.get_absolute_url(), {"article": self.wire.pk})
        self.assertContains(response, "1 statement")
        self.assertContains(response, "from the article “Wire story”")

    def test_speaker_facet_on_country_and_organisation_pages(self):
        by = reverse("entities:country-by", args=["russia"])
        response = self.client.get(by, {"speaker": "kremlin"})
        self.assertContains(response, 'id="filter-speaker"')
        self.assertContains(response, '<option value="kremlin" selected>Kremlin (1)')
        self.assertContains(response, "Kremlin words")
        self.assertContains(response, "speaker=kremlin")
        # The person page has no speaker facet: the person is the page.
        response = self.client.get(self.jane.get_absolute_url())
        self.assertNotContains(response, 'id="filter-speaker"')


class ChipCountTest(TestCase):
    """Chips count, like the facets, the statements every filter but their own keeps."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        cls.john = person_make("John Doe")
        cls.russia, cls.china, cls.japan = country("RU"), country("CN"), country("JP")
        cls.kremlin = organisation_make("Kremlin", country=cls.russia)
        wire, post = _published("Wire story", "The Wire"), _published("Post story", "Daily Post")
        for article, speaker, text, about, around in (
            (wire, cls.jane, "Wire on Russia", [cls.russia], [cls.japan]),
            (wire, cls.jane, "Wire on Russia and China", [cls.russia, cls.china], []),
            (post, cls.jane, "Post on China", [cls.china], [cls.japan]),
            (post, cls.john, "John in the Post", [cls.russia, cls.china], []),
        ):
            statement_make(article=article, speaker=speaker, text=text, about=about, around=around)
        organisation_statement_make(
            article=wire, organisation=cls.kremlin, text="Kremlin on China", about=[cls.china]
        )
        organisation_statement_make(
            article=post,
            organisation=cls.kremlin,
            text="Aide on Japan",
            about=[cls.japan],
            unnamed=True,
        )

    def chips(self, response, prefix: str) -> dict[str, str]:
        """The chips whose id starts with ``prefix``, as {slug: count}, read from the page."""
        html = response.content.decode()
        found = re.findall(
            rf'id="{prefix}([a-z-]+)"[^>]*>[^<]*<span class="count">(\d+)</span>', html
        )
        return dict(found)

    def test_person_country_chips_follow_the_outlet_picked(self):
        url = self.jane.get_absolute_url()
        for headers in ({}, HTMX):
            with self.subTest(**headers):
                everything = self.client.get(url, **headers)
                self.assertEqual(
                    self.chips(everything, "chip-country-"), {"russia": "2", "china": "2"}
                )
                self.assertEqual(self.chips(everything, "chip-around-"), {"japan": "2"})
                post = self.client.get(url, {"outlet": "Daily Post"}, **headers)
                self.assertEqual(self.chips(post, "chip-country-"), {"china": "1"})
                self.assertEqual(self.chips(post, "chip-around-"), {"japan": "1"})

    def test_a_country_chip_counts_under_every_filter_but_the_country(self):
        url = self.jane.get_absolute_url()
        response = self.client.get(url, {"country": "china", "kind": "direct"})
        # Picking China does not shrink the other chips to China's statements.
        self.assertEqual(self.chips(response, "chip-country-"), {"russia": "2", "china": "2"})
        self.assertContains(response, "2 statements about China")

    def test_a_picked_country_the_other_filters_leave_empty_stays_picked(self):
        response = self.client.get(
            self.jane.get_absolute_url(), {"country": "russia", "outlet": "Daily Post"}
        )
        self.assertEqual(self.chips(response, "chip-country-"), {"china": "1", "russia": "0"})
        self.assertContains(response, "0 statements about Russia")
        self.assertContains(response, 'aria-current="true">Russia <span class="count">0</span>')
        # A country the person never speaks about is still refused: the list shows everything.
        response = self.client.get(self.jane.get_absolute_url(), {"country": "japan"})
        self.assertContains(response, "3 statements</h2>")

    def test_country_page_chips_follow_the_filters(self):
        url = self.russia.get_absolute_url()
        everything = self.client.get(url)
        self.assertEqual(
            self.chips(everything, "chip-speaker-"), {"jane-roe": "2", "john-doe": "1"}
        )
        # Named in the same statements, in them or around them.
        self.assertEqual(self.chips(everything, "chip-country-"), {"china": "2", "japan": "1"})
        post = self.client.get(url, {"outlet": "Daily Post"}, **HTMX)
        self.assertEqual(self.chips(post, "chip-speaker-"), {"john-doe": "1"})
        self.assertEqual(self.chips(post, "chip-country-"), {"china": "1"})
        by_jane = self.client.get(url, {"speaker": "jane-roe"})
        self.assertEqual(self.chips(by_jane, "chip-speaker-"), {"jane-roe": "2", "john-doe": "1"})
        self.assertEqual(self.chips(by_jane, "chip-country-"), {"china": "1", "japan": "1"})

    def test_organisation_source_and_country_chips_follow_the_filters(self):
        url = self.kremlin.get_absolute_url()
        everything = self.client.get(url)
        self.assertEqual(
            self.chips(everything, "chip-source-"), {"organisation": "1", "unnamed": "1"}
        )
        self.assertEqual(self.chips(everything, "chip-country-"), {"china": "1", "japan": "1"})
        self.assertContains(everything, "1 of them by unnamed spokespeople, about 2 countries.")
        wire = self.client.get(url, {"outlet": "The Wire", "source": "unnamed"})
        # The unnamed aide spoke only in the Post: picked, but none left under the outlet.
        self.assertEqual(self.chips(wire, "chip-source-"), {"organisation": "1", "unnamed": "0"})
        self.assertContains(wire, "0 statements (unnamed spokespeople)")
        wire = self.client.get(url, {"outlet": "The Wire"})
        self.assertEqual(self.chips(wire, "chip-country-"), {"china": "1"})
        # The header no longer counts from chips that count only part of the statements.
        self.assertContains(wire, "2 statements in the imported articles.")

    def test_headers_count_from_the_chips_only_while_they_count_everything(self):
        jane = self.jane.get_absolute_url()
        self.assertContains(self.client.get(jane), "in the imported articles, about 2 countries.")
        self.assertContains(
            self.client.get(jane, {"country": "china"}),
            "in the imported articles, about 2 countries.",
        )
        self.assertContains(
            self.client.get(jane, {"outlet": "The Wire"}), "3 statements in the imported articles."
        )
        russia = self.russia.get_absolute_url()
        self.assertContains(self.client.get(russia), "about Russia, by 2 people.")
        self.assertNotContains(self.client.get(russia, {"kind": "indirect"}), "by 2 people")

    def test_a_pick_the_page_does_not_offer_leaves_the_other_chips_whole(self):
        # Nothing said about Russia names the United States: the pick is dropped, and the
        # speakers count all statements about Russia rather than none.
        response = self.client.get(self.russia.get_absolute_url(), {"country": "united-states"})
        self.assertContains(response, "3 statements about Russia</h2>")
        self.assertEqual(self.chips(response, "chip-speaker-"), {"jane-roe": "2", "john-doe": "1"})
        # The Kremlin never speaks as a state: the same for its countries.
        response = self.client.get(self.kremlin.get_absolute_url(), {"source": "country"})
        self.assertEqual(self.chips(response, "chip-country-"), {"china": "1", "japan": "1"})
