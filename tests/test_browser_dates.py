"""Typing dates into a statement list's From and To fields in Debian's Chromium.

A date field fires ``change`` at every finished segment ("0002-04-01" after the first
digit of the year); the list must wait for a whole date and never replace the field.
Shares the browser fixture of tests/test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from articles.models import Article
from tests import test_browser
from tests.entities.builders import article_make, country, person_make, statement_make
from tests.test_browser import CHROMIUM, TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

chromium = test_browser.chromium


@pytest.fixture
def page(chromium) -> Iterator[object]:
    # The segments of a date field follow the locale: month, day, year in en-US.
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def person_url(transactional_db, django_db_serialized_rollback, live_server) -> str:
    """Statements on 10 April, 31 March and 1 February 2024, and one with no date."""
    jane = person_make("Jane Roe")
    russia = country("RU")
    for days_ago, text in ((0, "Said in April"), (10, "Said in March"), (69, "Said in February")):
        statement_make(
            article=article_make(title=f"On {text}", days_ago=days_ago),
            speaker=jane,
            text=text,
            about=[russia],
        )
    undated = article_make(title="No date")
    Article.objects.filter(pk=undated.pk).update(published_at=None)
    undated.refresh_from_db()
    statement_make(article=undated, speaker=jane, text="Said some day", about=[russia])
    return live_server.url + jane.get_absolute_url()


def _cards(page) -> list[str]:
    return page.locator("#statements .statement-card blockquote").all_inner_texts()


def test_typing_dates_filters_once_each_date_is_whole(person_url, page):
    from playwright.sync_api import expect

    sent: list[dict[str, list[str]]] = []
    page.on(
        "request",
        lambda request: (
            sent.append(parse_qs(urlsplit(request.url).query))
            if request.headers.get("hx-request")
            else None
        ),
    )
    page.goto(person_url)
    heading = page.locator("#statements-heading")
    expect(heading).to_have_text("4 statements")
    expect(page.locator("#timeline-undated")).to_have_text("Undated: 1")
    # Marks that a replaced element would lose.
    page.evaluate(
        """() => {
            window.__sameDocument = true;
            for (const id of ["filter-from", "filter-to"]) {
                document.getElementById(id).__typedInto = id;
            }
        }"""
    )

    from_field = page.locator("#filter-from")
    from_field.focus()
    from_field.press_sequentially("03012024", delay=60)
    expect(page).to_have_url(f"{person_url}?from=2024-03-01")
    expect(heading).to_have_text("2 statements")
    to_field = page.locator("#filter-to")
    to_field.focus()
    to_field.press_sequentially("03312024", delay=60)
    expect(page).to_have_url(f"{person_url}?from=2024-03-01&to=2024-03-31")
    expect(heading).to_have_text("1 statement")
    assert _cards(page) == ["Said in March"]
    expect(from_field).to_have_value("2024-03-01")
    expect(to_field).to_have_value("2024-03-31")

    survived = page.evaluate(
        """() => [document.getElementById("filter-from").__typedInto,
                  document.getElementById("filter-to").__typedInto,
                  window.__sameDocument]"""
    )
    assert survived == ["filter-from", "filter-to", True]
    # Only whole dates went to the server: no year 0002, 0020 or 0202 on the way.
    dates = [value for query in sent for key in ("from", "to") for value in query.get(key, [])]
    assert dates and all(value.startswith("2024-") for value in dates), dates

    # The chart marks March, and its links kept the typed range.
    expect(page.locator("#month-2024-03")).to_have_class("bar selected")
    expect(page.locator("#timeline-undated")).to_have_attribute(
        "href", person_url.removeprefix(person_url.split("/people/")[0]) + "?undated=1"
    )

    # A reload keeps the typed filter: the address holds the state.
    page.reload()
    expect(heading).to_have_text("1 statement")
    expect(page.locator("#filter-to")).to_have_value("2024-03-31")


def test_undated_count_lists_the_statements_without_a_date(person_url, page):
    from playwright.sync_api import expect

    page.goto(person_url)
    page.locator("#timeline-undated").click()
    expect(page).to_have_url(f"{person_url}?undated=1")
    expect(page.locator("#statements-heading")).to_have_text("1 statement")
    assert _cards(page) == ["Said some day"]
    page.get_by_role("link", name="All months").click()
    expect(page.locator("#statements-heading")).to_have_text("4 statements")


def test_without_javascript_the_form_submits_the_dates(person_url, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(person_url)
        page.locator("#filter-from").fill("2024-04-01")
        page.get_by_role("button", name="Apply").click()
        expect(page.locator("#statements-heading")).to_have_text("1 statement")
        assert parse_qs(urlsplit(page.url).query)["from"] == ["2024-04-01"]
    finally:
        context.close()
