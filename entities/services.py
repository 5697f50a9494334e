"""Writes for what extraction found: people, mentions and statements of an article."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from spacy.language import Language

from articles.models import Article
from entities.models import Country, Mention, Person, Statement, StatementCountry, name_key_for
from entities.nlp.extract import extractions_for
from entities.nlp.model import load_nlp
from entities.nlp.results import ArticleExtraction


def nlp_get() -> Language:
    """The configured spaCy pipeline (NEWSBROWSER_SPACY_MODEL), loaded once per process."""
    return load_nlp(settings.NEWSBROWSER_SPACY_MODEL)


def _person_create(*, name: str) -> Person:
    """Create a person with a free slug; a concurrent create of the same name wins."""
    key = name_key_for(name)
    base = slugify(name)[:280] or "person"
    for attempt in range(1, 50):
        slug = base if attempt == 1 else f"{base}-{attempt}"
        try:
            with transaction.atomic():
                return Person.objects.create(name=name, name_key=key, slug=slug)
        except IntegrityError:
            existing = Person.objects.filter(name_key=key).first()
            if existing is not None:
                return existing
    raise IntegrityError(f"no free slug for person {name!r}")


def people_for_names(*, names: Iterable[str]) -> dict[str, Person]:
    """Map each canonical name to its Person, creating the missing ones."""
    # Two spellings with one key ("George W. Bush", "George W Bush") are one person,
    # and both must map to it.
    keys = {name: name_key_for(name) for name in names if name.strip()}
    found = {p.name_key: p for p in Person.objects.filter(name_key__in=set(keys.values()))}
    for name, key in keys.items():
        if key not in found:
            found[key] = _person_create(name=name)
    return {name: found[key] for name, key in keys.items()}


def _aliases_record(*, people: dict[str, Person], extraction: ArticleExtraction) -> None:
    """Remember the other forms a person was written in ("Sullivan" for Jake Sullivan)."""
    seen: dict[str, set[str]] = {}
    for mention in extraction.people:
        if mention.text != mention.name:
            seen.setdefault(mention.name, set()).add(mention.text)
    for name, forms in seen.items():
        person = people[name]
        new = sorted(forms - set(person.aliases) - {person.name})
        if new:
            person.aliases = [*person.aliases, *new]
            person.save(update_fields=["aliases"])


def article_entities_replace(*, article: Article, extraction: ArticleExtraction) -> None:
    """Replace the article's mentions and statements with what extraction found."""
    names = {m.name for m in extraction.people}
    names.update(s.speaker_name for s in extraction.statements if s.speaker_name)
    with transaction.atomic():
        people = people_for_names(names=names)
        _aliases_record(people=people, extraction=extraction)
        codes = {m.iso2 for m in extraction.countries}
        for statement in extraction.statements:
            codes.update(statement.about)
        countries = {c.alpha2: c for c in Country.objects.filter(alpha2__in=codes)}

        Statement.objects.filter(article=article).delete()
        Mention.objects.filter(article=article).delete()

        mentions: dict[tuple[int, int], Mention] = {}
        for m in extraction.people:
            mentions[(m.start, m.end)] = Mention(
                article=article, person=people[m.name], text=m.text, start=m.start, end=m.end
            )
        for m in extraction.countries:
            if m.iso2 in countries:
                mentions.setdefault(
                    (m.start, m.end),
                    Mention(
                        article=article,
                        country=countries[m.iso2],
                        text=m.text,
                        start=m.start,
                        end=m.end,
                    ),
                )
        Mention.objects.bulk_create(mentions.values())

        found = {(s.start, s.end): s for s in extraction.statements}
        statements = Statement.objects.bulk_create(
            Statement(
                article=article,
                speaker=people.get(s.speaker_name) if s.speaker_name else None,
                speaker_text=s.speaker_text,
                text=s.text,
                start=s.start,
                end=s.end,
                kind=s.kind,
                cue=s.cue,
            )
            for s in found.values()
        )
        # SQLite 3.35+ and PostgreSQL both return the new primary keys from bulk_create.
        StatementCountry.objects.bulk_create(
            StatementCountry(statement=s, country=countries[code], rank=rank)
            for s in statements
            for rank, code in enumerate(found[(s.start, s.end)].about)
            if code in countries
        )
        article.extracted_at = timezone.now()
        article.save(update_fields=["extracted_at"])


def article_extract(*, article: Article, nlp: Language | None = None) -> ArticleExtraction:
    """Run the pipeline on one saved article and store what it finds."""
    (extraction,) = extractions_for([article.body], nlp=nlp or nlp_get())
    article_entities_replace(article=article, extraction=extraction)
    return extraction
