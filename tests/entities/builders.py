"""Small builders for hand-made rows, so page tests need no spaCy model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from django.utils.text import slugify

from articles.models import Article, content_hash_for
from entities.aggregates import aggregates_kept
from entities.models import (
    Country,
    Mention,
    Organisation,
    Person,
    SpeakerKind,
    Statement,
    StatementCountry,
    name_key_for,
)
from entities.nlp.names import family_key_for


def article_make(*, title: str = "An article", days_ago: int = 0) -> Article:
    body = f"{title}. The opening paragraph."
    return Article.objects.create(
        title=title,
        body=body,
        author="A. Reporter",
        published_at=datetime(2024, 4, 10, 12, tzinfo=UTC) - timedelta(days=days_ago),
        content_hash=content_hash_for(title=title, body=body),
    )


def person_make(name: str) -> Person:
    return Person.objects.create(
        name=name,
        name_key=name_key_for(name),
        slug=slugify(name),
        family_key=family_key_for(name),
    )


def organisation_make(
    name: str, *, kind: str = Organisation.Kind.OTHER, country: Country | None = None
) -> Organisation:
    return Organisation.objects.create(
        name=name, name_key=name_key_for(name), slug=slugify(name), kind=kind, country=country
    )


def country(alpha2: str) -> Country:
    return Country.objects.get(alpha2=alpha2)


def statement_make(
    *,
    article: Article,
    speaker: Person | None,
    text: str,
    about: Sequence[Country] = (),
    kind: str = Statement.Kind.DIRECT,
    speaker_text: str = "",
    speaker_kind: str = "",
    speaker_organisation: Organisation | None = None,
    speaker_country: Country | None = None,
    around: Sequence[Country] = (),
) -> Statement:
    """Append the quote to the article's body and store it as a direct statement.

    Without a person, the source is what the ``speaker_*`` arguments say (an
    organisation, a state, an unnamed official), written as ``speaker_text``.
    ``about``: countries named in the statement; ``around``: named only in its sentences.
    """
    written = speaker_text or (speaker.name if speaker else "someone")
    article.body += f'\n\n"{text}," {written} said.'
    article.content_hash = content_hash_for(title=article.title, body=article.body)
    article.save()
    start = article.body.rindex(text)
    # Hand-made rows are a write like any other: the pages read the aggregates (issue 14).
    with aggregates_kept(article_ids=[article.pk]):
        statement = _statement_store(
            article=article,
            speaker=speaker,
            text=text,
            start=start,
            about=about,
            around=around,
            kind=kind,
            speaker_text=speaker_text,
            speaker_kind=speaker_kind,
            speaker_organisation=speaker_organisation,
            speaker_country=speaker_country,
        )
    return statement


def _statement_store(
    *,
    article: Article,
    speaker: Person | None,
    text: str,
    start: int,
    about: Sequence[Country],
    around: Sequence[Country],
    kind: str,
    speaker_text: str,
    speaker_kind: str,
    speaker_organisation: Organisation | None,
    speaker_country: Country | None,
) -> Statement:
    statement = Statement.objects.create(
        article=article,
        published_at=article.published_at,
        speaker=speaker,
        speaker_text=speaker_text or (speaker.name.split()[-1] if speaker else "someone"),
        speaker_kind=speaker_kind or ("person" if speaker else ""),
        speaker_organisation=speaker_organisation,
        speaker_country=speaker_country,
        text=text,
        start=start,
        end=start + len(text),
        cue="said",
        kind=kind,
    )
    StatementCountry.objects.bulk_create(
        StatementCountry(
            statement=statement,
            country=c,
            rank=rank,
            role=StatementCountry.Role.CONTENT
            if rank < len(about)
            else StatementCountry.Role.CONTEXT,
        )
        for rank, c in enumerate([*about, *around])
    )
    return statement


def mention_make(*, statement: Statement, person: Person, text: str) -> Mention:
    """A mention of ``person`` written as ``text`` where the statement's article has it."""
    body = statement.article.body
    start = body.index(text, statement.start)
    # Kept like any write: the person page reads how many statements name them (issue 14).
    with aggregates_kept(article_ids=[statement.article_id]):
        return Mention.objects.create(
            article=statement.article, person=person, text=text, start=start, end=start + len(text)
        )


def organisation_statement_make(
    *,
    article: Article,
    organisation: Organisation,
    text: str,
    unnamed: bool = False,
    about: Sequence[Country] = (),
) -> Statement:
    """A statement the organisation makes, or (``unnamed``) one of its spokespeople makes."""
    return statement_make(
        article=article,
        speaker=None,
        text=text,
        about=about,
        speaker_text=f"a spokesperson for {organisation.name}" if unnamed else organisation.name,
        speaker_kind=SpeakerKind.UNNAMED if unnamed else SpeakerKind.ORGANISATION,
        speaker_organisation=organisation,
        speaker_country=organisation.country,
    )
