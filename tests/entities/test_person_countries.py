"""A person's country chips count what they said; countries only around it are offered apart."""

from __future__ import annotations

from django.test import TestCase

from tests.entities.builders import article_make, country, person_make, statement_make

HTMX = {"HTTP_HX_REQUEST": "true"}


class PersonCountryChipsTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.trump = person_make("Donald Trump")
        mexico, china = country("MX"), country("CN")
        article = article_make(title="Trade")
        statement_make(article=article, speaker=cls.trump, text="Mexico will pay", about=[mexico])
        for number in range(3):
            statement_make(
                article=article,
                speaker=cls.trump,
                text=f"We will win number {number}",
                about=[china] if number == 0 else [],
                around=[mexico],
            )
        cls.url = cls.trump.get_absolute_url()

    def test_chip_counts_only_statements_that_name_the_country(self):
        response = self.client.get(self.url)
        self.assertContains(
            response,
            'id="chip-country-mexico" class="chip chip-country" '
            'href="/people/donald-trump/?country=mexico"',
        )
        chips = response.content.decode().split('id="around-chips-heading"')
        self.assertIn('Mexico <span class="count">1</span>', chips[0])
        self.assertIn('Mexico <span class="count">3</span>', chips[1])

    def test_country_chip_lists_only_statements_naming_it(self):
        response = self.client.get(self.url, {"country": "mexico"}, **HTMX)
        self.assertContains(response, "1 statement about Mexico")
        self.assertContains(response, "Mexico will pay")
        self.assertNotContains(response, "We will win")

    def test_context_chip_lists_statements_with_the_country_only_around_them(self):
        response = self.client.get(self.url, {"around": "mexico"})
        self.assertContains(response, "<html")
        self.assertContains(response, "3 statements with Mexico named around them")
        self.assertNotContains(response, "Mexico will pay")
        self.assertContains(response, 'href="/people/donald-trump/?around=mexico"')

    def test_a_country_only_in_context_is_not_among_those_spoken_about(self):
        response = self.client.get(self.url)
        self.assertContains(response, "about 2 countries")
