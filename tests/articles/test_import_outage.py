"""import_articles cut off from its database says so in one line and exits non-zero."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import InterfaceError, OperationalError, connection

from articles.services import ImportOutcome

REASON = (
    'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


def _cut_after_one(error: Exception) -> Iterator[ImportOutcome]:
    yield ImportOutcome(source="first.txt", status="imported", article_id=1)
    raise error


@pytest.mark.parametrize(
    "error, reason",
    [
        (
            OperationalError(REASON),
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused',
        ),
        (InterfaceError("connection already closed"), "connection already closed"),
    ],
)
def test_an_outage_mid_import_is_one_line_naming_the_database(tmp_path: Path, error, reason):
    source = tmp_path / "first.txt"
    source.write_text("Title\n\nBody.\n")
    out = StringIO()
    with (
        mock.patch(
            "articles.management.commands.import_articles.articles_import",
            return_value=_cut_after_one(error),
        ),
        pytest.raises(CommandError) as raised,
    ):
        call_command("import_articles", str(source), "--no-progress", stdout=out, stderr=StringIO())
    settings = connection.settings_dict
    where = (
        settings["NAME"]
        if connection.vendor == "sqlite"
        else f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
    )
    message = str(raised.value)
    assert message == (
        f"The database at {where} is unreachable: {reason}. Nothing was imported from here on; "
        "run the command again once it is back."
    )
    assert "\n" not in message
    assert "imported   first.txt" in out.getvalue()
