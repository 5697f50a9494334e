"""The data migration that keeps only listed roles on people already stored."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.test import TestCase

from entities.models import Person

migration = importlib.import_module("entities.migrations.0007_person_roles_from_the_reviewed_list")


class PersonRolesCleanTest(TestCase):
    def test_fragments_go_and_listed_roles_take_their_stored_form(self):
        trump = Person.objects.create(
            name="Donald Trump",
            name_key="donald trump",
            slug="donald-trump",
            roles=[
                "President",
                "vice president",
                "First",
                "Former",
                "former",
                "presidential nominee",
            ],
        )
        clinton = Person.objects.create(
            name="Hillary Clinton",
            name_key="hillary clinton",
            slug="hillary-clinton",
            roles=["spokesman", "White House", "state", "Former Secretary of State"],
        )
        migration.person_roles_clean(apps, None)
        trump.refresh_from_db()
        clinton.refresh_from_db()
        assert trump.roles == ["president", "vice president", "presidential nominee"]
        assert clinton.roles == ["spokesman", "former secretary of state"]
