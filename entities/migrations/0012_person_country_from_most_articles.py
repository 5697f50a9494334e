"""A person's country is the one most articles state; an editor's choice is kept.

Mentions stored before have no stated country (it needs the parse) and get one
when their article is extracted again (admin action "Run extraction again", or
import_articles --force). Until then people keep the country they have: a
recount with no article stating one changes nothing.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('entities', '0011_statement_parts'),
    ]

    operations = [
        migrations.AddField(
            model_name='mention',
            name='stated_country',
            field=models.ForeignKey(blank=True, help_text='The country the article states for the person here (role, demonym).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='entities.country'),
        ),
        migrations.AddField(
            model_name='person',
            name='country_set_by_editor',
            field=models.BooleanField(default=False, help_text='Set when an editor chooses the country; untick to let the articles decide.'),
        ),
        migrations.AlterField(
            model_name='person',
            name='country',
            field=models.ForeignKey(blank=True, help_text='The country the person belongs to: the one most articles state.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='people', to='entities.country'),
        ),
    ]
