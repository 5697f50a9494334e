"""The site's icon: linked from every page, and /favicon.ico answers rather than 404."""

from __future__ import annotations

from django.templatetags.static import static
from django.test import TestCase


class FaviconTest(TestCase):
    def test_favicon_ico_redirects_to_the_svg_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertRedirects(
            response, static("favicon.svg"), status_code=301, fetch_redirect_response=False
        )

    def test_pages_link_the_svg_icon(self):
        self.assertContains(
            self.client.get("/"),
            f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">',
            html=True,
        )
