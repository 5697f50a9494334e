"""Reads from a replica, writes and a request's reads after its first write on the primary."""

from __future__ import annotations

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from articles.models import Article, ImportJob
from replicas.middleware import PRIMARY_COOKIE
from replicas.router import ReplicaRouter, replica_reads, request_replica

# Transactional: no test transaction is held open on the primary while the replica
# connection reads (SQLite's shared in-memory test database would lock its tables).
pytestmark = pytest.mark.django_db(
    databases=["default", "replica1"], transaction=True, serialized_rollback=True
)

ROUTER = "replicas.router.ReplicaRouter"
MIDDLEWARE = "replicas.middleware.PrimaryAfterWriteMiddleware"


def count_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Article.objects.count()))


def write_then_read_view(request: HttpRequest) -> HttpResponse:
    ImportJob.objects.create()
    return HttpResponse(str(ImportJob.objects.count()))


urlpatterns = [path("count/", count_view), path("write-then-read/", write_then_read_view)]


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    settings.ROOT_URLCONF = __name__


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def test_a_read_in_a_request_goes_to_the_replica(routed, client):
    with queries_on(DEFAULT_DB_ALIAS) as primary, queries_on("replica1") as replica:
        response = client.get("/count/")

    assert response.content == b"0"
    assert [q["sql"] for q in replica.captured_queries if "articles_article" in q["sql"]]
    assert not [q for q in primary.captured_queries if "articles_article" in q["sql"]]
    assert PRIMARY_COOKIE not in response.cookies


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(routed, client):
    with queries_on(DEFAULT_DB_ALIAS) as primary, queries_on("replica1") as replica:
        response = client.get("/write-then-read/")

    assert response.content == b"1"
    job_queries = [q["sql"] for q in primary.captured_queries if "articles_importjob" in q["sql"]]
    assert job_queries[0].startswith("INSERT")
    assert job_queries[1].startswith("SELECT COUNT")
    assert not [q for q in replica.captured_queries if "articles_importjob" in q["sql"]]
    # And the browser's next requests read from the primary too, while the cookie lasts.
    assert response.cookies[PRIMARY_COOKIE]["max-age"] == 10
    with queries_on("replica1") as replica:
        client.get("/count/")
    assert not replica.captured_queries


def test_a_post_reads_from_the_primary(routed, client):
    with queries_on("replica1") as replica:
        client.post("/count/")

    assert not replica.captured_queries


def test_outside_a_request_everything_reads_from_the_primary(routed):
    router = ReplicaRouter()

    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    token = replica_reads.set(True)
    try:
        with transaction.atomic():
            # Inside a transaction, reads stay with its writes.
            assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Article) == "replica1"
        assert router.db_for_write(Article) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Article) == DEFAULT_DB_ALIAS  # pinned by the write
    finally:
        replica_reads.reset(token)


def test_only_the_primary_is_migrated():
    router = ReplicaRouter()

    assert router.allow_migrate(DEFAULT_DB_ALIAS, "articles")
    assert not router.allow_migrate("replica1", "articles")


def test_a_request_reads_from_one_replica_however_many_there_are(settings):
    # Replicas lag by different amounts: a page read from two could mix their states.
    settings.DATABASES = {**settings.DATABASES, "replica2": settings.DATABASES["replica1"]}
    router = ReplicaRouter()
    reads, chosen = replica_reads.set(True), request_replica.set("replica2")
    try:
        assert {router.db_for_read(Article) for _ in range(50)} == {"replica2"}
    finally:
        request_replica.reset(chosen)
        replica_reads.reset(reads)
