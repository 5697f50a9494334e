"""The aggregates the pages read (issue 14) stay equal to a count from scratch after every write
that changes statements: import, re-import, a new date, re-extraction, merge, split,
an editor's change, deletion (one article, many, from the admin)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from articles.services import articles_delete, articles_import
from entities.aggregates import aggregates_differences
from entities.models import (
    CountryMonth,
    CountryPairMonth,
    SourceCountryMonth,
    SourceMonth,
    Statement,
    StatementTotal,
)
from entities.selectors import StatementFilters, statement_count, statements_filtered
from entities.services import article_extract, person_alias_split, person_merge
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


@pytest.fixture
def archive() -> dict[str, object]:
    """Two people, one organisation, three articles in two months and one undated."""
    us, ru, ua = country("US"), country("RU"), country("UA")
    biden, putin = person_make("Joe Biden"), person_make("Vladimir Putin")
    kremlin = organisation_make("the Kremlin", country=ru)
    april = article_make(title="April")
    march = article_make(title="March", days_ago=31)
    undated = article_make(title="Undated")
    undated.published_at = None
    undated.save()
    statement_make(article=april, speaker=biden, text="We stand by Kyiv", about=[ua, ru])
    statement_make(
        article=april, speaker=biden, text="Moscow must stop", about=[ru], speaker_country=us
    )
    statement_make(article=march, speaker=putin, text="America is wrong", about=[us], around=[ua])
    organisation_statement_make(
        article=undated, organisation=kremlin, text="No comment", about=[us]
    )
    return {"biden": biden, "putin": putin, "kremlin": kremlin, "april": april, "march": march}


def test_hand_made_statements_are_counted_per_source_country_and_month(archive):
    assert_kept()
    biden = archive["biden"]
    assert list(SourceMonth.objects.filter(person=biden).values_list("month", "statements")) == [
        (date(2024, 4, 1), 2)
    ]
    assert StatementTotal.objects.get(person=biden).said == 2
    ru = country("RU")
    assert StatementTotal.objects.get(by_country=ru).about == 2
    # The Kremlin's undated statement is counted under no month, by its country too.
    assert SourceMonth.objects.get(organisation=archive["kremlin"]).month is None
    assert StatementTotal.objects.get(by_country=ru).said == 1
    pair = CountryPairMonth.objects.get(country=country("UA"), other=ru)
    assert (pair.month, pair.statements) == (date(2024, 4, 1), 1)
    context = SourceCountryMonth.objects.get(person=archive["putin"], role="context")
    assert context.country == country("UA")


def test_merge_and_split_keep_them(archive):
    biden, putin = archive["biden"], archive["putin"]
    person_merge(into=biden, others=[putin])
    assert_kept()
    assert StatementTotal.objects.get(person=biden).said == 3
    assert not StatementTotal.objects.filter(person_id=putin.pk).exists()
    Statement.objects.filter(speaker=biden, text="America is wrong").update(speaker_text="Putin")
    biden.refresh_from_db()
    person_alias_split(person=biden, alias="Vladimir Putin")
    assert_kept()


def test_deleting_articles_keeps_them(archive):
    articles_delete(article_ids=[archive["april"].pk])
    assert_kept()
    assert not SourceMonth.objects.filter(person=archive["biden"]).exists()
    assert not CountryPairMonth.objects.filter(other=country("RU")).exists()
    articles_delete(article_ids=list(Article.objects.values_list("pk", flat=True)))
    assert_kept()
    assert not CountryMonth.objects.exists()
    assert not StatementTotal.objects.exists()


def _admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-long-enough")
    client.force_login(user)
    return client


def test_admin_deletes_and_edits_keep_them(archive, client):
    client = _admin_client(client)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [archive["march"].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert_kept()
    statement = Statement.objects.get(text="We stand by Kyiv")
    response = client.post(
        reverse("admin:entities_statement_changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert_kept()
    # A new date moves the article's statements to another month.
    april = archive["april"]
    response = client.post(
        reverse("admin:articles_article_change", args=[april.pk]),
        {
            "title": april.title,
            "body": april.body,
            "author": april.author,
            "publisher": "",
            "url": "",
            "published_at_0": "2023-01-05",
            "published_at_1": "10:00:00",
            "image_caption": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SourceMonth.objects.get(person=archive["biden"]).month == date(2023, 1, 1)
    assert_kept()


def test_rebuild_check_finds_drift_and_rebuild_mends_it(archive):
    call_command("rebuild_aggregates", "--check", verbosity=0)
    SourceMonth.objects.filter(person=archive["biden"]).update(statements=7)
    CountryMonth.objects.filter(country=country("UA")).delete()
    with pytest.raises(CommandError):
        call_command("rebuild_aggregates", "--check", verbosity=0)
    assert len(aggregates_differences()) >= 2
    call_command("rebuild_aggregates", verbosity=0)
    call_command("rebuild_aggregates", "--check", verbosity=0)


TEXT = (
    '"We will not let Russia win in Ukraine," President Joe Biden said on Tuesday. '
    '"China must not help Moscow," Biden added.'
)


def _wire(tmp_path: Path, **changes: str) -> Path:
    record = {
        "title": "Biden on Ukraine",
        "text": TEXT,
        "url": "https://wire.example.org/biden-ukraine",
        "published_at": "2024-04-09T14:00:00Z",
        "publisher": "World Wire",
        **changes,
    }
    path = tmp_path / "wire.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    return path


def test_import_reimport_new_date_and_reextraction_keep_them(nlp, tmp_path):
    (outcome,) = articles_import(paths=[_wire(tmp_path)], nlp=nlp)
    assert outcome.status == "imported"
    assert Statement.objects.exists()
    assert_kept()
    assert SourceMonth.objects.filter(month=date(2024, 4, 1)).exists()
    # The same words with a new date: a metadata update, the statements move month.
    (outcome,) = articles_import(
        paths=[_wire(tmp_path, published_at="2022-02-01T10:00:00Z")], update=True, nlp=nlp
    )
    assert outcome.status == "updated"
    assert_kept()
    assert set(SourceMonth.objects.values_list("month", flat=True)) == {date(2022, 2, 1)}
    # New words and a new date at the same address: stored again and extracted again.
    (outcome,) = articles_import(
        paths=[_wire(tmp_path, text=TEXT + " Nothing else.", published_at="2021-03-01T10:00Z")],
        update=True,
        nlp=nlp,
    )
    assert outcome.status == "updated"
    assert_kept()
    assert set(SourceMonth.objects.values_list("month", flat=True)) == {date(2021, 3, 1)}
    article_extract(article=Article.objects.get(), nlp=nlp)
    assert_kept()


def _chip_counts(chips) -> dict[str, int]:
    return {chip.slug: chip.statement_count for chip in chips}


def test_pages_read_the_same_numbers_the_statements_give(archive, client):
    """Chips, timelines and header totals served from the aggregates, against counts taken
    from the statements: overall, by whole months (aggregates) and by days (statements)."""
    biden, ua, us = archive["biden"], country("UA"), country("US")
    response = client.get(biden.get_absolute_url())
    assert response.context["person"].statement_count == 2
    assert _chip_counts(response.context["chips"]) == {"russia": 2, "ukraine": 1}
    timeline = response.context["timeline"]
    assert [(bar.month, bar.count) for bar in timeline.bars] == [(date(2024, 4, 1), 2)]
    for query in ({"from": "2024-04", "to": "2024-04"}, {"from": "2024-04-01", "to": "2024-04-30"}):
        response = client.get(biden.get_absolute_url(), query)
        assert _chip_counts(response.context["chips"]) == {"russia": 2, "ukraine": 1}
    for query in ({"from": "2024-03", "to": "2024-03"}, {"from": "2024-03-02", "to": "2024-04-09"}):
        response = client.get(biden.get_absolute_url(), query)
        assert _chip_counts(response.context["chips"]) == {}
    response = client.get(biden.get_absolute_url(), {"country": "ukraine"})
    assert response.context["timeline"].total == 1

    response = client.get(us.get_absolute_url())
    assert response.context["country"].statement_count == Statement.objects.filter(about=us).count()
    assert response.context["country"].said_by_count == 1
    assert _chip_counts(response.context["chips"]) == {"vladimir-putin": 1}
    assert _chip_counts(response.context["neighbours"]) == {"ukraine": 1}
    # The Kremlin's undated statement is in the total, not in a bar.
    assert (response.context["timeline"].total, response.context["timeline"].undated) == (2, 1)
    response = client.get(ua.get_absolute_url(), {"country": "russia"})
    assert response.context["timeline"].total == 1
    response = client.get(reverse("entities:country-by", args=["russia"]))
    assert response.context["country"].statement_count == 1
    assert _chip_counts(response.context["chips"]) == {"united-states": 1}
    response = client.get(reverse("entities:countries"))
    counted = {c.slug: (c.statement_count, c.said_by_count) for c in response.context["page"]}
    assert counted["russia"] == (2, 1) and counted["united-states"] == (2, 1)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("biden", {}),
        ("biden", {"from": "2024-04", "to": "2024-04"}),
        ("biden", {"from": "2024-03", "to": "2024-03"}),
        ("biden", {"country": "ukraine"}),
        ("biden", {"from": "2024-04-02", "to": "2024-04-30"}),
        ("biden", {"q": "Kyiv"}),
        ("kremlin", {}),
        ("US", {}),
        ("US", {"country": "ukraine"}),
        ("UA", {"country": "russia"}),
        ("RU", {"speaker": "joe-biden"}),
    ],
)
def test_a_lists_total_is_the_number_of_statements_it_holds(archive, page, params):
    """The heading's total, summed from the month rows where they can say, counted from the
    statements where they cannot (days, words, a speaker), equals the list's length."""
    scope = (
        {"about": country(page)}
        if len(page) == 2
        else {"organisation" if page == "kremlin" else "speaker": archive[page]}
    )
    filters = StatementFilters.from_params(params)
    assert statement_count(filters=filters, **scope) == len(
        statements_filtered(filters=filters, **scope)
    )


def test_a_lists_total_over_whole_months_reads_the_month_rows(archive):
    """The rows, not the statements, give the total: a row changed by hand shows."""
    biden = archive["biden"]
    whole_april = StatementFilters.from_params({"from": "2024-04", "to": "2024-04"})
    assert statement_count(filters=whole_april, speaker=biden) == 2
    SourceMonth.objects.filter(person=biden).update(statements=7)
    assert statement_count(filters=whole_april, speaker=biden) == 7
    some_days = StatementFilters.from_params({"from": "2024-04-01", "to": "2024-04-29"})
    assert statement_count(filters=some_days, speaker=biden) == 2
