"""Picking an outlet facet on a person's page, with and without JavaScript.

Shares the browser fixture of tests/test_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from articles.models import Article
from tests import test_browser
from tests.console import no_console_errors
from tests.entities.builders import article_make, country, person_make, statement_make
from tests.test_browser import CHROMIUM, TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

chromium = test_browser.chromium


@pytest.fixture
def person_url(transactional_db, django_db_serialized_rollback, live_server) -> str:
    """Two statements in The Wire, one in the Daily Post."""
    jane = person_make("Jane Roe")
    russia = country("RU")
    for days_ago, text, outlet in (
        (0, "Wire in April", "The Wire"),
        (10, "Wire in March", "The Wire"),
        (40, "Post in March", "Daily Post"),
    ):
        article = article_make(title=f"On {text}", days_ago=days_ago)
        Article.objects.filter(pk=article.pk).update(publisher=outlet)
        article.refresh_from_db()
        statement_make(article=article, speaker=jane, text=text, about=[russia])
    return live_server.url + jane.get_absolute_url()


def _page(chromium, *, javascript: bool) -> Iterator[object]:
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def page(chromium) -> Iterator[object]:
    yield from _page(chromium, javascript=True)


@pytest.fixture
def page_without_js(chromium) -> Iterator[object]:
    yield from _page(chromium, javascript=False)


def _cards(page) -> list[str]:
    return page.locator("#statements .statement-card blockquote").all_inner_texts()


def test_picking_an_outlet_swaps_the_results_in_place(person_url, page):
    from playwright.sync_api import expect

    with no_console_errors(page):
        page.goto(person_url)
        heading = page.locator("#statements-heading")
        expect(heading).to_have_text("3 statements")
        page.evaluate("() => { window.__sameDocument = true; }")
        page.select_option("#filter-outlet", "The Wire")
        expect(page).to_have_url(f"{person_url}?outlet=The+Wire")
        expect(heading).to_have_text("2 statements")
        assert sorted(_cards(page)) == ["Wire in April", "Wire in March"]
        assert page.evaluate("() => window.__sameDocument") is True
        # The facet keeps its pick and its counts; the timeline follows the outlet.
        expect(page.locator("#filter-outlet")).to_have_value("The Wire")
        expect(page.locator("#filter-outlet option", has_text="Daily Post")).to_have_text(
            "Daily Post (1)"
        )
        expect(page.locator(".timeline-totals")).to_contain_text("2 in all")
        export = page.locator(".export a", has_text="CSV")
        expect(export).to_have_attribute("href", "/statements.csv?outlet=The+Wire&speaker=jane-roe")

        page.reload()
        expect(heading).to_have_text("2 statements")


def test_picking_an_outlet_without_javascript(person_url, page_without_js):
    from playwright.sync_api import expect

    page = page_without_js
    page.goto(person_url)
    page.select_option("#filter-outlet", "Daily Post")
    page.get_by_role("button", name="Apply").click()
    # A plain GET: the whole form in the address, empty fields too.
    expect(page).to_have_url(re.compile(r"\?kind=&outlet=Daily\+Post&article=&"))
    expect(page.locator("#statements-heading")).to_have_text("1 statement")
    assert _cards(page) == ["Post in March"]
    expect(page.locator("#filter-outlet")).to_have_value("Daily Post")
