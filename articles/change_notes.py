"""What changed: the change notes of published versions (publishing.Revision), newest first,
for the items a page shows, and for the whole site at /changes/ and its Atom feed."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from publishing.models import Revision

PER_PAGE = 3


def published_notes():
    return (
        Revision.objects.filter(status=Revision.Status.PUBLISHED)
        .exclude(change_note="")
        .exclude(published_at=None)
        .order_by("-published_at", "-pk")
    )


def recent(items, limit=PER_PAGE):
    """The latest change notes of these items: one query, whatever the page shows."""
    by_type = {}
    for item in items:
        if item is not None and item.pk is not None:
            by_type.setdefault(ContentType.objects.get_for_model(item).pk, set()).add(item.pk)
    if not by_type:
        return []
    about = Q()
    for type_id, ids in by_type.items():
        about |= Q(content_type_id=type_id, object_id__in=ids)
    return list(published_notes().filter(about)[:limit])


def live_address(change):
    """Where readers find what `change` changed now; None when it is not on the site."""
    model = change.content_type.model_class()
    item = model._default_manager.filter(pk=change.object_id).first() if model else None
    if item is None or not getattr(item, "is_published", True):
        return None
    return item.get_absolute_url()
