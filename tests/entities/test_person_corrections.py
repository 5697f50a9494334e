"""Editors' merges and splits of people survive extracting and importing the articles again."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import TestCase

from articles.models import Article
from articles.services import articles_extract, articles_import
from entities.models import Person, Statement
from entities.services import person_alias_split, person_merge

ARTICLES = {
    "robert.txt": (
        "Senate hopeful speaks in El Paso\n\n"
        "Robert O'Rourke, the Texas congressman, spoke to voters on Tuesday.\n\n"
        '"We will win this state," Robert O\'Rourke said at the rally.\n'
    ),
    "beto.txt": (
        "Candidate tours the border\n\n"
        "Beto O'Rourke, the Democratic candidate, visited the border on Friday.\n\n"
        '"This wall makes no sense," Beto O\'Rourke said to reporters.\n'
    ),
    "father.txt": (
        "Candidate rallies in Iowa\n\n"
        "Donald Trump spoke to a crowd in Des Moines on Saturday.\n\n"
        '"We are going to win Iowa," Donald Trump said.\n'
    ),
    "son.txt": (
        "Son of the candidate visits Ohio\n\n"
        "Donald Trump Jr. spoke to supporters in Columbus on Monday.\n\n"
        '"My father will bring the jobs back," Donald Trump Jr. said.\n'
    ),
}


@pytest.mark.slow
class CorrectionsSurviveTest(TestCase):
    @pytest.fixture(autouse=True)
    def _files(self, tmp_path: Path) -> None:
        self.paths = {}
        for name, text in ARTICLES.items():
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            self.paths[name] = path

    def _import(self, *names: str, force: bool = False) -> None:
        outcomes = list(articles_import(paths=[self.paths[n] for n in names], force=force))
        assert {o.status for o in outcomes} <= {"imported", "updated"}, outcomes

    def _speakers(self) -> dict[str, str]:
        return dict(Statement.objects.values_list("text", "speaker__name"))

    def test_a_merge_survives_reimport_and_reextraction(self):
        self._import("robert.txt", "beto.txt")
        robert, beto = (
            Person.objects.get(name="Robert O'Rourke"),
            Person.objects.get(name="Beto O'Rourke"),
        )
        person_merge(into=beto, others=[robert])

        self._import("robert.txt", "beto.txt", force=True)
        list(articles_extract(article_ids=list(Article.objects.values_list("pk", flat=True))))

        assert list(Person.objects.values_list("name", flat=True)) == ["Beto O'Rourke"]
        assert set(self._speakers().values()) == {"Beto O'Rourke"}

    def test_a_split_survives_reimport_and_reextraction(self):
        self._import("father.txt", "son.txt")
        # Named alone, the son joins the father (names.py): an editor splits him off.
        [trump] = Person.objects.all()
        junior = person_alias_split(person=trump, alias="Donald Trump Jr.")
        assert self._speakers()["My father will bring the jobs back"] == "Donald Trump Jr."

        self._import("father.txt", "son.txt", force=True)
        list(articles_extract(article_ids=list(Article.objects.values_list("pk", flat=True))))

        assert self._speakers() == {
            "We are going to win Iowa": "Donald Trump",
            "My father will bring the jobs back": "Donald Trump Jr.",
        }
        assert Person.objects.get(pk=junior.pk).suffix_key == "jr"
