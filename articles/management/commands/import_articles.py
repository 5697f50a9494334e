"""python manage.py import_articles PATH [PATH ...]"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from tqdm import tqdm

from articles.services import ImportOutcome, articles_import, source_total
from entities.nlp.model import SpacyModelMissing

STATUSES = ("imported", "updated", "unchanged", "failed")


def database_address(alias: str = DEFAULT_DB_ALIAS) -> str:
    """HOST:PORT of a server database, the file of an SQLite one."""
    params = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        return str(params["NAME"])
    return f"{params.get('HOST') or 'localhost'}:{params.get('PORT') or 5432}"


def first_line(error: BaseException) -> str:
    """The driver's reason, without the hints and context lines it adds below."""
    lines = str(error).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(error).__name__


class Command(BaseCommand):
    help = (
        "Import news articles from files, ZIP archives and folders (walked recursively): "
        "plain or scraped text, HTML pages, JSON, JSON Lines, RSS and Atom feeds. Extracts "
        "people, countries and statements. Safe to re-run: known articles are left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="Files, archives, folders."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Articles per spaCy nlp.pipe batch (default: NEWSBROWSER_NLP_BATCH_SIZE).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="Worker processes that parse and extract (forked with the model loaded, where "
            "the system forks), while this one writes to the database; with 1, a thread parses "
            "the next batch while the last is written (default: NEWSBROWSER_IMPORT_PROCESSES, 1).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Extract known articles again instead of reporting them unchanged.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Update the date, title, author, URL and outlet of known articles whose "
            "text is unchanged, without extracting them again.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and extract everything, report what would happen, write nothing.",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="Print one line per article even on a terminal, instead of a progress bar.",
        )

    def handle(
        self,
        *args: Any,
        paths: list[Path],
        batch_size: int | None,
        processes: int | None,
        force: bool,
        update: bool,
        dry_run: bool,
        no_progress: bool,
        **options: Any,
    ) -> None:
        verbosity: int = options["verbosity"]  # 0 prints failures and the summary only
        if processes is None:
            processes = settings.NEWSBROWSER_IMPORT_PROCESSES
        if processes < 1 or (batch_size is not None and batch_size < 1):
            raise CommandError("--processes and --batch-size must be at least 1.")
        counts: Counter[str] = Counter()
        bar = None
        if self.stderr.isatty() and not no_progress and verbosity >= 1:
            # The bar writes to the raw stream: OutputWrapper would end every redraw with "\n".
            bar = tqdm(total=source_total(paths=paths), unit="file", file=self.stderr._out)
        outcomes = articles_import(
            paths=paths,
            batch_size=batch_size,
            force=force,
            update=update,
            dry_run=dry_run,
            processes=processes,
        )
        try:
            for outcome in outcomes:
                counts[outcome.status] += 1
                self._report(outcome, verbosity=verbosity, bar=bar)
                if bar is not None:
                    bar.update(outcome.files_done)
                    bar.set_postfix_str(
                        f"{counts['imported'] + counts['updated']} stored, "
                        f"{counts['failed']} failed",
                        refresh=False,
                    )
        except SpacyModelMissing as error:
            raise CommandError(str(error)) from error
        except (OperationalError, InterfaceError) as error:
            # One line, not two chained tracebacks: what failed, what it means, what to do.
            # Each article is stored in a transaction of its own, so those reported before
            # the cut are kept and a second run leaves them unchanged.
            raise CommandError(
                f"The database at {database_address()} is unreachable: {first_line(error)}. "
                "Nothing was imported from here on; run the command again once it is back."
            ) from error
        finally:
            if bar is not None:
                bar.close()

        summary = ", ".join(f"{counts[status]} {status}" for status in STATUSES)
        if dry_run:
            summary += " (dry run: nothing written)"
        if counts["failed"]:
            raise CommandError(f"Import finished with failures: {summary}.")
        self.stdout.write(self.style.SUCCESS(f"Import finished: {summary}."))

    def _report(self, outcome: ImportOutcome, *, verbosity: int, bar: tqdm | None) -> None:
        if outcome.status == "failed":
            line = f"failed     {outcome.source}: {outcome.detail}"
            if bar is not None:
                bar.write(line, file=self.stderr._out)
            else:
                self.stderr.write(line)
        elif verbosity >= 2 or (verbosity >= 1 and bar is None):
            detail = f" ({outcome.detail})" if outcome.detail else ""
            line = f"{outcome.status:<10} {outcome.source}{detail}"
            if bar is not None:
                bar.write(line, file=self.stdout._out)
            else:
                self.stdout.write(line)
