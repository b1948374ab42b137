"""Writing the audit log: one call per thing someone did, with who, what and why."""

from django.contrib.contenttypes.models import ContentType

from publishing.models import AuditEvent
from publishing.versions import person


def record(actor, action, *, item=None, revision=None, detail="", actor_name=""):
    """Add one entry. `actor` None means the site itself (a scheduled publication)."""
    if revision is not None and item is None:
        item = revision.item
    label = ""
    if revision is not None:
        label = revision.item_label
    elif item is not None:
        label = str(item)
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=person(actor) if actor is not None else (actor_name or "the site (scheduled)"),
        action=action,
        content_type=ContentType.objects.get_for_model(item) if item is not None else None,
        object_id=item.pk if item is not None else None,
        item_label=label[:200],
        revision_number=revision.number if revision is not None else None,
        detail=detail,
    )
