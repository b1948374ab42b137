"""Signed links for an outside clinical reviewer: one pending version, readable without an
account, for a limited time, revocable, and its opening logged once a day (a link opened again
and again, by its holder or by a crawler it leaked to, must not flood the audit log).

While the link works, its holder may also leave comments on that version (`comment`): kept
with the version, audited and emailed to its authors. A comment is advice, never an approval,
and never changes the version's status.

The link carries the link's number signed with the site's secret (django.core.signing, its own
salt), so it cannot be guessed or altered; the row says whether it still works. The signature
carries no time (the row keeps the expiry), so a link has one address however often the panel
shows it; links shared while it did carry one still open.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from publishing import audit, notifications
from publishing.models import AuditEvent, ReviewComment, ReviewLink
from publishing.transitions import WorkflowError

SALT = "publishing.outside-review-link"


_SIGNER = signing.Signer(salt=SALT)


def token(link):
    return _SIGNER.sign_object(link.pk)


def _signed_pk(signed):
    if signed.count(_SIGNER.sep) == 2:
        # A link shared before the signature left the time out: value, time, signature.
        return signing.loads(signed, salt=SALT)
    return _SIGNER.unsign_object(signed)


def address(link, request=None):
    path = reverse("publishing:outside-review", args=[token(link)])
    if request is not None:
        return request.build_absolute_uri(path)
    return (settings.SITE_URL or "") + path


def create(revision, user, reviewer_name, days=None):
    reviewer_name = reviewer_name.strip()
    if not reviewer_name:
        raise WorkflowError("Say who the link is for, such as “Dr Amina Shah, vascular surgeon”.")
    if not user.has_perm("publishing.add_reviewlink"):
        raise WorkflowError("Only a clinical reviewer can share a version outside the team.")
    days = days or settings.OUTSIDE_REVIEW_LINK_DAYS
    link = ReviewLink.objects.create(
        revision=revision,
        reviewer_name=reviewer_name[:200],
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        user,
        AuditEvent.Action.LINK_CREATED,
        revision=revision,
        detail=f"For {link.reviewer_name}, until {link.expires_at:%Y-%m-%d %H:%M} UTC",
    )
    return link


def revoke(link, user):
    if not user.has_perm("publishing.change_reviewlink"):
        raise WorkflowError("Only a clinical reviewer can revoke a link.")
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), user
        link.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            user,
            AuditEvent.Action.LINK_REVOKED,
            revision=link.revision,
            detail=f"For {link.reviewer_name}",
        )
    return link


def usable(signed):
    """The link a signed token names, if it still works; None otherwise. Nothing is logged."""
    try:
        pk = _signed_pk(signed)
    except (signing.BadSignature, ValueError):
        return None
    link = ReviewLink.objects.select_related("revision", "created_by").filter(pk=pk).first()
    # Only while its version is the one waiting: a later save or a publication ends it, so an
    # outside clinician never reviews text that is no longer proposed.
    if link is None or not link.is_usable or not link.revision.is_pending:
        return None
    return link


def holder_name(link):
    return f"{link.reviewer_name} (outside reviewer link)"


# A link's opening is logged once in this long.
OPENED_LOGGED_EVERY = timedelta(days=1)


def open_link(signed):
    """The link a signed token names, if it still works; logs the opening, unless this link's
    opening was logged within OPENED_LOGGED_EVERY. None otherwise."""
    link = usable(signed)
    if link is None:
        return None
    # The link's number tells two links for the same person and version apart.
    detail = f"Opened by the holder of the link for {link.reviewer_name} (link {link.pk})"
    logged = AuditEvent.objects.filter(
        action=AuditEvent.Action.LINK_OPENED,
        at__gt=timezone.now() - OPENED_LOGGED_EVERY,
        detail=detail,
    )
    if not logged.exists():
        audit.record(
            None,
            AuditEvent.Action.LINK_OPENED,
            actor_name=holder_name(link),
            revision=link.revision,
            detail=detail,
        )
    return link


@transaction.atomic
def comment(link, name, text):
    """Keep the outside reviewer's comment on the link's version, log it, and email the
    version's authors once it is saved. The caller has checked the link still works."""
    saved = ReviewComment.objects.create(
        revision=link.revision, link=link, name=name.strip()[:200], text=text
    )
    audit.record(
        None,
        AuditEvent.Action.OUTSIDE_COMMENTED,
        actor_name=holder_name(link),
        revision=link.revision,
        # The start is enough to find it; the whole comment is on the version.
        detail=text[:200],
    )
    transaction.on_commit(lambda: notifications.outside_comment(saved), robust=True)
    return saved
