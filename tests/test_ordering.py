"""Reordering steps, causes and notes: drag and drop in the list (django-admin-sortable2), and
for keyboard users the "Move up" and "Move down" actions in the list and the position box in the
add form (the change form has none: the order is not part of a draft version, see
publishing.content); order is saved in `position` at once, every move is in the audit log and on the
item's History page, and the public pages follow at once."""

import json

import adminsortable2
import pytest
from adminsortable2.admin import SortableAdminMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured

from articles.desk.ordering import move_one_place, set_positions
from articles.desk.sortable import check_sortable2
from articles.models import Cause, MassageStep
from publishing.models import AuditEvent
from tools.admin_forms import admin_url, change_form_data, form_data, save_in_admin


def last_move(item):
    """The audit log's entry for the item's latest move in the order."""
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.REORDERED,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
    ).first()


pytestmark = pytest.mark.django_db

SORT_URL = "/admin/articles/massagestep/adminsortable2_update/"


def step_order():
    return list(MassageStep.objects.values_list("slug", flat=True))


def drag(client, moves):
    """What sortable2's script sends after a drop: [primary key, new position] per moved row."""
    return client.post(
        SORT_URL, json.dumps({"updatedItems": moves}), content_type="application/json"
    )


@pytest.mark.parametrize("model", ["cause", "massagestep", "aftercarenote"])
def test_change_lists_have_drag_handles(editor_client, model):
    html = editor_client.get(f"/admin/articles/{model}/").content.decode()
    assert 'class="drag handle"' in html
    assert "adminsortable2" in html
    assert "Reorder" in html


def test_dragging_a_step_saves_the_new_order_and_the_site_follows(editor_client, reader, text):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    bare = MassageStep.objects.get(slug="bare-the-leg")
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    # "Knead the calf" dragged from third to first: rows 1-3 get positions 1, 2, 3.
    response = drag(editor_client, [[knead.pk, 1], [bare.pk, 2], [stroke.pk, 3]])
    assert response.status_code == 200
    assert step_order()[:3] == ["knead-the-calf", "bare-the-leg", "stroke-upward-from-the-ankle"]
    assert "Step 1 of 6" in text(reader.get("/massage/knead-the-calf/"))


def test_a_drag_is_recorded_in_history_with_who_moved_it(editor_client, editor, text):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    bare = MassageStep.objects.get(slug="bare-the-leg")
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    drag(editor_client, [[knead.pk, 1], [bare.pk, 2], [stroke.pk, 3]])
    knead.refresh_from_db()
    latest = last_move(knead)
    assert (latest.detail, latest.actor) == ("Position 3 → 1", editor)
    assert knead.version == 2, "a move counts as a change of the row"
    reading = text(editor_client.get(admin_url(knead, "history")))
    assert "Position: moved from 3 to 1." in reading and "by Dana Editor." in reading


def test_a_form_opened_before_a_move_neither_conflicts_nor_undoes_it(
    editor_client, reader, text, publish
):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    bare = MassageStep.objects.get(slug="bare-the-leg")
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    opened = change_form_data(editor_client, knead)
    drag(editor_client, [[knead.pk, 1], [bare.pk, 2], [stroke.pk, 3]])
    response = save_in_admin(editor_client, knead, opened, instruction="Knead gently.")
    assert response.status_code == 302, "the order is not in the form, so it cannot clash"
    publish(knead)
    assert step_order()[0] == "knead-the-calf"
    assert "Step 1 of 6" in text(reader.get("/massage/knead-the-calf/"))


def test_readers_and_staff_without_change_permission_cannot_reorder(client, django_user_model):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    assert drag(client, [[knead.pk, 1]]).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("temp", password="pw", is_staff=True))
    assert drag(client, [[knead.pk, 1]]).status_code == 403
    assert step_order()[2] == "knead-the-calf"


