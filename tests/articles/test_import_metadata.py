"""Re-importing an article whose words are unchanged but whose date, title, author, URL or
outlet changed: updated in place, without extracting it again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse

from articles.models import Article, ImportJob, content_hash_for
from articles.services import articles_import, import_job_run
from entities.models import Statement
from tests.articles.test_admin_import import IMPORT_URL, PASSWORD
from tests.entities.builders import person_make

pytestmark = pytest.mark.django_db

TITLE = "Macron visits Germany"
BODY = (
    '"France and Germany stand together," Emmanuel Macron said in Berlin on Tuesday, '
    "after talks on defence spending."
)


class NoModel:
    """Stands in for spaCy: these imports must not extract anything."""

    def __getattr__(self, name):
        raise AssertionError(f"extraction ran (nlp.{name})")


@pytest.fixture
def stored() -> Article:
    article = Article.objects.create(
        title=TITLE,
        body=BODY,
        author="Paul Martin",
        publisher="World Wire",
        url="https://wire.example.org/macron-berlin",
        published_at=datetime(2024, 4, 9, 14, tzinfo=UTC),
        source_name="wire.json",
        content_hash=content_hash_for(title=TITLE, body=BODY),
    )
    quote = "France and Germany stand together"
    start = BODY.index(quote)
    Statement.objects.create(
        article=article,
        speaker=person_make("Emmanuel Macron"),
        speaker_text="Emmanuel Macron",
        speaker_kind="person",
        text=quote,
        start=start,
        end=start + len(quote),
        cue="said",
    )
    return article


def wire_file(tmp_path: Path, name: str = "wire.json", **changes: str) -> Path:
    record = {
        "title": TITLE,
        "text": BODY,
        "url": "https://wire.example.org/macron-berlin",
        "author": "Paul Martin",
        "published_at": "2024-04-09T14:00:00Z",
        "publisher": "World Wire",
        **changes,
    }
    path = tmp_path / name
    path.write_text(json.dumps([record]), encoding="utf-8")
    return path


def test_new_date_author_and_outlet_update_the_article_without_extraction(stored, tmp_path):
    path = wire_file(
        tmp_path,
        published_at="2024-04-10T08:00:00Z",
        author="Anne Weber",
        publisher="Europe Wire",
    )

    (outcome,) = articles_import(paths=[path], update=True, nlp=NoModel())

    assert (outcome.status, outcome.article_id) == ("updated", stored.pk)
    assert outcome.detail == "metadata only: author, publisher, published_at"
    stored.refresh_from_db()
    assert stored.published_at == datetime(2024, 4, 10, 8, tzinfo=UTC)
    assert (stored.author, stored.publisher) == ("Anne Weber", "Europe Wire")
    assert Statement.objects.filter(article=stored).count() == 1  # found statements kept
    # ...and they take the new date, which the statement lists sort and filter by.
    assert list(
        Statement.objects.filter(article=stored).values_list("published_at", flat=True)
    ) == [datetime(2024, 4, 10, 8, tzinfo=UTC)]


def test_a_new_title_at_the_same_url_is_metadata_too(stored, tmp_path):
    path = wire_file(tmp_path, title="Macron in Berlin")

    (outcome,) = articles_import(paths=[path], update=True, nlp=NoModel())

    assert outcome.status == "updated"
    stored.refresh_from_db()
    assert stored.title == "Macron in Berlin"
    assert stored.content_hash == content_hash_for(title="Macron in Berlin", body=BODY)


def test_a_new_url_for_the_same_words_is_taken(stored, tmp_path):
    path = wire_file(tmp_path, url="https://wire.example.org/2024/macron-berlin")

    (outcome,) = articles_import(paths=[path], update=True, nlp=NoModel())

    assert outcome.status == "updated"
    stored.refresh_from_db()
    assert stored.url == "https://wire.example.org/2024/macron-berlin"


def test_same_metadata_is_unchanged_and_nothing_is_written(stored, tmp_path):
    before = Article.objects.get().updated_at

    (outcome,) = articles_import(paths=[wire_file(tmp_path)], update=True, nlp=NoModel())

    assert outcome.status == "unchanged"
    assert Article.objects.get().updated_at == before


def test_without_update_known_words_stay_unchanged(stored, tmp_path):
    path = wire_file(tmp_path, author="Anne Weber")

    (outcome,) = articles_import(paths=[path], nlp=NoModel())

    assert outcome.status == "unchanged"
    stored.refresh_from_db()
    assert stored.author == "Paul Martin"


def test_dry_run_reports_the_metadata_update_and_writes_nothing(stored, tmp_path):
    path = wire_file(tmp_path, author="Anne Weber")

    (outcome,) = articles_import(paths=[path], update=True, dry_run=True, nlp=NoModel())

    assert (outcome.status, outcome.detail) == ("updated", "dry run: metadata only: author")
    stored.refresh_from_db()
    assert stored.author == "Paul Martin"


def test_a_url_another_article_holds_fails_that_record_only(stored, tmp_path):
    Article.objects.create(
        title="Other",
        body="Other words.",
        url="https://wire.example.org/other",
        content_hash=content_hash_for(title="Other", body="Other words."),
    )
    path = wire_file(tmp_path, url="https://wire.example.org/other")

    (outcome,) = articles_import(paths=[path], update=True, nlp=NoModel())

    assert outcome.status == "failed"
    assert "database refused the update" in outcome.detail
    stored.refresh_from_db()
    assert stored.url == "https://wire.example.org/macron-berlin"


def test_a_date_from_the_file_name_fills_an_undated_article_on_reimport(tmp_path):
    text = tmp_path / "poland.txt"
    body = "Poland hosted European leaders in Warsaw, officials said."
    article = Article.objects.create(
        title="Poland hosts summit",
        body=body,
        content_hash=content_hash_for(title="Poland hosts summit", body=body),
    )
    dated = tmp_path / "poland_2016-05-11.txt"
    text.write_text(f"Poland hosts summit\n\n{body}\n", encoding="utf-8")
    text.rename(dated)

    (outcome,) = articles_import(paths=[dated], update=True, nlp=NoModel())

    assert outcome.status == "updated"
    article.refresh_from_db()
    assert article.published_at == datetime(2016, 5, 11, tzinfo=UTC)
    assert article.metadata == {"date_from": "file name"}


def test_admin_upload_form_offers_update_and_the_job_carries_it(client, stored, tmp_path):
    editor = get_user_model().objects.create_user(
        "editor", "e@example.org", PASSWORD, is_staff=True
    )
    editor.user_permissions.add(Permission.objects.get(codename="import_articles"))
    client.force_login(editor)
    form = client.get(IMPORT_URL)
    assert b'name="update_existing"' in form.content
    assert b"Update existing articles" in form.content

    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        path = wire_file(tmp_path, author="Anne Weber")
        with path.open("rb") as upload:
            response = client.post(IMPORT_URL, {"files": [upload], "update_existing": "on"})
        job = ImportJob.objects.get()
        assert response.url == reverse("admin:articles_importjob_change", args=[job.pk])
        assert job.update_existing is True

        job = import_job_run(job_id=job.pk, nlp=NoModel())

    assert job.status == ImportJob.Status.DONE, job.message
    assert (job.updated, job.unchanged) == (1, 0)
    stored.refresh_from_db()
    assert (stored.author, stored.import_job_id) == ("Anne Weber", job.pk)


def test_import_command_takes_update(stored, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    path = wire_file(tmp_path, author="Anne Weber")
    call_command("import_articles", str(path), "--update", stdout=out, stderr=StringIO())

    assert "1 updated" in out.getvalue()
    stored.refresh_from_db()
    assert stored.author == "Anne Weber"
