"""Cut an article body into paragraphs of plain text, entity links and statements.

Templates render the segments with auto-escaping on: imported text is never marked safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from entities.models import Mention, SpeakerKind, Statement

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(slots=True)
class Segment:
    text: str
    kind: str = "text"  # text, person, country or statement
    url: str = ""
    label: str = ""  # tooltip: who said it, or the canonical name
    parts: list[Segment] = field(default_factory=list)  # inside a statement


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """Start and end offsets of each non-blank paragraph."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return [(s, e) for s, e in spans if body[s:e].strip()]


def _mention_segment(body: str, mention: Mention) -> Segment:
    entity = mention.person or mention.country
    kind = "person" if mention.person is not None else "country"
    return Segment(body[mention.start : mention.end], kind, entity.get_absolute_url(), str(entity))


def _inline(body: str, start: int, end: int, mentions: Iterable[Mention]) -> list[Segment]:
    """Plain text between start and end, with the mentions inside it as links."""
    segments, position = [], start
    for mention in mentions:
        if mention.start < position or mention.end > end or mention.start < start:
            continue  # overlapping or crossing the boundary: leave as text
        if mention.start > position:
            segments.append(Segment(body[position : mention.start]))
        segments.append(_mention_segment(body, mention))
        position = mention.end
    if position < end:
        segments.append(Segment(body[position:end]))
    return segments


def _source_of(statement: Statement) -> tuple[str, str]:
    """The name and page of whoever a statement comes from, for its highlight's label and link.

    An unnamed source links to the organisation it speaks for, whose page lists it.
    """
    if statement.speaker:
        return statement.speaker.name, statement.speaker.get_absolute_url()
    organisation, country = statement.speaker_organisation, statement.speaker_country
    if statement.speaker_kind == SpeakerKind.COUNTRY and country:
        return f"{country.name} (the state)", country.get_absolute_url()
    if statement.speaker_kind == SpeakerKind.ORGANISATION and organisation:
        return organisation.name, organisation.get_absolute_url()
    if statement.speaker_kind == SpeakerKind.UNNAMED and organisation:
        return statement.speaker_text or organisation.name, organisation.get_absolute_url()
    return statement.speaker_text, ""


def body_paragraphs(
    *, body: str, mentions: Sequence[Mention], statements: Sequence[Statement]
) -> list[list[Segment]]:
    """The body as paragraphs of segments; a statement spanning paragraphs shows in each.

    Each quoted piece of a statement is a highlight of its own: the attribution
    between the parts of a split quote ('"A," he said, "B."') stays plain text.
    The link to the source follows the statement's last piece in a paragraph.
    """
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    pieces = sorted(
        (
            (start, end, statement)
            for statement in statements
            for start, end in statement.part_spans
        ),
        key=lambda piece: piece[0],
    )
    paragraphs = []
    for p_start, p_end in paragraph_spans(body):
        segments, position = [], p_start
        last_piece: dict[int, Segment] = {}  # by id(statement)
        for start, end, statement in pieces:
            s_start, s_end = max(start, position), min(end, p_end)
            if s_start >= s_end:
                continue
            segments.extend(_inline(body, position, s_start, mentions))
            speaker, url = _source_of(statement)
            segment = Segment(
                body[s_start:s_end],
                "statement",
                url,
                f"{speaker or 'Unknown speaker'} ({statement.get_kind_display().lower()})",
                _inline(body, s_start, s_end, mentions),
            )
            if (earlier := last_piece.get(id(statement))) is not None:
                earlier.url = ""
            last_piece[id(statement)] = segment
            segments.append(segment)
            position = s_end
        segments.extend(_inline(body, position, p_end, mentions))
        paragraphs.append(segments)
    return paragraphs
