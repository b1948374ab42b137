"""Who holds a workflow role: from the permissions a person was given (through a group such as
"Clinical reviewer", or on their own account), never from superuser status.

Django's `has_perm` is true of every permission for a superuser, which made any superuser a
clinical reviewer: able to approve a change to what readers are told about danger, and to make
a page say it was clinically reviewed. Clinical sign-off is a qualification a person is given,
so a superuser who is also a reviewer is made one like anybody else. Superuser status keeps
what it is for: running the site, and publishing a non-clinical change without review.

Who changed whose roles is recorded by publishing.role_changes; who appointed a reviewer is
read back here (`granted_by`), since the workflow's rules need it (publishing.transitions).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from publishing.models import AuditEvent, Revision

APP = "publishing"
APPROVE = "approve_revision"  # approve or reject a change, record a clinical review
PUBLISH = "publish_revision"  # publish or schedule an approved change
# How the audit log names the reviewer role when it is given or taken away.
REVIEWER_ROLE = "Clinical reviewer (may approve changes)"


def _granted(codename):
    return Permission.objects.filter(content_type__app_label=APP, codename=codename)


def holds(user, codename):
    """Whether `user`, active, was given the permission `codename` (a group's or their own)."""
    if user is None or not user.is_active or user.is_anonymous:
        return False
    return _granted(codename).filter(Q(group__user=user) | Q(user=user)).exists()


def holders(codename):
    """Every active person given the permission `codename`, superusers only if given it too."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__in=_granted(codename))
            | Q(user_permissions__in=_granted(codename))
        )
        .distinct()
    )


def appointers(user):
    """Everyone whose say-so put `user` where they are: whoever gave them any role in the admin
    (the reviewer role, superuser or staff status, a group), whoever gave *those* people theirs,
    and so on, `user` left out.

    Following the chain, not only the last grant, is what keeps the two-person rule: a superuser
    can make a second superuser who makes a third account a reviewer, or make an account a
    superuser that then takes its own reviewer role away and gives it back, so that the last
    grant names someone other than the superuser. Each of those accounts is the superuser's."""
    found, seen, waiting = set(), {user.pk}, [user.pk]
    user_type = ContentType.objects.get_for_model(get_user_model())
    while waiting:
        actors = (
            AuditEvent.objects.filter(
                action=AuditEvent.Action.ROLE_GRANTED,
                content_type=user_type,
                object_id__in=waiting,
            )
            .exclude(actor=None)
            .values_list("actor", flat=True)
            .distinct()
        )
        waiting = [pk for pk in actors if pk not in seen]
        seen.update(waiting)
        found.update(waiting)
    return found


def granted_by(user):
    """Who last gave `user` the reviewer role in the admin (None if nobody on record did)."""
    event = (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.ROLE_GRANTED,
            content_type=ContentType.objects.get_for_model(user),
            object_id=user.pk,
            detail=REVIEWER_ROLE,
        )
        .order_by("-at", "-pk")
        .first()
    )
    return event.actor if event is not None else None


def on_record(user):
    """Whether the audit log or a version names `user`: as who acted or whose roles changed, or
    as who wrote, submitted, decided or published a version. Such an account is deactivated,
    never deleted: deleting it would blank its name in the chain of who appointed whom
    (`appointers`) and among a version's writers, and so reopen the two-person rule."""
    user_type = ContentType.objects.get_for_model(get_user_model())
    logged = AuditEvent.objects.filter(
        Q(actor=user) | Q(content_type=user_type, object_id=user.pk)
    ).exists()
    return (
        logged
        or Revision.objects.filter(
            Q(created_by=user) | Q(submitted_by=user) | Q(decided_by=user) | Q(published_by=user)
        ).exists()
    )
