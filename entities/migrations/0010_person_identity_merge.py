"""Data step of the person identity rules: re-key people and merge the duplicates.

Its own migration: PostgreSQL builds the new family_key index at the end of the
schema migration, which it refuses while row updates of the same transaction
have pending constraint triggers.
"""

from django.db import migrations


def people_rekey_and_merge(apps, schema_editor):
    """Key people by the new rules and fold together those the rules make one person.

    Statements and mentions move to the person kept (the one with most
    statements); the others' names become aliases. A suffixed person named in
    one article beside an agreeing person without the suffix stays apart
    (Donald Trump Jr.). Uses the pure name rules of entities/nlp/names.py as
    they are when this migration runs.
    """
    from collections import defaultdict

    from django.db.models import Count

    from entities.models import name_key_for
    from entities.nlp.names import (
        agrees_with_person,
        names_agree,
        person_forms,
        person_name_clean,
        person_name_parse,
    )

    Person = apps.get_model("entities", "Person")
    Statement = apps.get_model("entities", "Statement")
    Mention = apps.get_model("entities", "Mention")
    Organisation = apps.get_model("entities", "Organisation")

    statements = dict(
        Statement.objects.filter(speaker__isnull=False)
        .values_list("speaker")
        .annotate(n=Count("id"))
    )
    mentions = dict(
        Mention.objects.filter(person__isnull=False).values_list("person").annotate(n=Count("id"))
    )
    people = sorted(
        Person.objects.all(),
        key=lambda p: (-statements.get(p.pk, 0), -mentions.get(p.pk, 0), p.pk),
    )
    parsed = {p.pk: person_name_parse(p.name) for p in people}
    by_family = defaultdict(list)
    for person in people:
        by_family[parsed[person.pk].family].append(person)

    # A suffixed person is distinct when an article names them beside an agreeing namesake.
    articles_of = defaultdict(set)
    suffixed_families = {parsed[p.pk].family for p in people if parsed[p.pk].suffix}
    for article_id, person_id in Mention.objects.filter(
        person__in=[p for p in people if parsed[p.pk].family in suffixed_families]
    ).values_list("article_id", "person_id"):
        articles_of[person_id].add(article_id)

    def distinct_suffix(person) -> str:
        own = parsed[person.pk]
        if not own.suffix:
            return ""
        for other in by_family[own.family]:
            theirs = parsed[other.pk]
            if (
                other.pk != person.pk
                and theirs.suffix != own.suffix
                and theirs.given == own.given
                and names_agree(own, theirs)
                and articles_of[person.pk] & articles_of[other.pk]
            ):
                return own.suffix
        return ""

    clusters = []  # [suffix_key, [people], [forms], {name keys}]
    for members in by_family.values():
        family_clusters = []
        for person in members:
            own = parsed[person.pk]
            key = name_key_for(person_name_clean(person.name))
            suffix = distinct_suffix(person)
            same_key = [c for c in family_clusters if key in c[3]]
            agreeing = [
                c
                for c in family_clusters
                if own.is_full and c[2] and c[0] == suffix and agrees_with_person(own, c[2])
            ]
            chosen = same_key[0] if same_key else agreeing[0] if len(agreeing) == 1 else None
            forms = person_forms(person.name, person.aliases) if own.is_full else []
            if chosen is None:
                family_clusters.append([suffix, [person], forms, {key}])
            else:
                chosen[1].append(person)
                chosen[2].extend(forms)
                chosen[3].add(key)
        clusters.extend(family_clusters)

    for suffix, members, _forms, _keys in clusters:
        head, others = members[0], members[1:]
        head.name = person_name_clean(head.name) or head.name
        head.suffix_key = suffix
        head.family_key = parsed[head.pk].family
        if not others:
            continue
        ids = [p.pk for p in others]
        Statement.objects.filter(speaker_id__in=ids).update(speaker=head)
        Mention.objects.filter(person_id__in=ids).update(person=head)
        aliases, roles = list(head.aliases), list(head.roles)
        for other in others:
            for form in [other.name, *other.aliases]:
                if form != head.name and form not in aliases:
                    aliases.append(form)
            known = {r.casefold() for r in roles}
            roles += [r for r in other.roles if r.casefold() not in known]
            if head.country_id is None and other.country_id is not None:
                head.country_id = other.country_id
        head.aliases, head.roles = aliases, roles
        Person.objects.filter(pk__in=ids).delete()

    # Two steps, so no new key meets an old one that has not moved yet.
    heads = [members[0] for _suffix, members, _forms, _keys in clusters]
    for person in heads:
        person.name_key = f"~{person.pk}"
    Person.objects.bulk_update(heads, ["name_key"], batch_size=500)
    for person in heads:
        person.name_key = name_key_for(person_name_clean(person.name))
    Person.objects.bulk_update(
        heads,
        ["name", "name_key", "family_key", "suffix_key", "aliases", "roles", "country"],
        batch_size=500,
    )

    # Organisation keys follow the new name_key_for too, where no other holds the key.
    taken = set(Organisation.objects.values_list("name_key", flat=True))
    for organisation in Organisation.objects.all():
        key = name_key_for(organisation.name)
        if key != organisation.name_key and key not in taken:
            taken.discard(organisation.name_key)
            taken.add(key)
            organisation.name_key = key
            organisation.save(update_fields=["name_key"])



class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0009_person_identity"),
    ]

    operations = [
        migrations.RunPython(people_rekey_and_merge, migrations.RunPython.noop),
    ]
