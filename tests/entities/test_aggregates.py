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
    Mention,
    Person,
    SourceCountryMonth,
    SourceMonth,
    Statement,
    StatementTotal,
)
from entities.selectors import (
    StatementFilters,
    statement_count,
    statements_about_person,
    statements_about_person_newest,
    statements_filtered,
)
from entities.services import article_extract, person_alias_split, person_merge
from tests.entities.builders import (
    article_make,
    country,
    mention_make,
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


def _three_speakers(tmp_path: Path) -> Path:
    """One file, one batch: three articles, each with a speaker of its own."""
    says = [
        ("Biden on Ukraine", '"Russia must not win in Ukraine," President Joe Biden said.'),
        ("Macron on China", '"China must help end the war," Emmanuel Macron said on Friday.'),
        ("Scholz on Russia", '"Russia will pay for this war," Olaf Scholz said on Monday.'),
    ]
    records = [
        {
            "title": title,
            "text": text,
            "url": f"https://wire.example.org/{n}",
            "published_at": f"2024-0{n + 1}-09T14:00:00Z",
            "publisher": "World Wire",
        }
        for n, (title, text) in enumerate(says)
    ]
    path = tmp_path / "three.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_a_batch_is_counted_once_at_its_end(nlp, tmp_path, monkeypatch):
    from entities import aggregates

    counted = []
    real = aggregates.aggregates_recompute
    monkeypatch.setattr(
        aggregates,
        "aggregates_recompute",
        lambda keys, **kw: counted.append(keys) or real(keys, **kw),
    )
    outcomes = list(articles_import(paths=[_three_speakers(tmp_path)], batch_size=3, nlp=nlp))
    assert [o.status for o in outcomes] == ["imported"] * 3
    assert len(counted) == 1
    assert {date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)} <= counted[0].months
    assert_kept()


def test_a_broken_article_in_a_batch_is_lost_alone_and_the_rest_counted(nlp, tmp_path, monkeypatch):
    """The broken article's statements were written, then rolled back with its savepoint: the
    batch's counts hold the other two, and importing again stores it once."""
    from articles import services

    real = services.article_entities_replace

    def replace_then_fail(*, article, extraction, **options):
        real(article=article, extraction=extraction, **options)
        if article.title == "Macron on China":
            raise KeyError("speaker")

    monkeypatch.setattr(services, "article_entities_replace", replace_then_fail)
    path = _three_speakers(tmp_path)
    outcomes = list(articles_import(paths=[path], batch_size=3, nlp=nlp))
    assert [o.status for o in outcomes] == ["imported", "failed", "imported"]
    assert outcomes[1].detail == "could not be stored: KeyError: 'speaker'"
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Biden on Ukraine",
        "Scholz on Russia",
    ]
    assert not Person.objects.filter(name="Emmanuel Macron").exists()
    assert set(SourceMonth.objects.values_list("month", flat=True)) == {
        date(2024, 1, 1),
        date(2024, 3, 1),
    }
    assert_kept()

    monkeypatch.setattr(services, "article_entities_replace", real)
    outcomes = list(articles_import(paths=[path], batch_size=3, nlp=nlp))
    # Known articles are reported as they are read, before the new one is parsed.
    assert sorted((o.source[-8:], o.status) for o in outcomes) == [
        ("record 1", "unchanged"),
        ("record 2", "imported"),
        ("record 3", "unchanged"),
    ]
    assert Article.objects.count() == 3
    assert SourceMonth.objects.filter(person__name="Emmanuel Macron").count() == 1
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


# --- What others say naming a person: StatementTotal.named ------------------------------


def _named(person: Person) -> int:
    return StatementTotal.objects.filter(person=person).values_list("named", flat=True).first() or 0


def assert_named_kept() -> dict[str, int]:
    """Each person's kept ``named`` equals the statements the person's "about" page lists;
    the kept numbers by name."""
    kept = {}
    for person in Person.objects.all():
        kept[person.name] = _named(person)
        assert kept[person.name] == statements_about_person(person=person).count(), person.name
    assert_kept()
    return kept


