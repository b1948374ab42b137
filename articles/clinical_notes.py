"""Clinical notes shown beside the items they correct or complete, fetched for a whole page at
once: one query, however many items and notes the page shows."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from articles.models import ClinicalNote


def attach(items, drafts_too=False):
    """Give each item a `clinical_notes` list (published notes; drafts too for staff), in
    order. Returns every note attached, for the page's review date and change notes."""
    items = [item for item in items if item is not None and item.pk is not None]
    for item in items:
        item.clinical_notes = []
    if not items:
        return []
    by_type = {}
    for item in items:
        by_type.setdefault(ContentType.objects.get_for_model(item).pk, set()).add(item.pk)
    about = Q()
    for type_id, ids in by_type.items():
        about |= Q(about_type_id=type_id, about_id__in=ids)
    notes = ClinicalNote.objects.filter(about)
    if not drafts_too:
        notes = notes.published()
    index = {(ContentType.objects.get_for_model(item).pk, item.pk): item for item in items}
    attached = []
    for note in notes.order_by("position", "pk"):
        item = index.get((note.about_type_id, note.about_id))
        if item is not None:
            item.clinical_notes.append(note)
            attached.append(note)
    return attached
