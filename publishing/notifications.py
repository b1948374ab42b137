"""Emails about the workflow: reviewers hear of submissions, authors of decisions.

Sent through Django's email framework (the console locally, SMTP in production: see
settings). A failed send is logged and never undoes the workflow step that caused it.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse

from publishing.models import person

logger = logging.getLogger(__name__)


def reviewers():
    """Active clinical reviewers and superusers with an email address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="approve_revision")
        | Q(user_permissions__codename="approve_revision")
    ).distinct()


def admin_address(revision):
    opts = revision.content_type.model_class()._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.object_id])
    return settings.SITE_URL.rstrip("/") + path


def send(subject, lines, recipients):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    try:
        return send_mail(
            subject,
            "\n\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except Exception as error:  # never lose the editor's step because mail is down
        logger.error("workflow email not sent: %s", error.__class__.__name__)
        return 0


def revision_submitted(revision):
    author = revision.submitted_by
    recipients = [user.email for user in reviewers() if user != author]
    lines = [
        f"{person(author)} has submitted version {revision.number} of "
        f"“{revision.item_label}” for clinical review.",
    ]
    if revision.change_note:
        lines.append(f"Their note: {revision.change_note}")
    lines.append(
        f"Compare it with the live text and approve or reject it: {admin_address(revision)}"
    )
    return send(f"For review: {revision.item_label}", lines, recipients)


def revision_decided(revision):
    author = revision.submitted_by or revision.created_by
    if author is None:
        return 0
    verdict = "approved" if revision.status == revision.Status.APPROVED else "rejected"
    lines = [
        f"{person(revision.decided_by)} has {verdict} version {revision.number} of "
        f"“{revision.item_label}”."
    ]
    if revision.decision_comment:
        lines.append(f"Their comment: {revision.decision_comment}")
    lines.append(admin_address(revision))
    return send(f"{verdict.capitalize()}: {revision.item_label}", lines, [author.email])
