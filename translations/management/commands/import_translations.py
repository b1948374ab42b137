"""Reads a translator's PO file back: each item it translates gets a draft version of its
translation, submitted for review by a clinical reviewer who reads the language. All or nothing:
a file with a problem is refused, naming each line, and nothing is imported."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from translations.files import ImportRefused, import_po


class Command(BaseCommand):
    help = "Import a translated PO file as draft translations, submitted for clinical review."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user",
            required=True,
            help="The username of the editor importing it: the drafts are theirs, so they "
            "cannot approve them.",
        )
        parser.add_argument(
            "--change-note",
            default="",
            help="What changed, for the reviewer and for readers (default: “Updated the Welsh "
            "translation.”).",
        )

    def handle(self, *args, file, user, change_note, **options):
        person = get_user_model().objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(f"No active account has the username {user!r}.")
        try:
            made = import_po(file, person, change_note)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for revision in made:
            self.stdout.write(
                f"{revision.item_label}: version {revision.number}, sent for clinical review"
            )
        if not made:
            self.stdout.write("Nothing to import: the file translates nothing new.")
