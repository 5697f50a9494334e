"""Lets a request read from a replica until it writes, and a browser that just wrote read
from the primary for a while, so a redirect after a POST shows what it stored."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from replicas.router import replica_aliases, replica_reads, request_replica

# Set on a response to a request that wrote; while it lasts, that browser reads from the
# primary. Longer than the replication lag we accept (docs/scaling.md).
PRIMARY_COOKIE = "newsbrowser_primary"
PRIMARY_COOKIE_SECONDS = 10
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class PrimaryAfterWriteMiddleware:
    """Replica reads for safe requests from browsers that have not just written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        allowed = request.method in SAFE_METHODS and PRIMARY_COOKIE not in request.COOKIES
        token = replica_reads.set(allowed)
        replicas = replica_aliases()
        chosen = request_replica.set(random.choice(replicas) if allowed and replicas else None)
        try:
            response = self.get_response(request)
            # The router clears the flag at the first write of the request.
            wrote = allowed and not replica_reads.get()
        finally:
            request_replica.reset(chosen)
            replica_reads.reset(token)
        if wrote or request.method not in SAFE_METHODS:
            response.set_cookie(
                PRIMARY_COOKIE, "1", max_age=PRIMARY_COOKIE_SECONDS, httponly=True, samesite="Lax"
            )
        return response
