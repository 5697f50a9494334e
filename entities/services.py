"""Writes for what extraction found: people, mentions and statements of an article."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from spacy.language import Language

from articles.models import Article
from entities.models import (
    Country,
    Mention,
    Person,
    SpeakerKind,
    Statement,
    StatementCorrection,
    StatementCountry,
    name_key_for,
)
from entities.nlp.extract import extractions_for
from entities.nlp.model import load_nlp
from entities.nlp.people import is_full_name
from entities.nlp.results import ArticleExtraction, StatementFound


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


def _countries_ranked(statement: StatementFound) -> list[tuple[str, str]]:
    """(alpha2, role) pairs: countries in the content first, then those around it."""
    return [(code, StatementCountry.Role.CONTENT) for code in statement.about] + [
        (code, StatementCountry.Role.CONTEXT)
        for code in statement.context
        if code not in statement.about
    ]


def _people_describe(
    *, people: dict[str, Person], extraction: ArticleExtraction, countries: dict[str, Country]
) -> None:
    """Add the roles the article states to each person, and their country if not yet known."""
    roles: dict[str, list[str]] = {}
    country_of: dict[str, str] = {}
    for mention in extraction.people:
        roles.setdefault(mention.name, []).extend(mention.roles)
        if mention.country and mention.name not in country_of:
            country_of[mention.name] = mention.country
    for name, stated in roles.items():
        person = people[name]
        known = {role.casefold() for role in person.roles}
        new = [r for r in dict.fromkeys(stated) if r.casefold() not in known]
        fields = []
        if new:
            person.roles = [*person.roles, *new]
            fields.append("roles")
        code = country_of.get(name)
        if person.country_id is None and code in countries:
            person.country = countries[code]
            fields.append("country")
        if fields:
            person.save(update_fields=fields)


def _without_bare_surnames(extraction: ArticleExtraction) -> ArticleExtraction:
    """Drop people known only by one word in this article ("Sullivan", never in full).

    A Person is shared across articles by name, so a bare surname would join
    every Sullivan in the archive into one; the statement keeps the speaker
    as written instead.
    """
    return ArticleExtraction(
        people=[m for m in extraction.people if is_full_name(m.name)],
        countries=extraction.countries,
        statements=[
            s
            if s.speaker_name is None or is_full_name(s.speaker_name)
            else replace(s, speaker_name=None)
            for s in extraction.statements
        ],
    )


def article_entities_replace(*, article: Article, extraction: ArticleExtraction) -> None:
    """Replace the article's mentions and statements with what extraction found."""
    extraction = _without_bare_surnames(extraction)
    names = {m.name for m in extraction.people}
    names.update(s.speaker_name for s in extraction.statements if s.speaker_name)
    with transaction.atomic():
        people = people_for_names(names=names)
        _aliases_record(people=people, extraction=extraction)
        codes = {m.iso2 for m in extraction.countries}
        for statement in extraction.statements:
            codes.update(statement.about)
            codes.update(statement.context)
        codes.update(m.country for m in extraction.people if m.country)
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
                speaker_kind=SpeakerKind.PERSON if s.speaker_name else "",
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
            StatementCountry(statement=s, country=countries[code], rank=rank, role=role)
            for s in statements
            for rank, (code, role) in enumerate(_countries_ranked(found[(s.start, s.end)]))
            if code in countries
        )
        _people_describe(people=people, extraction=extraction, countries=countries)
        _corrections_apply(article=article)
        article.extracted_at = timezone.now()
        article.save(update_fields=["extracted_at"])


def article_extract(*, article: Article, nlp: Language | None = None) -> ArticleExtraction:
    """Run the pipeline on one saved article and store what it finds."""
    (extraction,) = extractions_for([article.body], nlp=nlp or nlp_get())
    article_entities_replace(article=article, extraction=extraction)
    return extraction


def person_merge(*, into: Person, others: Iterable[Person]) -> Person:
    """Fold ``others`` into ``into``: their statements and mentions move, names become aliases.

    For the admin to join two records of one person ("Jake Sullivan" and
    "Jacob Sullivan"); extraction itself never merges people by surname.
    """
    others = [p for p in others if p.pk != into.pk]
    if not others:
        return into
    with transaction.atomic():
        ids = [p.pk for p in others]
        Statement.objects.filter(speaker_id__in=ids).update(speaker=into)
        Mention.objects.filter(person_id__in=ids).update(person=into)
        StatementCorrection.objects.filter(speaker_id__in=ids).update(speaker=into)
        aliases = list(into.aliases)
        roles = list(into.roles)
        for other in others:
            for form in [other.name, *other.aliases]:
                if form != into.name and form not in aliases:
                    aliases.append(form)
            roles += [r for r in other.roles if r.casefold() not in {x.casefold() for x in roles}]
            if into.country_id is None and other.country_id is not None:
                into.country_id = other.country_id
        into.aliases, into.roles = aliases, roles
        Person.objects.filter(pk__in=ids).delete()
        into.save(update_fields=["aliases", "roles", "country"])
    return into


