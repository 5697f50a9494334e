"""A person's count of statements by others naming them, kept on write (issue 14).

Filled here by the same recount the writes use (entities/aggregates.py), on the
migration's own models.
"""

from types import SimpleNamespace

from django.db import migrations, models


def named_fill(apps, schema_editor):
    from entities.aggregates import AggregateKeys, aggregates_recompute

    names = [
        "Statement",
        "StatementCountry",
        "SourceMonth",
        "SourceCountryMonth",
        "CountryMonth",
        "CountryPairMonth",
        "StatementTotal",
        "Mention",
    ]
    aggregates_recompute(
        AggregateKeys(named=None),
        models=SimpleNamespace(**{name: apps.get_model("entities", name) for name in names}),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("entities", "0015_statement_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="statementtotal",
            name="named",
            field=models.PositiveIntegerField(
                db_default=0,
                default=0,
                help_text="People only: statements by others whose quoted words name them.",
            ),
        ),
        migrations.RunPython(named_fill, migrations.RunPython.noop),
    ]
