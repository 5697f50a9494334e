"""The seed article end to end: statements, their countries and people as stored and shown."""

from __future__ import annotations

import pytest
from django.test import TestCase

from articles.services import articles_import
from entities.models import Person, Statement
from entities.nlp.results import ArticleExtraction, PersonMention, StatementFound
from entities.services import article_entities_replace
from tests.conftest import SEED_ARTICLE
from tests.entities.builders import article_make


@pytest.mark.slow
class SeedStoredTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        outcomes = list(articles_import(paths=[SEED_ARTICLE]))
        assert [o.status for o in outcomes] == ["imported"], outcomes
        cls.sullivan = Person.objects.get(name="Jake Sullivan")

    def test_quote_and_reported_statement_are_stored_with_their_kinds(self):
        kinds = sorted(Statement.objects.values_list("kind", "speaker_text"))
        assert kinds == [
            ("direct", "Sullivan"),
            ("indirect", "information provided by the White House"),
        ]

    def test_people_carry_the_roles_and_countries_the_article_states(self):
        assert self.sullivan.roles == ["national security adviser"]
        lavrov = Person.objects.get(name="Sergei Lavrov")
        assert (lavrov.roles, lavrov.country.alpha2) == (["foreign minister"], "RU")
        kishida = Person.objects.get(name="Fumio Kishida")
        assert (kishida.roles, kishida.country.alpha2) == (["prime minister"], "JP")

    def test_card_shows_content_countries_before_context_ones(self):
        page = self.client.get(self.sullivan.get_absolute_url()).content.decode()
        html = page[page.index("statement-card") :]
        russia = html.index('class="chip chip-country"')
        china = html.index('class="chip chip-country chip-context"')
        assert russia < china
        assert ">Russia</a>" in html[russia : russia + 200]
        assert "context: </span>China" in html[china : china + 300]


class BareSurnameTest(TestCase):
    def test_a_surname_never_given_in_full_makes_no_person(self):
        extraction = ArticleExtraction(
            people=[PersonMention(name="Sullivan", text="Sullivan", start=0, end=8)],
            statements=[
                StatementFound(
                    text="We will act",
                    start=20,
                    end=31,
                    kind="direct",
                    speaker_name="Sullivan",
                    speaker_text="Sullivan",
                    cue="said",
                )
            ],
        )
        for title in ("One Sullivan", "Another Sullivan"):
            article_entities_replace(article=article_make(title=title), extraction=extraction)
        assert not Person.objects.exists()
        assert list(Statement.objects.values_list("speaker", "speaker_text")) == [
            (None, "Sullivan"),
            (None, "Sullivan"),
        ]
