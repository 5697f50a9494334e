"""A split quote is stored with its parts and shown as 'first … second', never with its
attribution."""

from __future__ import annotations

import csv
import importlib
import io
import json

import pytest
from django.apps import apps
from django.test import TestCase
from django.urls import reverse

from entities.models import Person, Statement
from entities.services import article_extract
from tests.entities.builders import article_make, person_make, statement_make

migration = importlib.import_module("entities.migrations.0011_statement_parts")

FIRST = "We will respond to this attack"
SECOND = "and we will respond soon."
SHOWN = f"{FIRST} \u2026 {SECOND}"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def split_quote(nlp) -> Statement:
    """An article whose one statement is a quote split around 'Sullivan said', extracted."""
    article = article_make(title="Sullivan answers")
    article.body = (
        "Sullivan answers\n\n"
        "Jake Sullivan, the national security adviser, spoke in Washington on Monday.\n\n"
        f'"{FIRST}," Sullivan said, "{SECOND}"'
    )
    article.save()
    article_extract(article=article, nlp=nlp)
    return Statement.objects.select_related("article").get()


@pytest.mark.slow
@pytest.mark.django_db
def test_a_split_quote_is_stored_with_each_piece_as_a_part(split_quote):
    body = split_quote.article.body
    assert [body[start:end] for start, end in split_quote.parts] == [FIRST, SECOND]
    # The statement's own span still runs from the first piece to the last.
    assert body[split_quote.start : split_quote.end] == split_quote.text
    assert "Sullivan said" in split_quote.text
    assert split_quote.display_text == SHOWN


@pytest.mark.slow
@pytest.mark.django_db
def test_article_page_lists_and_highlights_the_parts_not_the_attribution(split_quote, client):
    html = client.get(split_quote.article.get_absolute_url()).content.decode()
    assert f"<q>{SHOWN}</q>" in html
    mark = '<mark class="statement" title="Jake Sullivan (direct quote)">'
    assert f"{mark}{FIRST}</mark>" in html
    assert f"{mark}{SECOND}</mark>" in html
    # The attribution reads between the two highlights, outside both.
    between = html[html.index(f"{FIRST}</mark>") : html.index(f"{mark}{SECOND}")]
    assert "Sullivan</a> said" in between
    assert "<mark" not in between


@pytest.mark.slow
@pytest.mark.django_db
def test_person_page_card_shows_the_parts_in_full_page_and_fragment(split_quote, client):
    url = Person.objects.get(name="Jake Sullivan").get_absolute_url()
    for response in (client.get(url), client.get(url, **HTMX)):
        html = response.content.decode()
        assert f"<p>{SHOWN}</p>" in html
        assert "Sullivan said" not in html


@pytest.mark.slow
@pytest.mark.django_db
def test_statement_context_highlights_each_part(split_quote, client):
    url = reverse("entities:statement-context", args=[split_quote.pk])
    html = client.get(url, **HTMX).content.decode()
    assert html.count('<mark class="statement"') == 2
    assert f"{FIRST}</mark>" in html


@pytest.mark.slow
@pytest.mark.django_db
def test_exports_carry_the_parts_joined_not_the_attribution(split_quote, client):
    response = client.get(reverse("entities:statements-csv"), {"speaker": "jake-sullivan"})
    body = b"".join(response.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert row["statement"] == SHOWN

    response = client.get(reverse("entities:statements-json"), {"speaker": "jake-sullivan"})
    [record] = json.loads(b"".join(response.streaming_content).decode())
    assert record["statement"] == SHOWN


class StatementPartsMigrationTest(TestCase):
    def test_statements_stored_before_get_their_whole_span_as_one_part(self):
        statement = statement_make(
            article=article_make(), speaker=person_make("Jane Roe"), text="We will act now"
        )
        assert statement.parts == []
        migration.statement_parts_fill(apps, None)
        statement.refresh_from_db()
        assert statement.parts == [[statement.start, statement.end]]
        assert statement.display_text == "We will act now"
