"""Loads the guide's starting content from content/ after `migrate`: only what is missing.

Safe to run on every deploy: an item whose address was ever used is not added again, so an
editor's changes, renames and deletions stay as they are; a correction of the seed's words reaches
an item loaded earlier only if no person has changed it (see articles.initial_content).
"""

from django.core.management.base import BaseCommand, CommandError

from articles.initial_content import CONTENT_DIR, ContentError, load


class Command(BaseCommand):
    help = "Add the starting content from content/ that the database lacks; never change any."

    def handle(self, *args, **options):
        try:
            created, corrections = load()
        except ContentError as error:
            raise CommandError(error) from None
        for sentence in corrections:
            self.stdout.write(sentence)
        if not created:
            self.stdout.write(f"Nothing to add: everything in {CONTENT_DIR.name}/ is there.")
            return
        for line in created:
            self.stdout.write(f"Added {line}")
        self.stdout.write(
            self.style.SUCCESS(f"Added {len(created)} items from {CONTENT_DIR.name}/.")
        )
