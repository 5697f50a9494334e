"""Quoted transcripts: each speaker's turn is a statement ('"WALLACE: …' / '"PENCE: …')."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from entities.nlp.doc_index import text_of
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import QuoteSpan
from entities.nlp.results import PersonMention

# A speaker label opening a paragraph of a transcript: 'WALLACE: ', 'SEN. SMITH: '.
_TURN_LABEL = re.compile(r"^[\"\u201c\u00ab]?[ \t]*([A-Z][A-Z.'\u2019 -]{0,40}[A-Z.]):[ \t]+", re.M)


def transcript_turns(
    doc: Doc, quotes: Sequence[QuotedStatement], people: Sequence[PersonMention]
) -> list[tuple[QuotedStatement, Speaker]]:
    """Each speaker's turn in a quoted transcript ('"WALLACE: ...\n\n"PENCE: ...').

    A label counts only when it names a person of the article ("PENCE" for
    Mike Pence), so section labels ("UPDATE:", "VIDEO:") are left alone.
    """
    text = text_of(doc)
    by_surname: dict[str, PersonMention] = {}
    for mention in people:
        for word in (mention.name.split()[-1], mention.name):
            by_surname.setdefault(word.lower(), mention)
    turns: list[tuple[QuotedStatement, Speaker]] = []
    for statement in quotes:
        for part in statement.parts:
            line_start = text.rfind("\n", 0, part.start) + 1
            labels = [
                label
                for label in _TURN_LABEL.finditer(text, line_start, part.end)
                if label.start(1) >= part.start and _label_person(label.group(1), by_surname)
            ]
            for index, label in enumerate(labels):
                end = labels[index + 1].start() if index + 1 < len(labels) else part.end
                end = len(text[:end].rstrip().rstrip('\u201c\u00ab"').rstrip())
                if end <= label.end():
                    continue
                mention = _label_person(label.group(1), by_surname)
                assert mention is not None
                turn = QuoteSpan(label.end(), end, part.open_mark, part.close_mark)
                turns.append(
                    (
                        QuotedStatement((turn,)),
                        Speaker(
                            text=label.group(1),
                            start=label.start(1),
                            end=label.end(1),
                            name=mention.name,
                            cue=":",
                            cue_start=label.end(1),
                            cue_end=label.end(1) + 1,
                            rule="transcript_turn",
                        ),
                    )
                )
    return turns


def _label_person(label: str, by_surname: dict[str, PersonMention]) -> PersonMention | None:
    words = label.replace(".", " ").split()
    return by_surname.get(label.lower()) or (by_surname.get(words[-1].lower()) if words else None)
