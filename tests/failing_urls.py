"""The site's URLs plus a view that always fails, so tests can see the real 500 page, and the
page cache's "not available" page as readers get it when the site cannot answer (503).

Used only by tests, through override_settings(ROOT_URLCONF=...): the site itself has no page that
fails on purpose.
"""

from django.http import HttpResponse
from django.urls import path

from articles.views import unavailable_page
from calfcare.urls import handler500
from calfcare.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def failing_view(request):
    raise RuntimeError("A deliberate failure, to show the 500 page.")


def unavailable_view(request):
    return HttpResponse(unavailable_page(), status=503)


urlpatterns = [
    path("test-only/fail/", failing_view),
    path("test-only/unavailable/", unavailable_view),
    *site_urlpatterns,
]
