"""Indexes for search on PostgreSQL; nothing on other databases.

Statement text is searched two ways at once (entities.selectors._text_matches): English
full-text search, and a case-insensitive substring match. A GIN index on each expression lets
PostgreSQL answer the OR from two bitmap index scans. The typeahead's "a word of the name
starts with" match on Person.name_key is a LIKE '% sull%', which a trigram index serves.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# name: (table, indexed expression, operator class or "")
INDEXES = {
    "statement_text_fts_idx": (
        "entities_statement",
        "to_tsvector('english'::regconfig, COALESCE(text, ''))",
        "",
    ),
    "statement_text_trgm_idx": ("entities_statement", "UPPER(text::text)", "gin_trgm_ops"),
    "person_name_key_trgm_idx": ("entities_person", "name_key", "gin_trgm_ops"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression, opclass) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) {opclass})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("entities", "0003_person_roles_country_statement_country_role")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
