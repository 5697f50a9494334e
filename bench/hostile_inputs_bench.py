"""How fast hostile files fail, against importing as many small good files.

    .venv/bin/python bench/hostile_inputs_bench.py [--members N] [--repeat R]

Builds the archive of issue 13 (N members of 4 MiB plain text each, about 4 KB apiece
compressed, 40 by default), imports it into a fresh database (a temporary SQLite file, or a
fresh PostgreSQL database beside the one DATABASE_URL names), and in the same process
imports N small good text files as the baseline. Prints both times (the best of R runs),
their ratio, and the time each other hostile file of tests/articles/hostile_files.py takes
to fail or import. Before the text limit, the archive took 134 s to fail.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_bench import fresh_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=40, help="Archive members (40).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each; the best counts.")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="newsbrowser-hostile-") as scratch,
        fresh_database(Path(scratch)) as database_label,
    ):
        run(Path(scratch), members=args.members, repeat=args.repeat, label=database_label)


def run(scratch: Path, *, members: int, repeat: int, label: str) -> None:
    from django.conf import settings

    from articles.models import Article
    from articles.services import articles_import
    from entities.services import nlp_get
    from tests.articles import hostile_files

    nlp = nlp_get()
    print(f"database: {label}, model: {settings.NEWSBROWSER_SPACY_MODEL}")
    print(f"text limit: {settings.NEWSBROWSER_MAX_TEXT_CHARS:,} characters")

    def timed(paths: list[Path]) -> tuple[float, Counter[str]]:
        best, statuses = float("inf"), Counter[str]()
        for _ in range(repeat):
            Article.objects.all().delete()  # every run imports, none finds its articles known
            start = time.perf_counter()
            statuses = Counter(o.status for o in articles_import(paths=paths, nlp=nlp))
            best = min(best, time.perf_counter() - start)
        return best, statuses

    name, data = hostile_files.many_long_members_zip(members=members)
    archive = scratch / name
    archive.write_bytes(data)
    good = scratch / "good"
    good.mkdir()
    for number in range(members):
        (good / f"{number:02}.txt").write_text(
            f"Council meets, session {number}\n\n{hostile_files.GOOD_BODY}\n"
        )
    hostile_seconds, hostile_statuses = timed([archive])
    good_seconds, good_statuses = timed([good])
    print(
        f"hostile: {members} members of 4 MiB in a {len(data) / 1024:,.0f} KiB ZIP: "
        f"{hostile_seconds:.3f} s {dict(hostile_statuses)}"
    )
    print(f"baseline: {members} small good text files: {good_seconds:.3f} s {dict(good_statuses)}")
    print(f"ratio: {hostile_seconds / good_seconds:.2f} of the baseline (was 134 s before)")

    builders: list[Callable[[], tuple[str, bytes]]] = [
        hostile_files.deeply_nested_json,
        hostile_files.huge_number_json,
        hostile_files.lone_surrogate_json,
        hostile_files.lone_surrogate_feed,
        hostile_files.control_characters_html,
        hostile_files.misdeclared_atom,
        hostile_files.entity_expansion_feed,
        hostile_files.too_many_elements_html,
        hostile_files.corrupt_deflate_zip,
        hostile_files.overlong_text,
        hostile_files.overlong_html,
        hostile_files.hidden_only_zip,
    ]
    for builder in builders:
        name, data = builder()
        path = scratch / name
        path.write_bytes(data)
        seconds, statuses = timed([path])
        print(f"  {name:<20} {len(data):>10,} bytes  {seconds:7.3f} s  {dict(statuses)}")


if __name__ == "__main__":
    main()
