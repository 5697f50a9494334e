"""python manage.py import_articles PATH [PATH ...]"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.services import articles_import
from entities.nlp.model import SpacyModelMissing


class Command(BaseCommand):
    help = (
        "Import news articles from files and folders (walked recursively), extracting "
        "people, countries and statements. Safe to re-run: known articles are left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="Article files or folders."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Articles per spaCy nlp.pipe batch (default: NEWSBROWSER_NLP_BATCH_SIZE).",
        )

    def handle(self, *args: Any, paths: list[Path], batch_size: int | None, **options: Any) -> None:
        verbosity: int = options["verbosity"]  # 0 prints failures and the summary only
        counts: Counter[str] = Counter()
        try:
            for outcome in articles_import(paths=paths, batch_size=batch_size):
                counts[outcome.status] += 1
                if outcome.status == "failed":
                    self.stderr.write(f"failed     {outcome.source}: {outcome.detail}")
                elif verbosity >= 1:
                    detail = f" ({outcome.detail})" if outcome.detail else ""
                    self.stdout.write(f"{outcome.status:<10} {outcome.source}{detail}")
        except SpacyModelMissing as error:
            raise CommandError(str(error)) from error

        summary = ", ".join(
            f"{counts[status]} {status}"
            for status in ("imported", "updated", "unchanged", "failed")
        )
        if counts["failed"]:
            raise CommandError(f"Import finished with failures: {summary}.")
        self.stdout.write(self.style.SUCCESS(f"Import finished: {summary}."))
