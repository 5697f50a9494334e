"""Statement extraction measured on PolNeAR (direct quotes, speakers, indirect statements).

    .venv/bin/python bench/statements_eval.py POLNEAR_DIR --split dev [--errors PATH]

Runs the pure pipeline (no database) on each ``SPLIT/text/*.txt`` and compares
it with the brat annotations in ``SPLIT/attributions``, using the definitions
of issue 3:

- One annotator file per article: the first in sorted file-name order.
- A gold direct quote is an attribution whose Content (all its fragments) is
  mostly (more than half of its non-space characters) inside double quotation
  marks (straight, curly, ``''``/````` or guillemets), whether a character is
  inside being read from the start of its paragraph (annotators often leave
  the opening mark out of a fragment). Its span runs from the
  first fragment's start to the last fragment's end, so a split quote is one
  statement.
- A gold indirect statement is any other attribution whose cue has a speech-verb
  lemma (``entities/nlp/data/speech_verbs.txt``) or reads "according to".
- A prediction matches a gold item when their spans overlap by at least half
  of the shorter span; matching is one-to-one, greedy by overlap.
- The speaker is correct when it shares a name token with the gold Source
  (case-insensitive; titles, possessives and function words ignored). Our
  speaker is the resolved canonical name and the speaker text as written
  (so "the president" resolved to a name still matches a gold "the president").
  A pronoun source is first replaced by the person it refers to: the nearest
  gold Source before it that holds a proper noun other than a title (spaCy's
  tagging of the article), falling back on the nearest PERSON entity before
  it. A description source ("the spokesman") keeps its own words, and so do
  "it", "they", "we" and "I". A gold quote without a Source counts as a wrong speaker; an annotation
  whose Source is a speech verb ("said") had Source and Cue swapped, and is
  read the other way round.
- End-to-end F1 counts only matched quotes whose speaker is correct.

Throughput: the same texts go through raw ``nlp.pipe`` and through ``nlp.pipe``
plus our extraction, in this process, alternating chunk by chunk; the ratio is
extraction time over raw time (the issue's bar is at most 1.20).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Runnable as a script from the project root or anywhere else.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from entities.nlp.cues import speech_verbs
from entities.nlp.extract import article_extraction
from entities.nlp.model import DEFAULT_MODEL, load_nlp
from entities.nlp.people import TITLE_WORDS
from entities.nlp.results import StatementFound

_QUOTE_MARK = re.compile(r"\u201c|\u201d|``|''|\"|\u00ab|\u00bb|\u201e")
_OPENING = {"\u201c", "``", "\u00ab", "\u201e"}
_CLOSING = {"\u201d", "\u00bb"}
# Pronouns that stand for one person; "it", "they", "we", "I" keep their own words.
PRONOUNS = frozenset({"he", "she", "him", "her"})
_SWAPPED_SOURCE_WORDS = frozenset({"said", "says", "told", "added", "wrote", "say"})
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "to", "in", "for", "on", "at"})
_WORD = re.compile(r"[\w\-.]+", re.UNICODE)


@dataclass
class GoldAttribution:
    start: int
    end: int
    content: str
    fragments: list[tuple[int, int]]
    cue: tuple[int, int] | None
    cue_text: str
    source: tuple[int, int] | None
    source_text: str
    speaker_words: frozenset[str] = frozenset()
    speaker_as_resolved: str = ""


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_correct: int = 0

    def prf(self, hits: int | None = None) -> tuple[float, float, float]:
        hits = self.matched if hits is None else hits
        p = hits / self.predicted if self.predicted else 0.0
        r = hits / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Report:
    direct: Counts = field(default_factory=Counts)
    indirect: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)


def _parse_ann(text: str, ann: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in ann.splitlines():
        if line.startswith("T"):
            ident, middle, written = [*line.split("\t"), "", ""][:3]
            label, _, offsets = middle.partition(" ")
            try:
                fragments = [
                    (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
                ]
            except ValueError:
                continue  # a malformed line: its attribution is left out
            spans[ident] = (label, fragments, written)
        elif line.startswith("E"):
            events.append(dict(part.split(":", 1) for part in line.split("\t")[1].split()))
    gold = []
    for event in events:
        if "Content" not in event or event["Content"] not in spans:
            continue
        _, fragments, _ = spans[event["Content"]]
        fragments.sort()
        cue = spans.get(event.get("Cue", ""))
        source = spans.get(event.get("Source", ""))
        if cue and source and source[2].strip().lower() in _SWAPPED_SOURCE_WORDS:
            # '"…," said Mulgrew' annotated with Source "said" and Cue "Mulgrew".
            cue, source = source, cue
        gold.append(
            GoldAttribution(
                start=fragments[0][0],
                end=fragments[-1][1],
                content=" ".join(text[a:b] for a, b in fragments),
                fragments=fragments,
                cue=(cue[1][0][0], cue[1][-1][1]) if cue else None,
                cue_text=cue[2] if cue else "",
                source=(source[1][0][0], source[1][-1][1]) if source else None,
                source_text=source[2] if source else "",
            )
        )
    return gold


def quoted_share(text: str, fragments: Sequence[tuple[int, int]]) -> float:
    """Share of the content's non-space characters that lie inside double quotation marks.

    Whether a character is inside is read from its paragraph, not from the
    fragment alone: annotators often cut a quote into sentence fragments that
    leave the opening mark out ('“A. | B. | C.”').
    """
    inside = total = 0
    for start, end in fragments:
        paragraph_start = text.rfind("\n", 0, start) + 1
        is_open = False
        position = paragraph_start
        for match in [*_QUOTE_MARK.finditer(text, paragraph_start, end), None]:
            segment_end = match.start() if match else end
            for offset in range(max(position, start), segment_end):
                if not text[offset].isspace():
                    total += 1
                    inside += is_open
            if match is None:
                break
            mark = match.group()
            if mark in _OPENING:
                is_open = True
            elif mark in _CLOSING:
                is_open = False
            else:
                is_open = not is_open
            position = match.end()
    return inside / total if total else 0.0


def is_direct(text: str, attribution: GoldAttribution) -> bool:
    return quoted_share(text, attribution.fragments) > 0.5


def name_words(text: str) -> frozenset[str]:
    """Lowercased words of a name or description, less titles, possessives, function words."""
    words = []
    for raw in _WORD.findall(text.replace("\u2019", "'")):
        word = re.sub(r"'s?$", "", raw.lower().strip(".-"))
        if word and word not in _FUNCTION_WORDS:
            words.append(word)
    # Titles go only while a word is left: "Mr. King" is King, "the president" stays.
    while len(words) > 1 and words[0] in TITLE_WORDS:
        words.pop(0)
    return frozenset(words)


def resolve_gold_speakers(
    gold: list[GoldAttribution], person_spans: list[tuple[int, int, str]], doc
) -> None:
    """Fill ``speaker_words``: pronoun sources become the person named before them."""
    named_sources = sorted(
        (g.source[0], g.source_text) for g in gold if g.source and _names_someone(doc, g.source)
    )
    for g in gold:
        if not g.source:
            continue
        if g.source_text.strip().lower() in PRONOUNS:
            before = [text for start, text in named_sources if start < g.source[0]]
            if not before:
                before = [text for start, _, text in person_spans if start < g.source[0]]
            resolved = before[-1] if before else g.source_text
        else:
            resolved = g.source_text
        g.speaker_as_resolved = resolved
        g.speaker_words = name_words(resolved)


def _names_someone(doc, span: tuple[int, int]) -> bool:
    """True when the source span holds a proper noun other than a title ("Bozell", not "He")."""
    tokens = doc.char_span(*span, alignment_mode="expand")
    return tokens is not None and any(
        token.pos_ == "PROPN" and token.lower_.rstrip(".") not in TITLE_WORDS for token in tokens
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and shared >= shorter / 2


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """One-to-one matches (predicted index -> gold index), largest overlaps first."""
    pairs = []
    for pi, p in enumerate(predicted):
        for gi, g in enumerate(gold):
            if _overlap(p, g):
                pairs.append((min(p[1], g[1]) - max(p[0], g[0]), pi, gi))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    matches = {}
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        matches[pi] = gi
    return matches


def _speaker_of(statement: StatementFound) -> str:
    return statement.speaker_name or statement.speaker_text


def _cue_is_speech(doc, attribution: GoldAttribution) -> bool:
    if attribution.cue is None:
        return False
    if "according to" in attribution.cue_text.lower():
        return True
    span = doc.char_span(*attribution.cue, alignment_mode="expand")
    verbs = speech_verbs()
    return span is not None and any(token.lemma_.lower() in verbs for token in span)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def evaluate_article(name: str, doc, extraction, ann: str, report: Report) -> None:
    text = doc.text
    gold_all = _parse_ann(text, ann)
    persons = [
        (ent.start_char, ent.end_char, ent.text) for ent in doc.ents if ent.label_ == "PERSON"
    ]
    resolve_gold_speakers(gold_all, persons, doc)
    gold_direct = [g for g in gold_all if is_direct(text, g)]
    gold_indirect = [g for g in gold_all if not is_direct(text, g) and _cue_is_speech(doc, g)]
    predicted_direct = [s for s in extraction.statements if s.kind == "direct"]
    predicted_indirect = [s for s in extraction.statements if s.kind == "indirect"]

    matches = match_spans(
        [(g.start, g.end) for g in gold_direct], [(s.start, s.end) for s in predicted_direct]
    )
    report.direct.gold += len(gold_direct)
    report.direct.predicted += len(predicted_direct)
    report.direct.matched += len(matches)
    for pi, statement in enumerate(predicted_direct):
        if pi not in matches:
            report.errors.append(
                f"{name}\tFP\t{statement.start}\t{_speaker_of(statement)!r} "
                f"[{statement.speaker_text} | {statement.cue}]\t{_short(statement.text)}"
            )
            continue
        g = gold_direct[matches[pi]]
        # The speaker as written counts too: "the president" resolved to Barack
        # Obama is still the annotators' "the president".
        ours = name_words(_speaker_of(statement)) | name_words(statement.speaker_text)
        if g.speaker_words and ours & g.speaker_words:
            report.direct.speaker_correct += 1
        else:
            report.errors.append(
                f"{name}\tSPEAKER\t{statement.start}\tours={_speaker_of(statement)!r} "
                f"[{statement.speaker_text} | {statement.cue}] gold={g.source_text!r}"
                f"->{g.speaker_as_resolved!r}\t{_short(statement.text)}"
            )
    matched_gold = set(matches.values())
    for gi, g in enumerate(gold_direct):
        if gi not in matched_gold:
            report.errors.append(
                f"{name}\tFN\t{g.start}\tgold={g.source_text!r} [{g.cue_text}]\t{_short(g.content)}"
            )

    matches = match_spans(
        [(g.start, g.end) for g in gold_indirect],
        [(s.start, s.end) for s in predicted_indirect],
    )
    report.indirect.gold += len(gold_indirect)
    report.indirect.predicted += len(predicted_indirect)
    report.indirect.matched += len(matches)
    for pi, statement in enumerate(predicted_indirect):
        if pi not in matches:
            report.errors.append(
                f"{name}\tIND-FP\t{statement.start}\t{_speaker_of(statement)!r} "
                f"[{statement.cue}]\t{_short(statement.text)}"
            )
    matched_gold = set(matches.values())
    for gi, g in enumerate(gold_indirect):
        if gi not in matched_gold:
            report.errors.append(
                f"{name}\tIND-FN\t{g.start}\tgold={g.source_text!r} [{g.cue_text}]\t"
                f"{_short(g.content)}"
            )


def load_split(root: Path, split: str) -> list[tuple[str, str, str]]:
    """(name, text, annotation) per article, with the first annotator file in sorted order."""
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    articles = []
    for path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        articles.append(
            (
                path.stem,
                path.read_text(encoding="utf-8"),
                anns[0].read_text(encoding="utf-8"),
            )
        )
    return articles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear_dir", type=Path, help="folder with train/ and dev/")
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline to load")
    parser.add_argument("--errors", type=Path, default=None, help="where to write the errors")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)

    articles = load_split(args.polnear_dir, args.split)[: args.limit]
    texts = [text for _, text, _ in articles]
    nlp = load_nlp(args.model)
    list(nlp.pipe(texts[:8], batch_size=args.batch_size))  # warm up

    # Raw parsing and parsing plus extraction alternate chunk by chunk, so a
    # change in machine load between two long runs does not skew the ratio.
    raw_seconds = ours_seconds = 0.0
    results = []
    chunk = max(args.batch_size, 16)
    for number, at in enumerate(range(0, len(texts), chunk)):
        part = texts[at : at + chunk]

        def raw(part: list[str] = part) -> float:
            started = time.perf_counter()
            for _ in nlp.pipe(part, batch_size=args.batch_size):
                pass
            return time.perf_counter() - started

        def ours(part: list[str] = part) -> float:
            started = time.perf_counter()
            for doc in nlp.pipe(part, batch_size=args.batch_size):
                results.append((doc, article_extraction(doc)))
            return time.perf_counter() - started

        # Whichever runs second finds the texts warm in memory: take turns.
        if number % 2:
            ours_seconds += ours()
            raw_seconds += raw()
        else:
            raw_seconds += raw()
            ours_seconds += ours()

    report = Report()
    for (name, _, ann), (doc, extraction) in zip(articles, results, strict=True):
        evaluate_article(name, doc, extraction, ann, report)

    d = report.direct
    qp, qr, qf = d.prf()
    speaker_accuracy = d.speaker_correct / d.matched if d.matched else 0.0
    _, _, e2e = d.prf(d.speaker_correct)
    ip, ir, i_f = report.indirect.prf()
    out = sys.stdout
    out.write(
        f"PolNeAR {args.split}: {len(articles)} articles, {d.gold} gold direct quotes, "
        f"{d.predicted} predicted\n"
    )
    out.write("| system | quote P | quote R | quote F1 | speaker accuracy | end-to-end F1 |\n")
    out.write("|---|---|---|---|---|---|\n")
    out.write(
        f"| newsbrowser ({args.model}) | {qp:.3f} | {qr:.3f} | {qf:.3f} | "
        f"{speaker_accuracy:.3f} | {e2e:.3f} |\n"
    )
    out.write(
        f"indirect statements: gold {report.indirect.gold}, predicted "
        f"{report.indirect.predicted}, P {ip:.3f} R {ir:.3f} F1 {i_f:.3f}\n"
    )
    out.write(
        f"throughput: raw nlp.pipe {len(texts) / raw_seconds:.1f} articles/s "
        f"({raw_seconds:.1f}s), with extraction {len(texts) / ours_seconds:.1f} articles/s "
        f"({ours_seconds:.1f}s), ratio {ours_seconds / raw_seconds:.2f}\n"
    )
    errors_path = args.errors or Path(tempfile.gettempdir()) / f"statements_errors_{args.split}.tsv"
    errors_path.write_text("\n".join(report.errors) + "\n", encoding="utf-8")
    out.write(f"errors: {errors_path} ({len(report.errors)} lines)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
