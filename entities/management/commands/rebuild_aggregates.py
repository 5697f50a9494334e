"""python manage.py rebuild_aggregates [--check]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entities.aggregates import aggregates_differences, aggregates_rebuild


class Command(BaseCommand):
    help = (
        "Count the maintained statement aggregates (per source, country, pair and month, "
        "totals, the facets and the pairs of people quoted together) again from the statements; "
        "with --check, only compare and report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: print where the stored aggregates differ from a count from "
            "scratch, and exit non-zero if they do.",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=50,
            help="With --check, print at most this many differences (0: all). Default 50.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            differences = aggregates_differences(limit=options["limit"])
            for line in differences:
                self.stdout.write(line)
            if differences:
                raise CommandError(
                    f"the aggregates differ from the statements ({len(differences)} shown); "
                    "run rebuild_aggregates to count them again"
                )
            if options["verbosity"]:
                self.stdout.write("The aggregates agree with the statements.")
            return
        aggregates_rebuild()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Aggregates counted again from the statements."))
