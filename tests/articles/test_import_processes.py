"""`import_articles --processes N`: the worker pool stores exactly what one process stores."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import articles_delete
from entities.models import Mention, Statement

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
    out = StringIO()
    call_command(
        "import_articles",
        str(GOOD),
        str(SEEDS),
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
