"""Clinical notes shown beside the items they complete, fetched for a whole page at once: two
queries, however many items and notes the page shows.

Readers see a note only when a clinical reviewer approved the version of it that is live, and
the note says who and when ("Approved by a physiotherapist, 3 March 2027"), from that version's
record (publishing.Revision). A note nobody clinical has seen is the publisher's words, not a
"clinical note": it reaches readers only once a reviewer approves it (shared/health/red-flags.md,
"Honesty about checking"). Staff previews show every note, with what readers get.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from articles.desk.reviews import Reviewer, reviewers
from articles.models import ClinicalNote
from publishing.models import Revision


@dataclass(frozen=True)
class Approval:
    reviewer: Reviewer
    on: date


def approvals(notes):
    """{note pk: Approval} for each note whose live version a clinical reviewer approved (a
    version published without review, or never reviewed, has none). One query for the versions,
    one per reviewer."""
    if not notes:
        return {}
    live = {}
    versions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(ClinicalNote),
        object_id__in=[note.pk for note in notes],
        status=Revision.Status.PUBLISHED,
    ).order_by("object_id", "-number")
    for version in versions.only(
        "object_id", "reviewed_by", "reviewed_on", "published_without_review"
    ):
        live.setdefault(version.object_id, version)
    reviewed = {
        pk: version
        for pk, version in live.items()
        if version.reviewed_by_id and version.reviewed_on and not version.published_without_review
    }
    # Usually one reviewer; a query each (articles.desk.reviews names them as the footer does).
    by_user = {
        user_id: reviewers([user_id])[0]
        for user_id in {version.reviewed_by_id for version in reviewed.values()}
    }
    return {
        pk: Approval(by_user[version.reviewed_by_id], version.reviewed_on)
        for pk, version in reviewed.items()
    }


def attach(items, drafts_too=False):
    """Give each item a `clinical_notes` list in order: for readers, published notes a clinical
    reviewer approved; for staff (`drafts_too`), every note, each with its `approval` or None.
    Returns every note attached, for the page's review date and change notes."""
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
    notes = list(notes.order_by("position", "pk"))
    approved = approvals(notes)
    index = {(ContentType.objects.get_for_model(item).pk, item.pk): item for item in items}
    attached = []
    for note in notes:
        note.approval = approved.get(note.pk)
        if note.approval is None and not drafts_too:
            continue
        item = index.get((note.about_type_id, note.about_id))
        if item is not None:
            item.clinical_notes.append(note)
            attached.append(note)
    return attached
