"""Reordering a list of causes, steps or aftercare notes one place at a time, by keyboard, and
undoing a drag and drop.

- Each row of the change list gets "Move up" and "Move down" buttons: one Tab stop each, named
  after the item for screen readers ("Move “Knead the calf” up"). They submit the change list's
  own form (with its CSRF token) to this module's view, which saves each moved item through
  articles.desk.ordering.move_one_place (audit log and page cache included). Afterwards
  the list opens with focus back on the same button, so pressing Enter again moves it again,
  and the message "Moved “X” up one place." has an Undo button.
- After a drag and drop (sortable2, articles.desk.sortable), the order from before the drop is
  kept in the editor's session and the answer names the item moved; the script
  (static/admin-extra/reorder.js) then shows "Moved “X”. Undo", and Undo posts to this module's
  view, which puts every item back through articles.desk.ordering.set_positions.

A move the routine's rule refuses (articles.desk.ordering: the first step stays first) moves
nothing and says why, naming the step; after a drag the script puts the rows back.

Both views are staff-only (the admin's own view wrapper: signed in, staff, CSRF) and need the
change permission.
"""

from urllib.parse import quote, urlsplit

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles.desk.ordering import ReorderRefused, move_one_place, set_positions

STEPS = {"up": -1, "down": +1}


class ReorderButtonsMixin:
    """For a GuideItem admin: per-row "Move up"/"Move down" buttons and undo after a drop."""

    @property
    def media(self):
        return super().media + forms.Media(js=["admin-extra/reorder.js"])

    def get_list_display(self, request):
        # The buttons go right after the title, where a keyboard user has just read the name.
        columns = list(super().get_list_display(request))
        if self.has_change_permission(request):
            at = columns.index("title") + 1 if "title" in columns else len(columns)
            columns.insert(at, "move_buttons")
        return columns

    @admin.display(description="Move")
    def move_buttons(self, item):
        return format_html(
            '<span class="move-buttons">{}{}</span>',
            self._move_button(item, "up"),
            self._move_button(item, "down"),
        )

    def _move_button(self, item, direction):
        # A button of the change list's form (which carries the CSRF token), sent to the move
        # view: a nested <form> is not allowed inside that form.
        return format_html(
            '<button type="submit" class="move-buttons__button" id="move-{pk}-{direction}" '
            'formaction="{url}" formmethod="post" name="_move" value="{direction}">'
            'Move<span class="visually-hidden"> “{title}”</span> {direction}</button>',
            pk=item.pk,
            direction=direction,
            url=self._url("move_one", item.pk, direction),
            title=item,
        )

    def _url(self, view, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<int:object_id>/move/<str:direction>/",
                self.admin_site.admin_view(require_POST(self.move_one_view)),
                name=f"{name}_move_one",
            ),
            path(
                "undo-move/",
                self.admin_site.admin_view(require_POST(self.undo_move_view)),
                name=f"{name}_undo_move",
            ),
            *super().get_urls(),
        ]

    def move_one_view(self, request, object_id, direction):
        item = self.model.objects.filter(pk=object_id).first()
        if item is None or direction not in STEPS:
            raise Http404("No such item.")
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        before = self._positions()
        try:
            moved = move_one_place(self.model, {item.pk}, STEPS[direction], request.user)
        except ReorderRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self._moved_or_not(request, item, direction, before, moved)
        return HttpResponseRedirect(f"{self._back_to_list(request)}#move-{item.pk}-{direction}")

    def _moved_or_not(self, request, item, direction, before, moved):
        if moved:
            self._keep_for_undo(request, before, str(item))
            # The Undo button belongs to the change list's form (its CSRF token), as the move
            # buttons do; the message sits outside that form, hence form="changelist-form".
            self.message_user(
                request,
                format_html(
                    "Moved “{}” {} one place. "
                    '<button type="submit" form="changelist-form" formaction="{}" '
                    'formmethod="post" class="button move-status__undo">Undo</button>',
                    item,
                    direction,
                    self._url("undo_move"),
                ),
                messages.SUCCESS,
            )
        else:
            end = "top" if direction == "up" else "bottom"
            self.message_user(
                request, f"“{item}” is already at the {end}: nothing moved.", messages.WARNING
            )

    def _back_to_list(self, request):
        """The change list the editor came from, with its filters, or the whole list."""
        changelist = self._url("changelist")
        came_from = request.META.get("HTTP_REFERER", "")
        if came_from and url_has_allowed_host_and_scheme(
            came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(came_from)
            if parts.path == changelist:
                return changelist + (f"?{parts.query}" if parts.query else "")
        return changelist

    # After a drag and drop --------------------------------------------------------------------

    def _undo_key(self):
        return f"undo-move-{self.model._meta.label_lower}"

    def _positions(self):
        return list(self.model.objects.order_by("position", "pk").values_list("pk", "position"))

    def _keep_for_undo(self, request, before, title):
        """Keep the positions the last move changed (one undo per list, the latest move's), and
        return them: [primary key, position before] pairs."""
        after = dict(self.model.objects.values_list("pk", "position"))
        moved = [(pk, position) for pk, position in before if after.get(pk) != position]
        if moved:
            request.session[self._undo_key()] = {"title": title, "positions": moved}
        return moved

    def update_order(self, request):
        """sortable2's view for a drop, keeping the order from before it so it can be undone."""
        before = self._positions()
        response = super().update_order(request)
        if response.status_code != 200 or not self.has_change_permission(request):
            return response
        after = dict(self.model.objects.values_list("pk", "position"))
        moved = [(pk, position) for pk, position in before if after.get(pk) != position]
        if not moved:
            return response
        new_order = sorted(after, key=lambda pk: (after[pk], pk))
        old_order = [pk for pk, _ in before]
        # The item dragged is the one that travelled furthest.
        dragged = max(
            moved, key=lambda pair: abs(new_order.index(pair[0]) - old_order.index(pair[0]))
        )
        title = str(self.model.objects.get(pk=dragged[0]))
        self._keep_for_undo(request, before, title)
        response["X-Moved-Title"] = quote(title)
        response["X-Undo-Url"] = self._url("undo_move")
        return response

    def undo_move_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        kept = request.session.pop(self._undo_key(), None)
        if kept is None:
            self.message_user(
                request,
                "There is no move to undo: it was undone already, or another move came after it.",
                messages.WARNING,
            )
        else:
            # An item deleted since the drop has no place to go back to.
            existing = set(self.model.objects.values_list("pk", flat=True))
            positions = [pair for pair in kept["positions"] if pair[0] in existing]
            try:
                set_positions(self.model.objects.all(), positions, request.user)
            except ReorderRefused as refused:  # the first step changed since, through review
                self.message_user(request, f"Not undone: {refused}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Undone: “{kept['title']}” and the items around it are back where they were.",
                    messages.SUCCESS,
                )
        return HttpResponseRedirect(self._back_to_list(request))
