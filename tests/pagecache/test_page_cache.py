"""The page cache: anonymous pages served again without their queries, dropped at every
committed write, never shared with editors, and a htmx fragment never served for its page.

Tests of writes are TransactionTestCases: their writes commit, and the generation is
counted up after each commit as in production (a TestCase's transaction never commits).
"""

from __future__ import annotations

import uuid
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from articles.models import Article
from articles.services import articles_extract
from entities.aggregates import aggregates_kept
from entities.models import Person, Statement
from entities.services import person_alias_split, person_merge, statement_correction_record
from pagecache.generation import generation_current
from pagecache.middleware import PAGE_CACHE_ALIAS, STATUS_HEADER
from tests.conftest import SEED_ARTICLE
from tests.entities.builders import article_make, country, person_make, statement_make

HOME = reverse("articles:list")
HTMX = {"HTTP_HX_REQUEST": "true"}


class PageCacheMixin:
    """A person quoted in an article, and an editor."""

    @classmethod
    def data_make(cls) -> None:
        cls.russia = country("RU")
        cls.speaker = person_make("Jake Sullivan")
        cls.article = article_make(title="Sullivan warns Moscow")
        cls.statement = statement_make(
            article=cls.article, speaker=cls.speaker, text="We are watching", about=[cls.russia]
        )
        users = get_user_model().objects
        cls.editor = users.create_superuser("editor", "editor@example.org", "a-long-passphrase")

    def assert_stored_then_served(self, path: str, **headers: str) -> None:
        self.assertEqual(self.client.get(path, **headers)[STATUS_HEADER], "miss")
        self.assertEqual(self.client.get(path, **headers)[STATUS_HEADER], "hit")


