"""What each attribution rule earns: the shared scorer's figures without it, rule by rule.

    .venv/bin/python bench/attribution_ablation.py [--corpus POLNEAR_DIR] [--splits dev train]
        [--scorer QUOTE_EVAL_DIR] [--limit N] [--model NAME] [--markdown]

Reads every ``SPLIT/text/*.txt`` with the import's own readers, parses each body
once, then runs the pure extraction (no database) once with every rule of
``entities.nlp.speakers.ATTRIBUTION_RULES`` and once with each rule switched
off (``rules_switched_off``). Each run is scored by the shared, independent
scorer (``../shared/quote_eval``: quote P/R/F1, speaker accuracy, end-to-end
F1, direct quotes), exactly as ``extract_statements`` rows would be. For each
rule it prints how many direct statements the rule decides with every rule on,
and the change in F1, speaker accuracy and end-to-end F1 when it is off: a
rule that does not help on both splits has not earned its place.

The baseline run and every ablated run happen in this process on the same
parsed Docs, so the differences are the rules' alone.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Runnable as a script from the project root or anywhere else.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")  # no database or request is used
os.environ.setdefault("ALLOWED_HOSTS", "localhost")

import django  # noqa: E402

django.setup()

from spacy.tokens import Doc  # noqa: E402

from articles.readers import items_from_path  # noqa: E402
from articles.readers.decoding import text_from_bytes  # noqa: E402
from articles.services import read_limits  # noqa: E402
from entities.management.commands.extract_statements import file_offsets  # noqa: E402
from entities.nlp.extract import article_extraction  # noqa: E402
from entities.nlp.model import DEFAULT_MODEL, load_nlp  # noqa: E402
from entities.nlp.speakers import ATTRIBUTION_RULES, rules_switched_off  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "polnear"
DEFAULT_SCORER = ROOT.parent / "shared" / "quote_eval"


@dataclass
class Article:
    name: str  # the file name without ".txt", as the scorer names articles
    file_text: str
    body: str
    doc: Doc


def articles_of(split_dir: Path, *, nlp: Any, limit: int | None) -> list[Article]:
    """The split's articles, read as the import reads them and parsed once."""
    read: list[tuple[str, str, str]] = []
    for path in sorted((split_dir / "text").glob("*.txt"))[:limit]:
        file_text = text_from_bytes(path.read_bytes())
        for item in items_from_path(path, limits=read_limits()):
            if item.record is not None:
                read.append((path.stem, file_text, item.record.body))
    docs = nlp.pipe((body for _, _, body in read), batch_size=32)
    return [Article(n, f, b, d) for (n, f, b), d in zip(read, docs, strict=True)]


def predictions(articles: list[Article]) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The scorer's prediction rows for every direct statement, and who decided each."""
    preds: list[dict[str, Any]] = []
    decided: Counter[str] = Counter()
    for article in articles:
        to_file = file_offsets(article.file_text, article.body)
        for statement in article_extraction(article.doc).statements:
            if statement.kind != "direct":
                continue
            start, end = to_file(statement.start), to_file(statement.end)
            if start is None or end is None:
                continue
            decided[statement.rule] += 1
            preds.append(
                {
                    "article": article.name,
                    "start": start,
                    "end": end,
                    "text": statement.text,
                    "speaker": statement.source_label,
                    "rule": statement.rule,  # the scorer ignores it; its dump keeps it
                }
            )
    return preds, decided


