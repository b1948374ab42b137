"""The WSGI entry point: Django, with the public page cache in front of it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calfcare.settings")

django_application = get_wsgi_application()


def build_application():
    from django.conf import settings
    from django.core.cache import cache

    from articles.caching import page_generation
    from calfcare.page_cache import PageCache

    if not settings.PAGE_CACHE_ENABLED:
        return django_application
    return PageCache(
        django_application,
        generation=page_generation(),
        shared_store=cache,
        session_cookie=settings.SESSION_COOKIE_NAME,
        proxy_ssl_header=getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    )


application = build_application()
