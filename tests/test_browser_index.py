"""The index pages and the typeahead's ranking in Debian's Chromium, with and without JavaScript.

Shares the browser fixtures of tests/test_browser.py; screenshots land in test-artifacts/.
"""

from __future__ import annotations

import re

import pytest

from entities.models import Country, Organisation
from entities.views import ENTRIES_PER_PAGE
from tests import test_browser
from tests.accessibility import assert_accessible
from tests.entities.builders import (
    article_make,
    organisation_make,
    organisation_statement_make,
    person_make,
    statement_make,
)
from tests.test_browser import ARTIFACTS, CHROMIUM, TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


# The browser and page fixtures of tests/test_browser.py, shared rather than copied.
chromium = test_browser.chromium
page = test_browser.page


@pytest.fixture
def archive(transactional_db, django_db_serialized_rollback, live_server) -> dict[str, object]:
    """Speakers of several countries and roles, more people than one page holds.

    Serialized rollback puts back the countries (a data migration) that the flush after
    each transactional test removes.
    """
    us, russia = (Country.objects.get(alpha2=code) for code in ("US", "RU"))
    article = article_make(title="Summit")
    trump = person_make("Donald Trump")
    trump.country, trump.roles = us, ["president"]
    trump.save()
    for number in range(5):
        statement_make(
            article=article, speaker=trump, text=f"Trump remark {number}", about=[russia]
        )
    lavrov = person_make("Sergei Lavrov")
    lavrov.country, lavrov.roles = russia, ["foreign minister"]
    lavrov.save()
    for number in range(3):
        statement_make(article=article, speaker=lavrov, text=f"Lavrov remark {number}", about=[us])
    trumpington = person_make("Trumpington Smith")
    statement_make(article=article, speaker=trumpington, text="A remark from Cambridge")
    person_make("Trump")  # a bare surname nobody is quoted under
    for number in range(ENTRIES_PER_PAGE):
        aide = person_make(f"Aide {number:02d}")
        aide.country, aide.roles = us, ["aide"]
        aide.save()
    kremlin = organisation_make("the Kremlin", kind=Organisation.Kind.GOVERNMENT, country=russia)
    for number in range(2):
        organisation_statement_make(
            article=article, organisation=kremlin, text=f"Kremlin line {number}", unnamed=True
        )
    organisation_make("Trump Tower", kind=Organisation.Kind.COMPANY, country=us)
    ARTIFACTS.mkdir(exist_ok=True)
    return {"url": live_server.url, "trump": trump}


def _rows(page) -> list[str]:
    return page.locator("#index tbody th").all_inner_texts()


def test_people_index_filters_and_pages_in_place(archive, page):
    from playwright.sync_api import expect

    url = archive["url"]
    page.goto(url + "/")
    page.get_by_role("navigation", name="Browse").get_by_role("link", name="People").click()
    expect(page).to_have_url(url + "/people/")
    heading = page.locator("#index-heading")
    expect(heading).to_have_text(f"{ENTRIES_PER_PAGE + 4} people")
    rows = _rows(page)
    assert rows[:3] == ["Donald Trump", "Sergei Lavrov", "Trumpington Smith"]
    assert len(rows) == ENTRIES_PER_PAGE
    page.screenshot(path=ARTIFACTS / "people-index.png", full_page=True)

    # The next page comes in place, and its address can be shared.
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(url + "/people/?page=2")
    expect(page.locator("#index tbody tr")).to_have_count(4)
    assert page.evaluate("window.__sameDocument === true")

    # Picking a country and a role narrows the list in place; the filters go in the address.
    page.get_by_label("Country").select_option(label="Russia (1)")
    expect(heading).to_have_text("1 person of Russia")
    expect(page).to_have_url(url + "/people/?country=russia")
    assert _rows(page) == ["Sergei Lavrov"]
    page.get_by_label("Country").select_option(label="United States (51)")
    expect(heading).to_have_text("51 people of United States")
    page.get_by_label("Role").select_option(label="president (1)")
    expect(heading).to_have_text("1 person of United States with the role “president”")
    expect(page).to_have_url(url + "/people/?country=united-states&role=president")
    assert page.evaluate("window.__sameDocument === true")

    # Back restores the earlier list; clearing the filters shows everyone again.
    page.go_back()
    expect(heading).to_have_text("51 people of United States")
    page.get_by_role("link", name="Clear filters").click()
    expect(heading).to_have_text(f"{ENTRIES_PER_PAGE + 4} people")
    expect(page).to_have_url(url + "/people/")


