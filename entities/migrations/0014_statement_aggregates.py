"""Counts kept on write (issue 14): per source, country, pair and month, and totals.

Filled here from the statements already stored, by the same recount the writes use
(entities/aggregates.py), on the migration's own models.
"""

from types import SimpleNamespace

import django.db.models.deletion
from django.db import migrations, models


def aggregates_fill(apps, schema_editor):
    from entities.aggregates import aggregates_rebuild

    names = [
        "Statement",
        "StatementCountry",
        "SourceMonth",
        "SourceCountryMonth",
        "CountryMonth",
        "CountryPairMonth",
        "StatementTotal",
    ]
    aggregates_rebuild(
        models=SimpleNamespace(**{name: apps.get_model("entities", name) for name in names})
    )


class Migration(migrations.Migration):

    dependencies = [
        ('entities', '0013_statement_published_at'),
    ]

    operations = [
        migrations.CreateModel(
            name='CountryMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(blank=True, null=True)),
                ('statements', models.PositiveIntegerField()),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='months', to='entities.country')),
            ],
            options={
                'indexes': [models.Index(fields=['country', 'month'], name='country_month_idx')],
            },
        ),
        migrations.CreateModel(
            name='CountryPairMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(blank=True, null=True)),
                ('statements', models.PositiveIntegerField()),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pair_months', to='entities.country')),
                ('other', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
            ],
            options={
                'indexes': [models.Index(fields=['other', 'month'], name='country_pair_other_idx'), models.Index(fields=['country', 'month'], name='country_pair_idx')],
            },
        ),
        migrations.CreateModel(
            name='SourceCountryMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('content', 'Named in the statement'), ('context', 'Named around it')], max_length=7)),
                ('month', models.DateField(blank=True, null=True)),
                ('statements', models.PositiveIntegerField()),
                ('by_country', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='by_country_months', to='entities.country')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='source_country_months', to='entities.country')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='source_country_months', to='entities.organisation')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='source_country_months', to='entities.person')),
            ],
            options={
                'indexes': [models.Index(fields=['person', 'role', 'month'], name='scm_person_idx'), models.Index(fields=['organisation', 'role', 'month'], name='scm_org_idx'), models.Index(fields=['by_country', 'role', 'month'], name='scm_by_idx'), models.Index(fields=['country', 'month'], name='scm_country_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', False)), models.Q(('by_country__isnull', True), ('organisation__isnull', False), ('person__isnull', True)), models.Q(('by_country__isnull', False), ('organisation__isnull', True), ('person__isnull', True)), _connector='OR'), name='source_country_month_one')],
            },
        ),
        migrations.CreateModel(
            name='SourceMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(blank=True, null=True)),
                ('statements', models.PositiveIntegerField()),
                ('by_country', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='source_months', to='entities.country')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='source_months', to='entities.organisation')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='source_months', to='entities.person')),
            ],
            options={
                'indexes': [models.Index(fields=['person', 'month'], name='source_month_person_idx'), models.Index(fields=['organisation', 'month'], name='source_month_org_idx'), models.Index(fields=['by_country', 'month'], name='source_month_by_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', False)), models.Q(('by_country__isnull', True), ('organisation__isnull', False), ('person__isnull', True)), models.Q(('by_country__isnull', False), ('organisation__isnull', True), ('person__isnull', True)), _connector='OR'), name='source_month_one')],
            },
        ),
        migrations.CreateModel(
            name='StatementTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('said', models.PositiveIntegerField(default=0)),
                ('about', models.PositiveIntegerField(default=0, help_text='Countries only.')),
                ('by_country', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='totals', to='entities.country')),
                ('organisation', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='totals', to='entities.organisation')),
                ('person', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='totals', to='entities.person')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', False)), models.Q(('by_country__isnull', True), ('organisation__isnull', False), ('person__isnull', True)), models.Q(('by_country__isnull', False), ('organisation__isnull', True), ('person__isnull', True)), _connector='OR'), name='statement_total_one')],
            },
        ),
        migrations.RunPython(aggregates_fill, migrations.RunPython.noop),
    ]
