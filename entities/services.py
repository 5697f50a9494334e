"""Writes for what extraction found: people, mentions and statements of an article."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.text import slugify
from spacy.language import Language

from articles.models import Article
from articles.unicode_forms import normal_line
from entities.aggregates import aggregate_keys_of, aggregates_kept, aggregates_touch
from entities.models import (
    Country,
    Mention,
    Organisation,
    Person,
    PersonNameLink,
    SpeakerKind,
    Statement,
    StatementCorrection,
    StatementCountry,
    name_key_for,
)
from entities.nlp.extract import extractions_for
from entities.nlp.model import load_nlp
from entities.nlp.names import (
    PersonName,
    agrees_with_person,
    is_distinct_by_suffix,
    person_forms,
    person_name_clean,
    person_name_parse,
)
from entities.nlp.results import ArticleExtraction, StatementFound

# The kinds of source that have pages, slugs and race-safe creation.
M = TypeVar("M", Person, Organisation)


def nlp_get() -> Language:
    """The configured spaCy pipeline (NEWSBROWSER_SPACY_MODEL), loaded once per process."""
    return load_nlp(settings.NEWSBROWSER_SPACY_MODEL)


def _slugged_create(model: type[M], *, name: str, key: str, **fields: Any) -> M:
    """Create a person or organisation with a free slug; a concurrent create of the
    same name (``name_key``) wins and is returned instead."""
    base = slugify(name)[:280] or model._meta.model_name
    for attempt in range(1, 50):
        slug = base if attempt == 1 else f"{base}-{attempt}"
        try:
            with transaction.atomic():
                return model.objects.create(name=name, name_key=key, slug=slug, **fields)
        except IntegrityError:
            existing = model.objects.filter(name_key=key).first()
            if existing is not None:
                return existing
    raise IntegrityError(f"no free slug for {model._meta.verbose_name} {name!r}")


def _person_create(*, name: str, suffix_key: str = "") -> Person:
    """Create a person with a free slug; a concurrent create of the same name wins."""
    name = person_name_clean(name)
    return _slugged_create(
        Person,
        name=name,
        key=name_key_for(name),
        family_key=person_name_parse(name).family,
        suffix_key=suffix_key,
    )


def _only(people: list[Person]) -> Person | None:
    return people[0] if len(people) == 1 else None


def _organisation_create(*, name: str, kind: str, country: Country | None) -> Organisation:
    """Create an organisation with a free slug; a concurrent create of the same name wins."""
    return _slugged_create(
        Organisation, name=name, key=name_key_for(name), kind=kind, country=country
    )


_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OrganisationSource:
    """An organisation a statement comes from, as the article describes it."""

    name: str
    kind: str
    country: str | None


def _speaks_as_person(statement: StatementFound) -> bool:
    # Extraction results from before source kinds carry a name and no kind: a person.
    return statement.speaker_kind in (None, SpeakerKind.PERSON)


def _organisation_source(statement: StatementFound) -> OrganisationSource | None:
    """The organisation that speaks, or that an unnamed source speaks for, if the text names it."""
    if statement.speaker_kind == SpeakerKind.ORGANISATION:
        name = statement.speaker_name
    elif statement.speaker_kind == SpeakerKind.UNNAMED:
        name = statement.speaker_affiliation
    else:
        return None
    if not name or not name.strip():
        return None
    kind = statement.speaker_organisation_kind or Organisation.Kind.OTHER
    if kind not in Organisation.Kind.values:
        kind = Organisation.Kind.OTHER
    # NATO or the UN belong to no country, even when a Russian envoy to the UN speaks.
    country = None if kind == Organisation.Kind.INTERNATIONAL else statement.speaker_country
    # Running text adds "the" or not as the sentence needs ("the Kremlin said", "Kremlin
    # officials"); one organisation either way.
    name = normal_line(name)
    name = _LEADING_THE.sub("", name) or name
    return OrganisationSource(name, kind, country)


def organisations_for_sources(
    *, sources: Sequence[OrganisationSource], countries: dict[str, Country]
) -> dict[str, Organisation]:
    """Map each organisation name to its Organisation, creating the missing ones.

    An organisation already known keeps its kind and country; what the article says
    fills only what is still unknown, so an editor's correction is not undone.
    """
    by_key: dict[str, OrganisationSource] = {}
    for source in sources:
        key = name_key_for(source.name)
        known = by_key.get(key)
        if known is None or (known.kind == Organisation.Kind.OTHER and known.country is None):
            by_key[key] = source
    found = {o.name_key: o for o in Organisation.objects.filter(name_key__in=set(by_key))}
    for key, source in by_key.items():
        country = countries.get(source.country) if source.country else None
        organisation = found.get(key)
        if organisation is None:
            found[key] = _organisation_create(name=source.name, kind=source.kind, country=country)
            continue
        fields = []
        if organisation.kind == Organisation.Kind.OTHER and source.kind != organisation.kind:
            organisation.kind = source.kind
            fields.append("kind")
        if (
            organisation.country_id is None
            and country is not None
            and organisation.kind != Organisation.Kind.INTERNATIONAL
        ):
            organisation.country = country
            fields.append("country")
        if fields:
            organisation.save(update_fields=fields)
    return {source.name: found[name_key_for(source.name)] for source in sources}


def _statement_source(
    statement: StatementFound,
    *,
    people: dict[str, Person],
    organisation: Organisation | None,
    countries: dict[str, Country],
) -> dict[str, object]:
    """The Statement fields that say who the source is and which country it belongs to."""
    stated_country = countries.get(statement.speaker_country or "")
    if _speaks_as_person(statement):
        person = people.get(statement.speaker_name) if statement.speaker_name else None
        kind = SpeakerKind.PERSON if person or statement.speaker_kind else ""
        # The person's own country (most articles agree on it) before this article's word;
        # by id, since a recount may have just set it to a country this article never names.
        country_id = (
            person.country_id
            if person and person.country_id
            else (stated_country.pk if stated_country else None)
        )
        return {
            "speaker": person,
            "speaker_kind": kind,
            "speaker_organisation": None,
            "speaker_country_id": country_id,
        }
    if organisation is not None and organisation.country_id is not None:
        country = organisation.country
    else:
        country = stated_country
    return {
        "speaker": None,
        "speaker_kind": statement.speaker_kind,
        "speaker_organisation": organisation,
        "speaker_country": country,
    }


def _statements_corrected(*, person_ids: Iterable[int]) -> set[int]:
    """Ids of these people's statements whose source an editor set (StatementCorrection)."""
    corrections = list(
        StatementCorrection.objects.filter(
            article_id__in=StatementCorrection.objects.filter(
                corrects_speaker=True, speaker_id__in=list(person_ids)
            ).values("article_id")
        ).order_by("start", "end")
    )
    if not corrections:
        return set()
    by_article: dict[int, list[StatementCorrection]] = defaultdict(list)
    for correction in corrections:
        by_article[correction.article_id].append(correction)
    statements: dict[int, list[Statement]] = defaultdict(list)
    for statement in Statement.objects.filter(article_id__in=by_article).order_by("start"):
        statements[statement.article_id].append(statement)
    # Matched as _corrections_apply matches them, so the same statements are meant.
    return {
        statement.pk
        for article_id, article_corrections in by_article.items()
        for correction, statement in _corrections_matched(
            article_corrections, statements=statements[article_id]
        )
        if correction.corrects_speaker
    }


