"""Every public page answers hostile query strings with a page or a 4xx, never a 5xx.

The URLs come from the URLconf (a new public URL without an entry in ``ARGUMENTS`` fails
the test), the parameter names from the views' own source (whatever they read from
``request.GET`` or the filters read from their params), the values from ``HOSTILE``.
Each URL gets all parameters at once with each value (as an htmx fragment, and as a full
page with every parameter repeated), and each parameter on its own with the values a view
reads as a number or a date. The test client's 500s are counted, not raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.entities.builders import (
    article_make,
    country,
    organisation_make,
    person_make,
    statement_make,
)

ROOT = Path(__file__).resolve().parent.parent
# Where the public pages read their query strings.
READERS = ["entities/views.py", "entities/selectors.py", "articles/views.py"]
_READ = re.compile(r"""(?:request\.GET|params)\.get\(\s*"([^"]+)"|"([^"]+)"\s+in\s+request\.GET""")

# Raw query-string values: already percent-encoded where the attack is in the encoding.
HOSTILE = {
    "nul": "%00",
    "lone surrogate": "%ED%A0%80",
    "invalid utf-8": "%FF%FE",
    "100 KB": "a" * 100_000,
    "100 KB of digits": "9" * 100_000,
    "negative": "-1",
    "zero": "0",
    "huge": "99999999999999999999999999",
    "float": "1e309",
    "not a number": "abc",
    "superscript digit": quote("²"),
    "arabic digit": quote("٣"),
    "no date": "0000-00-00",
    "five-digit year": "99999-01-01",
    "no such day": "2016-02-30",
    "no such month": "2016-13",
    "year one": "0001-01-01",
    "empty": "",
    "spaces": "%20%20%20",
    "sql": quote("' OR 1=1 --"),
    "markup": quote('<script>alert(1)</script>"'),
    "json": quote('{"$gt": ""}'),
    "newline": "%0D%0Aheader:%20x",
    "percent": "%25",
}

# The values also sent one parameter at a time: those a view reads as a number or a date.
ONE_AT_A_TIME = {
    "negative",
    "huge",
    "not a number",
    "superscript digit",
    "no such day",
}


def public_url_names(patterns=None, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(namespaced name, pattern) of every URL outside the admin."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.pattern.describe().startswith("'admin/"):
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_url_names(entry.url_patterns, prefix)
        elif str(entry.pattern).startswith("admin/"):
            continue  # our override of the admin's shortcut: staff only
        else:
            yield f"{namespace}{entry.name}", entry


def parameter_names() -> list[str]:
    names = set()
    for path in READERS:
        for match in _READ.finditer((ROOT / path).read_text(encoding="utf-8")):
            names.add(match[1] or match[2])
    return sorted(names)


class UrlSweepTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        person = person_make("Joe Biden")
        japan, china = country("JP"), country("CN")
        body = organisation_make("Foreign Ministry", kind="government", country=japan)
        article = article_make(title="Talks")
        cls.statement = statement_make(
            article=article, speaker=person, text="We will talk", about=[japan, china]
        )
        statement_make(
            article=article,
            speaker=None,
            text="The ministry agrees",
            about=[china],
            speaker_text="Foreign Ministry",
            speaker_kind="organisation",
            speaker_organisation=body,
            speaker_country=japan,
        )
        cls.arguments = {
            "articles:list": {},
            "articles:detail": {"pk": article.pk},
            "entities:people": {},
            "entities:organisations": {},
            "entities:countries": {},
            "entities:person": {"slug": person.slug},
            "entities:person-about": {"slug": person.slug},
            "entities:organisation": {"slug": body.slug},
            "entities:country": {"slug": japan.slug},
            "entities:country-by": {"slug": japan.slug},
            "entities:country-pair": {"slug": japan.slug, "other": china.slug},
            "entities:statement": {"pk": cls.statement.pk},
            "entities:statement-context": {"pk": cls.statement.pk},
            "entities:statements-csv": {},
            "entities:statements-json": {},
            "entities:search": {},
            "entities:search-suggestions": {},
            "None": {},  # /favicon.ico
        }

    def urls(self) -> list[str]:
        names = [name for name, _ in public_url_names()]
        missing = sorted(set(names) - set(self.arguments))
        assert not missing, f"public URLs the sweep has no arguments for: {missing}"
        urls = [
            "/favicon.ico" if name == "None" else reverse(name, kwargs=self.arguments[name])
            for name in names
        ]
        return [*urls, reverse("admin:login")]

    def setUp(self) -> None:
        self.client.raise_request_exception = False  # count every 500, not just the first

    def get(self, url: str, query: str, **headers: str) -> int:
        response = self.client.get(f"{url}?{query}", **headers)
        if response.streaming:
            b"".join(response.streaming_content)  # a failure mid-stream must show too
        return response.status_code

    def test_the_parameters_the_views_read_are_found(self):
        found = set(parameter_names())
        expected = {"q", "page", "pages", "order", "from", "to", "kind", "speaker", "article"}
        assert expected <= found, expected - found

    def test_no_public_url_answers_a_hostile_query_string_with_a_5xx(self):
        params = [*parameter_names(), "next", "undefined"]
        failures, requests = [], 0
        for url in self.urls():
            tried = []
            for label, value in HOSTILE.items():
                # Every parameter at once: as a fragment, and as a page with each parameter
                # repeated after a harmless value (QueryDict.get reads the last).
                every = "&".join(f"{name}={value}" for name in params)
                tried.append((label, every, {"HTTP_HX_REQUEST": "true"}))
                tried.append((label, "&".join(f"{name}=1&{name}={value}" for name in params), {}))
                if label in ONE_AT_A_TIME:
                    # One at a time too: at once, ?page= hides ?pages= and a bad date the other.
                    tried += [(label, f"{name}={value}", {}) for name in params]
            for label, query, headers in tried:
                requests += 1
                status = self.get(url, query, **headers)
                if status >= 500:
                    failures.append((url, query[:60], label, bool(headers), status))
        assert not failures, f"{len(failures)} of {requests} requests got a 5xx: {failures[:20]}"
