"""The WSGI entry point: Django, with the public page cache in front of it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calfcare.settings")

django_application = get_wsgi_application()


def build_application():
    from django.conf import settings

    from articles.views import unavailable_page
    from delivery.page_cache import (
        PageCache,
        build_identity,
        one_forwarded_scheme,
        page_generation,
        page_store,
    )

    proxy_ssl_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    application = django_application
    if settings.PAGE_CACHE_ENABLED:
        application = PageCache(
            django_application,
            generation=page_generation(),
            store=page_store(),
            build=build_identity(settings.BASE_DIR, settings.STATIC_ROOT / "staticfiles.json"),
            allowed_hosts=settings.ALLOWED_HOSTS,
            script_name=settings.FORCE_SCRIPT_NAME or "",
            proxy_ssl_header=proxy_ssl_header,
            fresh_seconds=settings.PAGE_CACHE_SECONDS,
            unavailable_page=unavailable_page(),
        )
    if proxy_ssl_header is None:
        return application

    return one_forwarded_scheme(application, proxy_ssl_header[0], settings.TRUSTED_PROXY_COUNT)


application = build_application()
