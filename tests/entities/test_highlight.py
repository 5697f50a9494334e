"""The article body is cut into paragraphs, entity links and statements, and never trusted."""

from __future__ import annotations

from django.test import TestCase

from entities.highlight import body_paragraphs, paragraph_spans
from entities.models import Country, Mention, Person, Statement
from tests.entities.builders import article_make, country, person_make


def test_paragraph_spans_skip_blank_paragraphs():
    body = "One.\n\n\n\nTwo\nstill two.\n \nThree."
    assert [body[s:e] for s, e in paragraph_spans(body)] == ["One.", "Two\nstill two.", "Three."]


def mention(body: str, text: str, *, person: Person | None = None, country: Country | None = None):
    start = body.index(text)
    return Mention(person=person, country=country, text=text, start=start, end=start + len(text))


def test_statement_holds_its_mentions_and_text_around_stays_plain():
    body = 'Intro about Japan.\n\n"Russia must stop," Jane Roe said.'
    jane = Person(name="Jane Roe", slug="jane-roe")
    russia = Country(name="Russia", slug="russia")
    japan = Country(name="Japan", slug="japan")
    start = body.index("Russia must")
    statement = Statement(speaker=jane, text="Russia must stop,", start=start, end=start + 17)
    paragraphs = body_paragraphs(
        body=body,
        mentions=[
            mention(body, "Japan", country=japan),
            mention(body, "Russia", country=russia),
            mention(body, "Jane Roe", person=jane),
        ],
        statements=[statement],
    )
    first, second = paragraphs
    assert [(s.kind, s.text) for s in first] == [
        ("text", "Intro about "),
        ("country", "Japan"),
        ("text", "."),
    ]
    assert [(s.kind, s.text) for s in second] == [
        ("text", '"'),
        ("statement", "Russia must stop,"),
        ("text", '" '),
        ("person", "Jane Roe"),
        ("text", " said."),
    ]
    assert [(p.kind, p.text, p.url) for p in second[1].parts] == [
        ("country", "Russia", "/countries/russia/"),
        ("text", " must stop,", ""),
    ]
    assert second[1].url == "/people/jane-roe/"


def test_statement_spanning_two_paragraphs_is_marked_in_both():
    body = '"First part.\n\n"Second part," he said.'
    statement = Statement(speaker=None, speaker_text="he", start=1, end=body.index('," he'))
    first, second = body_paragraphs(body=body, mentions=[], statements=[statement])
    assert [(s.kind, s.text) for s in first] == [("text", '"'), ("statement", "First part.")]
    # The mark that reopens the quote lies inside the statement's span.
    assert (second[0].kind, second[0].text) == ("statement", '"Second part')
    assert second[0].label == "he (direct quote)"


def test_each_part_of_a_split_quote_is_marked_and_the_attribution_stays_plain():
    body = '"We will respond," Jane Roe said, "and soon."'
    jane = Person(name="Jane Roe", slug="jane-roe")
    first, second = body.index("We will"), body.index("and soon")
    statement = Statement(
        speaker=jane,
        text=body[first : second + 9],
        start=first,
        end=second + 9,
        parts=[[first, first + 15], [second, second + 9]],
    )
    [paragraph] = body_paragraphs(
        body=body, mentions=[mention(body, "Jane Roe", person=jane)], statements=[statement]
    )
    assert [(s.kind, s.text) for s in paragraph] == [
        ("text", '"'),
        ("statement", "We will respond"),
        ("text", '," '),
        ("person", "Jane Roe"),
        ("text", ' said, "'),
        ("statement", "and soon."),
        ("text", '"'),
    ]
    # One link to the source, after the statement's last part.
    assert [s.url for s in paragraph if s.kind == "statement"] == ["", "/people/jane-roe/"]


def test_a_statement_without_stored_parts_is_one_highlight():
    statement = Statement(text="We will act", start=1, end=12)
    assert statement.part_spans == [(1, 12)]
    assert statement.display_text == "We will act"


def test_display_text_joins_the_parts_with_an_ellipsis():
    body = '"We will respond," he said, "and soon."'
    statement = Statement(text=body[1:-1], start=1, end=len(body) - 1, parts=[[1, 16], [29, 38]])
    assert statement.display_text == "We will respond \u2026 and soon."


class HostileTextTest(TestCase):
    def test_markup_in_imported_text_is_shown_as_text_never_run(self):
        article = article_make(title='<img src=x onerror="alert(1)">')
        article.body = 'Evil <script>alert("body")</script> text about Russia.'
        article.author = "<b>Mallory</b>"
        article.save()
        russia = country("RU")
        start = article.body.index("Russia")
        Mention.objects.create(
            article=article, country=russia, text="Russia", start=start, end=start + 6
        )
        person_make("Mallory <i>Evil</i>")

        response = self.client.get(article.get_absolute_url())

        html = response.content.decode()
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)
        self.assertNotIn("<b>Mallory</b>", html)
        self.assertIn("&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;", html)
        self.assertIn('<a class="mention mention-country" href="/countries/russia/"', html)

        response = self.client.get("/search", {"q": "mallory"})
        self.assertContains(response, "Mallory &lt;i&gt;Evil&lt;/i&gt;")
