"""`manage.py clear_page_cache`: every cached page is stale, in every worker and app server,
and purged from the shared caches in front of them (DJANGO_SHARED_CACHE_URLS).

For changes the page cache cannot see: content edited with `.update()` or SQL, a restore, a
deploy that changed no code but data the pages show. (Pages also expire by themselves within
PAGE_CACHE_SECONDS, and in the shared caches within a day.) Last good copies are kept: they
are only ever served when the site cannot render a page.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from delivery.page_cache import invalidate_pages
from delivery.shared_cache import purger

# Time for the purge's retries (delivery.shared_cache.RETRY_DELAYS) before the command ends.
PURGE_WAIT_SECONDS = 10


class Command(BaseCommand):
    help = "Mark every cached public page stale, so the next request renders it again."

    def handle(self, *args, **options):
        invalidate_pages()
        self.stdout.write("Every cached page is now stale; readers get fresh pages.")
        if settings.SHARED_CACHES:
            purger.wait(PURGE_WAIT_SECONDS)
            self.stdout.write(f"Purge sent to {', '.join(settings.SHARED_CACHES)}.")
