"""Admins add articles by hand; extraction runs when they save, through the import's service."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from articles.models import Article, content_hash_for
from entities.models import Statement
from tests.entities.builders import person_make

ADD_URL = reverse("admin:articles_article_add")
BODY = (
    'Russia has been warned, officials said.\n\n"We will not accept any attack on Japan," '
    "Fumio Kishida said on Monday."
)


def article_form(**overrides: str) -> dict[str, str]:
    return {
        "title": "Kishida warns Russia",
        "body": BODY,
        "author": "",
        "publisher": "",
        "url": "",
        "published_at_0": "2024-04-11",
        "published_at_1": "09:30:00",
        "image_caption": "",
        "source_name": "",
        **overrides,
    }


class AdminArticleTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        users = get_user_model().objects
        cls.admin = users.create_superuser("admin", "admin@example.org", "a-long-passphrase")
        cls.reader = users.create_user("reader", "reader@example.org", "a-long-passphrase")

    def test_anonymous_and_non_staff_users_are_sent_to_the_login_page(self):
        response = self.client.post(ADD_URL, article_form())
        self.assertRedirects(response, f"{reverse('admin:login')}?next={ADD_URL}")
        self.client.force_login(self.reader)
        response = self.client.post(ADD_URL, article_form())
        self.assertRedirects(response, f"{reverse('admin:login')}?next={ADD_URL}")
        self.assertFalse(Article.objects.exists())

    def test_writes_need_a_csrf_token(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.admin)
        response = client.post(ADD_URL, article_form())
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Article.objects.exists())

    @pytest.mark.slow
    def test_saving_an_article_runs_extraction(self):
        self.client.force_login(self.admin)
        response = self.client.post(ADD_URL, article_form(), follow=True)
        self.assertContains(response, "Extraction found")
        article = Article.objects.get()
        self.assertEqual(article.content_hash, content_hash_for(title=article.title, body=BODY))
        statement = Statement.objects.get(article=article, kind="direct")
        self.assertEqual(statement.text, "We will not accept any attack on Japan")
        self.assertEqual(statement.speaker.name, "Fumio Kishida")
        self.assertEqual([c.alpha2 for c in statement.about.all()], ["JP"])

    def test_an_article_that_already_exists_is_refused_with_a_clear_error(self):
        Article.objects.create(
            title="Kishida warns Russia",
            body=BODY,
            content_hash=content_hash_for(title="Kishida warns Russia", body=BODY),
        )
        self.client.force_login(self.admin)
        response = self.client.post(ADD_URL, article_form())
        self.assertContains(response, "An article with the same title and text already exists")
        self.assertEqual(Article.objects.count(), 1)

    def test_every_model_has_an_admin_list_that_loads(self):
        self.client.force_login(self.admin)
        for model in ("articles/article", "entities/person", "entities/country"):
            with self.subTest(model=model):
                self.assertEqual(self.client.get(f"/admin/{model}/?q=ru").status_code, 200)
        for model in ("entities/mention", "entities/statement"):
            with self.subTest(model=model):
                self.assertEqual(self.client.get(f"/admin/{model}/").status_code, 200)


class AdminPersonTest(TestCase):
    def test_renaming_a_person_to_another_persons_name_is_refused(self):
        admin_user = get_user_model().objects.create_superuser("root", "r@example.org", "pw-long-1")
        person_make("Jake Sullivan")
        other = person_make("Jacob Sullivan")
        self.client.force_login(admin_user)
        response = self.client.post(
            reverse("admin:entities_person_change", args=[other.pk]),
            {"name": "jake  SULLIVAN", "slug": other.slug, "aliases": "[]"},
        )
        self.assertContains(response, "already has this name")
        other.refresh_from_db()
        self.assertEqual(other.name, "Jacob Sullivan")
