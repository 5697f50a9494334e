"""make_corpus: which databases it refuses, and what a multiplied database holds."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from bench.make_corpus import seed_files
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "bench" / "make_corpus.py"
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = SERVER_URL.startswith(("postgres://", "postgresql://"))


def run(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_seed_files_spread_over_the_sorted_corpus(tmp_path):
    for name in ("a", "b", "c", "d", "e", "f"):
        (tmp_path / f"{name}.txt").write_text("x")
    assert [path.stem for path in seed_files(tmp_path, count=3)] == ["a", "c", "e"]
    assert len(seed_files(tmp_path, count=10)) == 6


@pytest.mark.parametrize("database_url", ["", "sqlite:///corpus.sqlite3"])
def test_refuses_anything_but_postgresql(database_url, tmp_path):
    result = run(str(SEEDS), "--articles", "10", database_url=database_url)
    assert result.returncode == 2
    assert "DATABASE_URL must name an empty PostgreSQL database" in result.stderr


@pytest.fixture
def scratch_database():
    """A new empty PostgreSQL database beside the one DATABASE_URL names, dropped afterwards."""
    name = f"make_corpus_{uuid.uuid4().hex[:12]}"
    base, _, _ = SERVER_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs DATABASE_URL naming a PostgreSQL server")
def test_multiplies_seed_articles_with_everything_hanging_off_them(scratch_database, tmp_path):
    # Three articles: the seed article under three headlines.
    seed = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(f"Headline {number}\n\n{seed}", encoding="utf-8")
    result = run(
        str(tmp_path), "--articles", "7", "--seed-articles", "3", database_url=scratch_database
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "multiplied to 7 articles" in result.stdout
    with psycopg.connect(scratch_database) as db:
        rows = db.execute(
            """
            SELECT a.id, a.title, a.content_hash, a.published_at,
                   (SELECT count(*) FROM entities_statement s WHERE s.article_id = a.id),
                   (SELECT count(*) FROM entities_mention m WHERE m.article_id = a.id),
                   (SELECT count(*) FROM entities_statementcountry sc
                    JOIN entities_statement s ON s.id = sc.statement_id WHERE s.article_id = a.id)
            FROM articles_article a ORDER BY a.id
            """
        ).fetchall()
        seeds, copies = rows[:3], rows[3:]
        assert len(copies) == 4
        assert len({row[2] for row in rows}) == 7  # content hashes stay unique
        # Copy 1 of every seed, then copy 2 of the first: each with its seed's rows.
        for copy, seed, number in zip(copies, [*seeds, seeds[0]], [2, 2, 2, 3], strict=True):
            assert copy[1] == f"{seed[1]} (copy {number})"
            assert copy[4:] == seed[4:]
        assert sum(row[4] for row in seeds) > 0
        newest = max(row[3] for row in seeds)
        for copy in copies:
            assert 0 <= (newest - copy[3]).days <= 3653
        # A statement's copy quotes the copy's own body at the same offsets.
        mismatched = db.execute(
            """
            SELECT count(*) FROM entities_statement s JOIN articles_article a ON a.id = s.article_id
            WHERE substr(a.body, s.start + 1, s."end" - s.start) <> s.text
            """
        ).fetchone()[0]
        assert mismatched == 0
        # The id sequences continue after the copies.
        next_id = db.execute(
            "SELECT nextval(pg_get_serial_sequence('articles_article', 'id'))"
        ).fetchone()[0]
        assert next_id == max(row[0] for row in rows) + 1
    # The copies are counted in the aggregates the pages read (issue 14).
    env = {**os.environ, "DATABASE_URL": scratch_database}
    check = subprocess.run(
        [sys.executable, "manage.py", "rebuild_aggregates", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    with psycopg.connect(scratch_database) as db:
        said = db.execute("SELECT coalesce(sum(said), 0) FROM entities_statementtotal").fetchone()
        spoken = db.execute(
            "SELECT count(*) FROM entities_statement WHERE speaker_id IS NOT NULL "
            "OR speaker_organisation_id IS NOT NULL OR speaker_country_id IS NOT NULL"
        ).fetchone()
        assert said[0] >= spoken[0] > 0
    again = run(str(SEEDS), "--articles", "7", database_url=scratch_database)
    assert again.returncode == 2
    assert "already holds 7 articles" in again.stderr
