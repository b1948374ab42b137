r"""The publishing workflow: how a change gets from an editor's draft to readers.

    draft --submit--> in review --approve--> approved --publish (now or at a time)--> published
                                 \--reject--> rejected (edit it again: a new draft)

- Every save in the admin makes a new numbered revision (`save_draft`); earlier unpublished
  ones are replaced by it, so there is one pending change per item at a time.
- Which step each state allows, and who may take it, is publishing.transitions' table: every
  step here checks it first (nobody approves a revision they wrote or changed, for instance).
- A superuser may publish an unapproved revision with a written reason (`publish_unreviewed`),
  never one with a clinical box changed (`is_clinical`); it stays flagged until a clinical
  reviewer reviews it (`record_review`).
- Publishing writes the revision onto the item's row, the one thing readers' pages read; its
  post_save signal makes every cached page stale.

Every function raises WorkflowError with a sentence for the person who tried it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateformat import format as format_date

from publishing import audit, dates, notifications
from publishing.changes import (
    authors,
    changes,
    clinical_changes,
    is_clinical,
    latest,
    live_content,
    live_revision,
    pending,
    revisions_of,
)
from publishing.content import apply, changed_fields, on_the_site, snapshot
from publishing.models import AuditEvent, Revision
from publishing.transitions import WorkflowError, check
from publishing.versions import person
from publishing.visible_text import as_typed, shows_words

logger = logging.getLogger(__name__)

Status = Revision.Status
Action = AuditEvent.Action


# The labels of versions made without anyone signed in: an item's first version taken from its
# row, and the starting content's corrections.
BASELINE = "The text as it was when sign-off began"
STARTING = "Starting content"


def ensure_baseline(item, label=BASELINE):
    """Give an item with no revisions a first one from its row, as readers see it now.

    Content that existed before the workflow (or was loaded by a command) has no revision
    yet; its row is the live text, so it becomes version 1, published. A row readers cannot
    see becomes version 1 as a draft.
    """
    existing = latest(item)
    if existing is not None:
        return existing
    stored = type(item)._default_manager.get(pk=item.pk)
    is_live = on_the_site(stored)
    try:
        # Two first looks at an item at once (two editors opening it) make one version 1.
        with transaction.atomic():
            return Revision.objects.create(
                content_type=ContentType.objects.get_for_model(item),
                object_id=item.pk,
                number=1,
                content=snapshot(stored),
                label=label,
                status=Status.PUBLISHED if is_live else Status.DRAFT,
                published_at=timezone.now() if is_live else None,
            )
    except IntegrityError:
        return latest(item)


@transaction.atomic
def save_draft(item, user, label=""):
    """Save the item's boxes (as edited in memory, the row untouched) as a new revision.

    Returns the new revision, or None when the boxes say exactly what readers see now and
    nothing is pending (there is nothing to review).
    """
    # The item's row is the lock for its versions: two saves never take one number.
    type(item)._default_manager.select_for_update().filter(pk=item.pk).first()
    ensure_baseline(item)
    content = snapshot(item)
    revisions = revisions_of(item)
    live = live_revision(item)
    pending_now = pending(item)
    # Compared with the row, which is what readers see (see live_content).
    stored = snapshot(type(item)._default_manager.get(pk=item.pk))
    if pending_now is None and live is not None and not changed_fields(type(item), stored, content):
        return None
    if (
        pending_now is not None
        and pending_now.status != Status.REJECTED
        and not label
        and not changed_fields(type(item), pending_now.content, content)
    ):
        return pending_now
    number = (revisions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    scheduled = revisions.filter(status=Status.APPROVED, publish_at__isnull=False).first()
    # One pending change per item: an earlier draft, submission or approval is replaced.
    revisions.filter(status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED]).update(
        status=Status.SUPERSEDED, publish_at=None
    )
    draft = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        number=number,
        content=content,
        label=label,
        created_by=user,
    )
    if user is not None:  # the starting content's loads are logged as publications
        audit.record(user, Action.DRAFT_SAVED, revision=draft, detail=label)
    if scheduled is not None:
        # The admin asked the editor first (articles.desk.forms); the log and the people who
        # scheduled and approved it are told, so nobody believes it is still going live.
        reason = f"Replaced by version {number}, a new draft saved by {person(user)}"
        audit.record(user, Action.SCHEDULE_CANCELLED, revision=scheduled, detail=reason)
        transaction.on_commit(
            lambda: notifications.schedule_cancelled(scheduled, user, reason), robust=True
        )
    return draft


def publish_starting_correction(item, change_note):
    """The starting content's own version 2 (load_initial_content): what the seed article got
    wrong, corrected at its source and published at once with `change_note`. Only for content
    being added, before anyone has edited it; everything editors change goes through review."""
    return publish_starting_version(item, f"{STARTING}, corrected", change_note)


def publish_starting_version(item, label, change_note):
    """A version of the starting content (load_initial_content: a correction, a starting
    translation), published at once with `change_note` and on record as reviewed by nobody.
    Only for content being added, before anyone has edited it."""
    with transaction.atomic():
        revision = save_draft(item, None, label=label)
        if revision is None:
            return None
        revision.change_note = change_note
        # Honest about it: nobody has reviewed the starting content, corrections included, so
        # it is flagged like any publication without review until a clinical reviewer does.
        revision.published_without_review = True
        revision.force_reason = "Starting content, loaded before any clinical review"
        revision.save(update_fields=["change_note", "published_without_review", "force_reason"])
        return _go_live(
            revision, None, detail=change_note, actor_name="the starting content", how=LOADED
        )


@transaction.atomic
def discard(revision, user):
    """Throw away a pending version nobody has approved: readers keep what they see, and the
    editor's form opens on the live text again. The version stays in the list, closed."""
    revision = _lock(revision)
    check("discard", revision, user)
    revision.status = Status.SUPERSEDED
    revision.save(update_fields=["status"])
    audit.record(user, Action.DISCARDED, revision=revision)
    return revision


