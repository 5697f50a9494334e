"""Every facet and the order of a statement list, with and without JavaScript, in Chromium.

On a person page and a country page, each facet (outlet, article, kind, date range,
country, speaker) and each order is picked as a reader would: with JavaScript htmx swaps
the list in place and puts the pick in the address; without it the same form (Apply) or
link loads the same filtered list. Then quick changes of filter, which must show the last
pick and log no error. Shares the browser fixture of tests/test_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

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

# Jane Roe's statements and those about Russia, newest first, as the two pages list them.
JANE = [
    "Sanctions will stay",
    "Talks have stalled",
    "The summit changed little",
    "Beijing buys more",
]
RUSSIA = [
    "Sanctions will stay",
    "Talks have stalled",
    "The summit changed little",
    "John doubts the summit",
    "Trade with Moscow fell",
]


def _article(title: str, outlet: str, day: str) -> Article:
    article = article_make(title=title)
    published = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
    Article.objects.filter(pk=article.pk).update(publisher=outlet, published_at=published)
    article.refresh_from_db()
    return article


@pytest.fixture
def urls(transactional_db, django_db_serialized_rollback, live_server) -> dict[str, str]:
    """Two people, two outlets, four articles, both kinds, three countries, five months."""
    jane, john = person_make("Jane Roe"), person_make("John Doe")
    russia, china, japan = country("RU"), country("CN"), country("JP")
    wire_sanctions = _article("Wire on sanctions", "The Wire", "2024-04-10")
    wire_talks = _article("Wire on talks", "The Wire", "2024-03-05")
    post_summit = _article("Post on the summit", "Daily Post", "2024-01-20")
    post_trade = _article("Post on trade", "Daily Post", "2023-11-15")
    for article, speaker, text, about, kind in (
        (wire_sanctions, jane, "Sanctions will stay", [russia], "direct"),
        (wire_talks, jane, "Talks have stalled", [russia, china], "indirect"),
        (post_summit, jane, "The summit changed little", [russia, japan], "direct"),
        (post_summit, john, "John doubts the summit", [russia, china], "indirect"),
        (post_trade, john, "Trade with Moscow fell", [russia], "direct"),
        (post_trade, jane, "Beijing buys more", [china], "direct"),
    ):
        statement_make(article=article, speaker=speaker, text=text, about=about, kind=kind)
    return {
        "person": live_server.url + jane.get_absolute_url(),
        "country": live_server.url + russia.get_absolute_url(),
    }


def _select_option_by_text(select_id: str, text: str) -> Callable[[object], None]:
    """Pick the option whose label starts with ``text`` (labels end with a count)."""

    def pick(page) -> None:
        value = page.locator(f"#{select_id} option", has_text=text).get_attribute("value")
        page.locator(f"#{select_id}").select_option(value)

    return pick


def _check(label: str) -> Callable[[object], None]:
    return lambda page: page.get_by_label(label).check()


def _dates(start: str, end: str) -> Callable[[object], None]:
    def pick(page) -> None:
        page.get_by_label("From", exact=True).fill(start)
        page.get_by_label("To", exact=True).fill(end)

    return pick


def _click(chip_id: str) -> Callable[[object], None]:
    return lambda page: page.locator(f"#{chip_id}").click()


@dataclass(frozen=True)
class Pick:
    """One control of a statement list, what picking it lists, and what the address holds."""

    id: str
    page: str  # "person" or "country"
    pick: Callable[[object], None]
    address: dict[str, str]  # parameters the address must hold afterwards
    listed: list[str]  # the statements listed afterwards, in order
    link: bool = False  # a chip: a link, followed as such without JavaScript
    start: str = ""  # a query string to open the page with

    def __str__(self) -> str:
        return self.id


PICKS = [
    Pick(
        "person-outlet",
        "person",
        _select_option_by_text("filter-outlet", "Daily Post"),
        {"outlet": "Daily Post"},
        ["The summit changed little", "Beijing buys more"],
    ),
    Pick(
        "person-article",
        "person",
        _select_option_by_text("filter-article", "Wire on talks"),
        {},  # the article's id, checked below
        ["Talks have stalled"],
    ),
    Pick("person-kind", "person", _check("Reported"), {"kind": "indirect"}, ["Talks have stalled"]),
    Pick(
        "person-dates",
        "person",
        _dates("2024-01-01", "2024-03-31"),
        {"from": "2024-01-01", "to": "2024-03-31"},
        ["Talks have stalled", "The summit changed little"],
    ),
    Pick(
        "person-country",
        "person",
        _click("chip-country-china"),
        {"country": "china"},
        ["Talks have stalled", "Beijing buys more"],
        link=True,
    ),
    Pick(
        "person-oldest",
        "person",
        lambda page: page.get_by_label("Order").select_option("oldest"),
        {"order": "oldest"},
        JANE[::-1],
    ),
    Pick(
        "person-newest",
        "person",
        lambda page: page.get_by_label("Order").select_option(""),
        {},
        JANE,
        start="?order=oldest",
    ),
    Pick(
        "country-outlet",
        "country",
        _select_option_by_text("filter-outlet", "The Wire"),
        {"outlet": "The Wire"},
        ["Sanctions will stay", "Talks have stalled"],
    ),
    Pick(
        "country-article",
        "country",
        _select_option_by_text("filter-article", "Post on the summit"),
        {},
        ["The summit changed little", "John doubts the summit"],
    ),
    Pick(
        "country-kind",
        "country",
        _check("Reported"),
        {"kind": "indirect"},
        ["Talks have stalled", "John doubts the summit"],
    ),
    Pick(
        "country-dates",
        "country",
        _dates("2023-11-01", "2024-01-31"),
        {"from": "2023-11-01", "to": "2024-01-31"},
        ["The summit changed little", "John doubts the summit", "Trade with Moscow fell"],
    ),
    Pick(
        "country-country",
        "country",
        _click("chip-country-china"),
        {"country": "china"},
        ["Talks have stalled", "John doubts the summit"],
        link=True,
    ),
    Pick(
        "country-speaker",
        "country",
        _click("chip-speaker-john-doe"),
        {"speaker": "john-doe"},
        ["John doubts the summit", "Trade with Moscow fell"],
        link=True,
    ),
    Pick(
        "country-oldest",
        "country",
        lambda page: page.get_by_label("Order").select_option("oldest"),
        {"order": "oldest"},
        # Same article, same date: in the order the article quotes them.
        [
            "Trade with Moscow fell",
            "The summit changed little",
            "John doubts the summit",
            "Talks have stalled",
            "Sanctions will stay",
        ],
    ),
]


@contextmanager
def _browser_page(chromium, **options) -> Iterator[object]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(chromium) -> Iterator[object]:
    with _browser_page(chromium) as page:
        yield page


def _cards(page):
    return page.locator("#statements .statement-card blockquote")


def _params(url: str) -> dict[str, str]:
    """The address's parameters that hold a value (a plain GET form sends the empty ones too)."""
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _shown(page, pick: Pick) -> None:
    """The list shows what the pick lists, the address holds the pick, the form keeps it."""
    from playwright.sync_api import expect

    expect(_cards(page)).to_have_text(pick.listed)
    address = _params(page.url)
    assert address.items() >= pick.address.items(), (pick, page.url)
    if pick.id.endswith("-article"):
        assert address.get("article", "").isdigit(), page.url
        expect(page.locator("#filter-article")).to_have_value(address["article"])
    if pick.id.endswith("-newest"):
        assert "order" not in address, page.url
        expect(page.get_by_label("Order")).to_have_value("")


