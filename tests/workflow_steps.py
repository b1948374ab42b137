"""Taking a pending version live in tests, through the same workflow editors use."""

from publishing import workflow


def publish_pending(item, reviewer, change_note="Checked and published in a test"):
    """Submit (as its author), approve and publish (as `reviewer`) the item's pending version.
    Returns the item as readers now see it."""
    draft = workflow.pending(item)
    assert draft is not None, f"{item} has no pending version to publish"
    if draft.status == draft.Status.DRAFT:
        workflow.submit(draft, draft.created_by or reviewer, change_note)
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
