"""A reader's path through the site in Debian's Chromium, driven by Playwright.

Screenshots of the person, country and article pages land in test-artifacts/.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from articles.services import articles_import
from entities.models import Country, Person
from tests.accessibility import assert_accessible
from tests.conftest import SEED_ARTICLE
from tests.console import error_listeners
from tests.entities.builders import article_make, statement_make

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium) "
        "to run the browser tests; .ci/run does",
    ),
]


@pytest.fixture
def chromium() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (seeding rows) are still synchronous, which Django must be told is intended.
    # One browser per test: while the loop runs, Django's per-context connection would
    # miss the serialized rows the next test's database set-up restores.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        errors = _console_errors_of_every_page(browser)
        yield browser
        browser.close()
        # Connections opened while the loop ran belong to its context; close them here, or
        # PostgreSQL cannot drop the test database at the end of the run.
        connections.close_all()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
    assert not errors, "console errors on pages visited:\n" + "\n".join(errors)


def _console_errors_of_every_page(browser) -> list[str]:
    """Listen on every page of every context a test opens: console errors and uncaught
    exceptions land in the returned list, which the fixture asserts empty at the end."""
    errors: list[str] = []
    on_console, on_page_error = error_listeners(errors)
    new_context = browser.new_context

    def listen(page) -> None:
        page.on("console", on_console)
        page.on("pageerror", on_page_error)

    def listening_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("page", listen)
        return context

    browser.new_context = listening_context
    browser.console_errors = errors  # for the test of this very check
    return errors


def test_every_page_is_checked_for_console_errors(chromium):
    # No live server: this test needs no database, and leaves none flushed behind it.
    context = chromium.new_context()
    page = context.new_page()
    page.set_content("<p>A page</p>")
    page.evaluate("console.error('a deliberate error')")
    context.close()
    assert any("a deliberate error" in error for error in chromium.console_errors)
    chromium.console_errors.clear()  # expected here; any other fails the test's teardown


@pytest.fixture
def site(
    transactional_db, django_db_serialized_rollback, live_server, chromium
) -> dict[str, object]:
    """The seed article through the real pipeline, plus older statements by Jake Sullivan.

    Serialized rollback puts back the countries (a data migration) that the flush after
    each transactional test removes.
    """
    outcomes = list(articles_import(paths=[SEED_ARTICLE]))
    assert [o.status for o in outcomes] == ["imported"], outcomes
    sullivan = Person.objects.get(name="Jake Sullivan")
    russia, china, japan = (Country.objects.get(alpha2=code) for code in ("RU", "CN", "JP"))
    older = [
        (30, "Beijing must stop the flow of components", [china], "direct"),
        (62, "Moscow and Beijing are coordinating more closely", [russia, china], "indirect"),
        (95, "Tokyo is a steadfast partner", [japan], "direct"),
    ]
    for days_ago, text, about, kind in older:
        statement_make(
            article=article_make(title=f"Briefing: {text}", days_ago=days_ago),
            speaker=sullivan,
            text=text,
            about=about,
            kind=kind,
        )
    ARTIFACTS.mkdir(exist_ok=True)
    return {"url": live_server.url, "sullivan": sullivan, "russia": russia}


@pytest.fixture
def page(chromium) -> Iterator[object]:
    context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _same_document(page) -> bool:
    """True while no full page load happened since _mark_document (htmx swapped in place)."""
    return page.evaluate("window.__sameDocument === true")


def _mark_document(page) -> None:
    page.evaluate("window.__sameDocument = true")


def _cards(page) -> list[str]:
    return page.locator("#statements .statement-card blockquote").all_inner_texts()


def test_search_pick_filter_back_context_and_export(site, page, tmp_path):
    from playwright.sync_api import expect

    page.goto(site["url"] + "/")
    box = page.locator("#site-search-q")
    box.press_sequentially("sull", delay=30)
    option = page.get_by_role("option", name=re.compile("Jake Sullivan"))
    expect(option).to_be_visible()
    expect(option).to_contain_text("4 statements")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=ARTIFACTS / "typeahead.png")

    # Escape closes the list; Down opens it again and highlights the first option.
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(option).to_be_hidden()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile("suggest-person-"))
    expect(option).to_have_attribute("aria-selected", "true")
    # A late answer to an earlier keystroke swaps the list again: the highlight stays.
    page.evaluate(
        """() => htmx.ajax("GET", document.querySelector("#site-search-q").getAttribute("hx-get")
            + "?q=sull", {target: "#site-search-listbox", swap: "innerHTML"})"""
    )
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile("suggest-person-"))
    box.press("Enter")

    person_url = site["url"] + site["sullivan"].get_absolute_url()
    expect(page).to_have_url(person_url)
    expect(page.locator("h1")).to_have_text("Jake Sullivan")
    heading = page.locator("#statements-heading")
    expect(heading).to_have_text("4 statements")
    everything = _cards(page)
    assert len(everything) == 4
    page.screenshot(path=ARTIFACTS / "person.png", full_page=True)

    # The Russia chip narrows the list in place and puts the filter in the address.
    _mark_document(page)
    page.get_by_role("link", name=re.compile(r"^Russia \d")).click()
    expect(heading).to_have_text("2 statements about Russia")
    expect(page).to_have_url(f"{person_url}?country=russia")
    filtered = _cards(page)
    assert len(filtered) == 2
    assert all(text in everything for text in filtered)
    expect(page.get_by_role("link", name="All countries")).to_be_visible()
    assert _same_document(page)
    expect(page.locator("#chip-country-russia")).to_be_focused()

    # Back restores the whole list and the address.
    page.go_back()
    expect(page).to_have_url(person_url)
    expect(heading).to_have_text("4 statements")
    assert _cards(page) == everything

    # Context loads the surrounding paragraph into the card.
    first = page.locator("#statements .statement-card").first
    first.get_by_text("Context", exact=True).click()
    context = first.locator(".context-body")
    expect(context.locator("mark.statement")).to_be_visible()
    expect(context).to_contain_text("said, responding to inquiries")
    expect(page).to_have_url(person_url)  # opening context is not a navigation

    # The CSV holds the same statements as the list, newest first.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "statements-jake-sullivan.csv"
    saved = tmp_path / "export.csv"
    download.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["statement"] for row in rows] == everything
    assert {row["speaker"] for row in rows} == {"Jake Sullivan"}
    assert rows[0]["date"] == "2024-04-10"


def test_filters_combine_and_survive_a_reload(site, page):
    from playwright.sync_api import expect

    person_url = site["url"] + site["sullivan"].get_absolute_url()
    page.goto(person_url)
    page.get_by_label("Reported").check()
    heading = page.locator("#statements-heading")
    expect(heading).to_have_text("1 statement")
    expect(page).to_have_url(f"{person_url}?kind=indirect")
    page.locator("#chip-country-china").click()
    expect(page).to_have_url(
        re.compile(r"kind=indirect.*country=china|country=china.*kind=indirect")
    )
    expect(heading).to_have_text("1 statement about China")
    page.reload()
    expect(heading).to_have_text("1 statement about China")
    expect(page.get_by_label("Reported")).to_be_checked()


def test_context_chip_lists_statements_with_the_country_only_around_them(site, page):
    from playwright.sync_api import expect

    person_url = site["url"] + site["sullivan"].get_absolute_url()
    page.goto(person_url)
    page.locator("#chip-around-china").click()
    expect(page).to_have_url(f"{person_url}?around=china")
    heading = page.locator("#statements-heading")
    expect(heading).to_have_text(re.compile(r"^\d+ statements? with China named around them$"))
    page.reload()
    expect(page.locator("#chip-around-china")).to_have_attribute("aria-current", "true")


def test_every_filter_works_without_javascript(site, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    person_url = site["url"] + site["sullivan"].get_absolute_url()
    page.goto(person_url)
    page.get_by_role("link", name=re.compile(r"^Russia \d")).click()
    expect(page).to_have_url(f"{person_url}?country=russia")
    expect(page.locator("#statements-heading")).to_have_text("2 statements about Russia")
    page.get_by_label("Direct quotes").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#statements-heading")).to_have_text("1 statement about Russia")
    expect(page).to_have_url(re.compile(r"country=russia.*kind=direct"))
    card = page.locator("#statements .statement-card").first
    card.get_by_text("Context", exact=True).click()  # <details> opens without JavaScript
    card.get_by_role("link", name="Read the surrounding paragraph").click()
    expect(page.locator("mark.statement")).to_be_visible()
    page.goto(site["url"] + "/")
    page.locator("#site-search-q").fill("sullivan")
    page.locator("#site-search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=sullivan"))
    expect(page.get_by_role("link", name="Jake Sullivan", exact=True)).to_be_visible()
    context.close()


def test_screenshots_of_the_country_and_article_pages(site, page):
    from playwright.sync_api import expect

    page.goto(site["url"] + site["russia"].get_absolute_url())
    expect(page.locator("h1")).to_have_text("Russia")
    expect(page.locator(".timeline-chart")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "country.png", full_page=True)

    page.goto(site["url"] + "/")
    page.get_by_role("link", name=re.compile("arms sector")).click()
    expect(page.locator("mark.statement").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "article.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site["url"] + site["sullivan"].get_absolute_url())
    page.screenshot(path=ARTIFACTS / "person-phone.png", full_page=True)


def test_load_more_timeline_and_search_page(site, page):
    from playwright.sync_api import expect

    sullivan = site["sullivan"]
    for number in range(22):
        statement_make(
            article=article_make(title=f"Daily briefing {number}", days_ago=200 + number),
            speaker=sullivan,
            text=f"Briefing remark number {number}",
        )
    person_url = site["url"] + sullivan.get_absolute_url()
    page.goto(person_url)
    heading = page.locator("#statements-heading")
    expect(heading).to_have_text("26 statements")
    cards = page.locator("#statements .statement-card")
    expect(cards).to_have_count(20)
    page.get_by_role("link", name="Load 20 more").click()
    expect(cards).to_have_count(26)
    expect(page.get_by_role("link", name="Load 20 more")).to_have_count(0)
    expect(page).to_have_url(f"{person_url}?pages=2")  # a reload keeps the cards loaded

    # A month of the SVG timeline is a link that narrows the list in place.
    _mark_document(page)
    page.locator("#month-2024-03").click()
    expect(heading).to_have_text("1 statement")
    expect(page).to_have_url(f"{person_url}?from=2024-03-01&to=2024-03-31")
    expect(page.locator("#month-2024-03")).to_have_class(re.compile("selected"))
    page.get_by_role("link", name="All months").click()
    expect(heading).to_have_text("26 statements")
    assert _same_document(page)

    # After the back button restores a saved page, the header box still works by keyboard.
    page.go_back()
    expect(page).to_have_url(f"{person_url}?from=2024-03-01&to=2024-03-31")
    box = page.locator("#site-search-q")
    box.press_sequentially("russ", delay=20)
    expect(page.get_by_role("option", name=re.compile("Russia"))).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile("suggest-country-"))
    box.press("Enter")
    expect(page.locator("h1")).to_have_text("Russia")

    # Enter with no option highlighted gives the full results, statements included.
    box = page.locator("#site-search-q")
    box.press_sequentially("partner", delay=20)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=partner$"))
    expect(page.locator("#search-results")).to_contain_text("Tokyo is a steadfast partner")

    # The search page answers as you type, with statements found by their words.
    page.goto(site["url"] + "/search")
    page.locator("#search-q").press_sequentially("steadfast", delay=20)
    expect(page.locator("#search-results")).to_contain_text("1 statement containing")
    expect(page.locator("#search-results")).to_contain_text("Tokyo is a steadfast partner")
    expect(page).to_have_url(re.compile(r"/search\?q=steadfast"))
    page.screenshot(path=ARTIFACTS / "search.png", full_page=True)


def test_pages_pass_axe_accessibility_checks(site, page):
    urls = [
        "/",
        site["sullivan"].get_absolute_url(),
        site["russia"].get_absolute_url(),
        site["sullivan"].statements.order_by("pk").first().article.get_absolute_url(),
        "/search?q=russia",
    ]
    assert_accessible(page, base_url=site["url"], urls=urls)
