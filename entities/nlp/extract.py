"""One article body in, everything we extract out (pure: no ORM, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from entities.nlp.countries import country_mentions
from entities.nlp.people import person_mentions
from entities.nlp.quotes import is_statement_like, quote_spans
from entities.nlp.results import (
    ArticleExtraction,
    CountryMention,
    PersonMention,
    StatementFound,
)
from entities.nlp.speakers import join_split_quotes, speaker_for


def direct_statements(
    doc: Doc,
    *,
    people: Sequence[PersonMention],
    countries: Sequence[CountryMention],
) -> list[StatementFound]:
    """Quoted statements with an attributed speaker; unattributed quotes are left out.

    The text is body[start:end], the content inside the marks, less the comma
    that English puts before the closing mark ('"...," he said'): it belongs to
    the reporting sentence, not to what was said.
    """
    quotes = [quote for quote in quote_spans(doc.text) if is_statement_like(quote, doc)]
    statements = join_split_quotes(doc, quotes)
    found = []
    for statement in statements:
        speaker = speaker_for(doc, statement, people=people, quotes=statements)
        if speaker is None:
            # Without a cue we cannot tell a statement from a quoted document
            # title or slogan; better to miss it than to invent a speaker.
            continue
        about = tuple(
            dict.fromkeys(
                country.iso2
                for country in countries
                if any(part.start <= country.start < part.end for part in statement.parts)
            )
        )
        end = _end_without_reporting_comma(doc.text, statement.start, statement.end)
        found.append(
            StatementFound(
                text=doc.text[statement.start : end],
                start=statement.start,
                end=end,
                kind="direct",
                speaker_name=speaker.name,
                speaker_text=speaker.text,
                cue=speaker.cue,
                about=about,
            )
        )
    return found


def _end_without_reporting_comma(text: str, start: int, end: int) -> int:
    trimmed = text[start:end].rstrip().rstrip(",;").rstrip()
    return start + len(trimmed) if trimmed else end


def article_extraction(doc: Doc) -> ArticleExtraction:
    """People, countries and statements found in one parsed article body."""
    people = person_mentions(doc)
    countries = country_mentions(doc)
    statements = direct_statements(doc, people=people, countries=countries)
    # Reported (indirect) speech is a later issue: its finder will add
    # kind="indirect" statements here, sharing speaker_for's cue rules.
    return ArticleExtraction(people=people, countries=countries, statements=statements)


def extractions_for(
    texts: Iterable[str], *, nlp: Language, batch_size: int = 32, n_process: int = 1
) -> Iterator[ArticleExtraction]:
    """Extractions for many bodies, in order, parsed in batches (in n_process processes)."""
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield article_extraction(doc)
