"""Invisible characters never enter the archive; names and titles are stored in NFKC."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from articles.models import content_hash_for
from articles.readers import ReadLimits, items_from_bytes
from articles.unicode_forms import normal_line, without_invisible_characters

LIMITS = ReadLimits(max_file_bytes=5 * 2**20, max_archive_bytes=20 * 2**20)

INVISIBLE = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space (byte-order mark)",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u00ad": "soft hyphen",
    "\U000e0041": "tag latin capital letter a",
}


@pytest.mark.parametrize("character", INVISIBLE, ids=INVISIBLE.values())
def test_every_invisible_character_is_removed_from_names_and_bodies(character):
    assert normal_line(f"Joe Bi{character}den") == "Joe Biden"
    assert without_invisible_characters(f"Joe Bi{character}den said.") == "Joe Biden said."


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("\uff2a\uff4f\uff45 \uff22\uff49\uff44\uff45\uff4e", "Joe Biden"),  # fullwidth letters
        ("Joe\u00a0Biden", "Joe Biden"),  # no-break space
        ("  Joe \t Biden\n", "Joe Biden"),
        ("\ufb01nal offer", "final offer"),  # the fi ligature
        ("Zelens\u0301kyi", "Zelen\u015bkyi"),  # s and a combining accent, composed
        ("Joe\u200b Biden", "Joe Biden"),
    ],
)
def test_a_name_or_title_is_stored_in_nfkc_spaced_once(written, stored):
    assert normal_line(written) == stored


def test_a_body_keeps_its_paragraphs_and_its_compatibility_characters():
    body = "First\u00a0paragraph \u00bd.\n\n\u202eSecond\u202c paragraph."
    assert without_invisible_characters(body) == "First\u00a0paragraph \u00bd.\n\nSecond paragraph."


def record_from_json(record: dict) -> object:
    data = json.dumps(record).encode()
    (item,) = items_from_bytes(data, name="a.json", label="a.json", limits=LIMITS)
    return item


def test_a_read_record_has_no_invisible_characters_and_its_title_in_nfkc():
    item = record_from_json(
        {
            "title": "\u202eaissuR\u202c talks: \uff2e\uff21\uff34\uff2f replies",
            "body": '"We are ready," Joe Bi\u200bden said.\n\nThe talks\u2060 go on.',
            "author": "Ann\u200d Smith",
            "publisher": "The\u00a0Wire",
        }
    )
    record = item.record
    assert record.title == "aissuR talks: NATO replies"
    assert record.body == '"We are ready," Joe Biden said.\n\nThe talks go on.'
    assert record.author == "Ann Smith"
    assert record.publisher == "The Wire"


def test_a_record_whose_text_is_only_invisible_characters_is_refused():
    item = record_from_json({"title": "Empty", "body": "\u200b\u202e\u2060 \ufeff"})
    assert item.record is None
    assert item.error == "the article text is only invisible characters"


def test_the_content_hash_ignores_invisible_characters():
    assert content_hash_for(title="Talks", body="Joe Bi\u200bden said.") == content_hash_for(
        title="Talks", body="Joe Biden said."
    )
    assert content_hash_for(title="Talks", body="Joe Biden said.") != content_hash_for(
        title="Talks", body="Joe Bidens said."
    )


class ArticleTextMigrationTest(TransactionTestCase):
    """Stored articles get normal titles and hashes; their bodies and offsets stay."""

    serialized_rollback = True  # the countries come from a data migration
    BEFORE = [("articles", "0004_importjob_recovery")]
    AFTER = [("articles", "0005_article_text_normal_forms")]

    def tearDown(self) -> None:
        # Going back to articles 0004 also unapplied every later migration that depends on
        # it (entities 0013 onwards); the tests after this one need the whole schema.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    def test_titles_are_normalised_and_hashes_recomputed_bodies_kept(self):
        executor = MigrationExecutor(connection)
        executor.migrate(self.BEFORE)
        Article = executor.loader.project_state(self.BEFORE).apps.get_model("articles", "Article")
        body = "Joe Bi\u200bden said so."
        spoofed = Article.objects.create(
            title="\u202eaissuR\u202c\u00a0talks", body=body, author="A\u200bnn", content_hash="old"
        )
        plain = Article.objects.create(title="Plain", body="Plain text.", content_hash="plain")

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(self.AFTER)

        Article = executor.loader.project_state(self.AFTER).apps.get_model("articles", "Article")
        spoofed = Article.objects.get(pk=spoofed.pk)
        self.assertEqual(spoofed.title, "aissuR talks")
        self.assertEqual(spoofed.author, "Ann")
        self.assertEqual(spoofed.body, body)  # statements' offsets point into it
        # The same article imported again, now cleaned, is found unchanged.
        self.assertEqual(
            spoofed.content_hash, content_hash_for(title="aissuR talks", body="Joe Biden said so.")
        )
        plain = Article.objects.get(pk=plain.pk)
        self.assertEqual(plain.content_hash, content_hash_for(title="Plain", body="Plain text."))


@pytest.mark.django_db
def test_the_article_admin_form_stores_text_as_an_import_would():
    from articles.admin import ArticleAdminForm

    form = ArticleAdminForm(
        data={"title": "\u202eaissuR\u202c\u00a0talks", "body": "Joe Bi\u200bden said so."}
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "aissuR talks"
    assert form.cleaned_data["body"] == "Joe Biden said so."
