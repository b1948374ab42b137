"""`manage.py purge_feedback`: delete readers' feedback older than DJANGO_FEEDBACK_KEEP_DAYS.

The Privacy page tells readers how long their answers are kept (FEEDBACK_KEEP_DAYS, a year by
default); this is what makes that true. Run it daily, beside send_review_reminders
(docs/operators.md, Deployment). Running it twice deletes nothing more.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from feedback.models import Feedback


class Command(BaseCommand):
    help = (
        "Delete readers' feedback older than DJANGO_FEEDBACK_KEEP_DAYS, as the Privacy page says."
    )

    def handle(self, *args, **options):
        days = settings.FEEDBACK_KEEP_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = Feedback.objects.filter(created_at__lt=cutoff).delete()
        answers = "answer" if deleted == 1 else "answers"
        self.stdout.write(f"Deleted {deleted} feedback {answers} older than {days} days.")
