"""Review discipline, as on the NHS website: every item says when it was last checked and when it
must be checked again, and a page is only as fresh as the oldest item on it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

# Items due within this many days show as "due soon", so editors can plan the work.
DUE_SOON_DAYS = 30


class ReviewState(models.TextChoices):
    NOT_REVIEWED = "not-reviewed", "Not reviewed yet"
    OVERDUE = "overdue", "Overdue for review"
    DUE_SOON = "due-soon", f"Review due within {DUE_SOON_DAYS} days"
    CURRENT = "current", "Up to date"


def today():
    return timezone.localdate()


def review_state(item, on=None):
    on = on or today()
    if item.last_reviewed is None or item.next_review_due is None:
        return ReviewState.NOT_REVIEWED
    if item.next_review_due < on:
        return ReviewState.OVERDUE
    if item.next_review_due <= on + timedelta(days=DUE_SOON_DAYS):
        return ReviewState.DUE_SOON
    return ReviewState.CURRENT


def review_state_filter(state, on=None):
    """The same states as `review_state`, as a query, for the admin's filter and report."""
    on = on or today()
    not_reviewed = Q(last_reviewed__isnull=True) | Q(next_review_due__isnull=True)
    reviewed = Q(last_reviewed__isnull=False, next_review_due__isnull=False)
    soon = on + timedelta(days=DUE_SOON_DAYS)
    return {
        ReviewState.NOT_REVIEWED: not_reviewed,
        ReviewState.OVERDUE: reviewed & Q(next_review_due__lt=on),
        ReviewState.DUE_SOON: reviewed & Q(next_review_due__gte=on, next_review_due__lte=soon),
        ReviewState.CURRENT: reviewed & Q(next_review_due__gt=soon),
    }[state]


@dataclass(frozen=True)
class PageReview:
    last_reviewed: date
    next_review_due: date


def page_review(items):
    """The review dates a page can honestly show: the oldest review and the earliest due date
    among everything on it. None when anything on the page has never been reviewed, because
    then the page as a whole has not been."""
    items = [item for item in items if item is not None]
    if not items or any(
        item.last_reviewed is None or item.next_review_due is None for item in items
    ):
        return None
    return PageReview(
        last_reviewed=min(item.last_reviewed for item in items),
        next_review_due=min(item.next_review_due for item in items),
    )
