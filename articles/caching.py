"""Which pages the public page cache may keep, and telling it when content changes.

The cache itself sits in front of Django (calfcare/page_cache.py, wired in calfcare/wsgi.py).
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

from calfcare.page_cache import MARKER, Generation


def page_generation():
    if settings.PAGE_CACHE_SHARED_GENERATION:
        return Generation(cache=cache)
    return Generation(path=settings.PAGE_CACHE_GENERATION_FILE)


def invalidate_pages(**kwargs):
    """Every cached page is stale from now on, in every worker. (Signal receivers call this.)"""
    page_generation().bump()


def public_page(view):
    """Mark a view's anonymous 200 answers as public, so the page cache may keep them.

    Readers' browsers revalidate every time (max-age=0 with an ETag, so mostly a 304): a change
    in the admin reaches them on their next request.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Only cookie-less readers' answers are public. Whatever a signed-in editor sees is made
        # private by calfcare.middleware.NeverCacheForEditorsMiddleware, and a request with a
        # session cookie never reaches the page cache at all.
        if response.status_code == 200 and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            response[MARKER] = "store"
        return response

    return wrapper


class InvalidateOnStaffChange:
    """Middleware: any successful write by a staff member (a save, delete or drag-and-drop
    reorder in the admin, including bulk updates that send no model signals) makes cached
    pages stale."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
            and getattr(request, "user", None) is not None
            and request.user.is_staff
            and not request.path.startswith("/markdownx/")
        ):
            invalidate_pages()
        return response
