"""The order of causes, steps and aftercare notes: the admin's "Move up" and "Move down" actions
and sortable2's drag and drop (articles.desk.sortable) both change it here.

Every moved item is saved on its own, never with a bulk update: the audit log says who moved it
from where to where (readers see the new order at once; the item's History page lists its moves
from there, since a move is no new version of its text), and its post_save signal marks the
public pages stale (calfcare.page_cache).
"""

from django.db import transaction

from publishing import audit
from publishing.models import AuditEvent


def move_one_place(model, selected_pks, step, user=None):
    """Move the selected items up (`step` -1) or down (+1) one place; return how many items moved.

    Each selected item swaps with its unselected neighbour, so a block of selected items moves
    together and an item already at the end stays put. The existing position numbers are reused
    in their order, so gaps and the numbers of unmoved items are kept.
    """
    selected = set(selected_pks)
    with transaction.atomic():
        items = list(model.objects.select_for_update().order_by("position", "pk"))
        numbers = [item.position for item in items]
        # Walk from the end the items move towards, so a selected block moves as one.
        indexes = range(len(items)) if step < 0 else range(len(items) - 1, -1, -1)
        for index in indexes:
            neighbour = index + step
            if items[index].pk in selected and 0 <= neighbour < len(items):
                if items[neighbour].pk not in selected:
                    items[index], items[neighbour] = items[neighbour], items[index]
        return _save_positions(zip(items, numbers, strict=True), user)


def set_positions(queryset, new_positions, user=None):
    """Give items the positions a drag and drop asked for: `new_positions` holds
    [primary key, position] pairs (as sortable2's script sends them, numbers or strings).
    Only items in `queryset` can be moved. Return how many items moved."""
    with transaction.atomic():
        items = queryset.in_bulk([int(pk) for pk, _ in new_positions])
        pairs = ((items[int(pk)], int(position)) for pk, position in new_positions)
        return _save_positions(pairs, user)


def _save_positions(items_and_positions, user):
    moved = 0
    for item, position in items_and_positions:
        if item.position != position:
            detail = f"Position {item.position} → {position}"
            item.position = position
            item.save(update_fields=["position"])
            audit.record(user, AuditEvent.Action.REORDERED, item=item, detail=detail)
            moved += 1
    return moved
