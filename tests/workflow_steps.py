"""Taking a pending version live in tests, through the same workflow editors use."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from publishing import workflow


def publish_pending(item, reviewer, change_note="Checked and published in a test"):
    """Submit (as its author), approve and publish (as `reviewer`) the item's pending version.
    Returns the item as readers now see it."""
    draft = workflow.pending(item)
    assert draft is not None, f"{item} has no pending version to publish"
    if draft.status == draft.Status.DRAFT:
        workflow.submit(draft, draft.created_by or _author(), change_note)
        draft.refresh_from_db()
    if draft.status == draft.Status.IN_REVIEW:
        workflow.approve(draft, reviewer)
        draft.refresh_from_db()
    workflow.publish(draft, reviewer, change_note=change_note)
    return type(item)._default_manager.get(pk=item.pk)


def pending_version(item):
    """An unsaved copy of `item` as its pending (not yet published) version has it: what an
    editor's last save holds, while readers still see the item's row."""
    from publishing.content import as_instance

    draft = workflow.pending(item)
    assert draft is not None, f"{item} has no pending version"
    return as_instance(draft)


def _author():
    """The person a version saved without one (by a shell or a data load) is submitted as: not
    the reviewer, who may not approve a change note they wrote."""
    author, created = get_user_model().objects.get_or_create(
        username="test-author", defaults={"is_staff": True, "first_name": "Tess"}
    )
    if created:
        author.groups.add(Group.objects.get(name="Editor"))
    return author
