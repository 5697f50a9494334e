"""The entity audit: which people it suspects, what it counts, and how it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import TestCase

from bench.entities_audit import (
    NameParts,
    PersonRow,
    audit_collect,
    audit_text,
    database_holdings,
    duplicate_groups,
    name_parts,
    names_a_speaker,
    non_person_reasons,
)
from entities.models import Statement, StatementCountry
from tests.conftest import SEEDS
from tests.entities.builders import article_make, country, person_make, statement_make

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "bench" / "entities_audit.py"


def grouped(*names: str) -> list[list[str]]:
    groups = duplicate_groups([PersonRow(name=name) for name in names])
    return [sorted(name for name, _ in group.people) for group in groups]


def test_name_parts_drop_honorifics_middle_names_suffixes_and_possessives():
    assert name_parts("Joseph R. Biden Jr.") == NameParts("joseph", "biden", "jr")
    assert name_parts("Mr. Martin O\u2019Malley") == NameParts("martin", "o'malley", "")
    assert name_parts("Barack Obama\u2018s") == NameParts("barack", "obama", "")


@pytest.mark.parametrize(
    "names",
    [
        ("Donald Trump", "Donald J. Trump"),
        ("Hillary Clinton", "Hillary Rodham Clinton"),
        ("James Comey", "James B. Comey"),
        ("Martin O'Malley", "Martin O\u2019Malley"),
        ("Chuck Grassley", "Charles Grassley"),
        ("Ed Rendell", "Edward G. Rendell"),
        ("Barack Obama", "Barack Obama\u2019s"),
        ("J. Smith", "John Smith"),
        ("J.D. Vance", "James David Vance"),
    ],
)
def test_name_variants_of_one_person_are_suspected_duplicates(names):
    assert grouped(*names) == [sorted(names)]


@pytest.mark.parametrize(
    "names",
    [
        ("Bill Clinton", "Hillary Clinton"),
        ("Ron Johnson", "Gary Johnson"),
        ("Jake Sullivan", "Sullivan"),  # one word: no given name to compare
    ],
)
def test_different_given_names_are_kept_apart(names):
    assert grouped(*names) == []


def test_a_generational_suffix_marks_the_group_for_a_careful_look():
    (group,) = duplicate_groups([PersonRow("Joe Biden"), PersonRow("Joseph R. Biden Jr.")])
    assert group.suffix_differs
    (group,) = duplicate_groups([PersonRow("Donald Trump"), PersonRow("Donald J. Trump")])
    assert not group.suffix_differs


def test_groups_come_busiest_first_and_people_within_them_too():
    people = [
        PersonRow("Vladimir V. Putin", 13),
        PersonRow("Vladimir Putin", 0),
        PersonRow("Donald J. Trump", 18),
        PersonRow("Donald Trump", 223),
    ]
    groups = duplicate_groups(people)
    assert [g.people for g in groups] == [
        [("Donald Trump", 223), ("Donald J. Trump", 18)],
        [("Vladimir V. Putin", 13), ("Vladimir Putin", 0)],
    ]


@pytest.mark.parametrize(
    "name, other_names, reason",
    [
        ("Trump Tower", [], "organisation or place word"),
        ("Donald J. Trump Foundation", [], "organisation or place word"),
        ("Principles Pac", [], "organisation or place word"),
        ("Acme Inc.", [], "organisation or place word"),
        ("John the baker", [], "lowercase word"),
        ("Barack Obama\u2018s", [], "possessive"),
        ("Agent 47", [], "digits"),
        ("Marco Rubio Responds To Question", [], "capitalised function word"),
        ("Donald Trump Leads", ["Donald Trump"], "another person's name plus other words"),
        ("Billionaire Donald Trump", ["Donald Trump"], "another person's name plus other words"),
        ("Gary Cameron/Reuters", [], "words glued together or a photo credit"),
        ("Daniel MaransFlagShareLikeReply", [], "words glued together or a photo credit"),
    ],
)
def test_names_of_things_and_headline_fragments_are_suspected_non_persons(
    name, other_names, reason
):
    assert reason in non_person_reasons(name, other_names=other_names)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Entrusting Donald Trump", "Asserting Clinton"])
def test_an_inflected_verb_glued_to_a_name_is_suspected(name):
    assert "verb-like word" in non_person_reasons(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Fascist Trump", "Classic Clinton"])
def test_an_adjective_before_a_known_family_name_is_suspected(name):
    others = ["Donald Trump", "Hillary Clinton"]
    reasons = non_person_reasons(name, other_names=others)
    assert reasons == ["an English word before another person's family name"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, other_names",
    [
        ("Ursula von der Leyen", []),
        ("Bashar al-Assad", []),
        ("Martin O\u2019Malley", []),
        ("Jared Kushner", []),
        ("Maxine Waters", []),
        ("Donald Trump Jr.", ["Donald Trump"]),
        ("Debbie Wasserman Schultz", ["Wasserman Schultz"]),
        ("Marine Le Pen", ["Le Pen"]),
        ("Mitt Romney", ["George Romney"]),
        ("Ash Carter", ["Ashton B. Carter"]),
        ("RoseAnn DeMoro", []),
        ("Michael McCaul", []),
        ("Frank Pallone", ["Gerald Pallone"]),
    ],
)
def test_real_names_are_not_suspected(name, other_names):
    # Frank is an adjective, but also the given name of another person of the archive.
    given_names = frozenset({"frank"})
    assert non_person_reasons(name, other_names=other_names, given_names=given_names) == []


@pytest.mark.parametrize(
    "speaker_text, named",
    [
        ("Sanders", True),
        ("the White House", True),
        ("The Florida senator", True),
        ("he", False),
        ("He", False),
        ("The official", False),
        ("a spokeswoman", False),
        ("", False),
    ],
)
def test_a_speaker_is_named_when_a_word_other_than_a_pronoun_is_capitalised(speaker_text, named):
    assert names_a_speaker(speaker_text) is named


class AuditCollectTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        article = article_make(title="Senate hearing")
        trump = person_make("Donald Trump")
        trump.roles = ["President", "former president"]
        trump.country = country("US")
        trump.save()
        person_make("Donald J. Trump")
        person_make("Trump Tower")
        statement_make(article=article, speaker=trump, text="We will win", about=[country("MX")])
        unlinked = statement_make(article=article, speaker=None, text="I will vote no")
        Statement.objects.filter(pk=unlinked.pk).update(speaker_text="Sanders")
        pronoun = statement_make(article=article, speaker=None, text="It is a good day")
        Statement.objects.filter(pk=pronoun.pk).update(speaker_text="he")
        StatementCountry.objects.create(
            statement=pronoun, country=country("MX"), role=StatementCountry.Role.CONTEXT
        )

    def test_counts_duplicates_non_persons_and_unlinked_named_speakers(self):
        audit = audit_collect()
        assert (audit.articles, audit.persons, audit.statements) == (1, 3, 3)
        assert audit.statements_by_speaker_kind == {"(none)": 2, "person": 1}
        assert [g["people"] for g in audit.duplicate_groups] == [
            [("Donald Trump", 1), ("Donald J. Trump", 0)]
        ]
        assert [row["name"] for row in audit.non_persons] == ["Trump Tower"]
        assert (audit.unlinked_named, audit.unlinked_speaker_texts) == (1, [("Sanders", 1)])

    def test_tallies_roles_and_countries(self):
        audit = audit_collect()
        assert audit.roles == [("former president", 1), ("president", 1)]
        assert (audit.people_with_roles, audit.people_with_one_word_role) == (1, 1)
        assert (audit.people_by_country, audit.people_without_country) == (
            [("United States", 1)],
            2,
        )
        assert audit.statement_countries == [
            {"country": "Mexico", "content": 1, "context": 1, "total": 2}
        ]

    def test_text_puts_the_figures_first_and_is_the_same_on_every_run(self):
        text = audit_text(audit_collect())
        assert text.splitlines()[0].split() == ["articles", "1"]
        assert text.index("named but unlinked speakers") < text.index("== Suspected duplicate")
        assert "trump: Donald Trump (1); Donald J. Trump (0)" in text
        assert audit_text(audit_collect()) == text

    def test_a_database_holding_articles_is_reported(self):
        assert database_holdings() == "1 articles, 3 people, 3 statements"


class EmptyDatabaseTest(TestCase):
    def test_a_database_with_only_countries_holds_nothing(self):
        assert database_holdings() == ""


def run_audit(*args: str, database_url: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_audit_imports_the_corpus_into_a_temporary_database_and_prints_json():
    done = run_audit(str(SEEDS), "--limit", "1", "--json", database_url=None)
    assert done.returncode == 0, done.stderr
    audit = json.loads(done.stdout)
    assert (audit["articles"], audit["imported"]) == (1, {"imported": 1})
    assert audit["persons"] >= 5 and audit["statements"] == 2


@pytest.mark.slow
def test_audit_uses_database_url_and_refuses_one_that_holds_articles(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    first = run_audit(str(SEEDS), "--limit", "1", database_url=database_url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[1].split()[:2] == ["articles", "1"]

    again = run_audit(str(SEEDS), "--limit", "1", database_url=database_url)
    assert again.returncode == 2
    assert "already holds 1 articles" in again.stderr
