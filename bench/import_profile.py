"""Where a one-process import spends its time: cProfile around ``articles_import``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME SECRET_KEY=x ALLOWED_HOSTS=x \\
        .venv/bin/python bench/import_profile.py FOLDER [--project DIR] [--save out.prof]

Imports the files in FOLDER into the database DATABASE_URL names (migrated; every article
already in it is deleted first, so each run stores the same articles anew), with the
model loaded before the profile starts, and prints the queries run, the wall time and
the functions by cumulative time. ``--project`` names the checkout whose code imports
(default: this one), e.g. main's code unpacked beside, for a before/after comparison.
cProfile slows Python code far more than spaCy's compiled code: compare shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="Folder of articles to import.")
    parser.add_argument("--project", type=Path, default=ROOT, help="Checkout whose code imports.")
    parser.add_argument("--save", type=Path, help="Write the profile to this file.")
    parser.add_argument("--top", type=int, default=45, help="Functions to print (45).")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(args.project.resolve()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
    import django

    django.setup()
    from django.db import connection

    from articles.models import Article
    from articles.services import articles_delete, articles_import, nlp_get

    nlp = nlp_get()
    articles_delete(article_ids=list(Article.objects.values_list("pk", flat=True)))
    queries = 0

    def counted(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    profile = cProfile.Profile()
    with connection.execute_wrapper(counted):
        started = time.perf_counter()
        profile.enable()
        outcomes = list(articles_import(paths=[args.folder], nlp=nlp))
        profile.disable()
        wall = time.perf_counter() - started
    print(f"{len(outcomes)} outcomes, {wall:.1f} s, {queries} queries")
    stats = pstats.Stats(profile)
    if args.save:
        stats.dump_stats(args.save)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
