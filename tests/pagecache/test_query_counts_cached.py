"""The pages' query pins (tests/entities/test_query_counts.py) hold with the page cache on:
a miss runs the page's own queries and one more (the generation); a hit runs that one."""

from __future__ import annotations

from django.core.cache import caches
from django.test import override_settings

from pagecache.middleware import PAGE_CACHE_ALIAS, STATUS_HEADER
from tests.entities.test_query_counts import QueryCountTest

GENERATION_READ = 1


@override_settings(NEWSBROWSER_PAGE_CACHE=True)
class CachedQueryCountTest(QueryCountTest):
    def setUp(self) -> None:
        super().setUp()
        caches[PAGE_CACHE_ALIAS].clear()

    def assert_same_queries(self, expected: int, *urls: str, **headers: str) -> None:
        for url in urls:
            # The pins are for a page not stored yet, whichever test stored it before.
            caches[PAGE_CACHE_ALIAS].clear()
            with (
                self.subTest(url=url, served="miss", **headers),
                self.assertNumQueries(expected + GENERATION_READ),
            ):
                response = self.client.get(url, **headers)
                self.assertEqual(response.status_code, 200)
                if response.streaming:
                    b"".join(response.streaming_content)
            if response.streaming:
                # Exports stream and are never stored.
                self.assertNotIn(STATUS_HEADER, response)
                continue
            with (
                self.subTest(url=url, served="hit", **headers),
                self.assertNumQueries(GENERATION_READ),
            ):
                self.assertEqual(self.client.get(url, **headers)[STATUS_HEADER], "hit")
