"""No orphan people: a person nothing refers to any more is deleted with what referred to them."""

from __future__ import annotations

from itertools import count

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from articles.services import articles_delete
from entities.models import Person, PersonNameLink, Statement, StatementCorrection
from entities.nlp.results import ArticleExtraction, PersonMention, StatementFound
from entities.services import article_entities_replace, person_alias_split, person_merge
from tests.entities.builders import article_make, country

_ARTICLE_NUMBERS = count()

# On PostgreSQL, one more: the advisory locks of the aggregates kept (issue 14).
AGGREGATE_LOCKS = int(connection.vendor == "postgresql")


def _naming(*names: str, speaker: str | None = None) -> ArticleExtraction:
    """An article naming ``names`` in turn; ``speaker`` says one thing."""
    people, offset = [], 0
    for name in names:
        people.append(PersonMention(name=name, text=name, start=offset, end=offset + len(name)))
        offset += len(name) + 2
    statements = []
    if speaker is not None:
        statements.append(
            StatementFound(
                text="We will act soon",
                start=offset + 10,
                end=offset + 26,
                kind="direct",
                speaker_name=speaker,
                speaker_text=speaker,
                cue="said",
                speaker_kind="person",
            )
        )
    return ArticleExtraction(people=people, statements=statements)


def _store(extraction: ArticleExtraction, article: Article | None = None) -> Article:
    article = article or article_make(title=f"Article {next(_ARTICLE_NUMBERS)}")
    article_entities_replace(article=article, extraction=extraction)
    return article


def _people() -> list[str]:
    return sorted(Person.objects.values_list("name", flat=True))


class DeletedArticleTest(TestCase):
    def test_a_deleted_articles_only_person_disappears(self):
        article = _store(_naming("Amy Klobuchar", speaker="Amy Klobuchar"))
        _store(_naming("Jake Sullivan"))
        assert articles_delete(article_ids=[article.pk]) == 1
        assert _people() == ["Jake Sullivan"]

    def test_a_person_still_mentioned_elsewhere_stays(self):
        article = _store(_naming("Amy Klobuchar", "Jake Sullivan"))
        _store(_naming("Jake Sullivan"))
        articles_delete(article_ids=[article.pk])
        assert _people() == ["Jake Sullivan"]

    def test_a_person_still_quoted_elsewhere_stays(self):
        article = _store(_naming("Jake Sullivan"))
        _store(_naming(speaker="Jake Sullivan"))
        articles_delete(article_ids=[article.pk])
        assert _people() == ["Jake Sullivan"]

    def test_a_person_an_editor_corrected_stays(self):
        article = _store(_naming("Amy Klobuchar"))
        amy = Person.objects.get()
        PersonNameLink.objects.create(name_key="amy jean klobuchar", person=amy)
        articles_delete(article_ids=[article.pk])
        assert _people() == ["Amy Klobuchar"]

        other = _store(_naming(speaker="Jake Sullivan"))
        kept = _store(_naming())
        jake = Person.objects.get(name="Jake Sullivan")
        StatementCorrection.objects.create(
            article=kept, start=0, end=5, text="words", corrects_speaker=True, speaker=jake
        )
        articles_delete(article_ids=[other.pk])
        assert _people() == ["Amy Klobuchar", "Jake Sullivan"]

    def test_a_person_whose_country_an_editor_chose_stays(self):
        article = _store(_naming("Amy Klobuchar"))
        Person.objects.update(country=country("US"), country_set_by_editor=True)
        articles_delete(article_ids=[article.pk])
        assert _people() == ["Amy Klobuchar"]

    def test_deleting_in_the_admin_deletes_the_orphans_too(self):
        editor = get_user_model().objects.create_superuser("editor", "e@x.org", "pass-phrase")
        self.client.force_login(editor)
        first = _store(_naming("Amy Klobuchar"))
        second = _store(_naming("Jake Sullivan"))
        _store(_naming("Bernie Sanders"))
        delete_url = reverse("admin:articles_article_delete", args=[first.pk])
        self.client.post(delete_url, {"post": "yes"})
        self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
        )
        assert _people() == ["Bernie Sanders"]

    def test_queries_do_not_grow_with_the_people_left_behind(self):
        few = [_store(_naming("Amy Klobuchar", speaker="Amy Klobuchar"))]
        many = [
            _store(_naming(f"Person Number{n}", f"Other Person{n}", speaker=f"Person Number{n}"))
            for n in range(10)
        ]
        # The articles' people; the articles and what hangs on them; the people, their
        # votes; the orphans, and their rows and what hangs on them; savepoints; the keys of
        # the statements before and after, and their aggregates counted again; what the
        # articles' statements said naming people, before and after, taken off (issue 14);
        # the facets' rows and pairs of people counted again (entities 0017: 11 queries).
        with self.assertNumQueries(47 + AGGREGATE_LOCKS):
            articles_delete(article_ids=[a.pk for a in few])
        with self.assertNumQueries(47 + AGGREGATE_LOCKS):
            articles_delete(article_ids=[a.pk for a in many])
        assert _people() == []


class ReextractedArticleTest(TestCase):
    def test_a_person_the_article_no_longer_names_disappears(self):
        article = _store(_naming("Amy Klobuchar", speaker="Amy Klobuchar"))
        _store(_naming("Jake Sullivan"), article=article)
        assert _people() == ["Jake Sullivan"]
        assert not Statement.objects.exists()

    def test_a_person_named_in_another_article_stays(self):
        article = _store(_naming("Amy Klobuchar"))
        _store(_naming("Amy Klobuchar", "Jake Sullivan"))
        _store(_naming("Jake Sullivan"), article=article)
        assert _people() == ["Amy Klobuchar", "Jake Sullivan"]

    def test_extracting_again_what_it_found_before_keeps_everyone(self):
        article = _store(_naming("Amy Klobuchar", speaker="Amy Klobuchar"))
        amy = Person.objects.get()
        _store(_naming("Amy Klobuchar", speaker="Amy Klobuchar"), article=article)
        assert list(Person.objects.all()) == [amy]


class MergeAndSplitTest(TestCase):
    def test_a_merge_leaves_no_one_behind(self):
        _store(_naming("Beto O'Rourke"))
        _store(_naming("Robert O'Rourke", speaker="Robert O'Rourke"))
        beto = Person.objects.get(name="Beto O'Rourke")
        person_merge(into=beto, others=Person.objects.exclude(pk=beto.pk))
        assert _people() == ["Beto O'Rourke"]

    def test_a_split_that_takes_everything_leaves_no_one_behind(self):
        _store(_naming("Dan Sullivan", speaker="Dan Sullivan"))
        wrong = Person.objects.get()
        # An editor renamed him wrongly; the split puts it right.
        Person.objects.filter(pk=wrong.pk).update(
            name="Jake Sullivan", name_key="jake sullivan", aliases=["Dan Sullivan"]
        )
        wrong.refresh_from_db()
        person_alias_split(person=wrong, alias="Dan Sullivan")
        assert _people() == ["Dan Sullivan"]
