"""What changed: the change notes of published versions (publishing.Revision), newest first,
for the items a page shows, and for the whole site at /changes/ and its Atom feed, each with
what its record says of its clinical review (`review_words`)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.dateformat import format as format_date

from publishing.changes import SignOff, sign_off
from publishing.content import on_the_site
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
    if item is None or not on_the_site(item):
        return None
    return item.get_absolute_url()


def review_words(change):
    """What the record says of this change's clinical review, as one sentence for readers."""
    state = sign_off(change)
    if state == SignOff.APPROVED:
        return "A clinical reviewer approved this change before it went live."
    if state == SignOff.REVIEWED_AFTER:
        day = format_date(change.reviewed_on, "j F Y")
        return f"Published before its clinical review. A clinical reviewer checked it on {day}."
    if state == SignOff.FIRST_VERSION:
        return "Part of the guide as it was first put online. No clinical reviewer has checked it."
    return "Published without a clinical review. No clinical reviewer has checked it yet."
