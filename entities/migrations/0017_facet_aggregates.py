"""The facets and "quoted alongside", kept on write (issue 14).

Filled here by the same recount the writes use (entities/aggregates.py), on the migration's
own models: every aggregate is counted again, which also fills the new tables.
"""

from types import SimpleNamespace

import django.db.models.deletion
from django.db import migrations, models


def facets_fill(apps, schema_editor):
    from entities.aggregates import aggregates_rebuild

    names = [
        "Statement",
        "StatementCountry",
        "SourceMonth",
        "SourceCountryMonth",
        "CountryMonth",
        "CountryPairMonth",
        "StatementTotal",
        "Mention",
        "ScopeArticle",
        "ScopeOutletMonth",
        "ScopeKindMonth",
        "PersonPair",
    ]
    aggregates_rebuild(
        models=SimpleNamespace(**{name: apps.get_model("entities", name) for name in names})
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_article_search_vector'),
        ('entities', '0016_statementtotal_named'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonPair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('articles', models.PositiveIntegerField()),
                ('other', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alongside_rows', to='entities.person')),
                ('person', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.person')),
            ],
            options={
                'indexes': [models.Index(fields=['person', '-articles'], name='person_pair_busiest_idx')],
                'constraints': [models.UniqueConstraint(fields=('person', 'other'), name='person_pair_unique')],
            },
        ),
        migrations.CreateModel(
            name='ScopeArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(blank=True, choices=[('content', 'Named in the statement'), ('context', 'Named around it')], max_length=7)),
                ('month', models.DateField(blank=True, null=True)),
                ('statements', models.PositiveIntegerField()),
                ('about', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('article', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.article')),
                ('by_country', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('country', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('organisation', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.organisation')),
                ('person', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.person')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('country__isnull', True), ('role', '')), fields=['person', '-statements', 'article'], name='scope_article_person_idx'), models.Index(condition=models.Q(('country__isnull', True), ('role', '')), fields=['organisation', '-statements', 'article'], name='scope_article_org_idx'), models.Index(condition=models.Q(('country__isnull', True), ('role', '')), fields=['by_country', '-statements', 'article'], name='scope_article_by_idx'), models.Index(condition=models.Q(('country__isnull', True), ('role', '')), fields=['about', '-statements', 'article'], name='scope_article_about_idx'), models.Index(condition=models.Q(('country__isnull', False)), fields=['person', 'country', 'role', '-statements', 'article'], name='scope_article_person_topic_idx'), models.Index(condition=models.Q(('country__isnull', False)), fields=['organisation', 'country', 'role', '-statements', 'article'], name='scope_article_org_topic_idx'), models.Index(condition=models.Q(('country__isnull', False)), fields=['by_country', 'country', 'role', '-statements', 'article'], name='scope_article_by_topic_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('about__isnull', True), ('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', False)), models.Q(('about__isnull', True), ('by_country__isnull', True), ('organisation__isnull', False), ('person__isnull', True)), models.Q(('about__isnull', True), ('by_country__isnull', False), ('organisation__isnull', True), ('person__isnull', True)), models.Q(('about__isnull', False), ('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', True)), _connector='OR'), name='scope_article_one')],
            },
        ),
        migrations.CreateModel(
            name='ScopeKindMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(blank=True, choices=[('content', 'Named in the statement'), ('context', 'Named around it')], max_length=7)),
                ('month', models.DateField(blank=True, null=True)),
                ('statements', models.PositiveIntegerField()),
                ('kind', models.CharField(choices=[('direct', 'Direct quote'), ('indirect', 'Indirect (reported)')], max_length=10)),
                ('speaker_kind', models.CharField(blank=True, choices=[('person', 'Person'), ('organisation', 'Organisation'), ('country', 'Country'), ('unnamed', 'Unnamed source')], max_length=12)),
                ('about', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('by_country', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('country', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('organisation', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.organisation')),
                ('person', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.person')),
            ],
            options={
                'indexes': [models.Index(fields=['person', 'country', 'role', 'month'], name='scope_kind_person_idx'), models.Index(fields=['organisation', 'country', 'role', 'month'], name='scope_kind_org_idx'), models.Index(fields=['by_country', 'country', 'role', 'month'], name='scope_kind_by_idx'), models.Index(fields=['about', 'country', 'role', 'month'], name='scope_kind_about_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('about__isnull', True), ('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', False)), models.Q(('about__isnull', True), ('by_country__isnull', True), ('organisation__isnull', False), ('person__isnull', True)), models.Q(('about__isnull', True), ('by_country__isnull', False), ('organisation__isnull', True), ('person__isnull', True)), models.Q(('about__isnull', False), ('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', True)), _connector='OR'), name='scope_kind_one')],
            },
        ),
        migrations.CreateModel(
            name='ScopeOutletMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(blank=True, choices=[('content', 'Named in the statement'), ('context', 'Named around it')], max_length=7)),
                ('month', models.DateField(blank=True, null=True)),
                ('statements', models.PositiveIntegerField()),
                ('outlet', models.CharField(blank=True, max_length=200)),
                ('about', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('by_country', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('country', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.country')),
                ('organisation', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.organisation')),
                ('person', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='entities.person')),
            ],
            options={
                'indexes': [models.Index(fields=['person', 'country', 'role', 'month'], name='scope_outlet_person_idx'), models.Index(fields=['organisation', 'country', 'role', 'month'], name='scope_outlet_org_idx'), models.Index(fields=['by_country', 'country', 'role', 'month'], name='scope_outlet_by_idx'), models.Index(fields=['about', 'country', 'role', 'month'], name='scope_outlet_about_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('about__isnull', True), ('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', False)), models.Q(('about__isnull', True), ('by_country__isnull', True), ('organisation__isnull', False), ('person__isnull', True)), models.Q(('about__isnull', True), ('by_country__isnull', False), ('organisation__isnull', True), ('person__isnull', True)), models.Q(('about__isnull', False), ('by_country__isnull', True), ('organisation__isnull', True), ('person__isnull', True)), _connector='OR'), name='scope_outlet_one')],
            },
        ),
        migrations.RunPython(facets_fill, migrations.RunPython.noop),
    ]
