"""The accessibility check the browser tests run on every page they visit."""

from __future__ import annotations

from collections.abc import Iterable

# WCAG 2.1 A and AA, and axe's best practices, at a desktop and a phone width.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
VIEWPORTS = ({"width": 1280, "height": 900}, {"width": 390, "height": 844})


def assert_accessible(page, *, base_url: str, urls: Iterable[str]) -> None:
    """Fail with every axe-core violation found on each page at each width."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    urls = list(urls)
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        for url in urls:
            page.goto(base_url + url)
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            problems = [
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                for v in results.response["violations"]
            ]
            assert not problems, f"{url} at {viewport['width']}px:\n" + "\n".join(problems)
