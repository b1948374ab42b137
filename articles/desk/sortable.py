"""django-admin-sortable2, adapted to the guide: the one module that leans on its private API.

sortable2 gives drag and drop in the admin's lists, but has no public hooks for three things
the guide needs, so `SortableGuideItemMixin` overrides these parts of its `SortableAdminMixin`:

- `_update_order(updated_items, extra_model_filters)`, which its `update_order` view calls
  after a drop. sortable2 writes the new order with one bulk update, which sends no signals and
  writes no audit log; here each moved item is saved (articles.desk.ordering.set_positions).
  A drop that breaks the routine's rule is answered 409 with the editor's message and the saved
  order (sortable2 would answer a bare 400), and static/admin-extra/reorder.js puts the rows
  back and shows the message.
- `save_model(request, obj, form, change)`, which moves every new item last whatever the form
  said. It is skipped: the form already offers the next free position and refuses a taken one.
- `_reorder_`, the drag-handle column, a function `_add_reorder_method` binds to each instance
  and titles after the position field ("position"); it is retitled "Reorder".
- `enable_sorting`, the flag its `get_changelist_instance` sets; it is cleared on a filtered or
  searched list, where a drop would renumber the rows shown without regard to those hidden.

`check_sortable2()` runs when this module is imported (at start-up, when the admin loads): if
an upgrade renames or reshapes any of these, the site refuses to start with an error naming the
installed version, instead of quietly losing the audit log or cache invalidation on every drag.
"""

import inspect
from contextvars import ContextVar

import adminsortable2
from adminsortable2.admin import SortableAdminMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse

from articles.desk.ordering import ReorderRefused, set_positions

# What this adapter relies on: each method's parameters, and a piece of its source that shows
# it still does what is described above.
EXPECTED = {
    "_update_order": (["self", "updated_items", "extra_model_filters"], None),
    "update_order": (["self", "request"], "self._update_order("),
    "save_model": (["self", "request", "obj", "form", "change"], None),
    "_add_reorder_method": (["self"], "_reorder_"),
    "get_changelist_instance": (["self", "request"], "self.enable_sorting"),
}


def check_sortable2(mixin=SortableAdminMixin):
    """Raise ImproperlyConfigured unless sortable2 still has what this adapter overrides."""
    problems = []
    for name, (parameters, source_mentions) in EXPECTED.items():
        method = getattr(mixin, name, None)
        if not callable(method):
            problems.append(f"{name}() is missing")
            continue
        found = list(inspect.signature(method).parameters)
        if found != parameters:
            problems.append(f"{name}({', '.join(found)}) instead of ({', '.join(parameters)})")
        elif source_mentions and source_mentions not in _source(method):
            problems.append(f"{name}() no longer uses {source_mentions.rstrip('(')}")
    if problems:
        raise ImproperlyConfigured(
            f"django-admin-sortable2 {adminsortable2.__version__} is installed, but "
            "articles/desk/sortable.py was written for 2.3: "
            + "; ".join(problems)
            + ". Adapt articles/desk/sortable.py to it, or install the version in requirements."
        )


def _source(method):
    try:
        return inspect.getsource(method)
    except (OSError, TypeError):  # no source shipped: the signature check has to do
        return ""


check_sortable2()


# The drop being handled: who made it, and the refusal if the new order broke a rule.
_drop = ContextVar("drop", default=None)


class SortableGuideItemMixin(SortableAdminMixin):
    """sortable2's drag and drop for a GuideItem admin, saving each move (see above)."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # The drag-handle column is titled after the position field; say what it is for.
        self._reorder_.__func__.short_description = "Reorder"

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Dropping a row in a filtered or searched list would renumber the rows shown without
        # regard to the rows hidden, and could give two items one position: drag and drop is
        # offered on the whole list only (sortable2 greys the handles out).
        if changelist.has_active_filters or changelist.query:
            self.enable_sorting = False
        return changelist

    def save_model(self, request, obj, form, change):
        # Skip sortable2's save_model, which would move every new item last whatever the form
        # said: the form already offers the next free position and refuses a taken one.
        super(SortableAdminMixin, self).save_model(request, obj, form, change)

    def update_order(self, request):
        # Who dropped it, for the audit log: sortable2 passes no request to _update_order, and
        # the admin object is shared by every request, so the person travels in a context var.
        # A refusal travels back the same way: sortable2 turns any exception into a bare 400.
        drop = {"mover": request.user, "refused": None}
        token = _drop.set(drop)
        try:
            response = super().update_order(request)
        finally:
            _drop.reset(token)
        if drop["refused"] is not None:
            return self.refused_drop(drop["refused"])
        return response

    def refused_drop(self, refused):
        """409, with the editor's message and the order as saved, so the script can put the
        rows back where they are (sortable2 has already moved them on the page)."""
        order = list(self.model.objects.order_by("position", "pk").values_list("pk", "position"))
        return JsonResponse({"error": str(refused), "order": order}, status=409)

    def _update_order(self, updated_items, extra_model_filters):
        drop = _drop.get() or {"mover": None, "refused": None}
        try:
            return set_positions(
                self.model.objects.filter(**extra_model_filters), updated_items, drop["mover"]
            )
        except ReorderRefused as refused:
            drop["refused"] = refused
            raise
