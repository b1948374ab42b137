"""/healthz, for load balancers and Docker's HEALTHCHECK: 200 "ok" when the database answers.

Its second line says whether the page cache's store answers ("cache: ok" or "cache: degraded").
A degraded cache is no reason to take the server out of service (pages are then rendered by
Django, see delivery.cache_guard), so it changes the body, not the status. The page cache never
answers or stores /healthz.

It is answered by a middleware, ahead of the Host header check, because probes usually address
the container by IP. That is safe: the answer never uses the host, and it is the same for
everyone. It says nothing about what failed (that goes to the log), and no cache may keep it.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from delivery.cache_guard import cache_is_healthy
from delivery.page_cache import HEALTH_PATH, page_store

logger = logging.getLogger(__name__)


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        # The class name is enough to start from and never includes a password or address.
        logger.error("health check failed: database unavailable (%s)", type(error).__name__)
        return False


def health_response(request):
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse("Method not allowed\n", status=405, content_type="text/plain")
        response["Allow"] = "GET, HEAD"
    else:
        database_ok = database_is_reachable()
        cache = "ok" if cache_is_healthy(page_store()) else "degraded"
        response = HttpResponse(
            f"{'ok' if database_ok else 'unavailable'}\ncache: {cache}\n",
            status=200 if database_ok else 503,
            content_type="text/plain",
        )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health_response(request)
        return self.get_response(request)
