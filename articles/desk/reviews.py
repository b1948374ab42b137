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
class Reviewer:
    """A clinician as readers are told of them: their profession, and their name only where
    they agreed to show it (publishing.ReviewerProfile)."""

    role: str = ""
    name: str = ""

    @property
    def described(self):
        """ "a physiotherapist", "Dr Amina Shah, physiotherapist", or "a clinical reviewer"."""
        role = _lower_first(self.role) or "clinical reviewer"
        if self.name:
            return f"{self.name}, {role}"
        return f"{_article(role)} {role}"

    @property
    def json_ld(self):
        data = {"@type": "Person", "jobTitle": self.role or "Clinical reviewer"}
        if self.name:
            data["name"] = self.name
        return data


def _lower_first(role):
    # "Physiotherapist" reads "a physiotherapist"; an acronym ("GP", "MSK physiotherapist") keeps
    # its capitals.
    role = role.strip()
    first_word = role.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[1].isupper():
        return role
    return role[:1].lower() + role[1:]


def _article(role):
    first_word = role.split(" ", 1)[0]
    if first_word.isupper():
        # Acronyms are read letter by letter: "an MSK physiotherapist", "a GP".
        return "an" if first_word[0] in "AEFHILMNORSX" else "a"
    return "an" if role[:1].lower() in "aeiou" else "a"


@dataclass(frozen=True)
class PageReview:
    """What a page can honestly say about its review. Dates only when everything on it has been
    reviewed: then the oldest review and the earliest due date among them."""

    last_reviewed: date | None = None
    next_review_due: date | None = None
    reviewers: tuple = ()

    @property
    def is_reviewed(self):
        return self.last_reviewed is not None

    @property
    def reviewed_by(self):
        """ "a physiotherapist and a GP": each reviewer of the page, once."""
        described = list(dict.fromkeys(reviewer.described for reviewer in self.reviewers))
        if len(described) <= 1:
            return "".join(described)
        return ", ".join(described[:-1]) + " and " + described[-1]


def page_review(items):
    """The review a page can honestly show for `items`, everything it shows. Not reviewed (no
    dates, no reviewers) when anything on the page has never been reviewed, because then the page
    as a whole has not been. One query, for the reviewers' profiles, and only for a reviewed page.
    """
    items = [item for item in items if item is not None]
    if not items or any(
        item.last_reviewed is None or item.next_review_due is None for item in items
    ):
        return PageReview()
    return PageReview(
        last_reviewed=min(item.last_reviewed for item in items),
        next_review_due=min(item.next_review_due for item in items),
        reviewers=reviewers([item.reviewed_by_id for item in items]),
    )


def reviewers(user_ids):
    """Who reviewed the page, in the order of the items they reviewed. A review whose reviewer's
    account is gone still counts, as "a clinical reviewer"."""
    # Imported here: articles.models imports this module before the user model is ready.
    from django.contrib.auth import get_user_model

    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in={pk for pk in user_ids if pk is not None})
        .select_related("reviewer_profile")
    }
    reviewers = []
    for pk in dict.fromkeys(user_ids):
        profile = getattr(users.get(pk), "reviewer_profile", None)
        if profile is None:
            reviewers.append(Reviewer())
        else:
            reviewers.append(Reviewer(role=profile.role, name=profile.name_for_readers))
    return tuple(dict.fromkeys(reviewers))
