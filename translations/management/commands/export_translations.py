"""Writes one language's translation file for translators: every box of the guide readers can
see, its English, and its current translation (translations.files)."""

from django.core.management.base import BaseCommand

from publishing.languages import other_languages
from translations.files import FORMATS


class Command(BaseCommand):
    help = "Export every box to translate into one language, as a PO or XLIFF file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language", required=True, choices=[code for code, _name in other_languages()]
        )
        parser.add_argument("--format", default="po", choices=sorted(FORMATS))
        parser.add_argument("--output", help="Write to this file (default: standard output).")

    def handle(self, *args, language, format, output=None, **options):
        text = FORMATS[format](language)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")
