"""A dumpdata/loaddata round trip of the domain apps gives back the same pages.

The dump and load commands are those docs/operations.md gives for a portable backup.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article
from entities.models import Country, Organisation, Person, Statement
from tests.conftest import SEEDS

GOOD_INPUTS = Path(__file__).parent / "articles" / "good_inputs"
# As docs/operations.md gives them.
DUMPED_APPS = ["articles", "entities", "auth.user", "auth.group"]
DUMP_OPTIONS = ["--natural-foreign"]
# The one thing a page changes from one request to the next: the masked CSRF token.
CSRF_TOKEN = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def archive_urls() -> list[str]:
    """Every page of the archive: lists, each article, person, organisation, country and
    statement, a country's own sources and its pairs, search and the downloads."""
    urls = ["/", "/people/", "/organisations/", "/countries/", "/search?q=said"]
    urls += ["/statements.csv", "/statements.json", "/statements.json?kind=direct"]
    urls += [article.get_absolute_url() for article in Article.objects.order_by("pk")]
    for person in Person.objects.order_by("pk"):
        urls += [person.get_absolute_url(), f"{person.get_absolute_url()}about/"]
        urls.append(f"/statements.csv?speaker={person.slug}")
    urls += [o.get_absolute_url() for o in Organisation.objects.order_by("pk")]
    named = Country.objects.filter(mentions__isnull=False).distinct().order_by("pk")
    for country in named:
        urls += [country.get_absolute_url(), f"{country.get_absolute_url()}by/"]
        urls += [f"{country.get_absolute_url()}on/{other.slug}/" for other in named]
    for statement in Statement.objects.order_by("pk"):
        urls += [statement.get_absolute_url(), f"{statement.get_absolute_url()}context/"]
    return urls


def pages(urls: list[str]) -> dict[str, tuple[int, str]]:
    client = Client()
    found = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        found[url] = (response.status_code, CSRF_TOKEN.sub(r"\1", body.decode()))
    return found


def test_dumpdata_flush_loaddata_gives_back_every_page_byte_for_byte(tmp_path, nlp):
    out = StringIO()
    call_command("import_articles", str(SEEDS), str(GOOD_INPUTS), stdout=out, stderr=out)
    assert Statement.objects.count() >= 5, out.getvalue()
    urls = archive_urls()
    before = pages(urls)
    assert all(status == 200 for status, _ in before.values())
    counts = [m.objects.count() for m in (Article, Person, Organisation, Statement, Country)]

    backup = tmp_path / "backup.json.gz"
    call_command("dumpdata", *DUMPED_APPS, *DUMP_OPTIONS, output=str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists() and not Country.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    assert [m.objects.count() for m in (Article, Person, Organisation, Statement, Country)] == (
        counts
    )
    after = pages(urls)
    differing = [url for url in urls if after[url] != before[url]]
    assert differing == [], f"{len(differing)} of {len(urls)} pages differ"
    assert len(urls) > 50