def draft_claiming(model, slug, exclude_pk=None):
    """The item of `model`, other than `exclude_pk`, whose pending version would take `slug`."""
    pending_ones = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED],
        content__slug=slug,
    ).exclude(object_id=exclude_pk)
    for revision in pending_ones:
        if pending(revision.item) == revision:
            return revision.item
    return None


def withdraw_pending(item):
    """The item is going (deleted): nothing of it may still go live."""
    revisions_of(item).filter(status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED]).update(
        status=Status.SUPERSEDED, publish_at=None
    )


def _lock(revision):
    return Revision.objects.select_for_update().get(pk=revision.pk)


def _said(text):
    """What a person typed in a note, reason or comment box, or "" if it shows a reader nothing:
    a change note of one zero-width space or Hangul filler is no note (publishing.visible_text).
    Control characters pasted in with it are dropped, so it can be stored on any database."""
    text = as_typed(text).strip()
    return text if shows_words(text) else ""


@transaction.atomic
def submit(revision, user, change_note="", minor=False):
    """Send a draft for clinical review with its change note, or ticked as a minor change
    (readers are told nothing), which the reviewer approves along with the text."""
    revision = _lock(revision)
    check("submit", revision, user)
    change_note = _said(change_note)
    if minor and is_clinical(revision):
        raise WorkflowError(
            "This change touches what readers are told about danger, so it always needs a "
            "change note: it cannot be a minor change."
        )
    if minor and change_note:
        raise WorkflowError(
            "A minor change has no note for readers: empty the change note, or untick “Minor "
            "change” to publish the note."
        )
    if not change_note and is_clinical(revision):
        raise WorkflowError(
            "This change touches what readers are told about danger (the blood clot warning, "
            "a cause's severity or an urgent cause). Write a change note saying what changed "
            "and why, for the clinical reviewer and for readers."
        )
    revision.status = Status.IN_REVIEW
    revision.change_note = change_note
    revision.minor_change = minor
    revision.submitted_by, revision.submitted_at = user, timezone.now()
    revision.save()
    detail = "Minor change (no note for readers)" if minor else change_note
    audit.record(user, Action.SUBMITTED, revision=revision, detail=detail)
    transaction.on_commit(lambda: notifications.revision_submitted(revision), robust=True)
    return revision


@transaction.atomic
def approve(revision, user, comment="", next_review_due=None):
    revision = _lock(revision)
    check("approve", revision, user)
    today = timezone.localdate()
    next_review_due = next_review_due or today + timedelta(days=settings.REVIEW_INTERVAL_DAYS)
    if next_review_due <= today:
        raise WorkflowError("The next review must be due after today.")
    revision.status = Status.APPROVED
    revision.decided_by, revision.decided_at = user, timezone.now()
    revision.decision_comment = _said(comment)
    revision.reviewed_by, revision.reviewed_on = user, today
    revision.next_review_due = next_review_due
    revision.save()
    audit.record(user, Action.APPROVED, revision=revision, detail=revision.decision_comment)
    transaction.on_commit(lambda: notifications.revision_decided(revision), robust=True)
    return revision


@transaction.atomic
def reject(revision, user, comment):
    revision = _lock(revision)
    check("reject", revision, user)
    comment = _said(comment)
    if not comment:
        raise WorkflowError("Say why it is rejected: the author needs to know what to change.")
    revision.status = Status.REJECTED
    revision.decided_by, revision.decided_at = user, timezone.now()
    revision.decision_comment = comment
    revision.save()
    audit.record(user, Action.REJECTED, revision=revision, detail=comment)
    transaction.on_commit(lambda: notifications.revision_decided(revision), robust=True)
    return revision


