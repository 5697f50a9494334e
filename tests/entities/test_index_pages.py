"""The people, organisations and countries index pages: ranked, filtered, paged."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from entities.aggregates import aggregates_rebuild
from entities.models import Organisation, Statement
from entities.selectors import IndexFilters, people_roles, person_index
from entities.views import ENTRIES_PER_PAGE
from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    organisation_statement_make,
    person_make,
    statement_make,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def _names_in_order(html: str, names: list[str]) -> list[str]:
    """The names that appear in the page, in the order they appear."""
    return sorted((name for name in names if f">{name}</a>" in html), key=html.index)


class PeopleIndexTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.us, cls.russia = country("US"), country("RU")
        cls.trump = person_make("Donald Trump")
        cls.trump.country, cls.trump.roles = cls.us, ["President", "businessman"]
        cls.trump.save()
        cls.lavrov = person_make("Sergei Lavrov")
        cls.lavrov.country, cls.lavrov.roles = cls.russia, ["Foreign Minister"]
        cls.lavrov.save()
        cls.harris = person_make("Kamala Harris")
        cls.harris.country, cls.harris.roles = cls.us, ["vice president"]
        cls.harris.save()
        cls.quiet = person_make("Aaron Quiet")
        cls.quiet.country = cls.us
        cls.quiet.save()
        article = article_make(title="Talks")
        for number in range(3):
            statement_make(article=article, speaker=cls.trump, text=f"Trump remark {number}")
        for number in range(2):
            statement_make(article=article, speaker=cls.lavrov, text=f"Lavrov remark {number}")
        statement_make(article=article, speaker=cls.harris, text="Harris remark")
        cls.names = ["Donald Trump", "Sergei Lavrov", "Kamala Harris", "Aaron Quiet"]

    def people(self, **params: str) -> list[str]:
        html = self.client.get(reverse("entities:people"), params).content.decode()
        return _names_in_order(html, self.names)

    def test_people_are_ranked_by_the_statements_they_speak_silent_ones_last(self):
        self.assertEqual(
            self.people(), ["Donald Trump", "Sergei Lavrov", "Kamala Harris", "Aaron Quiet"]
        )

    def test_a_row_links_the_name_and_shows_count_country_and_roles(self):
        response = self.client.get(reverse("entities:people"))
        self.assertContains(response, "<html")
        self.assertContains(
            response, f'<th scope="row"><a href="{self.trump.get_absolute_url()}">Donald Trump</a>'
        )
        self.assertContains(response, '<td class="number">3</td>', html=False)
        self.assertContains(response, f'<a href="{self.us.get_absolute_url()}">United States</a>')
        self.assertContains(response, "President · businessman")
        self.assertContains(response, "4 people")

    def test_country_filter_keeps_the_people_of_that_country(self):
        self.assertEqual(
            self.people(country="united-states"), ["Donald Trump", "Kamala Harris", "Aaron Quiet"]
        )
        response = self.client.get(reverse("entities:people"), {"country": "russia"})
        self.assertContains(response, "1 person of Russia")
        self.assertContains(response, '<option value="russia" selected>Russia (1)</option>')

    def test_a_country_nobody_belongs_to_shows_everyone(self):
        self.assertEqual(len(self.people(country="japan")), 4)
        self.assertEqual(len(self.people(country="no-such-place")), 4)

    def test_role_filter_matches_a_whole_role_in_any_case(self):
        self.assertEqual(self.people(role="foreign MINISTER"), ["Sergei Lavrov"])
        # "president" is Trump's role, not a part of Harris's "vice president".
        self.assertEqual(self.people(role="president"), ["Donald Trump"])
        self.assertEqual(self.people(role="Vice  President"), ["Kamala Harris"])
        self.assertEqual(self.people(role="minister"), [])

    def test_role_and_country_filters_combine(self):
        self.assertEqual(self.people(role="president", country="united-states"), ["Donald Trump"])
        self.assertEqual(self.people(role="president", country="russia"), [])
        response = self.client.get(
            reverse("entities:people"), {"role": "president", "country": "russia"}
        )
        self.assertContains(response, "Nobody matches these filters")
        self.assertContains(response, f'<a href="{reverse("entities:people")}"')

    def test_role_choices_are_the_commonest_roles_in_their_commonest_spelling(self):
        self.quiet.roles = ["president"]
        self.quiet.save()
        self.assertEqual(
            people_roles(),
            [("president", 2), ("businessman", 1), ("Foreign Minister", 1), ("vice president", 1)],
        )
        self.assertEqual(people_roles(country="russia"), [("Foreign Minister", 1)])

    def test_a_role_beyond_the_choices_stays_picked(self):
        response = self.client.get(reverse("entities:people"), {"role": "envoy"})
        self.assertContains(response, '<option value="envoy" selected>envoy</option>')
        self.assertContains(response, "0 people")

    def test_non_ascii_roles_match_on_every_database(self):
        self.quiet.roles = ["Ministre des Affaires étrangères"]
        self.quiet.save()
        people = person_index(filters=IndexFilters(role="ministre des affaires étrangères"))
        self.assertEqual([person.name for person in people], ["Aaron Quiet"])

    def test_htmx_gets_the_index_fragment_with_a_clean_address(self):
        response = self.client.get(
            reverse("entities:people"), {"country": "russia", "role": ""}, **HTMX
        )
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="index"')
        self.assertContains(response, "Sergei Lavrov")
        self.assertNotContains(response, "Donald Trump")
        self.assertEqual(response["HX-Push-Url"], "/people/?country=russia")
        self.assertIn("HX-Request", response["Vary"])

    def test_the_page_is_linked_from_the_site_header(self):
        response = self.client.get("/")
        for name in ("people", "organisations", "countries"):
            self.assertContains(response, f'<a href="{reverse(f"entities:{name}")}"')
        response = self.client.get(reverse("entities:people"))
        self.assertContains(response, '<a href="/people/" aria-current="page">People</a>')


class IndexPagingTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        article = article_make(title="Crowded")
        cls.busiest = person_make("Busiest Speaker")
        for number in range(2):
            statement_make(article=article, speaker=cls.busiest, text=f"Busy {number}")
        for number in range(ENTRIES_PER_PAGE + 5):
            person = person_make(f"Person {number:03d}")
            person.roles = ["aide"]
            person.save()
            if number == 0:
                statement_make(article=article, speaker=person, text="Only one")

    def test_pages_are_real_links_and_keep_the_filters(self):
        response = self.client.get(reverse("entities:people"), {"country": "", "role": "x"})
        self.assertNotContains(response, "page=2")
        response = self.client.get(reverse("entities:people"), {"role": "aide"})
        self.assertContains(response, 'href="/people/?role=aide&amp;page=2"')
        response = self.client.get(reverse("entities:people"))
        html = response.content.decode()
        self.assertIn(
            '<a href="/people/?page=2" hx-get="/people/?page=2" rel="next">Next</a>', html
        )
        self.assertLess(html.index("Busiest Speaker"), html.index("Person 000"))
        self.assertNotIn("Person 054", html)

        response = self.client.get(reverse("entities:people"), {"page": "2"})
        self.assertContains(response, "Person 054")
        self.assertNotContains(response, "Busiest Speaker")
        self.assertContains(response, 'href="/people/" hx-get="/people/" rel="prev"')
        self.assertContains(response, "51 to 56 of 56")

    def test_the_next_page_as_a_fragment_puts_its_number_in_the_address(self):
        response = self.client.get(reverse("entities:people"), {"page": "2"}, **HTMX)
        self.assertNotContains(response, "<html")
        self.assertContains(response, "Person 054")
        self.assertEqual(response["HX-Push-Url"], "/people/?page=2")

    def test_a_page_beyond_the_last_shows_the_last(self):
        response = self.client.get(reverse("entities:people"), {"page": "99"})
        self.assertContains(response, "Person 054")


class OrganisationsIndexTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.russia, cls.china, cls.us = country("RU"), country("CN"), country("US")
        cls.kremlin = organisation_make(
            "the Kremlin", kind=Organisation.Kind.GOVERNMENT, country=cls.russia
        )
        cls.xinhua = organisation_make("Xinhua", kind=Organisation.Kind.MEDIA, country=cls.china)
        cls.nato = organisation_make("NATO", kind=Organisation.Kind.INTERNATIONAL)
        cls.tower = organisation_make("Trump Tower", kind=Organisation.Kind.COMPANY, country=cls.us)
        article = article_make(title="Briefings")
        organisation_statement_make(article=article, organisation=cls.kremlin, text="Kremlin 1")
        organisation_statement_make(
            article=article, organisation=cls.kremlin, text="Kremlin 2", unnamed=True
        )
        organisation_statement_make(
            article=article, organisation=cls.kremlin, text="Kremlin 3", unnamed=True
        )
        for number in range(2):
            organisation_statement_make(
                article=article, organisation=cls.nato, text=f"NATO {number}"
            )
        organisation_statement_make(article=article, organisation=cls.xinhua, text="Xinhua 1")
        cls.names = ["the Kremlin", "Xinhua", "NATO", "Trump Tower"]

    def organisations(self, **params: str) -> list[str]:
        html = self.client.get(reverse("entities:organisations"), params).content.decode()
        return _names_in_order(html, self.names)

    def test_ranked_by_their_statements_and_their_spokespeople_s_silent_ones_last(self):
        self.assertEqual(self.organisations(), ["the Kremlin", "NATO", "Xinhua", "Trump Tower"])
        response = self.client.get(reverse("entities:organisations"))
        self.assertContains(response, "4 organisations")
        self.assertInHTML(
            f'<tr><th scope="row"><a href="{self.kremlin.get_absolute_url()}">the Kremlin</a></th>'
            '<td class="number">3</td>'
            f'<td><a href="{self.russia.get_absolute_url()}">Russia</a></td>'
            "<td>Government or ministry</td></tr>",
            response.content.decode(),
        )

    def test_country_and_kind_filters(self):
        self.assertEqual(self.organisations(country="china"), ["Xinhua"])
        self.assertEqual(self.organisations(kind="international"), ["NATO"])
        self.assertEqual(self.organisations(kind="media", country="russia"), [])
        self.assertEqual(len(self.organisations(kind="shouting")), 4)
        response = self.client.get(reverse("entities:organisations"), {"kind": "media"})
        self.assertContains(response, "1 organisation: Media")
        self.assertContains(response, '<option value="media" selected>Media</option>')

    def test_htmx_gets_the_index_fragment(self):
        response = self.client.get(
            reverse("entities:organisations"), {"kind": "government", "country": ""}, **HTMX
        )
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="index"')
        self.assertContains(response, "the Kremlin")
        self.assertEqual(response["HX-Push-Url"], "/organisations/?kind=government")

    def test_an_organisation_link_leads_to_a_page_about_it(self):
        response = self.client.get(self.kremlin.get_absolute_url(), follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "the Kremlin")
        self.assertEqual(self.client.get("/organisations/nobody/").status_code, 404)


class CountriesIndexTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.russia, cls.china, cls.japan = country("RU"), country("CN"), country("JP")
        speaker = person_make("Jake Sullivan")
        article = article_make(title="Asia")
        statement_make(article=article, speaker=speaker, text="One", about=[cls.russia])
        statement_make(article=article, speaker=speaker, text="Two", about=[cls.russia, cls.china])
        statement_make(article=article, speaker=speaker, text="Three", about=[cls.russia])
        kremlin = organisation_make("the Kremlin", country=cls.russia)
        for text in ("Four", "Five"):
            organisation_statement_make(
                article=article, organisation=kremlin, text=text, about=[cls.japan]
            )
        Statement.objects.filter(text="Two").update(speaker_country=cls.japan)
        aggregates_rebuild()  # a raw update bypasses the writes that keep the aggregates

    def test_countries_ranked_by_statements_about_them_with_said_by_counts(self):
        response = self.client.get(reverse("entities:countries"))
        html = response.content.decode()
        self.assertEqual(
            _names_in_order(html, ["Russia", "China", "Japan", "Afghanistan"]),
            ["Russia", "Japan", "China", "Afghanistan"],
        )
        self.assertInHTML(
            f'<tr><th scope="row"><a href="{self.russia.get_absolute_url()}">Russia</a></th>'
            '<td class="number">3</td><td class="number">'
            f'<a href="{reverse("entities:country-by", args=["russia"])}" '
            """aria-label="2 said by Russia's sources">2</a></td></tr>""",
            html,
        )
        self.assertInHTML(
            f'<tr><th scope="row"><a href="{self.japan.get_absolute_url()}">Japan</a></th>'
            '<td class="number">2</td><td class="number">'
            f'<a href="{reverse("entities:country-by", args=["japan"])}" '
            """aria-label="1 said by Japan's sources">1</a></td></tr>""",
            html,
        )

    def test_every_country_is_listed_over_several_pages(self):
        response = self.client.get(reverse("entities:countries"))
        self.assertContains(response, 'rel="next"')
        last = self.client.get(reverse("entities:countries"), {"page": "99"})
        self.assertNotContains(last, 'rel="next"')
        self.assertContains(last, 'rel="prev"')

    def test_htmx_gets_the_index_fragment(self):
        response = self.client.get(reverse("entities:countries"), {"page": "2"}, **HTMX)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="index"')
        self.assertEqual(response["HX-Push-Url"], "/countries/?page=2")

    def test_countries_can_be_ordered_by_what_their_sources_say(self):
        Statement.objects.exclude(text="Two").update(speaker_country=self.china)
        aggregates_rebuild()  # a raw update bypasses the writes that keep the aggregates
        response = self.client.get(reverse("entities:countries"), {"order": "said-by"})
        html = response.content.decode()
        # China's sources say 4, Japan's 1; Russia's none, though 3 statements are about it.
        self.assertEqual(
            _names_in_order(html, ["Russia", "China", "Japan", "Afghanistan"]),
            ["China", "Japan", "Russia", "Afghanistan"],
        )
        self.assertIn('href="/countries/?order=said-by&amp;page=2"', html)
        self.assertIn('aria-current="true">Most quoted sources</a>', html)


class EmptyIndexTest(TestCase):
    def test_empty_indexes_say_what_fills_them(self):
        response = self.client.get(reverse("entities:people"))
        self.assertContains(response, "0 people")
        self.assertContains(response, "No people yet.")
        self.assertNotContains(response, "<table")
        response = self.client.get(reverse("entities:organisations"))
        self.assertContains(response, "No organisations yet.")
        response = self.client.get(reverse("entities:countries"))
        self.assertContains(response, f">{country('AF').name}</a>")

    def test_index_pages_refuse_writes(self):
        for name in ("people", "organisations", "countries"):
            self.assertEqual(self.client.post(reverse(f"entities:{name}")).status_code, 405)
