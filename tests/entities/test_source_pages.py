"""Organisation pages, what each country says, country pairs, and every kind of source on a card."""

from __future__ import annotations

import csv
import io
import json
import re

from django.test import TestCase
from django.urls import reverse

from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    person_make,
    statement_make,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
HX_GET = re.compile(r"<a\b[^>]*\bhx-get=\"([^\"]*)\"[^>]*>")


class SourcePagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.russia, cls.china, cls.us = country("RU"), country("CN"), country("US")
        cls.kremlin = organisation_make("Kremlin", kind="government", country=cls.russia)
        cls.lavrov = person_make("Sergei Lavrov")
        cls.said = {}

        def said(key: str, days_ago: int, text: str, about, **source) -> None:
            cls.said[key] = statement_make(
                article=article_make(title=f"Report {key}", days_ago=days_ago),
                text=text,
                about=about,
                **source,
            )

        said(
            "kremlin",
            1,
            "The West is escalating",
            [cls.us],
            speaker=None,
            speaker_text="the Kremlin",
            speaker_kind="organisation",
            speaker_organisation=cls.kremlin,
            speaker_country=cls.russia,
        )
        said(
            "spokesman",
            2,
            "Beijing is a partner",
            [cls.china],
            speaker=None,
            speaker_text="a Kremlin spokesman",
            speaker_kind="unnamed",
            speaker_organisation=cls.kremlin,
            speaker_country=cls.russia,
        )
        said(
            "state",
            40,
            "Talks with China continue",
            [cls.china],
            speaker=None,
            speaker_text="Moscow",
            speaker_kind="country",
            speaker_country=cls.russia,
        )
        said(
            "lavrov",
            70,
            "China and America must listen",
            [cls.china, cls.us],
            speaker=cls.lavrov,
            speaker_country=cls.russia,
        )
        said(
            "official",
            3,
            "<script>alert(1)</script> Moscow lies about China",
            [cls.china, cls.russia],
            speaker=None,
            speaker_text="a senior U.S. <b>official</b>",
            speaker_kind="unnamed",
            speaker_country=cls.us,
        )
        said(
            "formula",
            4,
            "=HYPERLINK(1) Russia waits",
            [cls.russia],
            speaker=None,
            speaker_text="=SUM(A1)",
            speaker_kind="unnamed",
            speaker_country=cls.china,
        )

    def get(self, url: str, **headers: str) -> str:
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def assert_links_are_real(self, html: str) -> None:
        """Every htmx link also works as a plain link to the same address."""
        for match in HX_GET.finditer(html):
            href = re.search(r'\bhref="([^"]*)"', match.group(0))
            assert href is not None, match.group(0)
            assert href.group(1) == match.group(1), match.group(0)

    # Organisation page

    def test_organisation_page_lists_what_it_and_its_spokespeople_said(self):
        html = self.get(self.kremlin.get_absolute_url())
        assert "<h1>Kremlin</h1>" in html
        assert "Organisation · Government or ministry" in html
        assert f'href="{self.russia.get_absolute_url()}">Russia</a>' in html
        assert "2 statements in the imported articles, 1 of them by unnamed spokespeople" in html
        assert "The West is escalating" in html and "Beijing is a partner" in html
        assert "Talks with China continue" not in html
        # The spokesman's card says who spoke; the organisation's own card needs no label.
        assert '<span class="speaker speaker-unnamed">a Kremlin spokesman</span>' in html
        assert "(unnamed source for" in html
        self.assert_links_are_real(html)

    def test_organisation_page_source_chip_filters_as_a_fragment(self):
        url = self.kremlin.get_absolute_url()
        html = self.get(f"{url}?source=unnamed", **HTMX)
        assert "<html" not in html
        assert "1 statement (unnamed spokespeople)" in html
        assert "Beijing is a partner" in html and "The West is escalating" not in html
        assert f'href="{url}?source=organisation"' in html
        assert 'href="/statements.csv?source=unnamed&amp;organisation=kremlin"' in html
        self.assert_links_are_real(html)

    def test_organisation_page_country_chips_and_timeline(self):
        url = self.kremlin.get_absolute_url()
        html = self.get(url)
        assert f'id="chip-country-china" class="chip chip-country" href="{url}?country=china"' in (
            html
        )
        assert 'class="timeline-chart"' in html
        html = self.get(f"{url}?country=china")
        assert "1 statement about China" in html

    def test_unknown_organisation_is_not_found(self):
        response = self.client.get(reverse("entities:organisation", args=["nobody"]))
        assert response.status_code == 404

    # What a country says

    def test_by_page_lists_every_kind_of_source_belonging_to_the_country(self):
        html = self.get(reverse("entities:country-by", args=["russia"]))
        assert "<h1>What Russia says</h1>" in html
        assert "4 statements by Russia" in html
        for key in ("kremlin", "spokesman", "state", "lavrov"):
            assert self.said[key].text in html, key
        assert "Moscow lies about China" not in html  # said by an American, about Russia
        for label in ("Its people", "Its organisations", "Russia itself", "Unnamed sources"):
            assert f"{label} <span" in html, label
        assert f'href="{self.russia.get_absolute_url()}">Russia</a> (the state)' in html
        assert f'href="{self.kremlin.get_absolute_url()}">Kremlin</a>' in html
        assert f'href="{self.lavrov.get_absolute_url()}">Sergei Lavrov</a>' in html
        self.assert_links_are_real(html)

    def test_by_page_filters_by_source_and_links_the_pair_page(self):
        url = reverse("entities:country-by", args=["russia"])
        html = self.get(f"{url}?source=country", **HTMX)
        assert "<html" not in html
        assert "1 statement by Russia (russia itself)" in html
        html = self.get(f"{url}?country=china")
        assert "3 statements by Russia about China" in html
        assert 'href="/countries/russia/on/china/"' in html
        assert 'href="/statements.csv?country=china&amp;by=russia"' in html

    def test_by_page_of_a_country_without_sources_says_so(self):
        html = self.get(reverse("entities:country-by", args=["japan"]))
        assert "No statements by sources belonging to Japan yet" in html

    # Country pairs

    def test_pair_page_shows_what_sources_of_one_country_say_about_another(self):
        url = reverse("entities:country-pair", args=["russia", "china"])
        html = self.get(url)
        assert "<h1>What Russia says about China</h1>" in html
        assert "3 statements by Russia about China" in html
        assert "The West is escalating" not in html and "Moscow lies" not in html
        assert 'href="/countries/china/on/russia/"' in html
        assert 'href="/countries/russia/by/"' in html
        assert 'class="timeline-chart"' in html
        assert 'href="/statements.csv?by=russia&amp;about=china"' in html
        self.assert_links_are_real(html)
        fragment = self.get(f"{url}?kind=direct", **HTMX)
        assert "<html" not in fragment and "3 statements by Russia about China" in fragment

    def test_pair_export_holds_the_pairs_statements(self):
        response = self.client.get("/statements.json?by=russia&about=china")
        records = json.loads(b"".join(response.streaming_content))
        assert {r["statement"] for r in records} == {
            self.said[k].text for k in ("spokesman", "state", "lavrov")
        }
        assert "statements-by-russia-china.json" in response["Content-Disposition"]

    def test_unknown_pair_country_is_not_found(self):
        response = self.client.get(reverse("entities:country-pair", args=["russia", "atlantis"]))
        assert response.status_code == 404

    # The country page

    def test_country_page_links_its_by_page_and_busiest_pairs(self):
        html = self.get(self.russia.get_absolute_url())
        assert 'href="/countries/russia/by/">What Russia says</a>: 4 statements' in html
        # Russia's sources speak about China (3) and the US (2); the US speaks about Russia.
        assert re.search(r'href="/countries/russia/on/china/">China <span class="count">3', html)
        assert re.search(
            r'href="/countries/russia/on/united-states/">United States <span class="count">2',
            html,
        )
        assert re.search(
            r'href="/countries/united-states/on/russia/">United States <span class="count">1',
            html,
        )

    # Cards and exports

    def test_imported_source_text_is_escaped(self):
        html = self.get(reverse("entities:country-by", args=["united-states"]))
        assert "a senior U.S. &lt;b&gt;official&lt;/b&gt;" in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html and "<b>official" not in html
        assert f'of <a href="{self.us.get_absolute_url()}">United States</a>)' in html

    def test_article_page_and_context_show_an_organisation_source(self):
        statement = self.said["kremlin"]
        html = self.get(statement.article.get_absolute_url())
        assert f'href="{self.kremlin.get_absolute_url()}">Kremlin</a>' in html
        assert 'title="Kremlin (direct quote)"' in html
        html = self.get(reverse("entities:statement-context", args=[statement.pk]))
        assert f'href="{self.kremlin.get_absolute_url()}">Kremlin</a> in' in html

    def test_exports_say_what_kind_of_source_and_where_it_belongs(self):
        response = self.client.get("/statements.csv?organisation=kremlin")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert [
            (r["speaker"], r["speaker_kind"], r["speaker_organisation"], r["speaker_country"])
            for r in rows
        ] == [
            ("Kremlin", "organisation", "Kremlin", "Russia"),
            ("", "unnamed", "Kremlin", "Russia"),
        ]
        assert "statements-kremlin.csv" in response["Content-Disposition"]

    def test_csv_neutralises_formulas_in_source_text(self):
        response = self.client.get("/statements.csv?by=china")
        (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
        assert row["speaker_as_written"] == "'=SUM(A1)"
        assert row["statement"] == "'=HYPERLINK(1) Russia waits"
        assert row["speaker_kind"] == "unnamed"
