"""The console check the browser tests run: no page may log an error or throw."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


def error_listeners(errors: list[str]) -> tuple[Callable, Callable]:
    """The (console, pageerror) listeners that add a page's errors to ``errors``."""

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"console error at {message.location.get('url', '?')}: {message.text}")

    def on_page_error(error) -> None:
        errors.append(f"uncaught exception: {error}")

    return on_console, on_page_error


@contextmanager
def no_console_errors(page) -> Iterator[list[str]]:
    """Collect console errors and uncaught exceptions while the block runs; fail if any.

    A missing resource (a 404 favicon, a script that did not load) shows in the console
    as an error, so it fails here too.
    """
    errors: list[str] = []
    on_console, on_page_error = error_listeners(errors)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    try:
        yield errors
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)
    assert not errors, "\n".join(errors)
