"""The admin import job page in Debian's Chromium: its progress updates in place, then stops.

Shares the browser fixtures of tests/test_browser.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImportJob
from tests import test_browser
from tests.console import no_console_errors
from tests.test_browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]

chromium = test_browser.chromium
page = test_browser.page
PASSWORD = "a-long-passphrase"


@pytest.fixture
def admin_page(transactional_db, django_db_serialized_rollback, live_server, page):
    """A page logged in to the admin as a superuser, through the login form."""
    get_user_model().objects.create_superuser("root", "r@example.org", PASSWORD)
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page


def test_job_progress_updates_in_place_and_stops_polling_when_done(admin_page, live_server):
    from playwright.sync_api import expect

    page = admin_page
    job = ImportJob.objects.create(
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=1),
        total=4,
        processed=1,
        imported=2,
    )
    url = live_server.url + reverse("admin:articles_importjob_change", args=[job.pk])
    polls: list[str] = []
    page.on(
        "request",
        lambda request: polls.append(request.url) if request.headers.get("hx-request") else None,
    )
    with no_console_errors(page):
        page.goto(url)
        progress = page.locator("#job-progress")
        files = progress.locator(".job-files")
        expect(files).to_have_text("1 of 4 files")
        expect(progress.locator(".job-rate")).to_contain_text("articles/min")
        page.evaluate("window.__sameDocument = true")

        ImportJob.objects.filter(pk=job.pk).update(processed=3, imported=6)
        expect(files).to_have_text("3 of 4 files")
        expect(progress.locator(".job-articles")).to_contain_text("6 done")

        article = Article.objects.create(
            title="Kishida warns Russia", body="Body.", content_hash="k" * 64, import_job=job
        )
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE, processed=4, finished_at=timezone.now()
        )
        expect(progress.locator(".job-state")).to_have_text("Done")
        expect(files).to_have_text("4 of 4 files")
        assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
        expect(progress).not_to_have_attribute("hx-trigger", re.compile(".*"))
        expect(progress.get_by_role("link", name="Kishida warns Russia")).to_have_attribute(
            "href", article.get_absolute_url()
        )

        polled = len(polls)
        page.wait_for_timeout(2500)  # more than one polling interval
        assert len(polls) == polled, "the page kept polling after the job ended"


def test_home_page_logs_no_console_errors(
    transactional_db, django_db_serialized_rollback, live_server, page
):
    from playwright.sync_api import expect

    with no_console_errors(page):
        page.goto(live_server.url + "/")
        expect(page.locator("h1")).to_have_text("Recent articles")
        page.wait_for_load_state("networkidle")  # the favicon request has been answered