def _statements_country_follow(*, follows: dict[int, tuple[set[int | None], int | None]]) -> None:
    """Give each person's statements that took their country the one they now have.

    ``follows`` maps a person to (the countries they had, the one they have). A
    statement took the person's country when it has one of those or none; one
    that states another country (the article's own word, from before the person
    had one) keeps it, and so does one whose source an editor set. One UPDATE.
    """
    took = Q(pk__in=[])
    country_for = []
    for person_id, (before, now) in follows.items():
        if now is None and before <= {None}:
            continue
        countries = Q(speaker_country__isnull=True)
        olds = {country_id for country_id in before if country_id not in (None, now)}
        if olds:
            countries |= Q(speaker_country_id__in=olds)
        took |= Q(speaker_id=person_id) & countries
        country_for.append(When(speaker_id=person_id, then=Value(now)))
    if not country_for:
        return
    corrected = _statements_corrected(person_ids=follows)
    moving = Statement.objects.filter(took).exclude(pk__in=corrected)
    # Their country's counts change in every month these people spoke, not only this write's.
    keys = aggregate_keys_of(moving, about=False)
    moving.update(speaker_country_id=Case(*country_for, output_field=IntegerField()))
    aggregates_touch(keys | aggregate_keys_of(Statement.objects.filter(took), about=False))


