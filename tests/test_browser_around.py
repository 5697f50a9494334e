"""People around a person: "Quoted alongside" and "Said about them" in Debian's Chromium.

Same set-up as tests/test_browser.py (whose fixtures these reuse).
"""

from __future__ import annotations

from django.urls import reverse

from tests import test_browser
from tests.accessibility import assert_accessible
from tests.console import no_console_errors
from tests.entities.builders import article_make, mention_make, person_make, statement_make

pytestmark = test_browser.pytestmark
TIMEOUT_MS = test_browser.TIMEOUT_MS
chromium = test_browser.chromium
site = test_browser.site


def _someone_around(site) -> object:
    """Wang Yi, quoted beside Jake Sullivan and naming him in his own words."""
    wang = person_make("Wang Yi")
    article = article_make(title="Beijing answers", days_ago=3)
    statement_make(article=article, speaker=site["sullivan"], text="We stand by our partners")
    said = statement_make(article=article, speaker=wang, text="Jake Sullivan misreads China")
    mention_make(statement=said, person=site["sullivan"], text="Jake Sullivan")
    return wang


def test_person_page_shows_people_around_and_follows_one(site, chromium):
    from playwright.sync_api import expect

    wang = _someone_around(site)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    person_url = site["sullivan"].get_absolute_url()
    with no_console_errors(page):
        page.goto(site["url"] + person_url)
        alongside = page.locator("#quoted-alongside")
        expect(alongside.get_by_role("heading", name="Quoted alongside")).to_be_visible()
        said = page.locator("#said-about")
        expect(said.get_by_role("heading", name="Said about them")).to_be_visible()
        expect(said.locator(".statement-card blockquote")).to_have_text(
            "Jake Sullivan misreads China"
        )
        expect(said.get_by_role("link", name="See all 1 statement")).to_have_attribute(
            "href", reverse("entities:person-about", args=[site["sullivan"].slug])
        )
        page.screenshot(path=test_browser.ARTIFACTS / "person-around.png", full_page=True)
        alongside.get_by_role("link", name="Wang Yi").click()
        expect(page).to_have_url(site["url"] + wang.get_absolute_url())
        expect(page.locator("h1")).to_have_text("Wang Yi")
        # And back through "Quoted alongside" the other way.
        page.locator("#quoted-alongside").get_by_role("link", name="Jake Sullivan").click()
        expect(page).to_have_url(site["url"] + person_url)
        page.locator("#said-about-all").click()
        expect(page.locator("h1")).to_have_text("Said about Jake Sullivan")
        expect(page.locator("#about .statement-card")).to_have_count(1)
    assert_accessible(
        page,
        base_url=site["url"],
        urls=[person_url, reverse("entities:person-about", args=[site["sullivan"].slug])],
    )
    context.close()
