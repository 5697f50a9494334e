"""People around a person: who is quoted beside them, and what others say naming them."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from entities.models import Statement
from entities.selectors import people_quoted_alongside, statements_about_person
from tests.entities.builders import article_make, mention_make, person_make, statement_make

HTMX = {"HTTP_HX_REQUEST": "true"}


class PeopleQuotedAlongsideTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.sullivan = person_make("Jake Sullivan")
        cls.blinken = person_make("Antony Blinken")
        cls.wang = person_make("Wang Yi")
        cls.stranger = person_make("Far Away")
        for number in range(3):
            article = article_make(title=f"Shared {number}")
            statement_make(article=article, speaker=cls.sullivan, text=f"First {number}")
            statement_make(article=article, speaker=cls.sullivan, text=f"Again {number}")
            statement_make(article=article, speaker=cls.blinken, text=f"Reply {number}")
            statement_make(article=article, speaker=cls.blinken, text=f"More {number}")
        once = article_make(title="Once")
        statement_make(article=once, speaker=cls.sullivan, text="Once more")
        statement_make(article=once, speaker=cls.wang, text="Beijing replies")
        statement_make(article=article_make(title="Elsewhere"), speaker=cls.stranger, text="Far")

    def test_shared_articles_are_counted_once_per_article(self):
        alongside = list(people_quoted_alongside(person=self.sullivan))
        self.assertEqual(
            [(p.name, p.shared_articles) for p in alongside],
            [("Antony Blinken", 3), ("Wang Yi", 1)],
        )

    def test_the_person_themself_and_people_elsewhere_are_left_out(self):
        names = [p.name for p in people_quoted_alongside(person=self.sullivan)]
        self.assertNotIn("Jake Sullivan", names)
        self.assertNotIn("Far Away", names)

    def test_at_most_the_limit_is_returned(self):
        self.assertEqual(len(people_quoted_alongside(person=self.sullivan, limit=1)), 1)

    def test_is_one_query(self):
        with self.assertNumQueries(1):
            list(people_quoted_alongside(person=self.sullivan))


class StatementsAboutPersonTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.putin = person_make("Vladimir Putin")
        cls.peskov = person_make("Dmitry Peskov")
        cls.biden = person_make("Joe Biden")
        article = article_make(title="Kremlin")
        cls.about = statement_make(
            article=article, speaker=cls.biden, text="Putin cannot win this war"
        )
        mention_make(statement=cls.about, person=cls.putin, text="Putin")
        cls.own = statement_make(article=article, speaker=cls.putin, text="Putin never retreats")
        mention_make(statement=cls.own, person=cls.putin, text="Putin")
        # Named only after the quote, in the attribution: not what the statement says.
        cls.outside = statement_make(
            article=article, speaker=cls.peskov, text="No comment", speaker_text="Putin's aide"
        )
        mention_make(statement=cls.outside, person=cls.putin, text="Putin")
        # A split quote naming Putin only in the attribution between its parts.
        split = article_make(title="Split")
        split.body += '\n\n"We will see," said Putin\'s spokesman Peskov, "what happens."'
        split.save()
        first = split.body.index("We will see")
        second = split.body.index("what happens")
        cls.split = Statement.objects.create(
            article=split,
            speaker=cls.peskov,
            speaker_text="Peskov",
            speaker_kind="person",
            text=split.body[first : second + len("what happens")],
            start=first,
            end=second + len("what happens"),
            parts=[[first, first + len("We will see")], [second, second + len("what happens")]],
            cue="said",
        )
        mention_make(statement=cls.split, person=cls.putin, text="Putin")
        # A split quote naming Putin in its second part.
        second_part = statement_make(
            article=article_make(title="Second part"),
            speaker=cls.peskov,
            text="Sanctions hurt, and Putin knows",
        )
        body = second_part.article.body
        cut = body.index("and Putin", second_part.start)
        second_part.parts = [[second_part.start, cut - 2], [cut, second_part.end]]
        second_part.save()
        cls.second_part = second_part
        mention_make(statement=second_part, person=cls.putin, text="Putin")

    def test_statements_by_others_naming_the_person_in_their_words(self):
        about = set(statements_about_person(person=self.putin))
        self.assertEqual(about, {self.about, self.second_part})

    def test_their_own_statements_about_themself_are_left_out(self):
        self.assertNotIn(self.own, statements_about_person(person=self.putin))

    def test_a_name_in_the_attribution_only_does_not_count(self):
        about = statements_about_person(person=self.putin)
        self.assertNotIn(self.outside, about)
        self.assertNotIn(self.split, about)

    def test_no_one_is_named_by_nothing(self):
        self.assertFalse(statements_about_person(person=self.biden).exists())


class PersonAroundPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.target = person_make("Target Person")
        cls.hostile = person_make("Evil <script>alert(1)</script>")
        cls.quiet = person_make("Quiet Person")
        for number in range(25):
            article = article_make(title=f"Story {number}", days_ago=number)
            statement_make(article=article, speaker=cls.target, text=f"Target words {number}")
            said = statement_make(
                article=article,
                speaker=cls.hostile,
                text=f"Target Person <b>is wrong</b> {number}",
            )
            mention_make(statement=said, person=cls.target, text="Target Person")

    def test_person_page_shows_both_sections_escaped(self):
        response = self.client.get(self.target.get_absolute_url())
        self.assertContains(response, "Quoted alongside")
        self.assertContains(response, f'href="{self.hostile.get_absolute_url()}"')
        self.assertContains(response, "Evil &lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>alert(1)")
        self.assertNotContains(response, "<b>is wrong")
        self.assertContains(response, "Said about them")
        self.assertContains(response, "25 statements by others name Target Person.")
        self.assertContains(response, "Target Person &lt;b&gt;is wrong&lt;/b&gt; 0")
        self.assertNotContains(response, "is wrong&lt;/b&gt; 3<")
        about_url = reverse("entities:person-about", args=["target-person"])
        self.assertContains(response, f'href="{about_url}"')

    def test_fragment_leaves_the_sections_out(self):
        response = self.client.get(self.target.get_absolute_url(), **HTMX)
        self.assertNotContains(response, "Quoted alongside")
        self.assertNotContains(response, "Said about them")

    def test_person_with_no_one_around_says_so(self):
        response = self.client.get(self.quiet.get_absolute_url())
        self.assertContains(response, "No one else is quoted in the articles")
        self.assertContains(response, "No statement by anyone else names Quiet Person yet.")

    def test_about_page_paginates_without_javascript(self):
        url = reverse("entities:person-about", args=[self.target.slug])
        response = self.client.get(url)
        self.assertContains(response, "25 statements")
        self.assertContains(response, "Target Person &lt;b&gt;is wrong&lt;/b&gt; 0")
        self.assertNotContains(response, "is wrong&lt;/b&gt; 20<")
        self.assertContains(response, f'href="{url}?page=2"')
        self.assertContains(response, "Evil &lt;script&gt;")
        self.assertNotContains(response, "<script>alert(1)")
        second = self.client.get(f"{url}?page=2")
        self.assertContains(second, "is wrong&lt;/b&gt; 24<")
        self.assertNotContains(second, "is wrong&lt;/b&gt; 0<")

    def test_about_page_fragment_is_the_list_only(self):
        url = reverse("entities:person-about", args=[self.target.slug])
        response = self.client.get(f"{url}?page=2", **HTMX)
        self.assertContains(response, 'id="about"')
        self.assertNotContains(response, "<html")

    def test_about_page_of_unknown_person_is_404(self):
        response = self.client.get(reverse("entities:person-about", args=["nobody"]))
        self.assertEqual(response.status_code, 404)

    def test_person_page_queries_do_not_grow_with_people_or_statements_around(self):
        few = person_make("Few Around")
        article = article_make(title="Few")
        statement_make(article=article, speaker=few, text="Few words")
        said = statement_make(article=article, speaker=self.quiet, text="Few Around is right")
        mention_make(statement=said, person=few, text="Few Around")
        # person (with the kept totals), country chips, context chips, timeline, three
        # facets, count, cards, their countries, then the people quoted alongside, the
        # articles naming them (few name these two), the first few cards said about them and
        # their countries
        for person in (few, self.target):
            with self.subTest(person=person.name), self.assertNumQueries(14):
                self.client.get(person.get_absolute_url())

    def test_about_page_queries_are_bounded(self):
        url = reverse("entities:person-about", args=[self.target.slug])
        # person, count, cards, their countries
        for query in ("", "?page=2"):
            with self.subTest(query=query), self.assertNumQueries(4):
                self.client.get(url + query)