def _people_country_recount(*, people: Iterable[Person]) -> list[Person]:
    """Set each person's country to the one most articles state for them; the changed people.

    Counted in distinct articles from the mentions' ``stated_country``, so an
    article extracted again counts once. A tie keeps the person's country if it
    is among the first, else the one stated in the earliest article (lowest id).
    No article stating one leaves the country as it is (rows stored before
    stated countries were kept), and so does an editor's choice. Saved in one query.
    """
    people = [p for p in people if not p.country_set_by_editor]
    if not people:
        return []
    votes: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for row in (
        Mention.objects.filter(person_id__in=[p.pk for p in people], stated_country__isnull=False)
        .values("person_id", "stated_country_id")
        .annotate(articles=Count("article_id", distinct=True), first=Min("article_id"))
        .order_by()
    ):
        votes[row["person_id"]].append((row["articles"], row["first"], row["stated_country_id"]))
    changed = []
    for person in people:
        if not votes[person.pk]:
            continue
        most = max(articles for articles, _, _ in votes[person.pk])
        leading = {
            country: first for articles, first, country in votes[person.pk] if articles == most
        }
        if person.country_id in leading:
            continue
        person.country_id = min(leading, key=lambda country: (leading[country], country))
        changed.append(person)
    if changed:
        # In id order, as concurrent imports lock people, so that they do not deadlock.
        Person.objects.bulk_update(sorted(changed, key=lambda p: p.pk), ["country"])
    return changed


