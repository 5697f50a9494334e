"""Organisation, "what a country says" and country-pair pages in Debian's Chromium.

Same set-up as tests/test_browser.py (whose fixtures these reuse); screenshots land in
test-artifacts/.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from entities.models import Country
from tests import test_browser
from tests.accessibility import assert_accessible
from tests.entities.builders import article_make, organisation_make, person_make, statement_make

pytestmark = test_browser.pytestmark
ARTIFACTS = test_browser.ARTIFACTS
TIMEOUT_MS = test_browser.TIMEOUT_MS
# The shared browser and page fixtures, under the names the tests ask for.
chromium = test_browser.chromium
page = test_browser.page


@pytest.fixture
def sources(transactional_db, django_db_serialized_rollback, live_server, chromium):
    """Russian sources of every kind, an American official, over three months."""
    russia, china, us = (Country.objects.get(alpha2=code) for code in ("RU", "CN", "US"))
    kremlin = organisation_make("Kremlin", kind="government", country=russia)
    lavrov = person_make("Sergei Lavrov")
    rows = [
        (1, "The West is escalating", [us], {"speaker_kind": "organisation"}, "the Kremlin"),
        (3, "Beijing is a partner", [china], {"speaker_kind": "unnamed"}, "a Kremlin spokesman"),
        (35, "Talks with China continue", [china], {"speaker_kind": "country"}, "Moscow"),
        (70, "China and America must listen", [china, us], {"speaker": lavrov}, ""),
    ]
    for days_ago, text, about, source, written in rows:
        organisation = (
            kremlin if source.get("speaker_kind") in ("organisation", "unnamed") else None
        )
        statement_make(
            article=article_make(title=f"Moscow: {text}", days_ago=days_ago),
            speaker=source.get("speaker"),
            text=text,
            about=about,
            speaker_text=written,
            speaker_kind=source.get("speaker_kind", ""),
            speaker_organisation=organisation,
            speaker_country=russia,
            kind="indirect" if source.get("speaker_kind") == "country" else "direct",
        )
    statement_make(
        article=article_make(title="Washington answers", days_ago=2),
        speaker=None,
        text="Moscow is isolated",
        about=[russia],
        speaker_text="a senior U.S. official",
        speaker_kind="unnamed",
        speaker_country=us,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    return {"url": live_server.url, "kremlin": kremlin, "russia": russia}


def _cards(page) -> list[str]:
    return page.locator("#statements .statement-card blockquote").all_inner_texts()


def test_organisation_page_filters_in_place_and_exports(sources, page, tmp_path):
    from playwright.sync_api import expect

    url = sources["url"] + sources["kremlin"].get_absolute_url()
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Kremlin")
    expect(page.locator(".kicker")).to_have_text("Organisation · Government or ministry")
    heading = page.locator("#statements-heading")
    expect(heading).to_have_text("2 statements")
    page.screenshot(path=ARTIFACTS / "organisation.png", full_page=True)

    test_browser._mark_document(page)
    page.locator("#chip-source-unnamed").click()
    expect(heading).to_have_text("1 statement (unnamed spokespeople)")
    expect(page).to_have_url(f"{url}?source=unnamed")
    card = page.locator("#statements .statement-card").first
    expect(card).to_contain_text("a Kremlin spokesman (unnamed source for Kremlin, Russia)")
    assert test_browser._same_document(page)
    page.go_back()
    expect(heading).to_have_text("2 statements")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / "kremlin.csv"
    download_info.value.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["speaker_kind"], r["speaker_organisation"]) for r in rows] == [
        ("organisation", "Kremlin"),
        ("unnamed", "Kremlin"),
    ]

    # The country link leads to what Russia says, where the Kremlin is one source among others.
    page.get_by_role("link", name="what Russia says").click()
    expect(page.locator("h1")).to_have_text("What Russia says")


def test_by_and_pair_pages_from_the_country_page(sources, page, tmp_path):
    from playwright.sync_api import expect

    base = sources["url"]
    page.goto(base + sources["russia"].get_absolute_url())
    page.get_by_role("link", name="What Russia says").click()
    expect(page).to_have_url(f"{base}/countries/russia/by/")
    heading = page.locator("#statements-heading")
    expect(heading).to_have_text("4 statements by Russia")
    assert "Moscow is isolated" not in _cards(page)
    card = page.locator(".statement-card", has_text="Talks with China continue")
    expect(card.locator(".meta").first).to_contain_text("Russia (the state)")
    page.screenshot(path=ARTIFACTS / "country-by.png", full_page=True)

    test_browser._mark_document(page)
    page.locator("#chip-source-country").click()
    expect(heading).to_have_text("1 statement by Russia (russia itself)")
    page.locator("#chip-source-all").click()
    expect(heading).to_have_text("4 statements by Russia")
    page.locator("#chip-country-china").click()
    expect(heading).to_have_text("3 statements by Russia about China")
    expect(page).to_have_url(f"{base}/countries/russia/by/?country=china")
    assert test_browser._same_document(page)

    page.get_by_role("link", name="What Russia says about China").click()
    expect(page).to_have_url(f"{base}/countries/russia/on/china/")
    expect(page.locator("h1")).to_have_text("What Russia says about China")
    expect(heading).to_have_text("3 statements by Russia about China")
    page.screenshot(path=ARTIFACTS / "country-pair.png", full_page=True)

    # A month of the timeline narrows the pair in place.
    test_browser._mark_document(page)
    month = page.locator(".timeline-chart a.bar").first
    month.click()
    expect(heading).to_have_text("1 statement by Russia about China")
    assert test_browser._same_document(page)
    page.get_by_role("link", name="All months").click()
    expect(heading).to_have_text("3 statements by Russia about China")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="JSON").click()
    download = download_info.value
    assert download.suggested_filename == "statements-by-russia-china.json"
    saved = tmp_path / "pair.json"
    download.save_as(saved)
    records = json.loads(saved.read_text(encoding="utf-8"))
    assert [r["statement"] for r in records] == _cards(page)
    assert {r["speaker_country"] for r in records} == {"Russia"}


def test_source_pages_work_without_javascript(sources, chromium):
    from playwright.sync_api import expect

    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    base = sources["url"]
    heading = page.locator("#statements-heading")

    page.goto(base + sources["kremlin"].get_absolute_url())
    page.locator("#chip-source-organisation").click()
    expect(page).to_have_url(re.compile(r"/organisations/kremlin/\?source=organisation$"))
    expect(heading).to_have_text("1 statement (kremlin itself)")

    page.goto(base + "/countries/russia/by/")
    page.locator("#chip-country-china").click()
    expect(heading).to_have_text("3 statements by Russia about China")
    page.get_by_label("Direct quotes").check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"country=china.*kind=direct"))
    expect(heading).to_have_text("2 statements by Russia about China")

    page.get_by_role("link", name="What Russia says about China").click()
    page.get_by_label("Reported").check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/countries/russia/on/china/\?kind=indirect"))
    expect(heading).to_have_text("1 statement by Russia about China")

    # Every card's source is a plain link to its page.
    page.goto(base + "/countries/russia/by/")
    page.locator(".statement-card", has_text="The West is escalating").get_by_role(
        "link", name="Kremlin"
    ).click()
    expect(page.locator("h1")).to_have_text("Kremlin")
    context.close()


def test_source_pages_pass_axe_accessibility_checks(sources, page):
    urls = [
        sources["kremlin"].get_absolute_url(),
        "/countries/russia/",
        "/countries/russia/by/",
        "/countries/russia/on/china/",
    ]
    assert_accessible(page, base_url=sources["url"], urls=urls)
