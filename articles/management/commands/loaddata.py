"""Django's `loaddata`, then every cached page marked stale.

A fixture (a restore from `dumpdata`) can change what pages show through any table, not only
the content models whose saves mark pages stale (redirects, editors' names in the history), so
once everything is loaded, every page is. An app's command of the same name takes the place of
django.core's.
"""

from django.core.management.commands import loaddata

from delivery.page_cache import invalidate_pages


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        super().handle(*fixture_labels, **options)
        invalidate_pages()
