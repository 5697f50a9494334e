"""Import throughput against raw spaCy on the same texts, and memory over the run.

    .venv/bin/python bench/import_bench.py CORPUS_DIR [--limit N] [--batch-size B]
                                           [--processes N [N ...]] [--database-name NAME]

Imports N plain-text articles from CORPUS_DIR into a fresh database (a
temporary SQLite file, or a fresh PostgreSQL database beside the one
DATABASE_URL names), then prints articles/s and words/s for the import, the
words/s of bare ``nlp.pipe`` over the same article bodies in the same process,
their ratio, and resident memory sampled along the import.

With ``--processes 1 2`` the import runs once per process count (the database emptied of
articles and everything found in them between runs) beside ``nlp.pipe(n_process=N)`` over
the same bodies, all in the same run, with the load average before and after: the machine
may be shared.

When N exceeds the corpus, its files are used again with a copy number added
to the title line, so that every article is new to the database (the corpus is
staged in a temporary folder, never in the repository).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RSS_SAMPLE_EVERY = 250  # articles
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="Folder of .txt articles (searched recursively).")
    parser.add_argument("--limit", type=int, default=2000, help="Articles to import (2000).")
    parser.add_argument("--batch-size", type=int, default=None, help="nlp.pipe batch size.")
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        default=[1],
        help="Process counts to import and parse with, each measured in turn (1).",
    )
    parser.add_argument(
        "--database-name",
        default=None,
        help="Name of the fresh PostgreSQL database (created, then dropped; "
        "default newsbrowser_bench_PID).",
    )
    args = parser.parse_args()

    sources = sorted(args.corpus.rglob("*.txt"))
    if not sources:
        parser.error(f"no .txt files under {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="newsbrowser-bench-") as scratch:
        staged = stage_corpus(sources, limit=args.limit, folder=Path(scratch) / "corpus")
        with fresh_database(Path(scratch), name=args.database_name) as database_label:
            run(
                staged,
                batch_size=args.batch_size,
                database_label=database_label,
                processes=args.processes,
            )


def stage_corpus(sources: list[Path], *, limit: int, folder: Path) -> list[Path]:
    folder.mkdir()
    staged = []
    for index in range(limit):
        source = sources[index % len(sources)]
        copy = index // len(sources)
        text = source.read_text(encoding="utf-8", errors="replace")
        if copy:
            title, _, rest = text.partition("\n")
            text = f"{title} [copy {copy + 1}]\n{rest}"
        target = folder / f"{index:06d}_{source.name}"
        target.write_text(text, encoding="utf-8")
        staged.append(target)
    return staged


class fresh_database:  # a context manager, named like the function it stands for
    """Point Django at a new empty database for the run, and drop it afterwards."""

    def __init__(self, scratch: Path, *, name: str | None = None) -> None:
        self.scratch = scratch
        self.admin_url = os.environ.get("DATABASE_URL", "")
        self.name = name or f"newsbrowser_bench_{os.getpid()}"

    def __enter__(self) -> str:
        if self.admin_url.startswith(("postgres://", "postgresql://")):
            base, _, _ = self.admin_url.rpartition("/")
            self._postgres(f'CREATE DATABASE "{self.name}"')
            os.environ["DATABASE_URL"] = f"{base}/{self.name}"
            label = f"PostgreSQL database {self.name} (dropped afterwards)"
        else:
            path = self.scratch / "bench.sqlite3"
            os.environ["DATABASE_URL"] = f"sqlite:///{path}"
            label = f"SQLite file {path} (temporary)"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
        # Measure what production runs: with DEBUG on, Django also keeps a log of
        # recent queries (article bodies included) that a deployment never has.
        os.environ["DEBUG"] = "0"
        os.environ.setdefault("SECRET_KEY", "import-bench-only")
        os.environ.setdefault("ALLOWED_HOSTS", "localhost")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        return label

    def __exit__(self, *exc: object) -> None:
        if self.admin_url.startswith(("postgres://", "postgresql://")):
            from django.db import connections

            connections.close_all()
            self._postgres(f'DROP DATABASE IF EXISTS "{self.name}"')

    def _postgres(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_BYTES


def run(
    paths: list[Path], *, batch_size: int | None, database_label: str, processes: list[int]
) -> None:
    from django.conf import settings

    from articles.readers import items_from_path
    from articles.services import read_limits
    from entities.nlp.extract import extractions_for
    from entities.services import nlp_get

    batch_size = batch_size or settings.NEWSBROWSER_NLP_BATCH_SIZE
    bodies = [
        item.record.body
        for path in paths
        for item in items_from_path(path, limits=read_limits())
        if item.record is not None
    ]
    words = sum(len(body.split()) for body in bodies)
    nlp = nlp_get()
    print(f"database: {database_label}, DEBUG {'on' if settings.DEBUG else 'off'}")
    print(f"model: {settings.NEWSBROWSER_SPACY_MODEL}, batch size {batch_size}")
    print(f"corpus: {len(paths)} files, {len(bodies)} article bodies, {words:,} words")
    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()} at the start")
    for _ in nlp.pipe(bodies[:batch_size], batch_size=batch_size):
        pass  # warm-up: first-call costs belong to neither measurement

    raw_before = {n: raw_words_per_second(nlp, bodies, words, batch_size, n) for n in processes}
    # Parsing plus extraction, without files or database: what the import adds beyond
    # this is the ingestion's own cost (reading, deduplication, writes).
    start = time.perf_counter()
    for _ in extractions_for(bodies, nlp=nlp, batch_size=batch_size):
        pass
    extract_wps = words / (time.perf_counter() - start)

    imports = {}
    for number, count in enumerate(processes):
        if number:
            database_empty()
        imports[count] = timed_import(paths, nlp=nlp, batch_size=batch_size, processes=count)
    raw_after = {n: raw_words_per_second(nlp, bodies, words, batch_size, n) for n in processes}

    print(
        f"extract:  {len(bodies) / (words / extract_wps):8.1f} articles/s  {extract_wps:10,.0f} "
        "words/s  (1 process: nlp.pipe plus entities.nlp extraction, no files, no database)"
    )
    for count in processes:
        elapsed, counts, samples = imports[count]
        raw = max(raw_before[count], raw_after[count])  # the faster raw run: the stricter one
        import_wps = words / elapsed
        print(f"--- {count} process{'es' if count > 1 else ''} ---")
        print(f"outcomes: {counts}")
        print(
            f"import:   {counts.get('imported', 0) / elapsed:8.1f} articles/s  "
            f"{import_wps:10,.0f} words/s  ({elapsed:.1f} s, reading files, parsing, "
            "extraction and database writes)"
        )
        print(
            f"raw pipe: {len(bodies) / (words / raw):8.1f} articles/s  {raw:10,.0f} words/s  "
            f"(nlp.pipe n_process={count}; runs before and after the imports: "
            f"{raw_before[count]:,.0f}, {raw_after[count]:,.0f})"
        )
        print(f"ratio:    {import_wps / raw:.2f} of raw nlp.pipe (goal: at least 0.85)")
        print(f"          {import_wps / extract_wps:.2f} of 1-process pipe plus extraction")
        if count != processes[0]:
            first = imports[processes[0]][0]
            print(f"speed-up: {first / elapsed:.2f} x the import with {processes[0]} process(es)")
        print("RSS during import: " + ", ".join(f"{n}: {b / 2**20:.0f} MiB" for n, b in samples))
        if len(samples) >= 2:
            growth = samples[-1][1] - samples[0][1]
            print(
                f"RSS growth from article {samples[0][0]} to {samples[-1][0]}: "
                f"{growth / 2**20:+.1f} MiB"
            )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS over the whole run (this process): {peak_kib / 1024:.0f} MiB")
    print(f"load average at the end: {load_average()}")


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of this process, and of its children that have exited (a pool's)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed_import(
    paths: list[Path], *, nlp, batch_size: int, processes: int
) -> tuple[float, dict[str, int], list[tuple[int, int]]]:
    from articles.services import articles_import

    samples: list[tuple[int, int]] = []
    counts: dict[str, int] = {}
    own_before, children_before = cpu_seconds()
    start = time.perf_counter()
    outcomes = articles_import(paths=paths, batch_size=batch_size, nlp=nlp, processes=processes)
    for number, outcome in enumerate(outcomes, start=1):
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if number % RSS_SAMPLE_EVERY == 0:
            samples.append((number, rss_bytes()))
    elapsed = time.perf_counter() - start
    own_after, children_after = cpu_seconds()
    counts["cpu s (this process)"] = round(own_after - own_before, 1)
    counts["cpu s (workers)"] = round(children_after - children_before, 1)
    return elapsed, counts, samples


def database_empty() -> None:
    """Delete the articles and everything found in them (countries stay, as migrated)."""
    from articles.models import Article
    from articles.services import articles_delete
    from entities.models import Organisation, Person

    articles_delete(article_ids=list(Article.objects.values_list("pk", flat=True)))
    Person.objects.all().delete()
    Organisation.objects.all().delete()


def raw_words_per_second(
    nlp, bodies: list[str], words: int, batch_size: int, processes: int = 1
) -> float:
    cpu_before = sum(cpu_seconds())
    start = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=batch_size, n_process=processes):
        pass
    elapsed = time.perf_counter() - start
    cpu = sum(cpu_seconds()) - cpu_before
    print(f"  raw nlp.pipe n_process={processes}: {elapsed:.1f} s wall, {cpu:.1f} s CPU")
    return words / elapsed


if __name__ == "__main__":
    main()
