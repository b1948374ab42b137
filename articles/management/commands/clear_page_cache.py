"""`manage.py clear_page_cache`: every cached page is stale, in every worker and app server.

For changes the page cache cannot see: content edited with `.update()` or SQL, a restore, a
deploy that changed no code but data the pages show. (Pages also expire by themselves within
PAGE_CACHE_SECONDS.) Last good copies are kept: they are only ever served when the site cannot
render a page.
"""

from django.core.management.base import BaseCommand

from calfcare.page_cache import invalidate_pages


class Command(BaseCommand):
    help = "Mark every cached public page stale, so the next request renders it again."

    def handle(self, *args, **options):
        invalidate_pages()
        self.stdout.write("Every cached page is now stale; readers get fresh pages.")