def _people_orphaned(*, person_ids: Iterable[int]) -> list[int]:
    """Of these people, those nothing refers to: no mention, statement or editor's word."""
    return list(
        Person.objects.filter(pk__in=list(person_ids), country_set_by_editor=False)
        .exclude(Exists(Mention.objects.filter(person_id=OuterRef("pk"))))
        .exclude(Exists(Statement.objects.filter(speaker_id=OuterRef("pk"))))
        .exclude(Exists(PersonNameLink.objects.filter(person_id=OuterRef("pk"))))
        .exclude(Exists(StatementCorrection.objects.filter(speaker_id=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )


def people_settle(*, person_ids: Iterable[int]) -> None:
    """After what refers to these people changed: recount their countries (their
    statements follow), and delete those nothing refers to any more.

    For callers that removed mentions or statements (an article deleted); the
    extraction and the merge and split services do the same themselves.
    """
    ids = set(person_ids)
    if not ids:
        return
    with transaction.atomic(savepoint=False):
        people = list(Person.objects.filter(pk__in=ids))
        before = {p.pk: p.country_id for p in people}
        changed = _people_country_recount(people=people)
        _statements_country_follow(follows={p.pk: ({before[p.pk]}, p.country_id) for p in changed})
        _people_orphans_delete(person_ids=ids)


def _people_orphans_delete(*, person_ids: Iterable[int]) -> None:
    orphans = _people_orphaned(person_ids=person_ids)
    if orphans:
        Person.objects.filter(pk__in=orphans).delete()


def person_country_settle(*, person: Person, country_before: int | None) -> None:
    """After an editor saved a person's country or let it go: with an editor's choice, the
    statements that took the old country take it; without, the articles decide again."""
    with transaction.atomic(savepoint=False):
        if not person.country_set_by_editor:
            _people_country_recount(people=[person])
        _statements_country_follow(follows={person.pk: ({country_before}, person.country_id)})


def people_of_articles(*, article_ids: Iterable[int]) -> set[int]:
    """The people these articles mention, quote or have a correction naming."""
    ids = list(article_ids)
    mentioned = (
        Mention.objects.filter(article_id__in=ids, person__isnull=False)
        .values_list("person_id")
        .order_by()
    )
    quoted = (
        Statement.objects.filter(article_id__in=ids, speaker__isnull=False)
        .values_list("speaker_id")
        .order_by()
    )
    corrected = (
        StatementCorrection.objects.filter(article_id__in=ids, speaker__isnull=False)
        .values_list("speaker_id")
        .order_by()
    )
    return {pk for (pk,) in mentioned.union(quoted, corrected)}


def people_for_names(*, names: Iterable[str]) -> dict[str, Person]:
    """Map each canonical name of one article to its Person, creating the missing ones.

    In this order: an editor's correction (PersonNameLink: a merged or split
    name); the person of that very name (key); the one person whose known full
    names all agree with it (entities/nlp/names.py: "James B. Comey" is
    "James Comey", "Joe Biden" is "Joseph R. Biden Jr."); else a new person.

    Generational suffixes: a suffixed name joins an agreeing person without the
    suffix unless the archive keeps a person apart by that suffix (it is then
    that person) or ``names`` (one article) also holds an agreeing name without
    it and with the same given name, the father beside the son ("Donald J.
    Trump", "Donald Trump Jr."): then the suffixed name is a person of its own,
    kept apart from then on. A name without a suffix never joins a person kept
    apart by one.

    A one-word name ("Sullivan", "King") never creates a person: it maps to the
    person a correction names, else to the one person of that family name the
    archive knows, else it is left out of the result.
    """
    cleaned = {name: person_name_clean(name) for name in dict.fromkeys(names) if name.strip()}
    parsed = {name: person_name_parse(text) for name, text in cleaned.items()}
    keys = {name: name_key_for(text) for name, text in cleaned.items()}
    article_names = [p for p in parsed.values() if p.is_full]
    links = {
        link.name_key: link.person
        for link in PersonNameLink.objects.filter(name_key__in=set(keys.values())).select_related(
            "person"
        )
    }
    exact = {p.name_key: p for p in Person.objects.filter(name_key__in=set(keys.values()))}
    namesakes: dict[str, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(family_key__in={p.family for p in parsed.values()}):
        namesakes[person.family_key].append(person)

    found: dict[str, Person] = {}
    # Full names first: a bare name then sees the people this article creates.
    for name in sorted(cleaned, key=lambda n: not parsed[n].is_full):
        key, own = keys[name], parsed[name]
        person = links.get(key)
        if person is None and own.is_full:
            person = exact.get(key) or _namesake_for(
                own, namesakes[own.family], distinct=is_distinct_by_suffix(own, article_names)
            )
            if person is None:
                distinct = is_distinct_by_suffix(own, article_names)
                person = _person_create(
                    name=cleaned[name], suffix_key=own.suffix if distinct else ""
                )
                namesakes[own.family].append(person)
                exact[person.name_key] = person
            elif (
                own.suffix
                and not person.suffix_key
                and person.name_key == key
                and is_distinct_by_suffix(own, article_names)
            ):
                # The person of this very name, now shown apart from a namesake.
                person.suffix_key = own.suffix
                person.save(update_fields=["suffix_key"])
        elif person is None:
            person = _only([p for p in namesakes[own.family] if person_name_parse(p.name).is_full])
        if person is not None:
            found[name] = person
    return found


def _namesake_for(own: PersonName, namesakes: list[Person], *, distinct: bool) -> Person | None:
    """The one person of ``namesakes`` that ``own`` may be, by the rules above."""
    agreeing = [p for p in namesakes if agrees_with_person(own, person_forms(p.name, p.aliases))]
    if own.suffix:
        kept_apart = _only([p for p in agreeing if p.suffix_key == own.suffix])
        if kept_apart is not None or distinct:
            return kept_apart
    return _only([p for p in agreeing if not p.suffix_key])


def _aliases_record(*, people: dict[str, Person], extraction: ArticleExtraction) -> None:
    """Remember the other forms a person was written in ("Sullivan" for Jake Sullivan)."""
    seen: dict[str, set[str]] = {}
    for mention in extraction.people:
        if mention.name not in people:
            continue
        person_name = people[mention.name].name
        # "Joseph R. Biden Jr." stored as Joe Biden: both forms are his.
        seen.setdefault(mention.name, set()).update(
            form for form in (mention.text, mention.name) if form != person_name
        )
    changed = []
    for name, forms in seen.items():
        person = people[name]
        new = sorted(forms - set(person.aliases) - {person.name})
        if new:
            person.aliases = [*person.aliases, *new]
            changed.append(person)
    _people_save(changed, field="aliases")


def _people_save(people: list[Person], *, field: str) -> None:
    """Save one field of these people in one query, in id order as concurrent imports lock
    people (so that they do not deadlock). Two names may hold two copies of one person:
    the last one's value is saved, as saving each in turn would."""
    last = list({person.pk: person for person in people}.values())
    if len(last) == 1:
        last[0].save(update_fields=[field])
    elif last:
        Person.objects.bulk_update(sorted(last, key=lambda p: p.pk), [field])


def _countries_ranked(statement: StatementFound) -> list[tuple[str, str]]:
    """(alpha2, role) pairs: countries in the content first, then those around it."""
    return [(code, StatementCountry.Role.CONTENT) for code in statement.about] + [
        (code, StatementCountry.Role.CONTEXT)
        for code in statement.context
        if code not in statement.about
    ]


def _people_describe(*, people: dict[str, Person], extraction: ArticleExtraction) -> None:
    """Add the roles the article states to each person (their country is counted apart)."""
    roles: dict[str, list[str]] = {}
    for mention in extraction.people:
        roles.setdefault(mention.name, []).extend(mention.roles)
    changed = []
    for name, stated in roles.items():
        person = people[name]
        known = {role.casefold() for role in person.roles}
        new = [r for r in dict.fromkeys(stated) if r.casefold() not in known]
        if new:
            person.roles = [*person.roles, *new]
            changed.append(person)
    _people_save(changed, field="roles")


def _with_known_people(
    extraction: ArticleExtraction, people: dict[str, Person]
) -> ArticleExtraction:
    """Drop person mentions whose name has no Person (a surname the archive cannot place).

    Their statements keep the speaker as written, with no Person.
    """
    return ArticleExtraction(
        people=[m for m in extraction.people if m.name in people],
        countries=extraction.countries,
        statements=extraction.statements,
    )


def statement_dates_follow(*, article_ids: Iterable[int]) -> int:
    """Copy each article's date onto its statements, where the lists filter and sort by it.

    One set-based UPDATE; called wherever an article's date may change (import, metadata
    update, admin edit). Returns the number of statements updated.
    """
    article_ids = list(article_ids)
    if not article_ids:
        return 0
    return Statement.objects.filter(article_id__in=article_ids).update(
        published_at=Subquery(
            Article.objects.filter(pk=OuterRef("article_id")).values("published_at")[:1]
        )
    )


def article_entities_replace(
    *, article: Article, extraction: ArticleExtraction, created: bool = False
) -> None:
    """Replace the article's mentions and statements with what extraction found.

    ``created``: the article was saved for the first time in this transaction, so it has
    no mentions, statements or corrections yet, and the queries for them are skipped.
    """
    # Read before people: "NATO" is one word, and no person.
    organisation_of = {
        (s.start, s.end): source
        for s in extraction.statements
        if (source := _organisation_source(s)) is not None
    }
    # In text order: the first form a new person is written in names them.
    names = list(dict.fromkeys(m.name for m in extraction.people))
    names += [
        s.speaker_name for s in extraction.statements if s.speaker_name and _speaks_as_person(s)
    ]
    # No savepoint of its own: every caller stores the article in a transaction or savepoint
    # that a failure here rolls back whole (two queries an article fewer on an import).
    with transaction.atomic(savepoint=False), aggregates_kept(article_ids=[article.pk]):
        people = people_for_names(names=names)
        extraction = _with_known_people(extraction, people)
        _aliases_record(people=people, extraction=extraction)
        codes = {m.iso2 for m in extraction.countries}
        for statement in extraction.statements:
            codes.update(statement.about)
            codes.update(statement.context)
            if statement.speaker_country:
                codes.add(statement.speaker_country)
        codes.update(m.country for m in extraction.people if m.country)
        countries = {c.alpha2: c for c in Country.objects.filter(alpha2__in=codes)}
        _people_describe(people=people, extraction=extraction)
        organisations = organisations_for_sources(
            sources=list(organisation_of.values()), countries=countries
        )

        # Who the article named before: their counts change, and some may be left with nothing.
        named_before = set() if created else people_of_articles(article_ids=[article.pk])
        if not created:
            Statement.objects.filter(article=article).delete()
            Mention.objects.filter(article=article).delete()

        mentions: dict[tuple[int, int], Mention] = {}
        for m in extraction.people:
            mentions[(m.start, m.end)] = Mention(
                article=article,
                person=people[m.name],
                stated_country=countries.get(m.country or ""),
                text=m.text,
                start=m.start,
                end=m.end,
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
        # Recounted before the statements are built, so this article's take the new country.
        named = {p.pk: p for p in people.values()}
        others = list(Person.objects.filter(pk__in=named_before - set(named)))
        people_by_pk = {**{p.pk: p for p in others}, **named}
        before = {pk: p.country_id for pk, p in people_by_pk.items()}
        _people_country_recount(people=people_by_pk.values())

        found = {(s.start, s.end): s for s in extraction.statements}
        statements = Statement.objects.bulk_create(
            Statement(
                article=article,
                published_at=article.published_at,
                # A surname the archive cannot place keeps its speaker_text, no Person.
                **_statement_source(
                    s,
                    people=people,
                    organisation=(
                        organisations[source.name]
                        if (source := organisation_of.get((s.start, s.end)))
                        else None
                    ),
                    countries=countries,
                ),
                speaker_text=s.speaker_text,
                text=s.text,
                start=s.start,
                end=s.end,
                parts=[[start, end] for start, end in s.parts or [(s.start, s.end)]],
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
        # Every statement of these people that took their country (or had none) gets it.
        _statements_country_follow(
            follows={
                pk: ({country_id}, people_by_pk[pk].country_id) for pk, country_id in before.items()
            }
        )
        if not created:
            # Last, so an editor's word wins over what extraction just wrote.
            _corrections_apply(article=article)
            _people_orphans_delete(person_ids=named_before)
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
    "Jacob Sullivan"); extraction itself never merges people by surname. The
    merged full names are remembered (PersonNameLink), so extracting or
    importing the articles again finds ``into`` for them. The country is
    counted again over all their articles, unless an editor chose one.
    """
    others = [p for p in others if p.pk != into.pk]
    if not others:
        return into
    ids = [p.pk for p in others]
    # Statements only change hands: the countries they are about stay as they are.
    with transaction.atomic(), aggregates_kept(person_ids=[into.pk, *ids], about=False):
        PersonNameLink.objects.filter(person_id__in=ids).update(person=into)
        _name_links_point(
            names=[form for other in others for form in [other.name, *other.aliases]],
            person=into,
        )
        Statement.objects.filter(speaker_id__in=ids).update(speaker=into)
        Mention.objects.filter(person_id__in=ids).update(person=into)
        StatementCorrection.objects.filter(speaker_id__in=ids).update(speaker=into)
        countries_before = {into.country_id, *(other.country_id for other in others)}
        aliases = list(into.aliases)
        roles = list(into.roles)
        for other in others:
            for form in [other.name, *other.aliases]:
                if form != into.name and form not in aliases:
                    aliases.append(form)
            roles += [r for r in other.roles if r.casefold() not in {x.casefold() for x in roles}]
            # An editor's choice of country on any of them is kept, the first one's first.
            if other.country_set_by_editor and not into.country_set_by_editor:
                into.country_id, into.country_set_by_editor = other.country_id, True
            elif into.country_id is None and other.country_id is not None:
                into.country_id = other.country_id
        into.aliases, into.roles = aliases, roles
        Person.objects.filter(pk__in=ids).delete()
        # Their articles now vote together.
        _people_country_recount(people=[into])
        into.save(update_fields=["aliases", "roles", "country", "country_set_by_editor"])
        _statements_country_follow(follows={into.pk: (countries_before, into.country_id)})
    return into


def person_alias_split(*, person: Person, alias: str) -> Person:
    """Make ``alias`` a person of its own, taking the mentions and statements written that way.

    For the admin to undo a wrong grouping ("Sullivan" in an article about
    another Sullivan). When a person of that name exists, the alias joins them.
    A full-name alias is remembered (PersonNameLink), so extracting or importing
    the articles again keeps it apart, whatever the name rules say.
    """
    if alias not in person.aliases:
        raise ValueError(f"{alias!r} is not an alias of {person.name!r}")
    with transaction.atomic():
        key = name_key_for(person_name_clean(alias))
        target = Person.objects.filter(name_key=key).first() or _person_create(
            name=alias, suffix_key=person_name_parse(alias).suffix
        )
        if target.pk == person.pk:
            raise ValueError(f"{alias!r} is another spelling of {person.name!r}")
        _name_links_point(names=[alias], person=target)
        Mention.objects.filter(person=person, text=alias).update(person=target)
        with aggregates_kept(person_ids=[person.pk, target.pk], about=False):
            Statement.objects.filter(speaker=person, speaker_text=alias).update(speaker=target)
        person.aliases = [form for form in person.aliases if form != alias]
        person.save(update_fields=["aliases"])
        # Each now counts only the articles that name them as they are written.
        before = {person.pk: person.country_id, target.pk: target.country_id}
        _people_country_recount(people=[person, target])
        _statements_country_follow(
            follows={
                # What the split-off statements took was the person's country.
                target.pk: ({before[target.pk], before[person.pk]}, target.country_id),
                person.pk: ({before[person.pk]}, person.country_id),
            }
        )
        # A split that took every mention and statement leaves no one behind.
        _people_orphans_delete(person_ids=[person.pk])
    return target


def _name_links_point(*, names: Iterable[str], person: Person) -> None:
    """Remember that these full names mean ``person`` (a bare surname is never linked:
    it would send every namesake in the archive to one person)."""
    keys = {
        name_key_for(person_name_clean(name)) for name in names if person_name_parse(name).is_full
    }
    for key in keys - {person.name_key}:
        PersonNameLink.objects.update_or_create(name_key=key, defaults={"person": person})


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
