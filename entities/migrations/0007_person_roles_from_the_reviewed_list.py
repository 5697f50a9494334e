"""Keep only people's roles that are whole phrases of the reviewed list, as stored now.

Earlier extraction stored fragments ("First", "former", "White House", "one")
and phrases in their written case; each role becomes its listed form
("Secretary of State" -> "secretary of state") or goes.
"""

from django.db import migrations


def person_roles_clean(apps, schema_editor):
    from entities.nlp.roles import role_as_listed

    Person = apps.get_model("entities", "Person")
    changed = []
    for person in Person.objects.only("pk", "roles").iterator():
        cleaned = list(
            dict.fromkeys(
                role
                for role in (role_as_listed(str(written)) for written in person.roles or [])
                if role
            )
        )
        if cleaned != person.roles:
            person.roles = cleaned
            changed.append(person)
    Person.objects.bulk_update(changed, ["roles"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("entities", "0006_statement_corrections")]

    operations = [migrations.RunPython(person_roles_clean, migrations.RunPython.noop)]
