"""Revisions of the guide's content, and the record of who did what to them.

A content row (a cause, step, note or the guide text) always holds what readers see. An edit in
the admin never writes to it: it saves a `Revision`, a full copy of the boxes an editor can fill
in. A revision goes draft -> in review -> approved (or rejected), and only publishing an approved
revision (articles' rows are written then, by publishing.workflow) changes what readers get.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from publishing.versions import person


class Revision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in-review", "In review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Replaced by a later version"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey()
    number = models.PositiveIntegerField("version")
    content = models.JSONField(help_text="Every box of the item as this version has it.")
    label = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    change_note = models.TextField("change note", blank=True)
    # Readers need not be told (a typo, a broken link): no change note, approved as such. Only
    # for a change with no clinical box (publishing.workflow.submit).
    minor_change = models.BooleanField("minor change", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    decision_comment = models.TextField(blank=True)

    publish_at = models.DateTimeField("goes live at", null=True, db_index=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True)
    published_without_review = models.BooleanField(default=False)
    force_reason = models.TextField("reason for publishing without review", blank=True)

    # A clinical review of this exact version: who, when, and when it is due again.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(null=True)
    next_review_due = models.DateField(null=True)

    class Meta:
        ordering = ["content_type", "object_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"],
                name="publishing_revision_one_number_per_item",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "-number"])]
        permissions = [
            ("approve_revision", "Can approve or reject changes (clinical sign-off)"),
            ("publish_revision", "Can publish or schedule approved changes"),
        ]

    def __str__(self):
        return f"Version {self.number} of {self.item_label}"

    @property
    def item_label(self):
        # A model whose versions have no title of their own (a translation) names them itself.
        model = self.content_type.model_class()
        if hasattr(model, "label_of_version"):
            return model.label_of_version(self.content)
        return self.content.get("title") or str(self.content_type)

    @property
    def is_pending(self):
        return self.status in (self.Status.DRAFT, self.Status.IN_REVIEW, self.Status.APPROVED)


class AuditQuerySet(models.QuerySet):
    # Bulk paths skip save() and delete(): they are closed too.
    def update(self, **kwargs):
        raise PermissionDenied("The audit log cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit log cannot be deleted.")


class AuditEvent(models.Model):
    """One thing someone did to the guide's content. Written once, never changed or deleted."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PUBLISHED = "published", "Published"
        PUBLISHED_WITHOUT_REVIEW = "forced", "Published without review"
        SCHEDULED = "scheduled", "Scheduled"
        SCHEDULE_CANCELLED = "unscheduled", "Schedule cancelled"
        UNPUBLISHED = "unpublished", "Unpublished"
        REVERTED = "reverted", "Reverted"
        REVIEWED = "reviewed", "Clinical review recorded"
        LINK_CREATED = "link-created", "Outside review link created"
        LINK_OPENED = "link-opened", "Outside review link opened"
        LINK_REVOKED = "link-revoked", "Outside review link revoked"
        DELETED = "deleted", "Deleted"
        DRAFT_SAVED = "draft-saved", "Draft saved"
        REORDERED = "reordered", "Moved in the order"
        NOTE_ADDED = "note-added", "Editors' note added"
        NOTE_EDITED = "note-edited", "Editors' note edited"
        NOTE_DELETED = "note-deleted", "Editors' note deleted"
        DISCARDED = "discarded", "Draft discarded"
        ROLE_GRANTED = "role-granted", "Role given"
        ROLE_REMOVED = "role-removed", "Role taken away"
        OUTSIDE_COMMENTED = "outside-comment", "Outside reviewer commented"
        SOURCE_CHECKED = "source-checked", "Source checked"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the log still names them after their account is deleted.
    actor_name = models.CharField("who", max_length=200)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True)
    item_label = models.CharField("item", max_length=200)
    revision_number = models.PositiveIntegerField("version", null=True)
    detail = models.TextField("reason or comment", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.item_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log cannot be deleted.")


class ReviewLink(models.Model):
    """A signed link that lets a clinician without an account read one pending version."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="links")
    reviewer_name = models.CharField(
        "who it is for", max_length=200, help_text="The clinician you are sending it to."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Link for {self.reviewer_name}"

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class ReviewComment(models.Model):
    """What an outside clinician wrote, through their review link, about the version it shows.

    Kept with that version and shown read-only in its publishing panel. A comment is advice:
    it never changes the version's status and never counts as an approval (only a clinical
    reviewer with an account approves, publishing.workflow). Stored as typed; every place
    that shows it escapes it as plain text."""

    MAX_LENGTH = 5000

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="outside_comments"
    )
    link = models.ForeignKey(ReviewLink, on_delete=models.CASCADE, related_name="comments")
    # As the clinician gave it (prefilled from the link's name): the link may be passed on.
    name = models.CharField("who wrote it", max_length=200)
    text = models.TextField("comment", max_length=MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outside reviewer's comment"

    def __str__(self):
        return f"Comment by {self.name} on {self.revision}"


class ReminderSent(models.Model):
    """A review reminder already emailed, so the daily command sends each one once."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    due = models.DateField()
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "due", "kind"],
                name="publishing_remindersent_once",
            )
        ]

    def __str__(self):
        return f"{self.kind} reminder for the review due {self.due}"


class ReviewerProfile(models.Model):
    """How a clinical reviewer is named to readers on the pages they reviewed.

    Readers are told the reviewer's profession ("Reviewed by a physiotherapist"); their name only
    if they have agreed to it, since a name on a health page brings them letters and calls. With
    no profile, readers see "a clinical reviewer" (articles.desk.reviews)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    role = models.CharField(
        "profession",
        max_length=80,
        help_text="As readers would say it, for example Physiotherapist or GP.",
    )
    show_name = models.BooleanField(
        "show their name to readers",
        default=False,
        help_text="Tick only if they agreed to be named on pages they review.",
    )
    public_name = models.CharField(
        "name as readers see it",
        max_length=120,
        blank=True,
        help_text="For example Dr Amina Shah. Empty: the name on their account.",
    )
    # Only a reviewer who reads a translation's language may approve it (publishing.languages).
    languages = models.JSONField(
        "languages they read besides English",
        default=list,
        blank=True,
        help_text="They may approve and review translations into these languages.",
    )

    class Meta:
        verbose_name = "reviewer profile"

    def __str__(self):
        return f"{person(self.user)}: {self.role}"

    @property
    def name_for_readers(self):
        """Their name, only where they agreed to show it; otherwise an empty string."""
        if not self.show_name:
            return ""
        return self.public_name.strip() or self.user.get_full_name()


class SchedulerTurn(models.Model):
    """Whose turn it is to publish scheduled changes (publishing.schedule): one row, held by
    one process at a time until `held_until`, whichever app server it runs on."""

    name = models.CharField(max_length=40, primary_key=True)
    held_until = models.DateTimeField()
    holder = models.CharField(max_length=100)

    def __str__(self):
        return f"{self.name}: {self.holder} until {self.held_until:%H:%M:%S}"
