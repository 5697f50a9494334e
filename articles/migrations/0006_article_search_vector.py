"""Article full text stored and indexed, on PostgreSQL only (articles/full_text.py reads it).

Search used to build a tsvector from every article's title and body for each query: 67 s at
100,000 articles. The vector is now a stored generated column, ``search_vector`` (title
weighted A, body B), under a GIN index, so a query reads only the matching rows; an index
in newest-first order lets a common word's search stop after the newest matches.

The column is not declared on the model: a generated tsvector has no SQLite counterpart, and
a field declared on one backend only would make ``makemigrations --check`` disagree between
them. PostgreSQL computes it on every insert and update; the ORM never writes it, and
articles/full_text.py names it in SQL.

The text search configuration ``newsbrowser_english`` is English with accents folded
(unaccent), so "Erdogan" finds "Erdoğan"; where the unaccent extension is not installed it
is plain English. Statement text (entities 0015) uses the same configuration.
"""

from django.db import migrations

CONFIG = "newsbrowser_english"


def search_vector_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        unaccent = cursor.fetchone() is not None
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        configured = cursor.fetchone() is not None
    if not configured:
        execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
        if unaccent:
            execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            # Accents are folded before stemming, in the document and in the query alike.
            execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
            )
    execute(
        "ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(body, '')), 'B')"
        ") STORED"
    )
    execute("CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)")
    # Newest first as ArticleQuerySet.recent() orders (the published_at index cannot give
    # NULLS LAST): for a common word the search walks this and stops after its candidates,
    # rather than testing every article's vector. SQLite cannot declare NULLS LAST in an
    # index, so this is not a model index either.
    execute(
        "CREATE INDEX article_newest_idx ON articles_article "
        "(published_at DESC NULLS LAST, created_at DESC)"
    )


def search_vector_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_newest_idx")
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")
    # entities 0015, which depends on this migration, has dropped its column by now.
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_article_text_normal_forms")]

    operations = [migrations.RunPython(search_vector_add, search_vector_drop, elidable=False)]