@pytest.mark.parametrize("pick", PICKS, ids=str)
def test_each_facet_and_order_with_and_without_javascript(urls, chromium, pick):
    from playwright.sync_api import expect

    url = urls[pick.page] + pick.start
    everything = {"person": JANE, "country": RUSSIA}[pick.page]
    before = everything[::-1] if pick.start else everything
    assert pick.listed != before, "a pick that changes nothing would prove nothing"

    # With JavaScript: htmx swaps the list in place and pushes the address.
    with _browser_page(chromium) as page:
        page.goto(url)
        expect(_cards(page)).to_have_text(before)
        page.evaluate("() => { window.__sameDocument = true; }")
        pick.pick(page)
        _shown(page, pick)
        assert page.evaluate("() => window.__sameDocument") is True, "a full page load"
        # The address alone gives the same list.
        page.reload()
        expect(_cards(page)).to_have_text(pick.listed)

    # Without JavaScript: the same control, then Apply (a chip is a plain link).
    with _browser_page(chromium, java_script_enabled=False) as page:
        page.goto(url)
        expect(_cards(page)).to_have_text(before)
        pick.pick(page)
        if not pick.link:
            page.get_by_role("button", name="Apply").click()
        _shown(page, pick)


def test_picking_an_outlet_updates_its_counts_the_chips_timeline_and_export(urls, page):
    from playwright.sync_api import expect

    page.goto(urls["person"])
    chips = page.locator("#statement-facets .chips .count")
    expect(page.locator("#chip-country-russia .count")).to_have_text("3")
    page.select_option("#filter-outlet", "The Wire")
    expect(_cards(page)).to_have_text(["Sanctions will stay", "Talks have stalled"])
    # The facet keeps its pick and counts under every other filter.
    expect(page.locator("#filter-outlet")).to_have_value("The Wire")
    expect(page.locator("#filter-outlet option", has_text="Daily Post")).to_have_text(
        "Daily Post (2)"
    )
    # Chips and timeline count what the outlet keeps.
    expect(page.locator("#chip-country-russia .count")).to_have_text("2")
    expect(page.locator("#chip-country-china .count")).to_have_text("1")
    expect(page.locator("#chip-country-japan")).to_have_count(0)
    expect(chips).to_have_count(2)
    expect(page.locator(".timeline-totals")).to_contain_text("2 in all")
    export = page.locator(".export a", has_text="CSV")
    expect(export).to_have_attribute("href", "/statements.csv?outlet=The+Wire&speaker=jane-roe")


