"""Only a web address from a source file is ever offered as a link."""

from __future__ import annotations

import pytest

from articles.models import Article


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://wire.example/a?x=1", "https://wire.example/a?x=1"),
        ("HTTP://wire.example/a", "HTTP://wire.example/a"),
        ("  https://wire.example/a  ", "https://wire.example/a"),
        ("javascript:alert(1)", ""),
        ("JavaScript:alert(1)", ""),
        (" javascript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("//wire.example/a", ""),
        ("/articles/1/", ""),
        ("http:alert(1)", ""),
        ("https://[::1", ""),
        ("", ""),
    ],
)
def test_original_url_is_only_an_http_address(url, linked):
    assert Article(url=url).original_url == linked
