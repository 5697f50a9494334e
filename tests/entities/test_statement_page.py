"""Every statement has a permanent page: the words, the source, the article and a citation."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    organisation_statement_make,
    person_make,
    statement_make,
)


class StatementPageTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.russia, cls.china = country("RU"), country("CN")
        cls.jane = person_make("Jane Roe")
        article = article_make(title="Talks in Beijing", days_ago=9)
        article.publisher = "World Wire"
        article.url = "https://wire.example/talks?id=1&lang=en"
        article.save()
        cls.statement = statement_make(
            article=article,
            speaker=cls.jane,
            text="Russia must listen",
            about=[cls.russia],
            around=[cls.china],
        )
        hostile = article_make(title="<script>alert('title')</script>")
        hostile.author = "<img src=x onerror=alert(1)>"
        hostile.publisher = "<b>Wire</b>"
        hostile.url = "javascript:alert(document.cookie)"
        hostile.save()
        cls.hostile = statement_make(
            article=hostile,
            speaker=person_make("<script>alert('speaker')</script>"),
            text="<script>alert('quote')</script>",
        )
        bare = article_make(title="No byline")
        bare.author = ""
        bare.published_at = None
        bare.save()
        cls.bare = organisation_statement_make(
            article=bare,
            organisation=organisation_make("Kremlin", country=cls.russia),
            text="We deny it",
            unnamed=True,
        )

    def get(self, statement) -> str:
        response = self.client.get(statement.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_statement_has_a_permanent_address(self):
        url = reverse("entities:statement", args=[self.statement.pk])
        self.assertEqual(url, f"/statements/{self.statement.pk}/")
        self.assertEqual(self.statement.get_absolute_url(), url)

    def test_page_shows_the_words_the_speaker_and_the_countries_linked(self):
        html = self.get(self.statement)
        self.assertInHTML("<p>Russia must listen</p>", html)
        self.assertIn(f'href="{self.jane.get_absolute_url()}">Jane Roe</a>', html)
        self.assertIn(f'href="{self.russia.get_absolute_url()}">Russia</a>', html)
        self.assertIn('<span class="visually-hidden">context: </span>China</a>', html)

    def test_page_shows_the_article_with_outlet_author_date_and_original_link(self):
        article = self.statement.article
        html = self.get(self.statement)
        self.assertIn(f'<a href="{article.get_absolute_url()}">Talks in Beijing</a>', html)
        self.assertIn('<span class="publisher">World Wire</span>', html)
        self.assertIn('<span class="author">by A. Reporter</span>', html)
        self.assertIn(">1 April 2024</time>", html)
        self.assertInHTML(
            '<a class="original" href="https://wire.example/talks?id=1&amp;lang=en"'
            ' rel="noopener noreferrer">Original article</a>',
            html,
        )

    def test_page_shows_the_statement_highlighted_in_its_paragraph(self):
        html = self.get(self.statement)
        self.assertIn('<mark class="statement"', html)
        self.assertIn(f'href="{self.statement.article.get_absolute_url()}#p-2"', html)

    def test_cite_block_is_plain_text_with_source_outlet_title_date_and_links(self):
        response = self.client.get(self.statement.get_absolute_url())
        permanent = f"http://testserver/statements/{self.statement.pk}/"
        self.assertEqual(
            response.context["citation"],
            "\u201cRussia must listen\u201d\n"
            "Jane Roe, quoted in World Wire, \u201cTalks in Beijing\u201d by A. Reporter,"
            " 1 April 2024. https://wire.example/talks?id=1&lang=en\n"
            f"Permanent link: {permanent}",
        )
        html = response.content.decode()
        self.assertIn('<pre class="citation" id="citation">\u201cRussia must listen', html)
        self.assertIn(f'<a href="{permanent}">{permanent}</a>', html)

    def test_copy_button_waits_for_javascript_and_the_script_is_a_static_file(self):
        html = self.get(self.statement)
        self.assertIn('data-copy-target="citation" hidden>Copy citation</button>', html)
        self.assertIn('<script src="/static/js/copy.js" defer></script>', html)
        self.assertNotIn("onclick", html)

    def test_hostile_speaker_and_article_text_is_escaped(self):
        html = self.get(self.hostile)
        for raw in ("<script>alert(", "<img src=x", "<b>Wire</b>"):
            self.assertNotIn(raw, html)
        self.assertIn("&lt;script&gt;alert(&#x27;speaker&#x27;)&lt;/script&gt;", html)
        self.assertIn("&lt;script&gt;alert(&#x27;quote&#x27;)&lt;/script&gt;", html)
        self.assertIn("by &lt;img src=x onerror=alert(1)&gt;", html)

    def test_a_javascript_url_never_becomes_a_link(self):
        html = self.get(self.hostile)
        self.assertNotIn("javascript:", html)
        self.assertNotIn('class="original"', html)
        self.assertNotIn("cite=", html.split('class="statement-text')[1].split(">")[0])

    def test_missing_author_date_and_url_are_left_out_not_labelled(self):
        response = self.client.get(self.bare.get_absolute_url())
        html = response.content.decode()
        self.assertNotIn('class="author"', html)
        self.assertNotIn('class="publisher"', html)
        self.assertNotIn('class="original"', html)
        self.assertNotIn("<time", html)
        self.assertIn("unnamed source for", html)
        self.assertEqual(
            response.context["citation"].splitlines()[1],
            "A spokesperson for Kremlin, quoted in \u201cNo byline\u201d.",
        )

    def test_unknown_statement_is_not_found(self):
        response = self.client.get(reverse("entities:statement", args=[999_999]))
        self.assertEqual(response.status_code, 404)

    def test_page_runs_a_fixed_number_of_queries(self):
        # The statement with its source and article, its countries, the mentions in context.
        for statement in (self.statement, self.hostile, self.bare):
            with self.subTest(statement=statement.pk), self.assertNumQueries(3):
                self.client.get(statement.get_absolute_url())


class CardSourcesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        article = article_make(title="Sourced")
        article.publisher = "World Wire"
        article.url = "http://wire.example/sourced"
        article.save()
        cls.sourced = statement_make(article=article, speaker=cls.jane, text="With a source")
        hostile = article_make(title="Hostile", days_ago=1)
        hostile.author = '=HYPERLINK("http://evil.example")'
        hostile.url = "JavaScript:alert(1)"
        hostile.save()
        cls.hostile = statement_make(article=hostile, speaker=cls.jane, text="Hostile source")

    def test_cards_show_outlet_author_original_link_and_a_permanent_link(self):
        html = self.client.get(self.jane.get_absolute_url()).content.decode()
        self.assertIn('<span class="publisher">World Wire</span>', html)
        self.assertIn('<span class="author">by A. Reporter</span>', html)
        self.assertInHTML(
            '<a class="original" href="http://wire.example/sourced" rel="noopener noreferrer">'
            "Original article</a>",
            html,
        )
        for statement in (self.sourced, self.hostile):
            self.assertInHTML(
                f'<a class="permalink" href="/statements/{statement.pk}/">'
                '<span aria-hidden="true">#</span>'
                '<span class="visually-hidden">Permanent link to this statement</span></a>',
                html,
            )

    def test_cards_never_link_a_javascript_url(self):
        html = self.client.get(self.jane.get_absolute_url()).content.decode()
        self.assertNotIn("javascript:", html.lower())
        self.assertEqual(html.count('class="original"'), 1)

    def test_article_page_and_list_show_the_source_and_link_only_web_addresses(self):
        html = self.client.get(self.sourced.article.get_absolute_url()).content.decode()
        self.assertIn('<span class="publisher">World Wire</span>', html)
        self.assertIn('href="http://wire.example/sourced" rel="noopener noreferrer"', html)
        html = self.client.get(self.hostile.article.get_absolute_url()).content.decode()
        self.assertNotIn("javascript:", html.lower())
        html = self.client.get(reverse("articles:list")).content.decode()
        self.assertIn('href="http://wire.example/sourced" rel="noopener noreferrer"', html)
        self.assertNotIn("javascript:", html.lower())
        self.assertIn("by =HYPERLINK(&quot;http://evil.example&quot;)", html)
