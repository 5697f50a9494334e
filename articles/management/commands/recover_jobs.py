"""python manage.py recover_jobs: queue again the jobs whose worker is gone."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from articles.services import jobs_recover


class Command(BaseCommand):
    help = (
        "Mark running import jobs whose worker stopped sending heartbeats (for longer than "
        "NEWSBROWSER_JOB_STALE_SECONDS) interrupted, and queue interrupted jobs again. "
        "newsbrowser_worker does this by itself; run this from cron with the RQ backend, "
        "whose workers do not."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = jobs_recover()
        if options["verbosity"] >= 1:
            if requeued:
                ids = ", ".join(str(pk) for pk in requeued)
                self.stdout.write(f"Queued again: {len(requeued)} job(s): {ids}.")
            else:
                self.stdout.write("No job to recover.")
