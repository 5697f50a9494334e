"""python manage.py extract_statements FILE [FILE ...] [--format jsonl|text]"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.readers import UnreadableArticle, items_from_path
from articles.readers.decoding import text_from_bytes
from articles.services import read_limits
from articles.unicode_forms import without_invisible_characters
from entities.nlp.extract import extractions_for
from entities.nlp.model import SpacyModelMissing, load_nlp

PARAGRAPH_SEPARATOR = "\n\n"


def file_offsets(file_text: str, body: str) -> Callable[[int], int | None]:
    """Map an offset into a reader's ``body`` to the same character in ``file_text``.

    The reader keeps each body paragraph verbatim (stripped) less its invisible
    characters (articles/unicode_forms.py), and joins them with a blank line,
    dropping the header and page furniture; so each paragraph is found, in
    order, in the file read without its invisible characters, and an offset
    maps to the file character it was read from. Returns None for an offset
    the file does not hold (the reader's separator).
    """
    visible = without_invisible_characters(file_text)
    # positions[i]: where the i-th visible character stands in the file (one past the end last).
    positions: list[int] | None = None
    if visible != file_text:
        positions = [i for i, c in enumerate(file_text) if not _is_invisible(c)]
        positions.append(len(file_text))
    pieces: list[tuple[int, int, int]] = []  # (body start, body end, visible start)
    body_at = file_at = 0
    for paragraph in body.split(PARAGRAPH_SEPARATOR):
        found = visible.find(paragraph, file_at)
        if found < 0:
            raise ValueError(f"body paragraph not in the file: {paragraph[:60]!r}")
        pieces.append((body_at, body_at + len(paragraph), found))
        file_at = found + len(paragraph)
        body_at += len(paragraph) + len(PARAGRAPH_SEPARATOR)

    def to_file(offset: int) -> int | None:
        for body_start, body_end, file_start in pieces:
            if body_start <= offset <= body_end:
                at = file_start + offset - body_start
                return at if positions is None else positions[at]
        return None

    return to_file


def _is_invisible(character: str) -> bool:
    return not without_invisible_characters(character)


class Command(BaseCommand):
    help = (
        "Print the statements found in article files, one per line (no database needed). "
        "Offsets are character offsets into each file's decoded text (into the article "
        "body, and said so, for formats such as HTML and JSON that do not hold it verbatim)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="Article files.")
        parser.add_argument(
            "--format",
            choices=["jsonl", "text"],
            default="jsonl",
            help="jsonl: one JSON object per statement (default); text: a readable line each.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Articles per spaCy nlp.pipe batch (default: NEWSBROWSER_NLP_BATCH_SIZE).",
        )

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        readable: list[tuple[str, str, str]] = []  # (source, decoded file text, body)
        failures = 0
        for path in files:
            try:
                file_text = text_from_bytes(path.read_bytes())
            except (OSError, UnreadableArticle):
                file_text = ""  # an archive or binary: offsets fall back to the body
            for item in items_from_path(path, limits=read_limits()):
                if item.record is None:
                    failures += 1
                    self.stderr.write(f"failed     {item.source}: {item.error}")
                else:
                    readable.append((item.source, file_text, item.record.body))
        try:
            nlp = load_nlp(settings.NEWSBROWSER_SPACY_MODEL)
        except SpacyModelMissing as error:
            raise CommandError(str(error)) from error
        batch_size = options["batch_size"] or settings.NEWSBROWSER_NLP_BATCH_SIZE
        extractions = extractions_for(
            (body for _, _, body in readable), nlp=nlp, batch_size=batch_size
        )
        total = 0
        for (path, file_text, body), extraction in zip(readable, extractions, strict=True):
            try:
                to_file, offsets_into = file_offsets(file_text, body), "file"
            except ValueError:
                # HTML, JSON or an archive member: the body is not verbatim in the file.
                to_file, offsets_into = (lambda offset: offset), "body"
            for statement in extraction.statements:
                start, end = to_file(statement.start), to_file(statement.end)
                parts = [[to_file(s), to_file(e)] for s, e in statement.parts]
                if start is None or end is None or any(None in part for part in parts):
                    continue  # cannot happen for spans inside paragraphs; never guess
                row = {
                    "file": str(path),
                    "start": start,
                    "end": end,
                    # Each quoted piece; a split quote's attribution lies between them.
                    "parts": parts,
                    "offsets_into": offsets_into,
                    "text": statement.text,
                    "kind": statement.kind,
                    "speaker": statement.source_label,
                    "speaker_text": statement.speaker_text,
                    "speaker_kind": statement.speaker_kind,
                    "speaker_country": statement.speaker_country,
                    "cue": statement.cue,
                    "rule": statement.rule,
                    "about": list(statement.about),
                    "context": list(statement.context),
                }
                total += 1
                if options["format"] == "jsonl":
                    self.stdout.write(json.dumps(row, ensure_ascii=False))
                else:
                    speaker = statement.source_label or statement.speaker_text
                    self.stdout.write(
                        f"{path}:{start}-{end} {statement.kind} {speaker} {statement.cue}: "
                        f"{statement.text}"
                    )
        if options["verbosity"] >= 2:
            self.stderr.write(f"{total} statements from {len(readable)} files")
        if failures:
            raise CommandError(f"{failures} file(s) could not be read")
