"""Statement full text stored and indexed, and the typeahead's alias match indexed; PostgreSQL only.

Statement text gets a stored generated ``search_vector`` (the ``newsbrowser_english``
configuration of articles 0006: English, accents folded) under a GIN index; it replaces
0004's expression index over ``to_tsvector('english', text)``, which only a query repeating
that exact expression could use. 0004's trigram index on ``UPPER(text)`` stays: the
statement filter also matches the words as typed (entities/selectors.py:_text_matches).

As in articles 0006, the column is not declared on the model (no SQLite counterpart).

The typeahead matches a name's start, a word's start or an alias (``UPPER(aliases::text)
LIKE``); 0004 and 0008 index the names, the trigram indexes here serve the aliases, so the
OR of the three is a BitmapOr of index scans rather than a scan of every person.
"""

from django.db import migrations

CONFIG = "newsbrowser_english"
ALIAS_INDEXES = {
    "person_aliases_trgm_idx": "entities_person",
    "organisation_aliases_trgm_idx": "entities_organisation",
}


def search_indexes_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(
        "ALTER TABLE entities_statement ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"to_tsvector('{CONFIG}'::regconfig, coalesce(text, ''))) STORED"
    )
    execute(
        "CREATE INDEX statement_search_vector_idx ON entities_statement USING gin (search_vector)"
    )
    execute("DROP INDEX IF EXISTS statement_text_fts_idx")
    for name, table in ALIAS_INDEXES.items():
        execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            "USING gin ((UPPER(aliases::text)) gin_trgm_ops)"
        )


def search_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for name in ALIAS_INDEXES:
        execute(f"DROP INDEX IF EXISTS {name}")
    execute(
        "CREATE INDEX IF NOT EXISTS statement_text_fts_idx ON entities_statement "
        "USING gin ((to_tsvector('english'::regconfig, COALESCE(text, ''))))"
    )
    execute("ALTER TABLE entities_statement DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    # The lead relinks this after the other issue-14 migrations at merge.
    dependencies = [
        ("articles", "0006_article_search_vector"),
        ("entities", "0014_statement_aggregates"),
    ]

    operations = [migrations.RunPython(search_indexes_add, search_indexes_drop, elidable=False)]
