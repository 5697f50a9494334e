"""Two imports at once, in two processes, on PostgreSQL: nothing duplicated, nothing failed,
no count lost."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from articles.models import Article
from entities.aggregates import aggregates_differences
from entities.models import Person, Statement

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database two processes can share (PostgreSQL)",
    ),
]


def database_url() -> str:
    db = settings.DATABASES["default"]  # the test database, during the test
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# One article a transaction, and batches of four stored in one transaction each (issue 14),
# which hold the people they add until the batch commits.
@pytest.mark.parametrize("batch_size", ["1", "4"])
def test_two_overlapping_imports_at_once_store_each_article_and_person_once(
    tmp_path, seed_article, batch_size
):
    text = seed_article.read_text(encoding="utf-8")
    variants = [text.replace("Related content", f"Edition {n}.") for n in range(8)]
    for folder, numbers in (("first", range(0, 6)), ("second", range(2, 8))):
        (tmp_path / folder).mkdir()
        for n in numbers:
            (tmp_path / folder / f"edition-{n}.txt").write_text(variants[n], encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1"}
    command = [sys.executable, "manage.py", "import_articles", "--batch-size", batch_size]

    runs = [
        subprocess.Popen(
            [*command, str(tmp_path / folder)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in ("first", "second")
    ]
    results = [(*run.communicate(timeout=300), run.returncode) for run in runs]

    summaries = []
    for out, err, code in results:
        assert code == 0, err
        summaries.append(re.search(r"(\d+) imported, (\d+) updated, (\d+) unchanged", out))
    imported = sum(int(s[1]) for s in summaries)
    unchanged = sum(int(s[3]) for s in summaries)
    assert (imported, unchanged) == (8, 4)
    assert Article.objects.count() == 8
    assert not Person.objects.values("name_key").annotate(n=Count("id")).filter(n__gt=1)
    assert Person.objects.filter(name="Jake Sullivan").count() == 1
    assert Statement.objects.filter(speaker__name="Jake Sullivan").count() == 8
    # Both counted the people and countries they share, one after the other (issue 14).
    assert aggregates_differences() == []