def test_filters_swapped_in_listen_at_once(archive, page):
    """A filter changed the moment the list is swapped in is not lost.

    htmx binds swapped-in content when it settles; with its default 20 ms
    settle delay a change made before then reached a form nobody listened to.
    """
    from playwright.sync_api import expect

    page.goto(archive["url"] + "/people/")
    page.evaluate(
        """() => document.body.addEventListener("htmx:afterSwap", () => setTimeout(() => {
            const select = document.querySelector("#filter-country");
            select.value = "russia";
            select.dispatchEvent(new Event("change", {bubbles: true}));
        }, 0), {once: true})"""
    )
    page.get_by_role("link", name="Next").click()
    expect(page.locator("#index-heading")).to_have_text("1 person of Russia")


def test_organisations_and_countries_indexes_in_place(archive, page):
    from playwright.sync_api import expect

    url = archive["url"]
    page.goto(url + "/organisations/")
    assert _rows(page) == ["the Kremlin", "Trump Tower"]
    expect(page.locator("#index tbody tr").first).to_contain_text("Government or ministry")
    page.get_by_label("Kind").select_option(label="Company")
    expect(page.locator("#index-heading")).to_have_text("1 organisation: Company")
    expect(page).to_have_url(url + "/organisations/?kind=company")
    page.screenshot(path=ARTIFACTS / "organisations-index.png", full_page=True)

    page.goto(url + "/countries/")
    assert _rows(page)[:2] == ["Russia", "United States"]
    first = page.locator("#index tbody tr").first
    expect(first).to_contain_text("5")
    expect(first).to_contain_text("2")  # said by the Kremlin's spokespeople
    page.get_by_role("link", name="Most quoted sources").click()
    expect(page).to_have_url(url + "/countries/?order=said-by")
    expect(page.locator("#order-said-by")).to_have_attribute("aria-current", "true")
    page.screenshot(path=ARTIFACTS / "countries-index.png", full_page=True)


def test_index_pages_work_without_javascript(archive, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    url = archive["url"]
    page.goto(url + "/people/")
    page.get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(url + "/people/?page=2")
    expect(page.locator("#index tbody tr")).to_have_count(4)
    page.get_by_label("Country").select_option(label="Russia (1)")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/people/\?country=russia"))
    expect(page.locator("#index-heading")).to_have_text("1 person of Russia")
    assert _rows(page) == ["Sergei Lavrov"]

    page.goto(url + "/organisations/")
    page.get_by_label("Country").select_option(label="Russia (1)")
    page.get_by_role("button", name="Apply").click()
    assert _rows(page) == ["the Kremlin"]

    page.goto(url + "/countries/")
    page.get_by_role("link", name="Most quoted sources").click()
    expect(page).to_have_url(url + "/countries/?order=said-by")
    assert _rows(page)[0] == "Russia"
    context.close()


def test_typeahead_offers_the_most_quoted_match_first(archive, page):
    from playwright.sync_api import expect

    page.goto(archive["url"] + "/countries/")
    box = page.locator("#site-search-q")
    box.press_sequentially("trump", delay=30)
    # Waits for the answer to the whole word, not to the letters typed on the way.
    names = page.locator("#site-search-listbox [role=option] .name")
    expect(names).to_have_text(["Donald Trump", "Trumpington Smith", "Trump", "Trump Tower"])
    expect(page.get_by_role("option").first).to_contain_text("5 statements")
    expect(page.locator("#suggest-organisations")).to_have_text("Organisations")
    page.screenshot(path=ARTIFACTS / "typeahead-ranking.png")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(archive["url"] + archive["trump"].get_absolute_url())

    # The search page answers in its own single box, organisations included.
    page.goto(archive["url"] + "/search?q=kreml")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    expect(page.locator("#organisations-heading")).to_have_text("Organisations")
    organisations = page.get_by_role("region", name="Organisations")
    expect(organisations.get_by_role("link", name="the Kremlin")).to_be_visible()


def test_index_pages_pass_axe_accessibility_checks(archive, page):
    urls = ["/people/", "/people/?country=russia", "/organisations/", "/countries/"]
    urls.append("/search?q=trump")
    assert_accessible(page, base_url=archive["url"], urls=urls)