@override_settings(NEWSBROWSER_PAGE_CACHE=True)
class PageCacheCase(PageCacheMixin, TestCase):
    """Reads only: each test in a transaction that never commits."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.data_make()

    def setUp(self) -> None:
        caches[PAGE_CACHE_ALIAS].clear()


@override_settings(NEWSBROWSER_PAGE_CACHE=True)
class CommittedWritesCase(PageCacheMixin, TransactionTestCase):
    """Writes commit as in production, so the bump that follows each commit runs."""

    serialized_rollback = True  # keeps the countries loaded by a data migration

    def setUp(self) -> None:
        self.data_make()
        caches[PAGE_CACHE_ALIAS].clear()


class StoredPagesTest(PageCacheCase):
    def test_a_stored_page_is_served_again_with_one_query_the_generation(self):
        first = self.client.get(self.speaker.get_absolute_url())
        self.assertEqual(first[STATUS_HEADER], "miss")
        with self.assertNumQueries(1):
            again = self.client.get(self.speaker.get_absolute_url())
        self.assertEqual(again[STATUS_HEADER], "hit")
        self.assertEqual(again.content, first.content)
        self.assertEqual(again["Content-Type"], first["Content-Type"])

    def test_the_headers_of_the_page_come_back_with_it(self):
        first = self.client.get(HOME)
        again = self.client.get(HOME)
        self.assertEqual(again["X-Frame-Options"], first["X-Frame-Options"])
        self.assertEqual(again["Vary"], first["Vary"])

    def test_every_query_string_is_a_page_of_its_own(self):
        self.assert_stored_then_served(HOME)
        self.assertEqual(self.client.get(f"{HOME}?page=2")[STATUS_HEADER], "miss")

    def test_a_htmx_fragment_and_its_full_page_never_share_an_entry(self):
        url = self.speaker.get_absolute_url()
        page = self.client.get(url)
        fragment = self.client.get(url, **HTMX)
        self.assertEqual(fragment[STATUS_HEADER], "miss")
        self.assertIn(b"<html", page.content)
        self.assertNotIn(b"<html", fragment.content)
        self.assertIn(b"<html", self.client.get(url).content)
        self.assertNotIn(b"<html", self.client.get(url, **HTMX).content)

    def test_the_target_of_a_htmx_request_is_part_of_the_key(self):
        url = self.speaker.get_absolute_url()
        self.client.get(url, **HTMX)
        other = self.client.get(url, **HTMX, HTTP_HX_TARGET="load-more")
        self.assertEqual(other[STATUS_HEADER], "miss")

    def test_answers_other_than_200_are_not_stored(self):
        for _ in range(2):
            response = self.client.get("/people/nobody-of-that-name/")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(STATUS_HEADER, response)

    def test_the_csv_export_streams_and_is_not_stored(self):
        url = f"{reverse('entities:statements-csv')}?speaker={self.speaker.slug}"
        for _ in range(2):
            response = self.client.get(url)
            self.assertTrue(response.streaming)
            self.assertNotIn(STATUS_HEADER, response)

    def test_anonymous_pages_carry_no_csrf_token_and_set_no_cookie(self):
        response = self.client.get(HOME)
        self.assertNotIn(b"X-CSRFToken", response.content)
        self.assertFalse(response.cookies)

    def test_when_the_generation_cannot_be_read_the_view_answers_uncached(self):
        # In an outage the view meets the database too, and guards.middleware answers 503.
        with mock.patch(
            "pagecache.middleware.generation_current", side_effect=OperationalError("gone")
        ):
            response = self.client.get(HOME)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(STATUS_HEADER, response)

    @override_settings(NEWSBROWSER_PAGE_CACHE=False)
    def test_the_setting_turns_the_cache_off(self):
        for _ in range(2):
            self.assertNotIn(STATUS_HEADER, self.client.get(HOME))


class EditorsTest(PageCacheCase):
    def test_a_logged_in_editor_never_gets_a_stored_page(self):
        self.assert_stored_then_served(HOME)
        self.client.force_login(self.editor)
        response = self.client.get(HOME)
        self.assertNotIn(STATUS_HEADER, response)
        # Their page holds their CSRF token, for the htmx requests the admin's pages send.
        self.assertIn(b"X-CSRFToken", response.content)

    def test_a_logged_in_editor_never_stores_a_page(self):
        self.client.force_login(self.editor)
        self.client.get(HOME)
        self.client.logout()
        self.assertEqual(self.client.get(HOME)[STATUS_HEADER], "miss")

    def test_the_admin_is_never_stored(self):
        login = reverse("admin:login")
        for _ in range(2):
            self.assertNotIn(STATUS_HEADER, self.client.get(login))

    def test_a_page_holding_a_csrf_token_is_not_stored(self):
        # The login page renders one for every visitor: it is bound to their browser.
        self.client.cookies["csrftoken"] = "x" * 32
        for _ in range(2):
            response = self.client.get(reverse("admin:login"))
            self.assertNotIn(STATUS_HEADER, response)

    def test_a_browser_with_messages_waiting_is_not_served_from_the_cache(self):
        self.assert_stored_then_served(HOME)
        self.client.cookies["messages"] = "waiting"
        self.assertNotIn(STATUS_HEADER, self.client.get(HOME))


class GenerationTest(CommittedWritesCase):
    def test_one_transaction_counts_up_once_however_many_writes(self):
        before = generation_current()
        with transaction.atomic():
            article_make(title="One")
            article_make(title="Two")
            person_make("Someone New")
        self.assertEqual(generation_current(), before + 1)

    def test_a_write_that_rolls_back_counts_nothing(self):
        before = generation_current()
        try:
            with transaction.atomic():
                article_make(title="Never stored")
                raise RuntimeError("abandoned")
        except RuntimeError:
            pass
        self.assertEqual(generation_current(), before)

    def test_a_page_rendered_before_a_write_is_not_served_after_it(self):
        self.assert_stored_then_served(HOME)
        article_make(title="Fresh from the wire")
        response = self.client.get(HOME)
        self.assertEqual(response[STATUS_HEADER], "miss")
        self.assertContains(response, "Fresh from the wire")


class WritePathsTest(CommittedWritesCase):
    """Every way the data changes: the next request shows it."""

    def test_an_admin_edit_of_an_article(self):
        url = self.article.get_absolute_url()
        self.assert_stored_then_served(url)
        self.client.force_login(self.editor)
        form = {
            "title": "Sullivan warns Moscow again",
            "body": self.article.body,
            "author": "",
            "publisher": "",
            "url": "",
            "published_at_0": "2024-04-10",
            "published_at_1": "12:00:00",
            "image_caption": "",
            "source_name": "",
        }
        response = self.client.post(
            reverse("admin:articles_article_change", args=[self.article.pk]), form
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertContains(self.client.get(url), "Sullivan warns Moscow again")

    def test_a_person_saved_through_the_orm(self):
        url = self.speaker.get_absolute_url()
        self.assert_stored_then_served(url)
        # As the admin saves a person's name (the receiver of post_save bumps).
        person = Person.objects.get(pk=self.speaker.pk)
        person.name = "Jacob Sullivan"
        person.save(update_fields=["name"])
        self.assertContains(self.client.get(url), "Jacob Sullivan")

    def test_deleting_an_article_in_the_admin(self):
        self.assert_stored_then_served(HOME)
        self.client.force_login(self.editor)
        self.client.post(
            reverse("admin:articles_article_delete", args=[self.article.pk]), {"post": "yes"}
        )
        self.client.logout()
        self.assertFalse(Article.objects.exists())
        self.assertNotContains(self.client.get(HOME), "Sullivan warns Moscow")

    def test_deleting_a_statement_in_the_admin(self):
        url = self.speaker.get_absolute_url()
        self.assertContains(self.client.get(url), "We are watching")
        self.client.force_login(self.editor)
        self.client.post(
            reverse("admin:entities_statement_delete", args=[self.statement.pk]),
            {"post": "yes"},
        )
        self.client.logout()
        self.assertNotContains(self.client.get(url), "We are watching")

    def test_merging_two_people(self):
        other = person_make("Jacob Sullivan")
        statement_make(article=article_make(title="Second"), speaker=other, text="Still watching")
        url = self.speaker.get_absolute_url()
        self.assert_stored_then_served(url)
        person_merge(into=self.speaker, others=[other])
        self.assertContains(self.client.get(url), "Still watching")

    def test_splitting_an_alias_off(self):
        article = article_make(title="Third")
        statement_make(
            article=article, speaker=self.speaker, text="Not him", speaker_text="Dan Sullivan"
        )
        Person.objects.filter(pk=self.speaker.pk).update(aliases=["Dan Sullivan"])
        url = self.speaker.get_absolute_url()
        self.assertContains(self.client.get(url), "Not him")
        person_alias_split(person=Person.objects.get(pk=self.speaker.pk), alias="Dan Sullivan")
        self.assertNotContains(self.client.get(url), "Not him")

    def test_an_editors_correction_of_a_speaker(self):
        other = person_make("Antony Blinken")
        url = other.get_absolute_url()
        self.assertNotContains(self.client.get(url), "We are watching")
        # What the statement admin does when an editor sets the source.
        with aggregates_kept(statement_ids=[self.statement.pk]):
            statement = Statement.objects.get(pk=self.statement.pk)
            statement.speaker = other
            statement.save()
            statement_correction_record(statement=statement, editor=None, speaker_corrected=True)
        self.assertContains(self.client.get(url), "We are watching")


@pytest.mark.slow
class ImportWritePathsTest(CommittedWritesCase):
    def test_importing_an_article(self):
        self.assert_stored_then_served(HOME)
        call_command("import_articles", str(SEED_ARTICLE), verbosity=0)
        imported = Article.objects.exclude(pk=self.article.pk).get()
        self.assertContains(self.client.get(HOME), imported.get_absolute_url())

    def test_extracting_an_article_again(self):
        article = article_make(title="Kishida speaks")
        Article.objects.filter(pk=article.pk).update(
            body='"We will not accept any attack on Japan," Fumio Kishida said on Monday.'
        )
        url = article.get_absolute_url()
        self.assertNotContains(self.client.get(url), "fumio-kishida")
        list(articles_extract(article_ids=[article.pk]))
        self.assertContains(self.client.get(url), "fumio-kishida")


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


REDIS_TEST_URL = "redis://127.0.0.1:6379/0"
REDIS_PAGES = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_TEST_URL,
    # Keys of this run only, gone in a minute: clear() would empty the whole Redis database,
    # whatever else (job queues) it holds.
    "KEY_PREFIX": f"newsbrowser-tests-pagecache-{uuid.uuid4().hex}",
    "TIMEOUT": 60,
}


@pytest.mark.skipif(not _redis_answers(), reason="no Redis at 127.0.0.1:6379")
@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": REDIS_PAGES,
    }
)
class RedisPageCacheTest(CommittedWritesCase):
    """The production setting (NEWSBROWSER_PAGE_CACHE_BACKEND=redis) keeps and drops pages
    the same way."""

    def setUp(self) -> None:
        # Nothing to clear: the key prefix is this run's own.
        self.data_make()

    def test_a_page_stored_in_redis_is_served_until_a_write(self):
        url = self.speaker.get_absolute_url()
        self.assert_stored_then_served(url)
        statement_make(article=article_make(title="Later"), speaker=self.speaker, text="Again")
        response = self.client.get(url)
        self.assertEqual(response[STATUS_HEADER], "miss")
        self.assertContains(response, "Again")


class DropCommandTest(CommittedWritesCase):
    def test_the_command_drops_every_stored_page(self):
        self.assert_stored_then_served(HOME)
        out = StringIO()
        call_command("page_cache_drop", stdout=out)
        self.assertIn("Cached pages dropped", out.getvalue())
        self.assertEqual(self.client.get(HOME)[STATUS_HEADER], "miss")