def move(client, action, *slugs):
    ids = list(MassageStep.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    return client.post(
        "/admin/articles/massagestep/", {"action": action, "_selected_action": ids}, follow=True
    )


def test_move_up_action_is_a_keyboard_way_to_reorder(editor_client, text):
    response = move(editor_client, "move_up", "knead-the-calf")
    assert "Moved 1 massage step up one place." in text(response)
    assert step_order()[:3] == ["bare-the-leg", "knead-the-calf", "stroke-upward-from-the-ankle"]
    assert sorted(MassageStep.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_move_down_moves_several_selected_together(editor_client):
    move(editor_client, "move_down", "bare-the-leg", "stroke-upward-from-the-ankle")
    assert step_order()[:3] == ["knead-the-calf", "bare-the-leg", "stroke-upward-from-the-ankle"]


def test_moving_the_first_step_up_says_nothing_moved(editor_client, text):
    response = move(editor_client, "move_up", "bare-the-leg")
    assert "Nothing moved: already at the top." in text(response)
    assert step_order()[0] == "bare-the-leg"


def test_the_add_form_has_a_position_box_for_keyboard_users(editor_client):
    response = editor_client.get("/admin/articles/massagestep/add/")
    assert response.status_code == 200
    assert form_data(response, "massagestep_form")["position"] == "7", "a new step goes last"
    assert 'for="id_position">Position:</label>' in response.content.decode()


def test_the_change_form_has_no_position_box_and_the_list_has_move_actions(editor_client):
    data = change_form_data(editor_client, MassageStep.objects.get(slug="knead-the-calf"))
    assert "position" not in data, "an item's place is changed in the list, saved at once"
    html = editor_client.get("/admin/articles/massagestep/").content.decode()
    assert '<option value="move_up">' in html
    assert '<option value="move_down">' in html


def test_a_step_added_with_a_position_goes_there_once_published(
    editor_client, reader, text, publish
):
    data = form_data(editor_client.get("/admin/articles/massagestep/add/"), "massagestep_form")
    data.update(
        title="Warm the calf",
        slug="warm-the-calf",
        summary="Warm it first.",
        instruction="Rub your hands together, then hold the calf.",
        position="0",  # before "Bare the leg" (1): positions are unique
        is_published="on",
    )
    assert editor_client.post("/admin/articles/massagestep/add/", data).status_code == 302
    step = MassageStep.objects.get(slug="warm-the-calf")
    assert step.is_published is False, "a new step starts off the site"
    assert reader.get("/massage/warm-the-calf/").status_code == 404
    publish(step)
    assert step_order()[0] == "warm-the-calf"
    assert "Step 1 of 7" in text(reader.get("/massage/warm-the-calf/"))


def test_causes_reorder_the_same_way(editor_client, reader, text):
    dvt = Cause.objects.get(slug="deep-vein-thrombosis")
    response = editor_client.post(
        "/admin/articles/cause/",
        {"action": "move_up", "_selected_action": [dvt.pk]},
        follow=True,
    )
    assert "Moved 1 cause up one place." in text(response)
    reading = text(reader.get("/causes/"))
    assert reading.index("Deep vein thrombosis (DVT)") < reading.index("Charley horse")


def test_drag_and_drop_is_offered_on_the_whole_list_only(editor_client):
    whole = editor_client.get("/admin/articles/massagestep/").content.decode()
    filtered = editor_client.get("/admin/articles/massagestep/", {"is_published__exact": "1"})
    searched = editor_client.get("/admin/articles/massagestep/", {"q": "calf"})
    assert 'class="drag handle"' in whole
    assert 'class="drag handle"' not in filtered.content.decode()
    assert 'class="drag handle"' not in searched.content.decode()


def test_an_old_position_clash_does_not_hold_up_an_unrelated_edit(editor_client):
    MassageStep.objects.filter(slug="find-the-knots").update(position=3)
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = save_in_admin(editor_client, step, instruction="Knead gently.")
    assert response.status_code == 302


# articles.desk.ordering, called directly.


def test_move_one_place_swaps_with_the_unselected_neighbour_and_keeps_the_numbers():
    MassageStep.objects.filter(slug="bare-the-leg").update(position=0)  # a gap at the top
    knead = MassageStep.objects.get(slug="knead-the-calf")
    assert move_one_place(MassageStep, {knead.pk}, -1) == 2
    assert step_order()[:3] == ["bare-the-leg", "knead-the-calf", "stroke-upward-from-the-ankle"]
    assert list(MassageStep.objects.values_list("position", flat=True)) == [0, 2, 3, 4, 5, 6]


def test_move_one_place_moves_a_selected_block_together():
    first, second = MassageStep.objects.all()[:2]
    assert move_one_place(MassageStep, {first.pk, second.pk}, +1) == 3
    assert step_order()[1:3] == [first.slug, second.slug]


def test_move_one_place_at_the_end_moves_nothing_and_saves_nothing():
    last = MassageStep.objects.last()
    assert move_one_place(MassageStep, {last.pk}, +1) == 0
    last.refresh_from_db()
    assert last.version == 1


def test_set_positions_saves_each_moved_item_so_its_history_and_version_follow():
    knead = MassageStep.objects.get(slug="knead-the-calf")
    bare = MassageStep.objects.get(slug="bare-the-leg")
    moved = set_positions(MassageStep.objects.all(), [[str(knead.pk), "1"], [bare.pk, 3]])
    assert moved == 2
    knead.refresh_from_db()
    assert (knead.position, knead.version, last_move(knead).detail) == (1, 2, "Position 3 → 1")


def test_set_positions_cannot_move_items_outside_the_queryset():
    knead = MassageStep.objects.get(slug="knead-the-calf")
    with pytest.raises(KeyError):
        set_positions(MassageStep.objects.exclude(pk=knead.pk), [[knead.pk, 1]])
    assert step_order()[2] == "knead-the-calf"


# articles.desk.sortable: an upgrade of django-admin-sortable2 breaks in one place, clearly.


def test_the_installed_sortable2_has_what_the_adapter_overrides():
    check_sortable2()


def test_a_sortable2_that_changed_a_method_the_adapter_overrides_is_refused():
    class Reshaped(SortableAdminMixin):
        def _update_order(self, request, updated_items, extra_model_filters):
            pass

    with pytest.raises(ImproperlyConfigured) as error:
        check_sortable2(Reshaped)
    message = str(error.value)
    assert f"django-admin-sortable2 {adminsortable2.__version__} is installed" in message
    assert "_update_order(self, request, updated_items, extra_model_filters)" in message


def test_a_sortable2_that_no_longer_calls_the_overridden_method_is_refused():
    class BulkOnly(SortableAdminMixin):
        def update_order(self, request):
            return self.model.objects.bulk_update([], ["position"])

    with pytest.raises(ImproperlyConfigured, match="update_order\\(\\) no longer uses"):
        check_sortable2(BulkOnly)


def test_every_reorder_is_in_the_audit_log_with_who_moved_what_where(editor_client, editor):
    """Reproduced: one Editor's drag changed the routine's order for readers at once, unlogged."""
    from publishing.models import AuditEvent

    knead = MassageStep.objects.get(slug="knead-the-calf")
    bare = MassageStep.objects.get(slug="bare-the-leg")
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    drag(editor_client, [[knead.pk, 1], [bare.pk, 2], [stroke.pk, 3]])
    move(editor_client, "move_down", "knead-the-calf")
    logged = AuditEvent.objects.filter(action=AuditEvent.Action.REORDERED).order_by("at", "pk")
    assert [(event.item_label, event.actor, event.detail) for event in logged] == [
        ("Knead the calf", editor, "Position 3 → 1"),
        ("Bare the leg and sit down", editor, "Position 1 → 2"),
        ("Stroke upward from the ankle", editor, "Position 2 → 3"),
        ("Bare the leg and sit down", editor, "Position 2 → 1"),
        ("Knead the calf", editor, "Position 1 → 2"),
    ]
