import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0008_organisation_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="family_key",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Folded family name.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="suffix_key",
            field=models.CharField(
                blank=True,
                help_text="Suffix (jr, sr, ii) that tells this person from a namesake.",
                max_length=8,
            ),
        ),
        migrations.CreateModel(
            name="PersonNameLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name_key", models.CharField(max_length=300, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_links",
                        to="entities.person",
                    ),
                ),
            ],
            options={
                "ordering": ["name_key"],
            },
        ),
    ]
