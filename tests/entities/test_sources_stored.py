"""Sources that are not people: organisations, states and unnamed sources, as stored."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import TestCase
from django.urls import reverse

from entities.models import Organisation, Person, Statement
from entities.nlp.results import ArticleExtraction, PersonMention, StatementFound
from entities.services import _organisation_create, article_entities_replace, article_extract
from tests.entities.builders import article_make, country


def said(speaker_text: str, **source: object) -> StatementFound:
    """A direct statement at a fixed place in the body, from the source described."""
    defaults: dict[str, object] = {"speaker_name": None}
    return StatementFound(
        text="We will act",
        start=20,
        end=31,
        kind="direct",
        speaker_text=speaker_text,
        cue="said",
        **(defaults | source),
    )


def store(*statements: StatementFound, people=(), title: str = "An article") -> list[Statement]:
    article = article_make(title=title)
    spread = [replace(s, start=20 + 40 * i, end=31 + 40 * i) for i, s in enumerate(statements)]
    article_entities_replace(
        article=article, extraction=ArticleExtraction(people=list(people), statements=spread)
    )
    return list(
        article.statements.select_related(
            "speaker", "speaker_organisation", "speaker_country"
        ).order_by("start")
    )


class OrganisationSourceTest(TestCase):
    def test_an_organisation_that_speaks_is_stored_with_its_kind_and_country(self):
        (statement,) = store(
            said(
                "the Kremlin",
                speaker_kind="organisation",
                speaker_name="Kremlin",
                speaker_organisation_kind="government",
                speaker_country="RU",
            )
        )
        kremlin = Organisation.objects.get()
        assert (kremlin.name, kremlin.kind, kremlin.country) == (
            "Kremlin",
            "government",
            country("RU"),
        )
        assert kremlin.slug == "kremlin"
        assert statement.speaker_kind == "organisation"
        assert statement.speaker_organisation == kremlin
        assert statement.speaker_country == country("RU")
        assert statement.speaker is None
        assert not Person.objects.exists()

    def test_a_one_word_organisation_is_not_dropped_as_a_bare_surname(self):
        (statement,) = store(
            said(
                "NATO",
                speaker_kind="organisation",
                speaker_name="NATO",
                speaker_organisation_kind="international",
            )
        )
        assert statement.speaker_organisation.name == "NATO"
        assert statement.speaker_organisation.kind == "international"
        assert statement.speaker_country is None

    def test_the_same_organisation_in_two_articles_is_one_row(self):
        for title, written in (("First", "Xinhua"), ("Second", "XINHUA")):
            store(
                said(
                    written,
                    speaker_kind="organisation",
                    speaker_name=written,
                    speaker_organisation_kind="media",
                    speaker_country="CN",
                ),
                title=title,
            )
        xinhua = Organisation.objects.get()
        assert xinhua.name == "Xinhua"
        assert xinhua.statements.count() == 2

    def test_the_kremlin_and_kremlin_are_one_organisation(self):
        for title, written in (("First", "the Kremlin"), ("Second", "Kremlin")):
            store(said(written, speaker_kind="organisation", speaker_name=written), title=title)
        kremlin = Organisation.objects.get()
        assert (kremlin.name, kremlin.statements.count()) == ("Kremlin", 2)

    def test_an_editors_kind_and_country_survive_the_next_article(self):
        store(
            said("the Post", speaker_kind="organisation", speaker_name="The Washington Post"),
            title="First",
        )
        post = Organisation.objects.get()
        assert (post.kind, post.country) == ("other", None)
        post.kind, post.country = "media", country("US")
        post.save()
        (statement,) = store(
            said(
                "the Post",
                speaker_kind="organisation",
                speaker_name="The Washington Post",
                speaker_organisation_kind="company",
                speaker_country="GB",
            ),
            title="Second",
        )
        post.refresh_from_db()
        assert (post.kind, post.country) == ("media", country("US"))
        # The statement belongs to the organisation's country, not the article's guess.
        assert statement.speaker_country == country("US")

    def test_an_unknown_kind_and_country_are_filled_in_later(self):
        store(said("Gazprom", speaker_kind="organisation", speaker_name="Gazprom"), title="One")
        store(
            said(
                "Gazprom",
                speaker_kind="organisation",
                speaker_name="Gazprom",
                speaker_organisation_kind="company",
                speaker_country="RU",
            ),
            title="Two",
        )
        gazprom = Organisation.objects.get()
        assert (gazprom.kind, gazprom.country) == ("company", country("RU"))

    def test_creating_an_organisation_someone_else_just_created_returns_theirs(self):
        first = _organisation_create(name="The Pentagon", kind="military", country=None)
        again = _organisation_create(name="the Pentagon", kind="military", country=None)
        assert again.pk == first.pk
        assert Organisation.objects.count() == 1

    def test_two_names_with_one_slug_get_two_slugs(self):
        first = _organisation_create(name="Foreign Ministry", kind="government", country=None)
        second = _organisation_create(name="Foreign-Ministry!", kind="government", country=None)
        assert (first.slug, second.slug) == ("foreign-ministry", "foreign-ministry-2")


class CountryAndUnnamedSourceTest(TestCase):
    def test_a_state_speaking_for_itself_is_the_countrys_statement(self):
        (statement,) = store(said("Beijing", speaker_kind="country", speaker_country="CN"))
        assert statement.speaker_kind == "country"
        assert statement.speaker_country == country("CN")
        assert statement.speaker is None and statement.speaker_organisation is None
        assert not Organisation.objects.exists() and not Person.objects.exists()

    def test_an_unnamed_source_keeps_its_description_organisation_and_country(self):
        (statement,) = store(
            said(
                "a spokeswoman for Disney",
                speaker_kind="unnamed",
                speaker_affiliation="Disney",
                speaker_organisation_kind="company",
                speaker_country="US",
            )
        )
        disney = Organisation.objects.get()
        assert (disney.name, disney.kind, disney.country) == ("Disney", "company", country("US"))
        assert statement.speaker_kind == "unnamed"
        assert statement.speaker_text == "a spokeswoman for Disney"
        assert statement.speaker_organisation == disney
        assert statement.speaker_country == country("US")

    def test_an_unnamed_official_of_a_country_belongs_to_it_without_an_organisation(self):
        (statement,) = store(
            said("a senior U.S. official", speaker_kind="unnamed", speaker_country="US")
        )
        assert (statement.speaker_kind, statement.speaker_country) == ("unnamed", country("US"))
        assert statement.speaker_organisation is None
        assert not Organisation.objects.exists()

    def test_an_international_body_never_takes_the_country_of_an_envoy_to_it(self):
        (statement,) = store(
            said(
                "a Russian diplomat at the United Nations",
                speaker_kind="unnamed",
                speaker_affiliation="United Nations",
                speaker_organisation_kind="international",
                speaker_country="RU",
            )
        )
        assert statement.speaker_organisation.country is None
        assert statement.speaker_country == country("RU")

    def test_a_statement_without_a_source_stays_without_one(self):
        (statement,) = store(said(""))
        assert (statement.speaker_kind, statement.speaker_country) == ("", None)


class PersonSourceCountryTest(TestCase):
    def test_a_person_source_belongs_to_the_country_the_article_gives_them(self):
        lavrov = PersonMention(
            name="Sergei Lavrov", text="Sergei Lavrov", start=0, end=13, country="RU"
        )
        (statement,) = store(
            said("Lavrov", speaker_kind="person", speaker_name="Sergei Lavrov"), people=[lavrov]
        )
        assert statement.speaker.name == "Sergei Lavrov"
        assert (statement.speaker_kind, statement.speaker_country) == ("person", country("RU"))

    def test_a_persons_known_country_wins_over_one_articles_word(self):
        blinken = Person.objects.create(
            name="Antony Blinken", name_key="antony blinken", slug="antony-blinken"
        )
        blinken.country = country("US")
        blinken.save()
        (statement,) = store(
            said(
                "Blinken",
                speaker_kind="person",
                speaker_name="Antony Blinken",
                speaker_country="IL",
            )
        )
        assert statement.speaker_country == country("US")

    def test_a_person_of_unknown_country_takes_the_one_the_statement_states(self):
        (statement,) = store(
            said(
                "Jane Roe",
                speaker_kind="person",
                speaker_name="Jane Roe",
                speaker_country="FR",
            )
        )
        assert statement.speaker_country == country("FR")
        assert statement.speaker.country is None

    def test_results_without_a_source_kind_still_link_the_named_person(self):
        (statement,) = store(said("Jane Roe", speaker_name="Jane Roe"))
        assert (statement.speaker.name, statement.speaker_kind) == ("Jane Roe", "person")


@pytest.mark.slow
@pytest.mark.django_db
def test_a_minister_quoted_in_an_article_is_on_his_countrys_by_and_pair_pages(nlp, client):
    article = article_make(title="Moscow warns")
    article.body = (
        "Moscow warns the West\n\n"
        "Russian Foreign Minister Sergei Lavrov warned on Tuesday that Western arms "
        "deliveries to Ukraine would prolong the war.\n\n"
        '"The West is playing with fire," Lavrov told reporters in Moscow.'
    )
    article.save()
    article_extract(article=article, nlp=nlp)
    assert set(
        Statement.objects.values_list("speaker__name", "speaker_kind", "speaker_country")
    ) == {("Sergei Lavrov", "person", country("RU").pk)}
    by = client.get(reverse("entities:country-by", args=["russia"])).content.decode()
    assert "2 statements by Russia" in by
    assert "The West is playing with fire" in by
    pair = client.get(reverse("entities:country-pair", args=["russia", "ukraine"])).content.decode()
    assert "1 statement by Russia about Ukraine" in pair
    assert "Western arms deliveries to Ukraine would prolong the war" in pair


class EarlierStatementsCountryTest(TestCase):
    def test_a_persons_earlier_statements_take_the_country_a_later_article_gives(self):
        (earlier,) = store(
            said("Lavrov", speaker_kind="person", speaker_name="Sergei Lavrov"), title="One"
        )
        assert earlier.speaker_country is None
        lavrov = PersonMention(
            name="Sergei Lavrov", text="Sergei Lavrov", start=0, end=13, country="RU"
        )
        store(
            said("Lavrov", speaker_kind="person", speaker_name="Sergei Lavrov"),
            people=[lavrov],
            title="Two",
        )
        earlier.refresh_from_db()
        assert earlier.speaker_country == country("RU")
