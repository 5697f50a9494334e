"""The identity migration merges the people its rules join, without losing a statement."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("entities", "0008_organisation_search_index")]
AFTER = [("entities", "0010_person_identity_merge")]


class PersonIdentityMigrationTest(TransactionTestCase):
    # The countries come from a data migration; the flush after this test must restore them.
    serialized_rollback = True

    def setUp(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        Article = apps.get_model("articles", "Article")
        Person = apps.get_model("entities", "Person")
        Statement = apps.get_model("entities", "Statement")
        Mention = apps.get_model("entities", "Mention")

        def person(name: str, key: str, *aliases: str):
            slug = f"p{Person.objects.count()}"
            return Person.objects.create(name=name, name_key=key, slug=slug, aliases=list(aliases))

        people = {
            "trump": person("Donald Trump", "donald trump"),
            "trump_j": person("Donald J. Trump", "donald j trump"),
            "junior": person("Donald Trump Jr.", "donald trump jr"),
            "comey": person("James Comey", "james comey"),
            "comey_b": person("James B. Comey", "james b comey"),
            "omalley": person("Martin O'Malley", "martin o'malley"),
            "omalley_curly": person("Martin O\u2019Malley", "martin o\u2019malley"),
            "biden": person("Joe Biden", "joe biden"),
            "biden_formal": person("Joseph R. Biden Jr.", "joseph r biden jr"),
            "bush_w": person("George W. Bush", "george w bush"),
            "bush_hw": person("George H. W. Bush", "george h w bush"),
        }
        counts = {"trump": 3, "trump_j": 2, "junior": 1, "comey_b": 2, "omalley_curly": 1}
        for number, (label, who) in enumerate(people.items()):
            body = f"{who.name} spoke. " + "x" * 40
            article = Article.objects.create(
                title=f"A{number}", body=body, content_hash=f"h{number}"
            )
            Mention.objects.create(article=article, person=who, text=who.name, start=0, end=5)
            for n in range(counts.get(label, 1)):
                Statement.objects.create(
                    article=article,
                    speaker=who,
                    speaker_text=who.name,
                    text="said",
                    start=n,
                    end=n + 1,
                )
        # The son and the father named in one article: two people.
        both = Article.objects.create(title="Both", body="x" * 60, content_hash="both")
        Mention.objects.create(article=both, person=people["junior"], text="J", start=0, end=1)
        Mention.objects.create(article=both, person=people["trump_j"], text="T", start=2, end=3)
        # Formal and informal names of one man in one article: still one person.
        biden = Article.objects.create(title="Biden", body="x" * 60, content_hash="biden")
        Mention.objects.create(article=biden, person=people["biden"], text="J", start=0, end=1)
        Mention.objects.create(
            article=biden, person=people["biden_formal"], text="B", start=2, end=3
        )
        self.statements_before = Statement.objects.count()

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        self.apps = executor.loader.project_state(AFTER).apps

    def tearDown(self) -> None:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )

    def test_duplicates_merge_and_no_statement_is_lost(self):
        Person = self.apps.get_model("entities", "Person")
        Statement = self.apps.get_model("entities", "Statement")
        assert Statement.objects.count() == self.statements_before
        assert sorted(Person.objects.values_list("name", flat=True)) == [
            "Donald Trump",
            "Donald Trump Jr.",
            "George H. W. Bush",
            "George W. Bush",
            "James B. Comey",
            "Joe Biden",
            "Martin O'Malley",
        ]
        trump = Person.objects.get(name="Donald Trump")
        assert Statement.objects.filter(speaker=trump).count() == 5
        assert "Donald J. Trump" in trump.aliases
        assert Person.objects.get(name="Donald Trump Jr.").suffix_key == "jr"
        assert Statement.objects.filter(speaker__name="Joe Biden").count() == 2
        assert Person.objects.get(name="Martin O'Malley").name_key == "martin o'malley"
        assert set(Person.objects.values_list("family_key", flat=True)) == {
            "trump",
            "bush",
            "comey",
            "biden",
            "omalley",
        }
