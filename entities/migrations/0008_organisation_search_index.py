"""A trigram index for the typeahead's organisation match, on PostgreSQL only.

"kreml" finds "the Kremlin" by a LIKE '% kreml' on Organisation.name_key, as 0004 does for
people; SQLite scans.
"""

from django.db import migrations

INDEX = "organisation_name_key_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON entities_organisation "
        "USING gin ((name_key) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("entities", "0007_person_roles_from_the_reviewed_list")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