@transaction.atomic
def publish(revision, user, at=None, change_note=None):
    """Publish an approved revision now, or schedule it for `at` (an aware datetime)."""
    revision = _lock(revision)
    later = at is not None and at > timezone.now()
    check("schedule" if later else "publish", revision, user)
    note = _said(change_note)
    if note and note != revision.change_note.strip() and user.pk != revision.decided_by_id:
        return _back_to_review(revision, user, note)
    if note:
        revision.change_note, revision.minor_change = note, False
    if not _said(revision.change_note) and not revision.minor_change:
        raise WorkflowError(
            "Write a change note: one line readers will see, such as “Added the signs of a "
            "torn Achilles tendon”."
        )
    if later:
        revision.publish_at, revision.scheduled_by = at, user
        revision.save()
        when = dates.uk_datetime(at)
        audit.record(user, Action.SCHEDULED, revision=revision, detail=f"Goes live {when}")
        return revision
    return _go_live(revision, user)


def _back_to_review(revision, user, change_note):
    """The change note is part of what the reviewer approved: a new one, written by anyone but
    that reviewer, goes back to review rather than live unseen."""
    revision.status = Status.IN_REVIEW
    revision.change_note, revision.minor_change = change_note, False
    revision.submitted_by, revision.submitted_at = user, timezone.now()
    revision.decided_by = revision.decided_at = None
    revision.publish_at = None
    revision.save()
    audit.record(
        user,
        Action.SUBMITTED,
        revision=revision,
        detail=f"Change note rewritten after approval, so back to review: {change_note}",
    )
    transaction.on_commit(lambda: notifications.revision_submitted(revision), robust=True)
    return revision


@transaction.atomic
def cancel_schedule(revision, user):
    revision = _lock(revision)
    check("cancel-schedule", revision, user)
    revision.publish_at = None
    revision.save()
    audit.record(user, Action.SCHEDULE_CANCELLED, revision=revision)
    transaction.on_commit(
        lambda: notifications.schedule_cancelled(revision, user, "Cancelled in its panel"),
        robust=True,
    )
    return revision


@transaction.atomic
def publish_unreviewed(revision, user, reason, change_note="", minor=False):
    """A superuser's publication without clinical approval (GOV.UK's force publish), only of a
    change with no clinical box. The reason stays internal (the audit log, the reviewers'
    email); readers get the change note written for them, or none for a minor change. The
    reviewers are emailed to review it afterwards; it stays flagged until one does."""
    revision = _lock(revision)
    check("force", revision, user)
    reason = _said(reason)
    if not reason:
        raise WorkflowError("Write why this cannot wait for a clinical review.")
    change_note = _said(change_note)
    if not change_note and not minor:
        raise WorkflowError(
            "Write the change note readers will see (what changed, for them), or tick “Minor "
            "change” for one readers need not be told about, such as a typo. The reason stays "
            "in the audit log."
        )
    revision.published_without_review = True
    revision.force_reason = reason
    revision.change_note = "" if minor else change_note
    revision.minor_change = minor
    published = _go_live(
        revision, user, action=Action.PUBLISHED_WITHOUT_REVIEW, detail=f"Reason: {reason}"
    )
    transaction.on_commit(lambda: notifications.published_without_review(published), robust=True)
    return published


# How a publication made by nobody signed in is told apart (migration articles 0009 kept the
# earlier history's reasons, which end with these, as versions' labels).
LOADED = "with the starting content"
ON_SCHEDULE = "on schedule"


def _go_live(revision, user, action=None, detail=None, actor_name="", how=""):
    item_model = revision.content_type.model_class()
    item = item_model._default_manager.select_for_update().get(pk=revision.object_id)
    was_live = on_the_site(item)
    apply(item, revision.content)
    try:
        # The text was valid when saved, but the site may have moved on since (another item
        # took its slug): check again rather than fail in the database.
        item.full_clean()
    except ValidationError as error:
        problems = " ".join(error.messages)
        raise WorkflowError(
            f"Version {revision.number} cannot go live as it is: {problems} Edit it, save a "
            "new version and submit that."
        ) from None
    # The item's review is the review of the text it now has: none, if this version went out
    # without one (the page then says it has not been reviewed, never an older date).
    item.last_reviewed, item.next_review_due = revision.reviewed_on, revision.next_review_due
    item.reviewed_by = revision.reviewed_by
    item.save()
    # Earlier versions still open, rejected ones included, are closed by a later one going live.
    Revision.objects.filter(
        content_type=revision.content_type_id,
        object_id=revision.object_id,
        status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.REJECTED],
        number__lt=revision.number,
    ).update(status=Status.SUPERSEDED, publish_at=None)
    revision.status = Status.PUBLISHED
    revision.published_by, revision.published_at = user, timezone.now()
    revision.publish_at = None
    revision.save()
    is_live = on_the_site(item)
    if action is None:
        action = Action.UNPUBLISHED if was_live and not is_live else Action.PUBLISHED
    audit.record(
        user,
        action,
        revision=revision,
        detail=detail or revision.change_note,
        actor_name=actor_name,
    )
    if how != LOADED:
        transaction.on_commit(lambda: notifications.revision_published(revision), robust=True)
    return revision


