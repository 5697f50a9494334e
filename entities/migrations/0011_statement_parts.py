"""Statements keep their quoted pieces, so a split quote is shown without its attribution.

Rows stored before get one part, their whole span: the pieces of a split quote
need the parse, and come with the next extraction of the article.
"""

from django.db import migrations, models


def statement_parts_fill(apps, schema_editor):
    Statement = apps.get_model("entities", "Statement")
    filled = []
    for statement in Statement.objects.only("pk", "start", "end").iterator():
        statement.parts = [[statement.start, statement.end]]
        filled.append(statement)
    Statement.objects.bulk_update(filled, ["parts"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("entities", "0010_person_identity_merge")]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="parts",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The quoted pieces as [start, end] offsets into the article body, "
                "in order: two or more for a quote split around its attribution; "
                "empty means [[start, end]].",
            ),
        ),
        migrations.RunPython(statement_parts_fill, migrations.RunPython.noop),
    ]
