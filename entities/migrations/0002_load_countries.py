"""Load every ISO 3166 country from pycountry, with our short display names."""

from django.db import migrations
from django.utils.text import slugify


def countries_load(apps, schema_editor):
    from entities.nlp.countries import country_rows

    Country = apps.get_model("entities", "Country")
    existing = set(Country.objects.values_list("alpha2", flat=True))
    Country.objects.bulk_create(
        Country(
            alpha2=row.alpha2,
            alpha3=row.alpha3,
            name=row.short_name,
            official_name=row.name,
            slug=slugify(row.short_name),
        )
        for row in country_rows()
        if row.alpha2 not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("entities", "0001_initial")]

    operations = [migrations.RunPython(countries_load, migrations.RunPython.noop)]
