"""What the job tests share: jobs of several files, and the real worker run in-process."""

from __future__ import annotations

import json
import signal
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import ImportJob
from articles.services import import_job_create
from tests.conftest import SEED_ARTICLE


def edition(n: int) -> dict[str, str]:
    """A distinct article (its own content hash) with the seed article's people and quotes."""
    title, _, body = SEED_ARTICLE.read_text(encoding="utf-8").partition("\n")
    return {"title": f"{title.strip()} (edition {n})", "body": f"{body.strip()}\n\nEdition {n}."}


def editions_upload(name: str, numbers: range) -> SimpleUploadedFile:
    lines = "".join(json.dumps(edition(n)) + "\n" for n in numbers)
    return SimpleUploadedFile(name, lines.encode("utf-8"))


def job_of_files(
    *, files: int, per_file: int, first: int = 0, user: object | None = None
) -> ImportJob:
    """An import job queued for ``files`` JSON Lines files of ``per_file`` editions each.

    The editions are numbered from ``first``.
    """
    uploads = [
        editions_upload(
            f"part-{i:02}.jsonl", range(first + i * per_file, first + (i + 1) * per_file)
        )
        for i in range(files)
    ]
    return import_job_create(files=uploads, user=user)


def run_worker_until_queue_is_empty() -> str:
    """Our worker (db_worker plus job recovery), in-process, in its run-until-empty mode."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = StringIO()
    try:
        call_command("newsbrowser_worker", "--batch", "--no-startup-delay", stdout=out, stderr=out)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return out.getvalue()
