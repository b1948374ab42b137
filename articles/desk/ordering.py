"""The order of causes, steps and aftercare notes: the admin's "Move up" and "Move down" buttons
and actions (articles.desk.reorder) and sortable2's drag and drop (articles.desk.sortable) all
change it here, and only here.

Every moved item is saved on its own, never with a bulk update: the audit log says who moved
it from where to where and how to put it back (readers see the new order at once; the item's
History page lists its moves from there, since a move is no new version of its text), and its
post_save signal marks the public pages stale (delivery.page_cache).

A reorder changes no words, so it does not wait for clinical review. What protects readers
instead, for a routine (a model with `is_routine`: the massage steps, which "Start the routine"
walks through in order):

- The first step stays first. No step may pass above the step readers now start with (the first
  published one), which is the same as saying that step cannot move down. A reorder that would
  do it raises ReorderRefused, with a message for the editor naming the step, and nothing moves:
  the rule is checked on the whole new order before anything is saved, in one transaction.
  (Reproduced: a drag made "Find the knots" step 1, so the routine skipped getting the leg ready
  and checking it is safe.) Changing the first step is a change of words: edit the steps and
  send them for clinical review.
- Every clinical reviewer is told: once the reorder commits, each gets one email with the
  routine's new order, who changed it and a link to the list (publishing.notifications).

Causes and aftercare notes are lists, not routines: nobody follows them top to bottom as a
sequence of things to do to their leg, an urgent cause is marked urgent by its own page and card
wherever it sits, and a caution is marked by its own box. Their order is free, audited and
undoable, like any reorder.
"""

from django.db import transaction
from django.urls import reverse

from publishing import audit, notifications
from publishing.models import AuditEvent


class ReorderRefused(Exception):
    """A reorder the rules above forbid; str() is the message for the editor."""


def move_one_place(model, selected_pks, step, user=None):
    """Move the selected items up (`step` -1) or down (+1) one place; return how many items moved.

    Each selected item swaps with its unselected neighbour, so a block of selected items moves
    together and an item already at the end stays put. The existing position numbers are reused
    in their order, so gaps and the numbers of unmoved items are kept. Raises ReorderRefused, and
    moves nothing, if the new order breaks the routine's rule.
    """
    selected = set(selected_pks)
    with transaction.atomic():
        items = list(model.objects.select_for_update().order_by("position", "pk"))
        before = list(items)
        numbers = [item.position for item in items]
        # Walk from the end the items move towards, so a selected block moves as one.
        indexes = range(len(items)) if step < 0 else range(len(items) - 1, -1, -1)
        for index in indexes:
            neighbour = index + step
            if items[index].pk in selected and 0 <= neighbour < len(items):
                if items[neighbour].pk not in selected:
                    items[index], items[neighbour] = items[neighbour], items[index]
        new_positions = {item.pk: number for item, number in zip(items, numbers, strict=True)}
        return _reorder(model, before, new_positions, user)


def set_positions(queryset, new_positions, user=None):
    """Give items the positions a drag and drop asked for: `new_positions` holds
    [primary key, position] pairs (as sortable2's script sends them, numbers or strings).
    Only items in `queryset` can be moved (KeyError otherwise). Return how many items moved;
    raises ReorderRefused, and moves nothing, if the new order breaks the routine's rule."""
    model = queryset.model
    with transaction.atomic():
        asked = queryset.select_for_update().in_bulk([int(pk) for pk, _ in new_positions])
        wanted = {asked[int(pk)].pk: int(position) for pk, position in new_positions}
        before = list(model.objects.select_for_update().order_by("position", "pk"))
        return _reorder(model, before, wanted, user)


def first_step_passed(before, after):
    """The step readers start with, if `after` (a new order of `before`'s items) puts another
    step above it; else None.

    That step is the first published one in `before` (drafts are not shown; with none published,
    the first). Steps already above it (a draft added at the top, which goes through review
    before readers see it) may stay there; no other step may join them.
    """
    if not before:
        return None
    first = next((item for item in before if item.is_published), before[0])
    above_before = {item.pk for item in before[: before.index(first)]}
    above_after = {item.pk for item in after[: [i.pk for i in after].index(first.pk)]}
    return first if above_after - above_before else None


def _refusal(first):
    """The editor's message, naming the step readers start with."""
    return ReorderRefused(
        f"“{first}” stays step 1: the routine starts by getting the leg ready, and every step "
        "page checks it is safe first. To change the first step, edit the steps and send the "
        "change for clinical review."
    )


def _reorder(model, before, new_positions, user):
    """Check the new order, then save each moved item (in the caller's transaction).

    `before` is every item of `model` in its current order; `new_positions` maps primary keys
    to the positions asked for (items not in it keep theirs)."""
    old = {item.pk: item.position for item in before}
    new = {pk: new_positions.get(pk, position) for pk, position in old.items()}
    moved = [item for item in before if new[item.pk] != old[item.pk]]
    if not moved:
        return 0
    after = sorted(before, key=lambda item: (new[item.pk], item.pk))
    if model.is_routine:
        first = first_step_passed(before, after)
        if first is not None:
            raise _refusal(first)
    for item in moved:
        item.position = new[item.pk]
        item.save(update_fields=["position"])
        detail = (
            f"Position {old[item.pk]} → {new[item.pk]}. To undo, move it back to position "
            f"{old[item.pk]} (“Undo” beside the message just after the move, or drag it, or "
            "“Move up” and “Move down” in the list)."
        )
        audit.record(user, AuditEvent.Action.REORDERED, item=item, detail=detail)
    if model.is_routine:
        lines = _routine_lines(before, after)
        address = _list_address(model)
        # After the commit, so a refused or rolled-back reorder tells nobody.
        transaction.on_commit(
            lambda: notifications.order_changed(model, user, lines, address), robust=True
        )
    return len(moved)


def _routine_lines(before, after):
    """The new order as readers number it (drafts unnumbered), saying where a step moved from."""
    old_numbers = _reader_numbers(before)
    new_numbers = _reader_numbers(after)
    lines = []
    for item in after:
        number = new_numbers.get(item.pk)
        if number is None:
            lines.append(f"-  {item} (a draft: readers do not see it)")
        elif old_numbers[item.pk] != number:
            lines.append(f"{number}. {item} (was step {old_numbers[item.pk]})")
        else:
            lines.append(f"{number}. {item}")
    return lines


def _reader_numbers(items):
    published = [item for item in items if item.is_published]
    return {item.pk: number for number, item in enumerate(published, start=1)}


def _list_address(model):
    opts = model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return notifications.site_address() + path
