"""What an item's versions are and what a pending one changes: facts the workflow's rules read
(publishing.transitions), its steps act on (publishing.workflow) and its emails name
(publishing.notifications). Nothing here decides or writes anything.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max

from publishing.clinical import clinical_boxes_of
from publishing.content import changed_fields, snapshot
from publishing.models import Revision

Status = Revision.Status


def revisions_of(item):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )


def latest(item):
    return revisions_of(item).order_by("-number").first()


def live_revision(item):
    """The published revision readers see now; None for an item never published."""
    return revisions_of(item).filter(status=Status.PUBLISHED).order_by("-number").first()


def live_revision_of(revision):
    """The live revision of the item `revision` belongs to (even once that item is deleted)."""
    return (
        Revision.objects.filter(
            content_type=revision.content_type_id,
            object_id=revision.object_id,
            status=Status.PUBLISHED,
        )
        .order_by("-number")
        .first()
    )


def pending(item):
    """The revision waiting to go live (draft, in review, approved or rejected), if any."""
    newest = latest(item)
    if newest is None or newest.status in (Status.PUBLISHED, Status.SUPERSEDED):
        return None
    return newest


def authors(revision):
    """Everyone who saved a version of the change this revision belongs to: the revisions
    since the item was last published, up to this one."""
    live = (
        Revision.objects.filter(
            content_type=revision.content_type_id,
            object_id=revision.object_id,
            status=Status.PUBLISHED,
            number__lt=revision.number,
        ).aggregate(highest=Max("number"))["highest"]
        or 0
    )
    return set(
        Revision.objects.filter(
            content_type=revision.content_type_id,
            object_id=revision.object_id,
            number__gt=live,
            number__lte=revision.number,
        )
        .exclude(created_by=None)
        .values_list("created_by", flat=True)
    )


def writers(revision):
    """Its authors and whoever submitted it: the submitter wrote its change note, which is
    part of what a reviewer approves."""
    return authors(revision) | ({revision.submitted_by_id} - {None})


def live_content(revision):
    """The boxes readers see now: the item's row, once it has ever been published (before
    that, nothing is live). The row, not the last published revision, because the row is what
    pages read, whatever else (a shell, a data migration) has changed it since."""
    model = revision.content_type.model_class()
    row = model._default_manager.filter(pk=revision.object_id).first()
    published = Revision.objects.filter(
        content_type=revision.content_type_id, object_id=revision.object_id, status=Status.PUBLISHED
    )
    if row is None or not published.exists():
        return None
    return snapshot(row)


def changes(revision):
    """Names of the boxes this revision changes from what readers see now."""
    return changed_fields(
        revision.content_type.model_class(), live_content(revision), revision.content
    )


def clinical_changes(revision):
    """The boxes this revision changes that are clinical, before or after the change (the
    model declares which: publishing.clinical)."""
    model = revision.content_type.model_class()
    live = live_content(revision)
    return set(changes(revision)) & clinical_boxes_of(model, live, revision.content)


def is_clinical(revision):
    """Does it change what readers are told about danger (a box its model declares clinical)?"""
    return bool(clinical_changes(revision))


class SignOff(models.TextChoices):
    """What the record says of a published version's clinical review, as readers are told it
    (/changes/, the feed, About's counts): from the version's own fields, never assumed."""

    APPROVED = "approved", "Approved by a clinical reviewer before it went live"
    REVIEWED_AFTER = "reviewed-after", "Checked by a clinical reviewer after it went live"
    NOT_REVIEWED = "not-reviewed", "Published without a clinical review"
    # Loaded by a command with nobody signed in (load_initial_content), and never reviewed.
    FIRST_VERSION = "first-version", "Part of the first version of this guide, not yet reviewed"


def sign_off(revision):
    """The SignOff of a published `revision`. A flag of publication without review outranks a
    reviewer left on it from an approval its change note was later rewritten past."""
    if revision.published_without_review or revision.reviewed_by_id is None:
        if revision.published_by_id is None:
            return SignOff.FIRST_VERSION
        return SignOff.NOT_REVIEWED
    if revision.decided_by_id is not None:
        return SignOff.APPROVED
    return SignOff.REVIEWED_AFTER