def publish_due(now=None):
    """Publish every approved revision whose time has come. Returns how many went live.

    Each is claimed with a conditional update first, so two processes checking at once never
    publish one twice."""
    now = now or timezone.now()
    published = 0
    due = Revision.objects.filter(status=Status.APPROVED, publish_at__lte=now)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            revision = (
                Revision.objects.select_for_update()
                .filter(pk=pk, status=Status.APPROVED, publish_at__lte=now)
                .first()
            )
            if revision is None:
                continue
            try:
                with transaction.atomic():
                    _go_live(revision, None, how=ON_SCHEDULE)
            except Exception as error:
                # One change that cannot go live (its slug was taken meanwhile, its item was
                # deleted) must not hold up the others: it stays approved, unscheduled, with
                # the reason in the log for its people.
                logger.error("scheduled version %s not published: %s", revision.pk, error)
                revision.publish_at = None
                revision.save(update_fields=["publish_at"])
                reason = str(error) if isinstance(error, WorkflowError) else "Its item is gone."
                audit.record(None, Action.SCHEDULE_CANCELLED, revision=revision, detail=reason)
                continue
            published += 1
    return published


@transaction.atomic
def record_review(item, user, next_review_due=None, comment=""):
    """A clinical reviewer checked the live version of `item`: record it against that version."""
    ensure_baseline(item)
    live = live_revision(item)
    if live is None:
        raise WorkflowError("This has never been published: review its draft instead.")
    live = _lock(live)
    check("review", live, user)
    today = timezone.localdate()
    next_review_due = next_review_due or today + timedelta(days=settings.REVIEW_INTERVAL_DAYS)
    if next_review_due <= today:
        raise WorkflowError("The next review must be due after today.")
    live.reviewed_by, live.reviewed_on, live.next_review_due = user, today, next_review_due
    live.published_without_review = False
    live.save()
    item = type(item)._default_manager.get(pk=item.pk)
    item.last_reviewed, item.next_review_due, item.reviewed_by = today, next_review_due, user
    item.save(update_fields=["last_reviewed", "next_review_due", "reviewed_by"])
    due = format_date(next_review_due, "j F Y")
    audit.record(
        user,
        Action.REVIEWED,
        item=item,
        revision=live,
        detail=f"Next review due {due}. {comment}".strip(),
    )
    return live


def revert(item, number, user):
    """A new draft with the boxes of version `number`, labelled as a revert."""
    old = revisions_of(item).filter(number=number).first()
    if old is None:
        raise WorkflowError(f"There is no version {number} of this {item._meta.verbose_name}.")
    check("revert", old, user)
    stored = type(item)._default_manager.get(pk=item.pk)
    draft = save_draft(apply(stored, old.content), user, label=f"Revert to version {number}")
    if draft is not None:
        audit.record(user, Action.REVERTED, revision=draft, detail=f"Back to version {number}")
    return draft


def propose_unpublishing(item, user):
    live = live_revision(item)
    if live is None:
        raise WorkflowError("Readers cannot see this now: there is nothing to take off.")
    check("unpublish", live, user)
    stored = type(item)._default_manager.get(pk=item.pk)
    stored.is_published = False
    return save_draft(stored, user, label="Take it off the site")


def editor_state(item, newest=None):
    """The item's state in one phrase: Live, Draft, In review, Approved, Rejected."""
    newest = newest if newest is not None else latest(item)
    is_live = on_the_site(item)
    if newest is None or newest.status in (Status.PUBLISHED, Status.SUPERSEDED):
        return "Live" if is_live else "Not published"
    if newest.status == Status.APPROVED:
        if newest.publish_at:
            when = dates.uk_datetime(newest.publish_at)
            return f"Approved: goes live {when}"
        return "Approved: ready to publish"
    label = {
        Status.DRAFT: "Draft (changes not yet live)",
        Status.IN_REVIEW: "In review",
        Status.REJECTED: "Rejected",
    }[newest.status]
    return label if is_live or newest.status != Status.DRAFT else "Draft (never published)"


# Facts about versions (publishing.changes) that callers have always found here.
__all__ = [
    "WorkflowError",
    "authors",
    "changes",
    "clinical_changes",
    "is_clinical",
    "latest",
    "live_content",
    "live_revision",
    "pending",
    "person",
    "revisions_of",
]
