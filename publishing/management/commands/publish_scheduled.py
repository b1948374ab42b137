from django.core.management.base import BaseCommand

from publishing.workflow import publish_due


class Command(BaseCommand):
    help = "Publish every approved change whose scheduled time has come."

    def handle(self, *args, **options):
        count = publish_due()
        self.stdout.write(f"Published {count} scheduled change{'s' if count != 1 else ''}.")
