"""What the WSGI entry point (calfcare.wsgi) puts around Django: the public page cache, and the
proxy's scheme header as one clean value (delivery.page_cache).

Named by the WSGI_WRAPPER setting, so the project package imports no app. The static 503 page
the cache sends when the site cannot answer is rendered once, here, by the callable the
UNAVAILABLE_PAGE setting names (a content app's: it carries the guide's warning).
"""

from django.conf import settings
from django.utils.module_loading import import_string

from delivery.page_cache import (
    PageCache,
    build_identity,
    one_forwarded_scheme,
    page_generation,
    page_store,
)


def wrap(django_application):
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
            unavailable_page=import_string(settings.UNAVAILABLE_PAGE)(),
        )
    if proxy_ssl_header is None:
        return application

    return one_forwarded_scheme(application, proxy_ssl_header[0], settings.TRUSTED_PROXY_COUNT)
