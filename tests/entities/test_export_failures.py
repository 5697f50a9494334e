"""A download that cannot be made is an error status, never a 200 whose body stops short:
filters are checked before the response starts, and the first rows fetched."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.models.query import QuerySet
from django.test import Client
from django.urls import reverse

from entities.selectors import export_filter_problems
from tests.entities.builders import article_make, country, person_make, statement_make

EXPORTS = ["entities:statements-csv", "entities:statements-json"]


@pytest.fixture
def statements(db) -> None:
    person = person_make("Jane Roe")
    for number in range(3):
        statement_make(
            article=article_make(title=f"Article {number}", days_ago=number),
            speaker=person,
            text=f"Words {number}",
            about=[country("RU")],
        )


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize(
    "query, problem",
    [
        ("from=2016-02-30", "from='2016-02-30' is not a date"),
        ("to=99999-01-01", "to='99999-01-01' is not a date"),
        ("from=0000-00-00", "from='0000-00-00' is not a date"),
        ("kind=junk", "kind='junk' is not one of"),
        ("source=%FF", "source='\ufffd' is not one of"),
        ("order=sideways", "order='sideways' is not one of oldest"),
        ("article=12abc", "article='12abc' is not an article number"),
    ],
)
def test_a_filter_that_cannot_be_read_is_refused_with_400(statements, name, query, problem):
    response = Client().get(f"{reverse(name)}?{query}")
    assert response.status_code == 400
    assert problem in response.content.decode()


@pytest.mark.parametrize("name", EXPORTS)
def test_filters_the_pages_write_are_accepted(statements, name):
    query = "speaker=jane-roe&from=2024-01&to=2024-12-31&kind=direct&order=oldest&q=words"
    response = Client().get(f"{reverse(name)}?{query}")
    assert response.status_code == 200
    assert b"Words 0" in b"".join(response.streaming_content)


def test_unknown_parameters_and_empty_values_are_not_problems():
    assert export_filter_problems({"utm_source": "x", "from": "", "kind": "", "page": "3"}) == []


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize(
    "error", [OperationalError("server closed the connection"), InterfaceError]
)
def test_a_query_failing_on_its_first_fetch_is_a_503_not_a_truncated_200(statements, name, error):
    with mock.patch.object(QuerySet, "iterator", side_effect=error):
        response = Client().get(f"{reverse(name)}?speaker=jane-roe")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert not response.streaming


def test_the_rows_fetched_first_are_still_in_the_download(statements):
    response = Client().get(reverse("entities:statements-json"))
    records = json.loads(b"".join(response.streaming_content))
    assert [record["statement"] for record in records] == ["Words 0", "Words 1", "Words 2"]
