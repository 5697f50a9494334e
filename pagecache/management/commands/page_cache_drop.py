"""python manage.py page_cache_drop"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pagecache.generation import generation_bump, generation_current


class Command(BaseCommand):
    help = (
        "Drop every cached page in every process at once (count the data's generation up): "
        "after writes made outside the application, such as SQL typed into psql, or a "
        "template changed on a running server."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        generation_bump()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Cached pages dropped: generation {generation_current()}.")
