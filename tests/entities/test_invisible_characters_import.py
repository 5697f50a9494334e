"""Invisible characters in imported articles make no look-alike person and reach no page."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from entities.models import Person, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SPOOFED_TITLE = "Biden \u202eaissuR\u202c visit"


def write_articles(folder: Path) -> None:
    records = {
        "plain": ("Biden in Kyiv", '"We will not waver," Joe Biden said on Tuesday in Kyiv.'),
        "zero-width": ("Biden in Warsaw", '"We stand with Poland," Joe Bi\u200bden said.'),
        "joiners": ("Biden in Vilnius", '"We will defend NATO," \u2066Joe\u200d Biden\u2069 said.'),
        "override": (SPOOFED_TITLE, '"The alliance is strong," Joe Biden said in Brussels.'),
    }
    for name, (title, body) in records.items():
        record = {"title": title, "body": f"{body}\n\nHe spoke for an hour.", "url": ""}
        (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def imported(tmp_path, nlp) -> None:
    write_articles(tmp_path)
    out = StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=out)
    assert "4 imported" in out.getvalue(), out.getvalue()


def test_a_name_with_zero_width_or_bidi_characters_is_the_same_person(imported):
    biden = Person.objects.get()
    assert (biden.name, biden.slug) == ("Joe Biden", "joe-biden")
    assert Statement.objects.filter(speaker=biden).count() == 4
    assert not Statement.objects.filter(speaker__isnull=True).exists()


def test_stored_text_has_no_invisible_characters_and_offsets_hold(imported):
    for article in Article.objects.all():
        assert "\u200b" not in article.body and "\u2066" not in article.body
        for statement in article.statements.all():
            assert article.body[statement.start : statement.end] == statement.text


def test_a_title_with_a_right_to_left_override_is_shown_without_it(imported, client):
    article = Article.objects.get(title="Biden aissuR visit")
    for url in ("/", article.get_absolute_url(), Person.objects.get().get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Biden aissuR visit" in page, url
        assert "\u202e" not in page, url
