"""`import_articles --processes N`: the worker pool stores exactly what one process stores."""

from __future__ import annotations

import json
import os
import signal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import articles_delete, articles_import
from entities.models import Mention, Statement
from tests.articles.jobs import edition

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HERE = Path(__file__).parent
GOOD = HERE / "good_inputs"
SEEDS = HERE.parent.parent / "seeds"


def stored_rows() -> dict[str, list[tuple[object, ...]]]:
    """Everything an import wrote, keyed by content and names rather than by row ids."""
    return {
        "articles": sorted(
            Article.objects.values_list("content_hash", "title", "url", "published_at", "body")
        ),
        "mentions": sorted(
            Mention.objects.values_list(
                "article__content_hash", "person__name", "country__alpha2", "text", "start", "end"
            ),
            key=repr,
        ),
        "statements": sorted(
            Statement.objects.values_list(
                "article__content_hash",
                "speaker__name",
                "speaker_kind",
                "speaker_text",
                "speaker_organisation__name",
                "speaker_country__alpha2",
                "kind",
                "cue",
                "text",
                "start",
                "end",
            ),
            key=repr,
        ),
    }


def import_with(processes: int) -> str:
    return import_of(GOOD, SEEDS, processes=processes)


def import_of(*paths: Path, processes: int) -> str:
    out = StringIO()
    call_command(
        "import_articles",
        *map(str, paths),
        "--processes",
        str(processes),
        # Small batches: several chunks are in the pool at once, stored as they come back.
        "--batch-size",
        "2",
        "--no-progress",
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def test_two_processes_store_the_same_rows_as_one(nlp):
    one_summary = import_with(1).splitlines()[-1]
    one = stored_rows()
    articles_delete(article_ids=list(Article.objects.values_list("pk", flat=True)))
    assert not Statement.objects.exists()

    two_summary = import_with(2).splitlines()[-1]

    assert one_summary == "Import finished: 8 imported, 0 updated, 1 unchanged, 0 failed."
    assert two_summary == one_summary
    assert one["statements"], "the inputs should yield statements to compare"
    assert stored_rows() == one


def test_a_second_run_with_two_processes_leaves_everything_unchanged(nlp):
    import_with(2)
    before = stored_rows()

    summary = import_with(2).splitlines()[-1]

    assert summary == "Import finished: 0 imported, 0 updated, 9 unchanged, 0 failed."
    assert stored_rows() == before


def test_a_worker_process_killed_mid_import_fails_only_its_articles_and_a_rerun_stores_them(
    tmp_path, nlp
):
    lines = "".join(json.dumps(edition(n)) + "\n" for n in range(12))
    (tmp_path / "editions.jsonl").write_text(lines, encoding="utf-8")
    outcomes = articles_import(paths=[tmp_path], processes=2, batch_size=2)

    first = next(outcomes)
    # The running import's pool: kill one of its workers, as the out-of-memory killer would.
    run = outcomes.gi_frame.f_locals["run"]
    os.kill(next(iter(run.pool._executor._processes)), signal.SIGKILL)
    rest = list(outcomes)

    statuses = [o.status for o in (first, *rest)]
    assert len(statuses) == 12
    assert set(statuses) <= {"imported", "failed"}
    assert all(
        "the worker process parsing it stopped" in o.detail for o in rest if o.status == "failed"
    )
    assert statuses[-1] == "imported"  # a new pool took the chunks after the broken one
    summary = import_of(tmp_path, processes=2).splitlines()[-1]
    assert summary == (
        f"Import finished: {statuses.count('failed')} imported, 0 updated, "
        f"{statuses.count('imported')} unchanged, 0 failed."
    )
    assert Article.objects.count() == 12
