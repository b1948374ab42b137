"""The site's URLs plus one view that always fails, so tests can see the real 500 page.

Used only by tests, through override_settings(ROOT_URLCONF=...): the site itself has no page that
fails on purpose.
"""

from django.urls import path

from calfcare.urls import handler500
from calfcare.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def failing_view(request):
    raise RuntimeError("A deliberate failure, to show the 500 page.")


urlpatterns = [path("test-only/fail/", failing_view), *site_urlpatterns]
