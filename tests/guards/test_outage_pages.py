"""A database that cannot answer gives a 503 page with Retry-After, drawn without a query;
other errors a 500 page; the admin's "view on site" shortcut a 404 for what has no page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.models import Article
from guards.views import server_error
from tests.entities.builders import article_make, person_make

UNAVAILABLE = "Temporarily unavailable"


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection to server at 127.0.0.1, port 5432 failed: refused"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_view_cut_off_from_the_database_answers_503_without_a_query(
    db, error, django_assert_num_queries
):
    with (
        mock.patch("entities.views.countries_of_people", side_effect=error),
        django_assert_num_queries(0),
    ):
        response = Client().get(reverse("entities:people"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert UNAVAILABLE in page and "try again shortly" in page


def test_the_next_request_after_the_outage_gets_the_page(db):
    person = person_make("Joe Biden")
    with mock.patch("entities.views.statement_list", side_effect=OperationalError("gone")):
        assert Client().get(person.get_absolute_url()).status_code == 503
    assert Client().get(person.get_absolute_url()).status_code == 200


def test_an_error_that_is_not_the_database_stays_a_500_page(db):
    with mock.patch("entities.views.countries_of_people", side_effect=RuntimeError("bug")):
        response = Client(raise_request_exception=False).get(reverse("entities:people"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_an_outage_outside_a_view_reaches_the_500_handler_which_answers_503(db):
    staff = User.objects.create_user("editor", is_staff=True)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    # The request-size middleware reads request.user, and so the session, before any view.
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.post(reverse("entities:search"), {"q": "x"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_the_500_handler_draws_its_pages_without_a_query(db, django_assert_num_queries):
    request = RequestFactory().get("/people/")
    with django_assert_num_queries(0):
        try:
            raise OperationalError("could not connect to server")
        except OperationalError:
            outage = server_error(request)
        try:
            raise KeyError("bug")
        except KeyError:
            failure = server_error(request)
    assert (outage.status_code, failure.status_code) == (503, 500)


@pytest.fixture
def staff_client(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    return client


def _view_on_site(model: type, object_id: object) -> str:
    content_type = ContentType.objects.get_for_model(model)
    return f"/admin/r/{content_type.pk}/{object_id}/"


def test_view_on_site_for_a_uuid_model_and_an_integer_id_is_404(staff_client):
    from django_tasks_db.models import DBTaskResult

    assert staff_client.get(_view_on_site(DBTaskResult, 1)).status_code == 404


@pytest.mark.parametrize("object_id", ["1", "999999", "abc", "99999999999999999999999"])
def test_view_on_site_for_a_missing_or_malformed_id_is_404(staff_client, object_id):
    assert staff_client.get(_view_on_site(Article, object_id)).status_code == 404


def test_view_on_site_for_a_model_without_pages_or_an_unknown_type_is_404(staff_client):
    assert staff_client.get(_view_on_site(User, 1)).status_code == 404
    assert staff_client.get("/admin/r/999999/1/").status_code == 404


def test_view_on_site_still_redirects_to_the_objects_page(staff_client):
    article = article_make()
    response = staff_client.get(_view_on_site(Article, article.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(article.get_absolute_url())


def test_view_on_site_still_asks_for_a_staff_login(db):
    article = article_make()
    response = Client().get(_view_on_site(Article, article.pk))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
