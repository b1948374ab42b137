"""/healthz, for load balancers and Docker's HEALTHCHECK: "ok" when the database answers.

It is answered by a middleware, ahead of the Host header check, because probes usually address
the container by IP. That is safe: the answer never uses the host, and it is the same for
everyone. It says nothing about what failed (that goes to the log), and no cache may keep it.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

HEALTH_PATH = "/healthz"

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
    elif database_is_reachable():
        response = HttpResponse("ok\n", content_type="text/plain")
    else:
        response = HttpResponse("unavailable\n", status=503, content_type="text/plain")
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health_response(request)
        return self.get_response(request)
