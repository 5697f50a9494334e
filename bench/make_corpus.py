"""A PostgreSQL database of N articles built from a real corpus, for measuring pages at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/news_100k \\
        .venv/bin/python bench/make_corpus.py CORPUS_DIR --articles 100000 [--seed-articles 300]

DATABASE_URL must name an empty PostgreSQL database (created, migrated or not,
holding no articles, people, organisations or statements): anything else is
refused before a row is written. The script migrates it, imports
``--seed-articles`` plain-text articles from CORPUS_DIR (spread evenly over the
corpus's sorted file names) through the real import service, then multiplies
them in SQL up to ``--articles``:

- every copy of an article gets a new id, a title with its copy number, a URL
  with a ``#copy-N`` fragment (when it has one), a content hash of its own and a
  publication date spread over the ten years before the newest seed article;
- every row that hangs off an article (mentions, statements, the countries each
  statement is about, editors' corrections, and any table added later with a
  foreign key to one of those) is copied with it, its keys moved with the
  copy; found from the models, not listed by hand;
- people, organisations and countries are shared, so the copies keep the real
  skew of who speaks and which countries they speak about; what is derived from
  the copied rows (each person's country) is recounted by the import's own
  service, and the statement aggregates (issue 14) are counted again.

Copies' bodies are the seed's, word for word, so every stored offset stays
right; their content hashes are the SHA-256 of the seed's hash and the copy
number (unique, but not what ``content_hash_for`` gives for the copy's new
title: importing a seed file again still finds its seed article). Prints rows
per table and the time each step took.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The same check as the entity audit's: an empty database is one holding none of these.
from bench.entities_audit import database_holdings  # noqa: E402

TEN_YEARS_SECONDS = 315_576_000  # 3,652.5 days
# Knuth's multiplicative hash: consecutive ids land far apart in the ten years.
DATE_SPREAD_MULTIPLIER = 2_654_435_761


class CorpusRefused(Exception):
    """The database named is not one this script may fill."""


@dataclass(frozen=True)
class CopiedTable:
    """A table whose rows belong to an article, and how to reach that article."""

    model: type
    # (column, parent model) of the foreign key followed towards the article, or None for
    # the article table itself.
    via: tuple[str, type] | None
    # Columns holding ids of copied tables, each moved with the copy: column -> model.
    moved_keys: dict[str, type]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="Folder of .txt articles (searched recursively).")
    parser.add_argument(
        "--articles", type=int, required=True, help="Articles in the finished database."
    )
    parser.add_argument(
        "--seed-articles",
        type=int,
        default=300,
        help="Articles imported through the real import before multiplying (300).",
    )
    args = parser.parse_args(argv)
    if args.seed_articles < 1 or args.articles < 1:
        parser.error("--articles and --seed-articles must be positive")

    paths = seed_files(args.corpus, count=min(args.seed_articles, args.articles))
    if not paths:
        parser.error(f"no .txt files under {args.corpus}")
    try:
        database_prepare()
    except CorpusRefused as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    step = time.perf_counter()
    imported = seed_import(paths)
    print(
        f"imported {imported} seed articles of {len(paths)} files "
        f"in {time.perf_counter() - step:.1f} s",
        flush=True,
    )
    step = time.perf_counter()
    for table, rows in corpus_multiply(articles=args.articles):
        print(f"  copied {rows:>10,} rows into {table}", flush=True)
    print(f"multiplied to {args.articles:,} articles in {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    people_settle_all()
    print(f"people's countries recounted in {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    aggregates_rebuild_all()
    print(f"aggregates counted again in {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    database_analyse()
    print(f"vacuum analyse in {time.perf_counter() - step:.1f} s")
    print()
    print(table_report())
    print(f"\ntotal {time.perf_counter() - started:.1f} s, database {database_size()}")
    return 0


def seed_files(corpus: Path, *, count: int) -> list[Path]:
    """``count`` .txt files spread evenly over the corpus's sorted names (outlets, dates)."""
    files = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    if len(files) <= count:
        return files
    return [files[index * len(files) // count] for index in range(count)]


def database_prepare() -> None:
    """Point Django at DATABASE_URL, refuse anything but an empty PostgreSQL one, migrate it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise CorpusRefused(
            "DATABASE_URL must name an empty PostgreSQL database "
            "(e.g. postgres://postgres@127.0.0.1:5432/news_100k); "
            f"it is {'unset' if not url else 'not PostgreSQL'}"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
    # As production runs: with DEBUG on, Django keeps a log of recent queries.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "make-corpus-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    # Copying millions of rows takes longer than a web request may.
    os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    held = database_holdings()
    if held:
        raise CorpusRefused(
            f"DATABASE_URL names a database that already holds {held}; "
            "make_corpus needs an empty one (createdb a new one)"
        )
    call_command("migrate", verbosity=0)


def seed_import(paths: Sequence[Path]) -> int:
    """Import the files with the real import service; the number of articles stored."""
    from articles.services import articles_import
    from entities.services import nlp_get

    imported = 0
    for number, outcome in enumerate(articles_import(paths=paths, nlp=nlp_get()), start=1):
        imported += outcome.status == "imported"
        if outcome.status == "failed":
            print(f"  failed: {outcome.source}: {outcome.detail}", file=sys.stderr)
        if number % 50 == 0:
            print(f"  imported {number} of {len(paths)}", file=sys.stderr, flush=True)
    return imported


def copied_tables() -> list[CopiedTable]:
    """Article, then every table with a foreign key into the copied ones, parents first."""
    from django.apps import apps

    from articles.models import Article

    tables = [CopiedTable(Article, None, {"id": Article})]
    copied = {Article}
    models = apps.get_models(include_auto_created=True)
    found = True
    while found:
        found = False
        for model in models:
            if model in copied:
                continue
            keys = {
                field.column: field.related_model
                for field in model._meta.concrete_fields
                if field.many_to_one and field.related_model in copied
            }
            if not keys:
                continue
            # Follow the key to the parent copied earliest: the shortest way to the article.
            order = [table.model for table in tables]
            column, parent = min(keys.items(), key=lambda item: order.index(item[1]))
            tables.append(CopiedTable(model, (column, parent), {"id": model} | keys))
            copied.add(model)
            found = True
    return tables


def corpus_multiply(*, articles: int) -> list[tuple[str, int]]:
    """Copy the seed articles and everything hanging off them until there are ``articles``."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from articles.models import Article

    tables = copied_tables()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(published_at) FROM articles_article")
        seeds, newest = cursor.fetchone()
        wanted = articles - seeds
        if seeds == 0 or wanted <= 0:
            return []
        # Copy c of a row takes its id plus c times the table's largest id: unique, and the
        # same arithmetic moves every key that points at a copied row.
        spans = {}
        for table in tables:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table.model._meta.db_table}")
            spans[table.model] = cursor.fetchone()[0]
        # Which copy of which seed article to make: the first `wanted` of (copy 1 of every
        # seed, copy 2 of every seed, ...), seeds in id order.
        cursor.execute("DROP TABLE IF EXISTS make_corpus_plan")
        cursor.execute(
            """
            CREATE TEMPORARY TABLE make_corpus_plan AS
            SELECT seed.id AS article_id, copy
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM articles_article) seed
            CROSS JOIN generate_series(1, %s) AS copy
            WHERE (copy - 1) * %s + seed.rank <= %s
            """,
            [(wanted + seeds - 1) // seeds, seeds, wanted],
        )
        cursor.execute("CREATE INDEX ON make_corpus_plan (article_id)")
        cursor.execute("ANALYZE make_corpus_plan")

    copied = []
    for table in tables:
        sql = copy_sql(table, tables, spans=spans, newest=newest)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            copied.append((table.model._meta.db_table, cursor.rowcount))
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [table.model for table in tables]
        ):
            cursor.execute(statement)
        cursor.execute("DROP TABLE make_corpus_plan")
    assert Article.objects.count() == articles
    return copied


def copy_sql(table: CopiedTable, tables: list[CopiedTable], *, spans: dict, newest) -> str:
    """INSERT ... SELECT making every planned copy of the table's rows."""
    from articles.models import Article

    db_table = table.model._meta.db_table
    joins, article_column = _way_to_article(table, tables)
    columns, values = [], []
    for field in table.model._meta.concrete_fields:
        column = field.column
        columns.append(connection_quote(column))
        if column in table.moved_keys:
            span = spans[table.moved_keys[column]]
            values.append(f"t.{connection_quote(column)} + plan.copy * {span}")
        elif table.model is Article:
            values.append(_article_value(column, newest=newest, span=spans[Article]))
        elif column == "published_at":
            # A row's own published_at is its article's date copied (Statement.published_at):
            # the copy's is the new article's, computed the same way.
            values.append(_copy_date(article_column, newest=newest, span=spans[Article]))
        else:
            values.append(f"t.{connection_quote(column)}")
    return (
        f"INSERT INTO {db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {db_table} t {joins} "
        f"JOIN make_corpus_plan plan ON plan.article_id = {article_column}"
    )


def _way_to_article(table: CopiedTable, tables: list[CopiedTable]) -> tuple[str, str]:
    """The joins from a copied table to its article, and the column holding the article's id."""
    by_model = {entry.model: entry for entry in tables}
    joins, alias, entry = [], "t", table
    while entry.via is not None:
        column, parent = entry.via
        if by_model[parent].via is None:
            return " ".join(joins), f"{alias}.{connection_quote(column)}"
        parent_alias = f"p{len(joins)}"
        joins.append(
            f"JOIN {parent._meta.db_table} {parent_alias} "
            f"ON {parent_alias}.id = {alias}.{connection_quote(column)}"
        )
        alias, entry = parent_alias, by_model[parent]
    return "", "t.id"


def _copy_date(seed_article: str, *, newest, span: int) -> str:
    """The date of the copy of ``seed_article`` (an SQL expression for its id) being made."""
    offset = (
        f"(({seed_article} + plan.copy * {span}) * {DATE_SPREAD_MULTIPLIER}) % {TEN_YEARS_SECONDS}"
    )
    end = "now()" if newest is None else f"'{newest.isoformat()}'::timestamptz"
    return f"{end} - make_interval(secs => {offset})"


def _article_value(column: str, *, newest, span: int) -> str:
    copy_number = "(plan.copy + 1)::text"
    if column == "title":
        return f"left(t.title, 480) || ' (copy ' || {copy_number} || ')'"
    if column == "url":
        return f"CASE WHEN t.url = '' THEN '' ELSE t.url || '#copy-' || {copy_number} END"
    if column == "content_hash":
        return "encode(sha256(convert_to(t.content_hash || ':' || plan.copy, 'UTF8')), 'hex')"
    if column == "published_at":
        return _copy_date("t.id", newest=newest, span=span)
    if column in ("created_at", "updated_at"):
        return "now()"
    if column == "import_job_id":
        return "NULL"
    return f"t.{connection_quote(column)}"


def people_settle_all() -> None:
    """Recount what is derived from the copied rows (each person's country, from the
    articles that state it) with the service the import uses: a partial last copy shifts
    the counts a little."""
    from entities.models import Person
    from entities.services import people_settle

    people_settle(person_ids=Person.objects.values_list("pk", flat=True))


def aggregates_rebuild_all() -> None:
    """Count the maintained aggregates (issue 14) again: the SQL copies bypass the writes that
    keep them, so after this ``manage.py rebuild_aggregates --check`` passes on the corpus."""
    from entities.aggregates import aggregates_rebuild

    aggregates_rebuild()


def connection_quote(name: str) -> str:
    from django.db import connection

    return connection.ops.quote_name(name)


def database_analyse() -> None:
    """Fresh planner statistics, as autovacuum would give a database that grew over years."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def table_report() -> str:
    """Rows per table of the domain apps, largest first."""
    from django.apps import apps
    from django.db import connection

    counts = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label not in ("articles", "entities"):
                continue
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            counts.append((cursor.fetchone()[0], model._meta.db_table))
    width = max(len(name) for _, name in counts)
    return "\n".join(f"{name:<{width}}  {rows:>12,}" for rows, name in sorted(counts, reverse=True))


def database_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
