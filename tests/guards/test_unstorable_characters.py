"""A character PostgreSQL cannot store or compare is refused with 400 before any query."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.entities.builders import article_make, country, person_make, statement_make

REFUSAL = "This request contains a character that cannot be searched for"


@pytest.fixture
def pages(db) -> dict[str, str]:
    person = person_make("Joe Biden")
    japan = country("JP")
    statement_make(article=article_make(), speaker=person, text="We stand", about=[japan])
    return {
        "search": reverse("entities:search"),
        "typeahead": reverse("entities:search-suggestions"),
        "person": person.get_absolute_url(),
        "country": japan.get_absolute_url(),
        "people": reverse("entities:people"),
        "export": reverse("entities:statements-csv"),
    }


@pytest.mark.parametrize("page", ["search", "typeahead", "person", "country", "people", "export"])
@pytest.mark.parametrize("query", ["q=%00", "q=Bi%00den", "speaker=%00", "%00=x", "q=a&q=%00"])
def test_a_nul_in_the_query_string_is_refused_with_400_before_any_query(
    pages, page, query, django_assert_num_queries
):
    client = Client(HTTP_HX_REQUEST="true") if page == "typeahead" else Client()
    with django_assert_num_queries(0):
        response = client.get(f"{pages[page]}?{query}")
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()


def test_a_nul_in_the_path_is_refused(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/people/joe%00biden/")
    assert response.status_code == 400


def test_a_nul_in_a_form_value_is_refused(db):
    response = Client().post(reverse("entities:search"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()


def test_invalid_utf8_arrives_as_a_replacement_character_and_is_searched(pages):
    # %FF and a lone surrogate's bytes (%ED%A0%80) are decoded to U+FFFD, which is stored
    # and compared like any letter: the search runs and finds nothing.
    for query in ("q=%FF", "q=%ED%A0%80", "q=Biden%ED"):
        response = Client().get(f"{pages['search']}?{query}")
        assert response.status_code == 200, query


def test_a_cookie_holding_a_nul_is_dropped_not_refused(db):
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    # The admin reads the session: without the cookie it sends the visitor to log in.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_usual_characters_still_search(pages):
    response = Client().get(f"{pages['search']}?q=Biden+%E2%80%94+%C3%A9t%C3%A9")
    assert response.status_code == 200
