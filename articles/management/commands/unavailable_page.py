"""`manage.py unavailable_page PATH`: write the "not available right now" page to a file.

Varnish (deploy/varnish/default.vcl) answers with it when no app server answers and it has no
copy of the page asked for: the same page the app servers send then (articles.views), carrying
the blood clot warning and both care cards with this deployment's emergency and urgent numbers.
Write it again after changing those settings.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from articles.views import unavailable_page


class Command(BaseCommand):
    help = "Write the page shown when the site cannot answer (for Varnish) to PATH."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        Path(path).write_bytes(unavailable_page())
        self.stdout.write(f"Wrote {path}.")
