"""Reads for the pages: statement lists, filter chips and entity search."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from articles.models import Article
from entities.highlight import body_paragraphs
from entities.models import Country, Person, Statement, name_key_for
from entities.nlp.countries import country_for_name


def statement_list(
    *,
    speaker: Person | None = None,
    about: Country | None = None,
    about_filter: Country | None = None,
    speaker_filter: Person | None = None,
) -> QuerySet[Statement]:
    """Statements newest first, narrowed by who said them and which countries they concern."""
    statements = Statement.objects.all()
    for person in (speaker, speaker_filter):
        if person is not None:
            statements = statements.filter(speaker=person)
    for country in (about, about_filter):
        if country is not None:
            statements = statements.filter(about=country)
    return statements.with_cards().newest_first()


def countries_spoken_about(*, speaker: Person) -> QuerySet[Country]:
    """The countries a person's statements are about, most statements first."""
    return (
        Country.objects.filter(statementcountry__statement__speaker=speaker)
        .annotate(statement_count=Count("statementcountry__statement", distinct=True))
        .order_by("-statement_count", "name")
    )


def speakers_about(*, country: Country) -> QuerySet[Person]:
    """The people whose statements are about a country, most statements first."""
    return (
        Person.objects.filter(statements__about=country)
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-statement_count", "name")
    )


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    people: list[Person]
    countries: list[Country]

    def __bool__(self) -> bool:
        return bool(self.people or self.countries)


def _word_prefix_rank(name: str, folded_query: str) -> int:
    """0 when the query starts the name, 1 when it starts a later word, 2 otherwise."""
    folded = name_key_for(name)
    if folded.startswith(folded_query):
        return 0
    if any(word.startswith(folded_query) for word in folded.split()):
        return 1
    return 2


def entity_search(*, query: str, limit: int = 10) -> SearchResults:
    """People and countries whose names (or aliases) match the query, best matches first."""
    query = " ".join(query.split())[:100]
    folded = name_key_for(query)
    if not folded:
        return SearchResults(query, [], [])

    # Typeahead matches the start of any word: "sull" finds Jake Sullivan, "rus" not Belarus.
    people = list(
        Person.objects.filter(
            Q(name_key__startswith=folded)
            | Q(name_key__contains=f" {folded}")
            | Q(aliases__icontains=query)
        )
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-statement_count", "name")[: limit * 5]
    )
    people.sort(key=lambda p: (_word_prefix_rank(p.name, folded), -p.statement_count, p.name))

    country_filter = (
        Q(name__istartswith=query)
        | Q(name__icontains=f" {query}")
        | Q(official_name__istartswith=query)
        | Q(official_name__icontains=f" {query}")
        | Q(alpha2__iexact=query)
        | Q(alpha3__iexact=query)
    )
    # Aliases and demonyms ("U.S.", "Chinese") come from the same data extraction uses.
    alias_code = country_for_name(query)
    if alias_code:
        country_filter |= Q(alpha2=alias_code)
    countries = list(
        Country.objects.filter(country_filter)
        .annotate(statement_count=Count("statementcountry", distinct=True))
        .order_by("-statement_count", "name")[: limit * 5]
    )
    countries.sort(
        key=lambda c: (
            0 if c.alpha2 == alias_code else _word_prefix_rank(c.name, folded),
            -c.statement_count,
            c.name,
        )
    )
    return SearchResults(query, people[:limit], countries[:limit])


def article_entities(article: Article) -> dict[str, object]:
    """The highlighted body and the people, countries and statements of one article."""
    mentions = list(article.mentions.select_related("person", "country"))
    statements = list(
        article.statements.select_related("speaker").prefetch_related("about").order_by("start")
    )
    people: dict[Person, int] = Counter(m.person for m in mentions if m.person_id)
    countries: dict[Country, int] = Counter(m.country for m in mentions if m.country_id)
    return {
        "paragraphs": body_paragraphs(body=article.body, mentions=mentions, statements=statements),
        "statements": statements,
        "people": sorted(people.items(), key=lambda item: (-item[1], item[0].name)),
        "countries": sorted(countries.items(), key=lambda item: (-item[1], item[0].name)),
    }
