"""Sorting a statement list, keeping "load more" in the address, and the list on a phone.

Shares the browser fixture of tests/test_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

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
STATEMENTS = 70


@pytest.fixture
def page(chromium) -> Iterator[object]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def urls(transactional_db, django_db_serialized_rollback, live_server) -> dict[str, str]:
    """Seventy statements by one person about Russia, one a day, "Remark 0" the newest."""
    jane = person_make("Jane Roe")
    russia = country("RU")
    for number in range(STATEMENTS):
        statement_make(
            article=article_make(title=f"Day {number}", days_ago=number),
            speaker=jane,
            text=f"Remark {number}",
            about=[russia],
        )
    return {
        "person": live_server.url + jane.get_absolute_url(),
        "country": live_server.url + russia.get_absolute_url(),
    }


def _cards(page):
    return page.locator("#statements .statement-card")


def test_reload_after_loading_more_twice_keeps_sixty_cards(urls, page):
    from playwright.sync_api import expect

    with no_console_errors(page):
        page.goto(urls["person"])
        expect(_cards(page)).to_have_count(20)
        page.get_by_role("link", name="Load 20 more").click()
        expect(_cards(page)).to_have_count(40)
        expect(page).to_have_url(f"{urls['person']}?pages=2")
        page.get_by_role("link", name="Load 20 more").click()
        expect(_cards(page)).to_have_count(60)
        expect(page).to_have_url(f"{urls['person']}?pages=3")
        page.reload()
        expect(_cards(page)).to_have_count(60)
        expect(page.locator("#statements .statement-card blockquote").last).to_have_text(
            "Remark 59"
        )
        page.get_by_role("link", name="Load 20 more").click()
        expect(_cards(page)).to_have_count(STATEMENTS)
        expect(page).to_have_url(f"{urls['person']}?pages=4")


def test_oldest_first_in_place_and_through_load_more(urls, page):
    from playwright.sync_api import expect

    with no_console_errors(page):
        page.goto(urls["person"])
        first = page.locator("#statements .statement-card blockquote").first
        expect(first).to_have_text("Remark 0")
        page.get_by_label("Order").select_option("oldest")
        expect(first).to_have_text(f"Remark {STATEMENTS - 1}")
        expect(page).to_have_url(f"{urls['person']}?order=oldest")
        page.get_by_role("link", name="Load 20 more").click()
        expect(_cards(page)).to_have_count(40)
        expect(page.locator("#statements .statement-card blockquote").last).to_have_text(
            f"Remark {STATEMENTS - 40}"
        )
        expect(page).to_have_url(f"{urls['person']}?order=oldest&pages=2")
        page.reload()
        expect(_cards(page)).to_have_count(40)
        expect(page.get_by_label("Order")).to_have_value("oldest")


def test_oldest_first_and_more_without_javascript(urls, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    with no_console_errors(page):
        page.goto(urls["person"])
        page.get_by_label("Order").select_option("oldest")
        page.get_by_role("button", name="Apply").click()
        expect(page).to_have_url(re.compile(r"order=oldest"))
        first = page.locator("#statements .statement-card blockquote").first
        expect(first).to_have_text(f"Remark {STATEMENTS - 1}")
        page.get_by_role("link", name="Load 20 more").click()
        expect(page).to_have_url(re.compile(r"order=oldest.*pages=2"))
        expect(_cards(page)).to_have_count(40)
        expect(first).to_have_text(f"Remark {STATEMENTS - 1}")
    context.close()


def test_phone_shows_the_first_result_on_the_first_screen(urls, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    with no_console_errors(page):
        page.goto(urls["country"])
        card = _cards(page).first
        expect(card).to_be_visible()
        assert card.bounding_box()["y"] < 844
        # The filters come after the results, folded; they open and still filter.
        filters = page.locator(".filters-disclosure")
        assert filters.bounding_box()["y"] > card.bounding_box()["y"]
        expect(page.get_by_label("Order")).to_be_hidden()
        page.get_by_text("Filters", exact=True).click()
        page.get_by_label("Order").select_option("oldest")
        expect(page).to_have_url(re.compile(r"order=oldest"))
        expect(page.locator("#statements .statement-card blockquote").first).to_have_text(
            f"Remark {STATEMENTS - 1}"
        )
    context.close()


def test_wide_screen_shows_the_filters_unfolded(urls, page):
    from playwright.sync_api import expect

    with no_console_errors(page):
        page.goto(urls["country"])
        expect(page.get_by_label("Order")).to_be_visible()
        expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
