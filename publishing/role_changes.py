"""Every change to someone's roles made in the admin is in the audit log, with who made it
(`record_changes`, called by the user and group admins in publishing.admin), and every clinical
reviewer is emailed when someone becomes or stops being one.

Whoever made a person a reviewer is on record (publishing.roles.granted_by), so that person
cannot approve their changes (publishing.transitions): a second account made for the purpose
does not get round the two-person rule.
"""

from django.db import transaction

from publishing import audit, notifications
from publishing.models import AuditEvent
from publishing.roles import APPROVE, REVIEWER_ROLE, granted_by, holds

SUPERUSER = "Superuser"
STAFF = "Staff (may sign in to the admin)"
__all__ = ["REVIEWER_ROLE", "STAFF", "SUPERUSER", "granted_by", "record_changes", "roles_of"]


def roles_of(user):
    """What the audit log names as someone's roles: staff status (the way into the admin),
    their groups, superuser status, and whether they may approve changes (which a group or a
    permission of their own can give)."""
    names = set(user.groups.values_list("name", flat=True))
    if user.is_staff:
        names.add(STAFF)
    if user.is_superuser:
        names.add(SUPERUSER)
    if holds(user, APPROVE):
        names.add(REVIEWER_ROLE)
    return names


def record_changes(actor, user, before, after):
    """Audit each role `user` gained or lost (`before` and `after` from roles_of), by `actor`,
    and email every clinical reviewer what changed."""
    given, taken = sorted(after - before), sorted(before - after)
    for action, names in (
        (AuditEvent.Action.ROLE_GRANTED, given),
        (AuditEvent.Action.ROLE_REMOVED, taken),
    ):
        for name in names:
            audit.record(actor, action, item=user, detail=name)
    if given or taken:
        transaction.on_commit(
            lambda: notifications.roles_changed(user, actor, given, taken, REVIEWER_ROLE),
            robust=True,
        )
