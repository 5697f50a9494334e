from django.db import migrations, models


def row_create(apps, schema_editor):
    apps.get_model("pagecache", "Generation").objects.using(schema_editor.connection.alias).create(
        id=1, value=0
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="generation_one_row"
                    )
                ],
            },
        ),
        migrations.RunPython(row_create, migrations.RunPython.noop),
    ]
