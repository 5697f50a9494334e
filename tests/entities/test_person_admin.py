"""Admins merge two records of one person and split a wrongly grouped alias off."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from entities.models import Mention, Person, Statement
from entities.services import person_alias_split, person_merge
from tests.entities.builders import article_make, country, person_make, statement_make

CHANGELIST = reverse("admin:entities_person_changelist")


class PersonMergeTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.article = article_make(title="Sullivan speaks")
        cls.jake = person_make("Jake Sullivan")
        cls.jacob = person_make("Jacob Sullivan")
        cls.jake.roles = ["national security advisor"]
        cls.jake.save()
        cls.jacob.aliases = ["J. Sullivan"]
        cls.jacob.roles = ["National Security Advisor", "adviser"]
        cls.jacob.country = country("US")
        cls.jacob.save()
        statement_make(article=cls.article, speaker=cls.jake, text="We see no evidence")
        statement_make(article=cls.article, speaker=cls.jacob, text="We remain concerned")
        Mention.objects.create(
            article=cls.article, person=cls.jacob, text="Sullivan", start=0, end=8
        )

    def test_merge_moves_statements_and_mentions_and_unions_aliases(self):
        person_merge(into=self.jake, others=[self.jacob])
        self.jake.refresh_from_db()
        self.assertFalse(Person.objects.filter(pk=self.jacob.pk).exists())
        self.assertEqual(Statement.objects.filter(speaker=self.jake).count(), 2)
        self.assertEqual(Mention.objects.get().person, self.jake)
        self.assertEqual(self.jake.aliases, ["Jacob Sullivan", "J. Sullivan"])
        # Roles differing only in case are one role.
        self.assertEqual(self.jake.roles, ["national security advisor", "adviser"])
        self.assertEqual(self.jake.country.alpha2, "US")

    def test_admin_action_merges_into_the_person_with_most_statements(self):
        statement_make(article=self.article, speaker=self.jacob, text="A third remark here")
        admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pass-phrase")
        self.client.force_login(admin)
        response = self.client.post(
            CHANGELIST,
            {"action": "merge_people", "_selected_action": [self.jake.pk, self.jacob.pk]},
            follow=True,
        )
        self.assertContains(response, "Merged 1 into")
        self.assertEqual(list(Person.objects.values_list("name", flat=True)), ["Jacob Sullivan"])


class PersonAliasSplitTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.article = article_make(title="Two Sullivans")
        cls.jake = person_make("Jake Sullivan")
        cls.jake.aliases = ["Sullivan", "Dan Sullivan"]
        cls.jake.save()
        cls.wrong = statement_make(article=cls.article, speaker=cls.jake, text="Alaska first")
        cls.wrong.speaker_text = "Dan Sullivan"
        cls.wrong.save()
        cls.right = statement_make(article=cls.article, speaker=cls.jake, text="No evidence yet")
        Mention.objects.create(
            article=cls.article, person=cls.jake, text="Dan Sullivan", start=0, end=12
        )

    def test_split_moves_what_was_written_as_the_alias_to_a_new_person(self):
        dan = person_alias_split(person=self.jake, alias="Dan Sullivan")
        self.jake.refresh_from_db()
        self.assertEqual(dan.name, "Dan Sullivan")
        self.assertEqual(self.jake.aliases, ["Sullivan"])
        self.assertEqual(list(Statement.objects.filter(speaker=dan)), [self.wrong])
        self.assertEqual(list(Statement.objects.filter(speaker=self.jake)), [self.right])
        self.assertEqual(Mention.objects.get().person, dan)

    def test_split_refuses_a_name_that_is_not_an_alias(self):
        with self.assertRaises(ValueError):
            person_alias_split(person=self.jake, alias="Someone Else")

    def test_admin_action_asks_which_alias_then_splits_it(self):
        admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pass-phrase")
        self.client.force_login(admin)
        selected = {"action": "split_alias", "_selected_action": [self.jake.pk]}
        page = self.client.post(CHANGELIST, selected)
        self.assertContains(page, '<option value="Dan Sullivan">')
        response = self.client.post(
            CHANGELIST, {**selected, "alias": "Dan Sullivan", "apply": "Split off"}, follow=True
        )
        self.assertContains(response, "is now")
        self.assertTrue(Person.objects.filter(name="Dan Sullivan").exists())
