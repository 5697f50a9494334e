"""The facets and "quoted alongside" kept on write (issue 14, entities 0017) stay equal to a
count from scratch after every write, and the pages read them: per scope (a source, or a
country statements are about) the statements per article, outlet and kind, and per pair of
people the articles quoting both."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from articles.services import articles_delete
from entities import selectors
from entities.aggregates import aggregates_differences
from entities.models import (
    PersonPair,
    ScopeArticle,
    ScopeKindMonth,
    ScopeOutletMonth,
    Statement,
)
from entities.selectors import (
    StatementFilters,
    people_quoted_alongside,
    source_kinds,
    statement_facets,
)
from entities.services import person_alias_split, person_merge
from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    organisation_statement_make,
    person_make,
    statement_make,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def assert_kept() -> None:
    assert aggregates_differences(limit=0) == []


def _publish(article: Article, outlet: str) -> Article:
    Article.objects.filter(pk=article.pk).update(publisher=outlet)
    article.publisher = outlet
    return article


@pytest.fixture
def archive() -> dict[str, object]:
    """Biden and Putin quoted together in one article, Biden and Zelensky in another, each
    alone in a third; an organisation; two outlets, two months."""
    us, ru, ua = country("US"), country("RU"), country("UA")
    biden, putin = person_make("Joe Biden"), person_make("Vladimir Putin")
    zelensky = person_make("Volodymyr Zelensky")
    kremlin = organisation_make("the Kremlin", country=ru)
    summit = _publish(article_make(title="Summit"), "World Wire")
    kyiv = _publish(article_make(title="Kyiv visit", days_ago=2), "Daily Post")
    march = _publish(article_make(title="March", days_ago=31), "World Wire")
    statement_make(article=summit, speaker=biden, text="We stand by Kyiv", about=[ua, ru])
    statement_make(article=summit, speaker=biden, text="Moscow must stop", about=[ru])
    statement_make(
        article=summit,
        speaker=putin,
        text="America is wrong",
        about=[us],
        around=[ua],
        kind="indirect",
    )
    statement_make(article=kyiv, speaker=biden, text="We are with you", about=[ua])
    statement_make(article=kyiv, speaker=zelensky, text="Thank you America", about=[us])
    statement_make(article=march, speaker=putin, text="Nothing changes", about=[ua])
    organisation_statement_make(article=march, organisation=kremlin, text="No comment", about=[us])
    return {
        "biden": biden,
        "putin": putin,
        "zelensky": zelensky,
        "kremlin": kremlin,
        "summit": summit,
        "kyiv": kyiv,
        "march": march,
    }


def _pairs() -> dict[tuple[str, str], int]:
    return {
        (pair.person.name, pair.other.name): pair.articles
        for pair in PersonPair.objects.select_related("person", "other")
    }


def test_rows_per_scope_article_outlet_kind_and_pair(archive):
    assert_kept()
    biden, summit = archive["biden"], archive["summit"]
    row = ScopeArticle.objects.get(person=biden, article=summit, country=None)
    assert (row.statements, row.month) == (2, date(2024, 4, 1))
    assert dict(
        ScopeOutletMonth.objects.filter(person=biden, country=None).values_list(
            "outlet", "statements"
        )
    ) == {"World Wire": 2, "Daily Post": 1}
    ua = country("UA")
    assert ScopeArticle.objects.filter(about=ua).count() == 3
    putin = archive["putin"]
    assert ScopeKindMonth.objects.get(person=putin, kind="indirect", role="").statements == 1
    # By the countries they name: Biden names Russia in two statements of the summit.
    russia = ScopeArticle.objects.get(person=biden, country=country("RU"))
    assert (russia.article, russia.role, russia.statements) == (summit, "content", 2)
    assert _pairs() == {
        ("Joe Biden", "Vladimir Putin"): 1,
        ("Vladimir Putin", "Joe Biden"): 1,
        ("Joe Biden", "Volodymyr Zelensky"): 1,
        ("Volodymyr Zelensky", "Joe Biden"): 1,
    }


def test_a_second_shared_article_counts_the_pair_again(archive):
    statement_make(article=archive["march"], speaker=archive["biden"], text="We disagree")
    assert_kept()
    assert _pairs()[("Vladimir Putin", "Joe Biden")] == 2


def test_merge_split_and_deletes_keep_them(archive):
    biden, putin, zelensky = archive["biden"], archive["putin"], archive["zelensky"]
    person_merge(into=zelensky, others=[putin])
    assert_kept()
    assert _pairs() == {
        ("Joe Biden", "Volodymyr Zelensky"): 2,
        ("Volodymyr Zelensky", "Joe Biden"): 2,
    }
    Statement.objects.filter(speaker=zelensky, text="Nothing changes").update(
        speaker_text="Vladimir Putin"
    )
    zelensky.refresh_from_db()
    person_alias_split(person=zelensky, alias="Vladimir Putin")
    assert_kept()
    articles_delete(article_ids=[archive["kyiv"].pk])
    assert_kept()
    # The summit's words by Putin stayed with Zelensky: one shared article is left.
    assert _pairs()[("Joe Biden", "Volodymyr Zelensky")] == 1
    biden.delete()
    assert_kept()


def _admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-long-enough")
    client.force_login(user)
    return client


def test_the_statement_admin_keeps_the_pairs_of_the_people_beside_it(archive, client):
    """Deleting or reassigning one statement changes its speaker's pairs with everyone quoted
    in the same article, whose own statements the write did not touch."""
    client = _admin_client(client)
    statement = Statement.objects.get(text="Thank you America")
    response = client.post(
        reverse("admin:entities_statement_change", args=[statement.pk]),
        {
            "article": statement.article_id,
            "speaker": archive["putin"].pk,
            "speaker_text": statement.speaker_text,
            "speaker_kind": statement.speaker_kind,
            "text": statement.text,
            "kind": statement.kind,
            "start": statement.start,
            "end": statement.end,
            "statementcountry_set-TOTAL_FORMS": "0",
            "statementcountry_set-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_kept()
    assert _pairs()[("Joe Biden", "Vladimir Putin")] == 2
    statement = Statement.objects.get(text="We are with you")
    response = client.post(
        reverse("admin:entities_statement_changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert_kept()
    assert _pairs()[("Joe Biden", "Vladimir Putin")] == 1


def test_rebuild_check_finds_drift_in_them(archive):
    call_command("rebuild_aggregates", "--check", verbosity=0)
    ScopeArticle.objects.filter(person=archive["biden"]).update(statements=9)
    PersonPair.objects.filter(person=archive["biden"]).delete()
    with pytest.raises(CommandError):
        call_command("rebuild_aggregates", "--check", verbosity=0)
    assert len(aggregates_differences()) >= 3
    call_command("rebuild_aggregates", verbosity=0)
    assert_kept()


PAGES = [
    ("biden", {}),
    ("biden", {"from": "2024-04", "to": "2024-04"}),
    ("biden", {"from": "2024-03", "to": "2024-03"}),
    ("biden", {"outlet": "World Wire"}),
    ("biden", {"kind": "indirect"}),
    ("biden", {"country": "russia"}),
    ("biden", {"country": "ukraine", "from": "2024-04", "to": "2024-04"}),
    ("biden", {"country": "ukraine", "outlet": "Daily Post"}),
    ("putin", {"around": "ukraine"}),
    ("putin", {"country": "united-states", "around": "ukraine"}),
    ("kremlin", {"country": "united-states"}),
    ("putin", {"from": "2024-03", "to": "2024-04", "outlet": "Daily Post"}),
    ("kremlin", {}),
    ("RU", {}),
    ("UA", {"from": "2024-04", "to": "2024-04", "kind": "direct"}),
    ("US", {"article": "0"}),
]


def _scope(archive, page: str) -> dict[str, object]:
    if len(page) == 2:
        return {"about": country(page)}
    return {"organisation" if page == "kremlin" else "speaker": archive[page]}


@pytest.mark.parametrize(("page", "params"), PAGES)
def test_facets_read_from_the_rows_equal_those_counted_from_the_statements(
    archive, monkeypatch, page, params
):
    scope = _scope(archive, page)
    if params.get("article") == "0":
        params = {**params, "article": str(archive["summit"].pk)}
    filters = StatementFilters.from_params(params)
    kept = statement_facets(filters=filters, **scope)
    monkeypatch.setattr(selectors, "_scope_rows", lambda *args, **kwargs: None)
    counted = statement_facets(filters=filters, **scope)
    assert kept == counted


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"from": "2024-03", "to": "2024-03"},
        {"source": "unnamed"},
        {"country": "united-states"},
        {"country": "ukraine"},
    ],
)
def test_kinds_of_source_read_from_the_rows_equal_those_counted(archive, monkeypatch, params):
    by = country("RU")
    filters = StatementFilters.from_params(params)
    kept = source_kinds(by=by, filters=filters)
    monkeypatch.setattr(selectors, "_scope_rows", lambda *args, **kwargs: None)
    assert kept == source_kinds(by=by, filters=filters)


def test_pages_read_the_kept_rows(archive, client):
    """A row changed by hand shows on the page: the facets and "quoted alongside" come from
    the rows; with a day range the facets are counted from the statements again."""
    biden, summit = archive["biden"], archive["summit"]
    ScopeArticle.objects.filter(person=biden, article=summit, country=None).update(statements=40)
    ScopeOutletMonth.objects.filter(person=biden, outlet="Daily Post", country=None).update(
        statements=30
    )
    ScopeKindMonth.objects.filter(person=biden, kind="direct", country=None).update(statements=20)
    PersonPair.objects.filter(person=biden, other=archive["zelensky"]).update(articles=7)
    response = client.get(biden.get_absolute_url())
    facets = response.context["facets"]
    assert (facets.articles[0].label, facets.articles[0].count) == ("Summit", 40)
    assert (facets.outlets[0].label, facets.outlets[0].count) == ("Daily Post", 30)
    assert {kind.value: kind.count for kind in facets.kinds}["direct"] == 20
    alongside = list(response.context["alongside"])
    assert [(p.name, p.shared_articles) for p in alongside] == [
        ("Volodymyr Zelensky", 7),
        ("Vladimir Putin", 1),
    ]
    # A country chip reads the rows of the statements naming it.
    ScopeArticle.objects.filter(person=biden, country=country("RU")).update(statements=50)
    response = client.get(biden.get_absolute_url(), {"country": "russia"})
    assert response.context["facets"].articles[0].count == 50
    response = client.get(biden.get_absolute_url(), {"from": "2024-04-01", "to": "2024-04-29"})
    facets = response.context["facets"]
    assert facets.articles[0].count == 2
    assert {kind.value: kind.count for kind in facets.kinds}["direct"] == 3


def test_quoted_alongside_is_the_articles_quoting_both(archive):
    alongside = people_quoted_alongside(person=archive["biden"])
    assert {p.name: p.shared_articles for p in alongside} == {
        "Vladimir Putin": 1,
        "Volodymyr Zelensky": 1,
    }