class Scorer:
    """The shared scorer's ``score`` function with one split's gold."""

    def __init__(self, scorer_dir: Path, split: str) -> None:
        sys.path.insert(0, str(scorer_dir))
        self._score = importlib.import_module("score").score
        self._gold = json.loads((scorer_dir / "gold" / f"{split}.json").read_text("utf-8"))

    def __call__(
        self, preds: list[dict[str, Any]], *, articles: list[str], verdicts: bool = False
    ) -> tuple[dict[str, float], Counter[tuple[str, str]]]:
        """The figures for ``articles`` (all of the split's, or the first N read) and,
        with ``verdicts``, how many of each rule's statements are right, have the wrong
        speaker, or match no gold quote."""
        gold = self._gold
        names = set(articles)
        with tempfile.TemporaryDirectory() as folder:
            dump = os.path.join(folder, "dump.jsonl") if verdicts else None
            figures = self._score(
                [quote for quote in gold["quotes"] if quote["article"] in names],
                [mixed for mixed in gold["mixed"] if mixed["article"] in names],
                preds,
                [name for name in gold["articles"] if name in names],
                out=io.StringIO(),
                dump=dump,
            )
            found: Counter[tuple[str, str]] = Counter()
            if dump is not None:
                for line in Path(dump).read_text("utf-8").splitlines():
                    row = json.loads(line)
                    if "pred" not in row:
                        continue  # a missed gold quote
                    if row["status"] != "match":
                        verdict = "unmatched"
                    else:
                        verdict = "wrong speaker" if row["speaker_ok"] is False else "right"
                    found[(row["pred"]["rule"], verdict)] += 1
        return figures, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--splits", nargs="+", default=["dev", "train"])
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--limit", type=int, default=None, help="First N articles per split.")
    parser.add_argument("--model", default=os.environ.get("NEWSBROWSER_SPACY_MODEL", DEFAULT_MODEL))
    parser.add_argument("--markdown", action="store_true", help="Print a Markdown table.")
    args = parser.parse_args()

    nlp = load_nlp(args.model)
    names = [rule.name for rule in ATTRIBUTION_RULES]
    # results[split][rule or ""] = (figures, decided counts)
    results: dict[str, dict[str, tuple[dict[str, float], Counter[str]]]] = {}
    verdicts: dict[str, Counter[tuple[str, str]]] = {}
    for split in args.splits:
        began = time.perf_counter()
        articles = articles_of(args.corpus / split, nlp=nlp, limit=args.limit)
        parsed = time.perf_counter() - began
        score = Scorer(args.scorer, split)
        runs: dict[str, tuple[dict[str, float], Counter[str]]] = {}
        for off in ["", *names]:
            with rules_switched_off([off]) if off else contextlib.nullcontext():
                preds, decided = predictions(articles)
            figures, found = score(preds, articles=[a.name for a in articles], verdicts=not off)
            runs[off] = (figures, decided)
            if not off:
                verdicts[split] = found
        results[split] = runs
        base = runs[""][0]
        print(
            f"[{split}] {len(articles)} articles parsed in {parsed:.0f} s; all rules: "
            f"F1 {base['F1']:.3f}, speaker {base['speaker_acc']:.3f}, "
            f"end-to-end {base['e2e_F1']:.3f}",
            file=sys.stderr,
        )
    _print_table(results, verdicts, names, markdown=args.markdown)


def _print_table(
    results: dict[str, dict[str, tuple[dict[str, float], Counter[str]]]],
    verdicts: dict[str, Counter[tuple[str, str]]],
    names: list[str],
    *,
    markdown: bool,
) -> None:
    """One row a rule: per split, the statements it decides (right / wrong speaker /
    matching no gold quote) and the change in each figure with the rule switched off."""
    splits = list(results)
    header = ["rule"]
    for split in splits:
        header += [
            f"{split} decides (right/wrong speaker/unmatched)",
            f"{split} ΔF1 off",
            f"{split} Δspeaker off",
            f"{split} Δe2e off",
        ]
    rows = [header]
    for name in names:
        row = [name]
        for split in splits:
            base, decided = results[split][""]
            without, _ = results[split][name]
            found = verdicts[split]
            row += [
                f"{decided[name]} ({found[(name, 'right')]}/{found[(name, 'wrong speaker')]}"
                f"/{found[(name, 'unmatched')]})",
                *(f"{without[key] - base[key]:+.4f}" for key in ("F1", "speaker_acc", "e2e_F1")),
            ]
        rows.append(row)
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows[1:]:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
