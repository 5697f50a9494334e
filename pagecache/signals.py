"""Saves and deletes through the ORM (the admin, services saving one object) bump the
generation; bulk writes, which send no signals, bump it where they are made
(``entities.aggregates.aggregates_kept`` wraps every import, re-extraction, merge and
delete)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from pagecache.generation import generation_bump

# Apps whose rows the public pages show.
CONTENT_APPS = ("articles", "entities")
# Their models no public page shows: the admin's import jobs, saved every few seconds while
# one runs (a heartbeat), would otherwise empty the cache all through an import.
NOT_SHOWN = {"articles.importjob", "articles.importupload"}
# Deletes send a signal only for models with a receiver, and Django deletes rows of models
# without one in bulk (no row loaded): so only the models editors delete one by one get
# one. Rows hanging off them (mentions, statements, aggregates) go in the same transaction.
DELETED_ONE_BY_ONE = {
    "articles.article",
    "entities.person",
    "entities.organisation",
    "entities.country",
    "entities.personnamelink",
    "entities.statementcorrection",
}


def _bump(**kwargs: Any) -> None:
    generation_bump()


def _migrated(**kwargs: Any) -> None:
    # A migration may change what pages show (data migrations, new columns).
    if kwargs.get("plan"):
        generation_bump()


def receivers_connect() -> None:
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            label = model._meta.label_lower
            if label in NOT_SHOWN:
                continue
            post_save.connect(_bump, sender=model, dispatch_uid=f"pagecache-save-{label}")
            m2m_changed.connect(_bump, sender=model, dispatch_uid=f"pagecache-m2m-{label}")
            if label in DELETED_ONE_BY_ONE:
                post_delete.connect(_bump, sender=model, dispatch_uid=f"pagecache-delete-{label}")
    post_migrate.connect(
        _migrated, sender=apps.get_app_config("pagecache"), dispatch_uid="pagecache-migrate"
    )