@pytest.fixture
def named(archive) -> dict[str, object]:
    """Biden and Peskov name Putin in their words; Putin names himself; Biden is named only
    in the words around a statement."""
    biden, putin = archive["biden"], archive["putin"]
    peskov = person_make("Dmitry Peskov")
    kremlin = article_make(title="Kremlin", days_ago=2)
    said = statement_make(article=kremlin, speaker=biden, text="Putin cannot win this war")
    mention_make(statement=said, person=putin, text="Putin")
    own = statement_make(article=kremlin, speaker=putin, text="Putin never retreats")
    mention_make(statement=own, person=putin, text="Putin")
    said = statement_make(article=kremlin, speaker=peskov, text="Putin decides")
    mention_make(statement=said, person=putin, text="Putin")
    outside = statement_make(article=kremlin, speaker=peskov, text="No", speaker_text="Biden aide")
    mention_make(statement=outside, person=biden, text="Biden")
    return {**archive, "peskov": peskov, "kremlin_article": kremlin}


def test_named_counts_statements_by_others_in_their_words(named):
    kept = assert_named_kept()
    assert kept == {"Joe Biden": 0, "Vladimir Putin": 2, "Dmitry Peskov": 0}


def test_named_is_kept_through_merge_split_and_deletes(named, client):
    biden, putin, peskov = named["biden"], named["putin"], named["peskov"]
    # Merged, Biden's words naming Putin name himself: no longer counted.
    person_merge(into=biden, others=[putin])
    assert assert_named_kept()["Joe Biden"] == 1
    Statement.objects.filter(text="Putin never retreats").update(speaker_text="Vladimir Putin")
    biden.refresh_from_db()
    split_off = person_alias_split(person=biden, alias="Vladimir Putin")
    assert_named_kept()
    assert split_off.name == "Vladimir Putin"
    # An editor moves a mention to someone else in the admin.
    client = _admin_client(client)
    # Peskov's "Putin decides": moved to Peskov himself, it no longer counts for anyone.
    mention = Mention.objects.filter(text="Putin").latest("start")
    holder = mention.person
    named_before = _named(holder)
    response = client.post(
        reverse("admin:entities_mention_change", args=[mention.pk]),
        {
            "text": mention.text,
            "person": peskov.pk,
            "country": "",
            "article": mention.article_id,
            "start": mention.start,
            "end": mention.end,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_named_kept()
    assert _named(holder) == named_before - 1
    articles_delete(article_ids=[named["kremlin_article"].pk])
    assert set(assert_named_kept().values()) == {0}


def test_named_is_kept_through_import_and_reextraction(nlp, tmp_path):
    text = '"Vladimir Putin cannot win in Ukraine," President Joe Biden said on Tuesday.'
    (outcome,) = articles_import(paths=[_wire(tmp_path, text=text)], nlp=nlp)
    assert outcome.status == "imported"
    assert assert_named_kept()["Vladimir Putin"] == 1
    # New words at the same address: Putin is named only outside the quote now.
    moved = '"Russia cannot win in Ukraine," Joe Biden said of Vladimir Putin on Tuesday.'
    (outcome,) = articles_import(paths=[_wire(tmp_path, text=moved)], update=True, nlp=nlp)
    assert outcome.status == "updated"
    assert assert_named_kept().get("Vladimir Putin", 0) == 0
    article_extract(article=Article.objects.get(), nlp=nlp)
    assert_named_kept()


def test_rebuild_check_compares_named(named):
    StatementTotal.objects.filter(person=named["putin"]).update(named=9)
    with pytest.raises(CommandError):
        call_command("rebuild_aggregates", "--check", verbosity=0)
    call_command("rebuild_aggregates", verbosity=0)
    assert _named(named["putin"]) == 2


def test_person_page_reads_the_kept_number_named(named, client):
    """The row, not a count of the statements, gives the number: a row changed by hand shows."""
    putin = named["putin"]
    response = client.get(putin.get_absolute_url())
    assert response.context["person"].named_count == 2
    assert len(response.context["said_about_first"]()) == 2
    StatementTotal.objects.filter(person=putin).update(named=41)
    response = client.get(putin.get_absolute_url())
    assert "41 statements by others name Vladimir Putin." in response.content.decode()
    assert "See all 41 statements about Vladimir Putin" in response.content.decode()


@pytest.mark.parametrize("from_articles_below", [0, 1000])
def test_the_newest_named_are_the_same_read_either_way(named, from_articles_below):
    """Walking statements newest first, or starting from the articles mentioning the person."""
    putin = named["putin"]
    newest = statements_about_person_newest(
        person=putin, named=_named(putin), limit=1, from_articles_below=from_articles_below
    )
    assert newest == list(statements_about_person(person=putin)[:1])
    assert [s.text for s in newest] == ["Putin cannot win this war"]
