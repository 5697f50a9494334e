"""A statement's permanent page, reached from a person page's card, in Debian's Chromium.

Same set-up as tests/test_browser.py (whose fixtures these reuse).
"""

from __future__ import annotations

import re

from tests import test_browser
from tests.accessibility import assert_accessible

pytestmark = test_browser.pytestmark
TIMEOUT_MS = test_browser.TIMEOUT_MS
# The shared browser and seeded site fixtures, under the names the tests ask for.
chromium = test_browser.chromium
site = test_browser.site

PERMALINK = "Permanent link to this statement"


def _follow_first_permalink(page, site) -> str:
    """From the person page, the first card's permanent link; returns the statement's words."""
    from playwright.sync_api import expect

    page.goto(site["url"] + site["sullivan"].get_absolute_url())
    card = page.locator("#statements .statement-card").first
    words = card.locator("blockquote").inner_text()
    card.get_by_role("link", name=PERMALINK).click()
    expect(page).to_have_url(re.compile(r"/statements/\d+/$"))
    expect(page.locator("blockquote.statement-quote")).to_have_text(words)
    return words


def test_card_permalink_leads_to_a_citable_accessible_page(site, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site["url"])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    words = _follow_first_permalink(page, site)
    expect(page.locator("h1")).to_have_text("Jake Sullivan")
    citation = page.locator("pre.citation")
    expect(citation).to_contain_text(f"\u201c{words}\u201d")
    expect(citation).to_contain_text("Jake Sullivan, quoted in")
    expect(citation).to_contain_text(f"Permanent link: {page.url}")
    copy = page.get_by_role("button", name="Copy citation")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.get_by_role("status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == citation.inner_text()
    page.screenshot(path=test_browser.ARTIFACTS / "statement.png", full_page=True)
    assert_accessible(page, base_url=site["url"], urls=[page.url.removeprefix(site["url"])])
    context.close()


def test_statement_page_works_without_javascript(site, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    words = _follow_first_permalink(page, site)
    citation = page.locator("pre.citation")
    expect(citation).to_be_visible()
    expect(citation).to_contain_text(f"\u201c{words}\u201d")
    # No button that cannot work; the text is there to select.
    expect(page.get_by_role("button", name="Copy citation")).to_be_hidden()
    page.get_by_role("link", name="Read it in the whole article").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/#p-\d+$"))
    context.close()
