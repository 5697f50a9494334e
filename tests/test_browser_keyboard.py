"""The keyboard on a phone-width statement list: Tab follows the page from top to bottom.

The results come before the filters on a narrow screen; if the stylesheet moved them there
(CSS ``order``) while the filters stayed first in the page, Tab would run through the
filters below the results and then jump back up. Shares the browser fixture of
tests/test_browser.py and the statements of tests/test_browser_facets.py.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from tests import test_browser, test_browser_facets
from tests.test_browser import CHROMIUM, TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

chromium = test_browser.chromium
urls = test_browser_facets.urls
PHONE = {"width": 390, "height": 844}
TABS_AT_MOST = 200
# Items on one line may sit a few pixels apart (baselines, centring); a step back up the
# page is anything more.
SAME_LINE_PX = 8

FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const box = element.getBoundingClientRect();
    const name = element.id || element.getAttribute("aria-label") || element.textContent;
    return {
        name: `${element.tagName.toLowerCase()} ${name.trim().replace(/\\s+/g, " ").slice(0, 50)}`,
        top: Math.round(box.top + window.scrollY),
        footer: element.closest(".site-footer") !== null,
    };
}"""


def _tab_through(page) -> list[dict[str, object]]:
    """Every stop of the focus from the top of the page to the footer, opening the filters."""
    stops: list[dict[str, object]] = []
    for _ in range(TABS_AT_MOST):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            continue
        stops.append(stop)
        if stop["name"] == "summary Filters":
            page.keyboard.press("Enter")  # unfold the filters and go on through them
        if stop["footer"]:
            return stops
    raise AssertionError(f"Tab never reached the footer: {stops[-5:]}")


def _index(stops: list[dict[str, object]], name: str) -> int:
    return next(i for i, stop in enumerate(stops) if str(stop["name"]).startswith(name))


def test_tab_order_follows_the_visual_order_on_a_phone(urls, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(urls["country"])
    expect(page.locator("#statements .statement-card").first).to_be_in_viewport()
    stops = _tab_through(page)
    context.close()

    backwards = [
        f"{before['name']} (y={before['top']}) -> {after['name']} (y={after['top']})"
        for before, after in pairwise(stops)
        if int(after["top"]) < int(before["top"]) - SAME_LINE_PX
    ]
    assert not backwards, "Tab goes back up the page:\n" + "\n".join(backwards)
    # The results, then the chips and timeline, then the folded filters, all reached.
    order = [
        _index(stops, "a #Permanent link to this statement"),
        _index(stops, "a chip-speaker-john-doe"),
        _index(stops, "a month-2024-01"),
        _index(stops, "summary Filters"),
        _index(stops, "select filter-outlet"),
        _index(stops, "button Apply"),
    ]
    assert order == sorted(order), [stops[i]["name"] for i in order]