def test_quick_changes_show_the_last_pick_and_log_no_error(urls, page):
    """Changes made while the list is still loading: htmx must not abort (it logs every
    abort as a console error) and the list must end on the last pick, not an earlier one."""
    from playwright.sync_api import expect

    page.goto(urls["person"])
    expect(_cards(page)).to_have_text(JANE)
    held, sent = [], []
    hold = [True]

    def list_request(route) -> None:
        sent.append(route.request.url)
        if hold[0]:
            held.append(route)  # in flight until released below
        else:
            route.continue_()

    page.route(re.compile(r"/people/jane-roe/\?"), list_request)
    with no_console_errors(page):
        page.select_option("#filter-outlet", "The Wire")
        page.wait_for_function("() => document.querySelector('#statements.htmx-request')")
        # Three more changes while the first is in flight.
        page.get_by_label("Direct quotes").check()
        page.select_option("#filter-outlet", "Daily Post")
        page.get_by_label("Order").select_option("oldest")
        assert len(held) == 1, sent
        hold[0] = False
        held.pop().continue_()
        expect(_cards(page)).to_have_text(["Beijing buys more", "The summit changed little"])
        expect(page).to_have_url(f"{urls['person']}?kind=direct&outlet=Daily+Post&order=oldest")
        # The select the reader moved on from was never set back by the first answer.
        expect(page.locator("#filter-outlet")).to_have_value("Daily Post")
        expect(page.get_by_label("Order")).to_have_value("oldest")
    # The first request, then one for the last state: the changes between were never sent.
    assert len(sent) == 2, sent
    assert _params(sent[-1]) == {"kind": "direct", "outlet": "Daily Post", "order": "oldest"}
