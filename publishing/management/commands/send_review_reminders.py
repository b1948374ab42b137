"""Remind the clinical reviewers of reviews coming due: run once a day (docs/operators.md).

An item is reminded 60, 30 and 7 days before its next review is due, and once when it is
overdue, each once per due date (publishing.models.ReminderSent). Only the most urgent reminder
that applies today is sent: after days without a run, an item due in 5 days gets the 7-day
reminder, not the 60- and 30-day ones too. A new due date (a review recorded) starts afresh.

All of a day's reminders go in one email. A clinician usually reviews the guide in one
sitting, so its reviews fall due together (and the first run on a site finds every overdue one
at once); one message listing them, most urgent first, is a to-do list, where one per item
would be a flood that buries the overdue one.
"""

from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from publishing import notifications
from publishing.models import ReminderSent

# (kind, sent when the review is due in at most this many days), most urgent first.
KINDS = [("overdue", -1), ("7-days", 7), ("30-days", 30), ("60-days", 60)]
URGENCY = [kind for kind, _days in KINDS]
IN_WORDS = {
    "overdue": "overdue",
    "7-days": "due within 7 days",
    "30-days": "due within 30 days",
    "60-days": "due within 60 days",
}


def today():
    """The day the reminders are for, in the site's time zone (the tests move it)."""
    return timezone.localdate()


def reminder_kind(due, day):
    """The most urgent reminder that applies on `day` to a review due on `due`; None if none."""
    days_left = (due - day).days
    for kind, within in KINDS:
        if days_left <= within:
            return kind
    return None


def items_due(day):
    """Items readers can see whose review is due within 60 days or overdue, soonest first.

    An item taken off the site is left out: a reminder is about what readers are reading."""
    horizon = day + timedelta(days=max(within for _kind, within in KINDS))
    items = []
    for model in reviewed_models():
        rows = model._default_manager.filter(next_review_due__lte=horizon)
        if any(field.name == "is_published" for field in model._meta.get_fields()):
            rows = rows.filter(is_published=True)
        items.extend(rows)
    return sorted(items, key=lambda item: (item.next_review_due, str(item)))


def reviewed_models():
    """Every content model with a review date: found by its field, since publishing imports no
    content app (its own revisions carry the date too, and are not content)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label != "publishing"
        and any(field.name == "next_review_due" for field in model._meta.get_fields())
    ]


def sent_before(item, kind):
    """Was this reminder, or a more urgent one, already sent for the item's due date?"""
    return ReminderSent.objects.filter(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        due=item.next_review_due,
        kind__in=URGENCY[: URGENCY.index(kind) + 1],
    ).exists()


def claim(item, kind):
    """Record the reminder as sent and return the record; None if another run just did.

    Recorded before sending, so two runs at once cannot both send it: the unique constraint
    lets only one of them create the row."""
    record, created = ReminderSent.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        due=item.next_review_due,
        kind=kind,
    )
    return record if created else None


class Command(BaseCommand):
    help = "Email the clinical reviewers about reviews due in 60, 30 or 7 days, or overdue."

    def handle(self, *args, **options):
        day = today()
        due = [(item, reminder_kind(item.next_review_due, day)) for item in items_due(day)]
        if not due:
            self.stdout.write("No clinical reviews due within 60 days.")
            return
        new = [(item, kind) for item, kind in due if not sent_before(item, kind)]
        if not new:
            self.stdout.write("No new review reminders: each was sent before.")
            return
        if not notifications.reviewers().exists():
            # Nothing is recorded, so they go out once someone can receive them.
            raise CommandError(
                f"{len(new)} review reminder(s) not sent: no active clinical reviewer or "
                "superuser has an email address."
            )
        claimed = [(item, kind, claim(item, kind)) for item, kind in new]
        records = [record for _item, _kind, record in claimed if record is not None]
        reminders = [(item, kind) for item, kind, record in claimed if record is not None]
        if not reminders:
            self.stdout.write("No new review reminders: another run has just sent them.")
            return
        people, sent = notifications.reviews_due(reminders, day)
        if not sent:
            # Unrecorded, so the next run tries them again.
            ReminderSent.objects.filter(pk__in=[record.pk for record in records]).delete()
            raise CommandError(
                f"{len(reminders)} review reminder(s) not sent: the mail server refused or "
                "did not answer (see the log). The next run tries again."
            )
        counts = {kind: sum(1 for _item, k in reminders if k == kind) for kind in URGENCY}
        summary = ", ".join(f"{n} {IN_WORDS[kind]}" for kind, n in counts.items() if n)
        self.stdout.write(
            f"Sent review reminders for {len(reminders)} item(s) ({summary}) "
            f"to {sent} of {len(people)} reviewer(s)."
        )