def person_alias_split(*, person: Person, alias: str) -> Person:
    """Make ``alias`` a person of its own, taking the mentions and statements written that way.

    For the admin to undo a wrong grouping ("Sullivan" in an article about
    another Sullivan). When a person of that name exists, the alias joins them.
    """
    if alias not in person.aliases:
        raise ValueError(f"{alias!r} is not an alias of {person.name!r}")
    with transaction.atomic():
        target = people_for_names(names=[alias])[alias]
        if target.pk == person.pk:
            raise ValueError(f"{alias!r} is another spelling of {person.name!r}")
        Mention.objects.filter(person=person, text=alias).update(person=target)
        Statement.objects.filter(speaker=person, speaker_text=alias).update(speaker=target)
        person.aliases = [form for form in person.aliases if form != alias]
        person.save(update_fields=["aliases"])
    return target


# --- Editors' corrections --------------------------------------------------------

STATEMENT_SPEAKER_FIELDS = ("speaker", "speaker_organisation", "speaker_kind", "speaker_country")
_SPEAKER_ATTNAMES = ("speaker_id", "speaker_organisation_id", "speaker_kind", "speaker_country_id")


def statement_correction_record(
    *,
    statement: Statement,
    editor: object | None,
    speaker_corrected: bool = False,
    removed: Iterable[Country | int] = (),
    restored: Iterable[Country | int] = (),
) -> StatementCorrection | None:
    """Remember an editor's change to a statement so that re-extraction keeps it.

    ``speaker_corrected``: the editor set the source (person, organisation, kind
    or country); the statement's source as it now stands is recorded whole.
    ``removed``: country tags the editor deleted; ``restored``: tags added back.
    """
    removed, restored = list(removed), list(restored)
    with transaction.atomic():
        correction = StatementCorrection.objects.filter(
            article_id=statement.article_id, start=statement.start, end=statement.end
        ).first()
        if correction is None and not (speaker_corrected or removed):
            return None  # nothing to keep: only tags restored that were never removed
        correction = correction or StatementCorrection(
            article_id=statement.article_id, start=statement.start, end=statement.end
        )
        if speaker_corrected:
            _speaker_kind_settle(statement)
            correction.corrects_speaker = True
            for name in _SPEAKER_ATTNAMES:
                setattr(correction, name, getattr(statement, name))
        correction.text = statement.text
        correction.editor = editor if getattr(editor, "pk", None) else None
        correction.save()
        correction.removed_countries.add(*removed)
        correction.removed_countries.remove(*restored)
    return correction


def _speaker_kind_settle(statement: Statement) -> None:
    """Give a statement whose editor linked a source the kind that goes with it."""
    kind = statement.speaker_kind
    if statement.speaker_id is not None:
        kind = SpeakerKind.PERSON
    elif statement.speaker_organisation_id is not None and kind != SpeakerKind.UNNAMED:
        # "a spokeswoman for Disney" stays an unnamed source of Disney.
        kind = SpeakerKind.ORGANISATION
    if kind != statement.speaker_kind:
        statement.speaker_kind = kind
        statement.save(update_fields=["speaker_kind"])


def _corrections_apply(*, article: Article) -> None:
    """Put editors' corrections back on the article's statements just rebuilt."""
    corrections = list(
        StatementCorrection.objects.filter(article=article)
        .prefetch_related("removed_countries")
        .order_by("start", "end")
    )
    if not corrections:
        return
    statements = list(Statement.objects.filter(article=article).order_by("start"))
    corrected: list[Statement] = []
    tags_removed: list[tuple[int, list[int]]] = []
    for correction, statement in _corrections_matched(corrections, statements=statements):
        if correction.corrects_speaker:
            for name in _SPEAKER_ATTNAMES:
                setattr(statement, name, getattr(correction, name))
            corrected.append(statement)
        removed = [country.pk for country in correction.removed_countries.all()]
        if removed:
            tags_removed.append((statement.pk, removed))
    if corrected:
        Statement.objects.bulk_update(corrected, STATEMENT_SPEAKER_FIELDS)
    for statement_id, country_ids in tags_removed:
        StatementCountry.objects.filter(
            statement_id=statement_id, country_id__in=country_ids
        ).delete()


def _corrections_matched(
    corrections: list[StatementCorrection], *, statements: list[Statement]
) -> list[tuple[StatementCorrection, Statement]]:
    """Each correction with the statement it is about, when extraction still finds it.

    The statement with the same span; else the one with the same text; else
    the one overlapping it most, by at least half of the shorter span.
    Improvements to extraction move quote boundaries a little, and an updated
    article moves every offset: the correction follows its statement. A
    correction whose statement is gone waits for a later run.
    """
    by_span = {(s.start, s.end): s for s in statements}
    matched = {c.pk: by_span[(c.start, c.end)] for c in corrections if (c.start, c.end) in by_span}
    taken = {s.pk for s in matched.values()}
    for correction in (c for c in corrections if c.pk not in matched):
        free = [s for s in statements if s.pk not in taken]
        same_text = [s for s in free if s.text == correction.text]
        found = same_text[0] if len(same_text) == 1 else _most_overlapping(correction, free)
        if found is not None:
            matched[correction.pk] = found
            taken.add(found.pk)
    return [(c, matched[c.pk]) for c in corrections if c.pk in matched]


def _most_overlapping(
    correction: StatementCorrection, statements: list[Statement]
) -> Statement | None:
    def overlap(statement: Statement) -> int:
        return min(statement.end, correction.end) - max(statement.start, correction.start)

    best = max(statements, key=overlap, default=None)
    if best is None:
        return None
    shorter = min(best.end - best.start, correction.end - correction.start)
    return best if overlap(best) * 2 >= shorter else None
