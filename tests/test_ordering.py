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
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    # "Knead the calf" dragged from third to second: rows 2-3 get positions 2, 3.
    response = drag(editor_client, [[knead.pk, 2], [stroke.pk, 3]])
    assert response.status_code == 200
    assert step_order()[:3] == ["bare-the-leg", "knead-the-calf", "stroke-upward-from-the-ankle"]
    assert "Step 2 of 6" in text(reader.get("/massage/knead-the-calf/"))


def test_a_drag_is_recorded_in_history_with_who_moved_it(editor_client, editor, text):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    drag(editor_client, [[knead.pk, 2], [stroke.pk, 3]])
    knead.refresh_from_db()
    latest = last_move(knead)
    assert (latest.detail.split(".")[0], latest.actor) == ("Position 3 → 2", editor)
    assert knead.version == 2, "a move counts as a change of the row"
    reading = text(editor_client.get(admin_url(knead, "history")))
    assert "Position: moved from 3 to 2." in reading and "by Dana Editor." in reading


def test_a_form_opened_before_a_move_neither_conflicts_nor_undoes_it(
    editor_client, reader, text, publish
):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    opened = change_form_data(editor_client, knead)
    drag(editor_client, [[knead.pk, 2], [stroke.pk, 3]])
    response = save_in_admin(editor_client, knead, opened, instruction="Knead gently.")
    assert response.status_code == 302, "the order is not in the form, so it cannot clash"
    publish(knead)
    assert step_order()[1] == "knead-the-calf"
    assert "Step 2 of 6" in text(reader.get("/massage/knead-the-calf/"))


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
    move(editor_client, "move_down", "stroke-upward-from-the-ankle", "knead-the-calf")
    assert step_order()[:4] == [
        "bare-the-leg",
        "shake-out-the-calf",
        "stroke-upward-from-the-ankle",
        "knead-the-calf",
    ]


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
    assert reading.index("Deep vein thrombosis (DVT)") < reading.index("Leg cramp (charley horse)")


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
    second, third = MassageStep.objects.all()[1:3]
    assert move_one_place(MassageStep, {second.pk, third.pk}, +1) == 3
    assert step_order()[2:4] == [second.slug, third.slug]


def test_move_one_place_at_the_end_moves_nothing_and_saves_nothing():
    last = MassageStep.objects.last()
    assert move_one_place(MassageStep, {last.pk}, +1) == 0
    last.refresh_from_db()
    assert last.version == 1


def test_set_positions_saves_each_moved_item_so_its_history_and_version_follow():
    knead = MassageStep.objects.get(slug="knead-the-calf")
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    moved = set_positions(MassageStep.objects.all(), [[str(knead.pk), "2"], [stroke.pk, 3]])
    assert moved == 2
    knead.refresh_from_db()
    assert (knead.position, knead.version, last_move(knead).detail.split(".")[0]) == (
        2,
        2,
        "Position 3 → 2",
    )


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
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    shake = MassageStep.objects.get(slug="shake-out-the-calf")
    drag(editor_client, [[shake.pk, 2], [stroke.pk, 3], [knead.pk, 4]])
    move(editor_client, "move_down", "shake-out-the-calf")
    logged = AuditEvent.objects.filter(action=AuditEvent.Action.REORDERED).order_by("at", "pk")
    assert [(event.item_label, event.actor, event.detail.split(".")[0]) for event in logged] == [
        ("Stroke upward from the ankle", editor, "Position 2 → 3"),
        ("Knead the calf", editor, "Position 3 → 4"),
        ("Shake out the calf", editor, "Position 4 → 2"),
        ("Shake out the calf", editor, "Position 2 → 3"),
        ("Stroke upward from the ankle", editor, "Position 3 → 2"),
    ]
    assert logged[0].detail == (
        "Position 2 → 3. To undo, move it back to position 2 (“Undo” beside the message just "
        "after the move, or drag it, or “Move up” and “Move down” in the list)."
    )


# The routine's rule (issue 22): the first step stays first, and clinical reviewers are told of
# every reorder. Reproduced: one Editor's drag made "Find the knots" step 1, so "Start the
# routine" skipped getting the leg ready and checking it is safe, live at once.

FIRST_STAYS = (
    "“Bare the leg and sit down” stays step 1: the routine starts by getting the leg ready, and "
    "every step page checks it is safe first. To change the first step, edit the steps and send "
    "the change for clinical review."
)


def steps(*slugs):
    found = MassageStep.objects.in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs]


def nothing_changed(before):
    from publishing.models import AuditEvent

    versions = dict(MassageStep.objects.values_list("slug", "version"))
    logged = AuditEvent.objects.filter(action=AuditEvent.Action.REORDERED).exists()
    return step_order() == before and versions == STARTING_VERSIONS and not logged


# A fresh install's steps: the seed's version 1, and version 2 where content/corrected/ fixed it.
STARTING_VERSIONS = {
    "bare-the-leg": 1,
    "stroke-upward-from-the-ankle": 2,
    "knead-the-calf": 1,
    "shake-out-the-calf": 1,
    "find-the-knots": 1,
    "work-the-sore-spots": 1,
}


def test_the_reproduced_drag_that_put_find_the_knots_first_is_refused_and_nothing_moves(
    editor_client, reader, text, make_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    make_reviewer()
    before = step_order()
    knots, bare, stroke, knead, shake = steps(
        "find-the-knots",
        "bare-the-leg",
        "stroke-upward-from-the-ankle",
        "knead-the-calf",
        "shake-out-the-calf",
    )
    # What sortable2's script sends when row 5 is dropped on row 1: rows 1-5 renumbered.
    with django_capture_on_commit_callbacks(execute=True):
        response = drag(
            editor_client,
            [[knots.pk, 1], [bare.pk, 2], [stroke.pk, 3], [knead.pk, 4], [shake.pk, 5]],
        )
    assert response.status_code == 409
    answer = response.json()
    assert answer["error"] == FIRST_STAYS
    assert [pk for pk, _ in answer["order"]] == [step.pk for step in MassageStep.objects.all()], (
        "the saved order, for the script to put the rows back"
    )
    assert "X-Undo-Url" not in response
    assert nothing_changed(before)
    assert mailoutbox == []
    assert "Step 1 of 6" in text(reader.get("/massage/bare-the-leg/"))


def test_a_crafted_drop_that_only_moves_the_first_step_down_is_refused(editor_client):
    before = step_order()
    (bare,) = steps("bare-the-leg")
    response = drag(editor_client, [[bare.pk, 9]])
    assert (response.status_code, response.json()["error"]) == (409, FIRST_STAYS)
    assert nothing_changed(before)


@pytest.mark.parametrize(
    "action, slugs",
    [
        ("move_up", ["stroke-upward-from-the-ankle"]),
        ("move_down", ["bare-the-leg"]),
        # All or nothing: the other selected steps do not move either.
        ("move_down", ["bare-the-leg", "find-the-knots"]),
        ("move_up", ["stroke-upward-from-the-ankle", "find-the-knots"]),
    ],
)
def test_the_move_actions_cannot_move_a_step_above_the_first_or_the_first_down(
    editor_client, text, action, slugs
):
    before = step_order()
    response = move(editor_client, action, *slugs)
    assert FIRST_STAYS in text(response)
    assert "Moved" not in text(response)
    assert nothing_changed(before)


def test_a_draft_step_cannot_be_put_above_the_first_step_either(editor_client):
    MassageStep.objects.filter(slug="shake-out-the-calf").update(is_published=False)
    before = step_order()
    (shake,) = steps("shake-out-the-calf")
    assert drag(editor_client, [[shake.pk, 0]]).status_code == 409
    assert step_order() == before


def test_the_step_readers_start_with_is_the_one_kept_first_when_a_draft_sits_above_it(
    editor_client,
):
    # A step added at the top starts as a draft, and reaches readers only through review.
    MassageStep.objects.filter(slug="shake-out-the-calf").update(position=0, is_published=False)
    (bare, stroke) = steps("bare-the-leg", "stroke-upward-from-the-ankle")
    assert drag(editor_client, [[stroke.pk, 1], [bare.pk, 2]]).status_code == 409
    assert step_order()[:3] == [
        "shake-out-the-calf",
        "bare-the-leg",
        "stroke-upward-from-the-ankle",
    ]


def test_set_positions_and_move_one_place_refuse_the_same_way_when_called_directly():
    from articles.desk.ordering import ReorderRefused

    before = step_order()
    knots, bare = steps("find-the-knots", "bare-the-leg")
    with pytest.raises(ReorderRefused, match="stays step 1"):
        set_positions(MassageStep.objects.all(), [[knots.pk, 1], [bare.pk, 5]])
    with pytest.raises(ReorderRefused, match="stays step 1"):
        move_one_place(MassageStep, {bare.pk}, +1)
    assert nothing_changed(before)


def test_reorders_of_steps_2_to_6_still_work_are_audited_and_emailed_to_each_reviewer(
    editor_client, make_reviewer, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from publishing.models import AuditEvent

    settings.SITE_URL = "https://calfcare.example"
    make_reviewer("rhea")
    make_reviewer("ravi", "Ravi")
    away = make_reviewer("gone", "Gone")
    away.is_active = False
    away.save()
    stroke, knead, shake, knots, work = steps(
        "stroke-upward-from-the-ankle",
        "knead-the-calf",
        "shake-out-the-calf",
        "find-the-knots",
        "work-the-sore-spots",
    )
    # "Work the sore spots" dropped from row 6 on row 2: rows 2-6 renumbered.
    with django_capture_on_commit_callbacks(execute=True):
        response = drag(
            editor_client,
            [[work.pk, 2], [stroke.pk, 3], [knead.pk, 4], [shake.pk, 5], [knots.pk, 6]],
        )
    assert response.status_code == 200
    assert step_order() == [
        "bare-the-leg",
        "work-the-sore-spots",
        "stroke-upward-from-the-ankle",
        "knead-the-calf",
        "shake-out-the-calf",
        "find-the-knots",
    ]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REORDERED).count() == 5

    assert sorted(message.to[0] for message in mailoutbox) == [
        "ravi@example.org",
        "rhea@example.org",
    ], "one email to each active clinical reviewer"
    email = mailoutbox[0]
    assert email.subject == "Reordered: the massage steps"
    assert "Dana Editor has changed the order of the massage steps." in email.body
    assert (
        "1. Bare the leg and sit down\n"
        "2. Work the sore spots with your fist (was step 6)\n"
        "3. Stroke upward from the ankle (was step 2)\n"
        "4. Knead the calf (was step 3)\n"
        "5. Shake out the calf (was step 4)\n"
        "6. Find the knots (was step 5)\n"
    ) in email.body
    assert (
        "If the order is wrong, move the steps back in the list (each move is in the audit log, "
        "with where it was) and tell Dana Editor:\n"
        "https://calfcare.example/admin/articles/massagestep/\n"
    ) in email.body

    with django_capture_on_commit_callbacks(execute=True):
        move(editor_client, "move_up", "knead-the-calf")
    assert len(mailoutbox) == 4, "a keyboard move is a reorder too"
    assert "3. Knead the calf (was step 4)" in mailoutbox[-1].body


def test_causes_and_aftercare_notes_are_lists_not_a_routine_their_order_is_free(
    editor_client, make_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    make_reviewer()
    first, second = Cause.objects.all()[:2]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/articles/cause/",
            {"action": "move_down", "_selected_action": [first.pk]},
            follow=True,
        )
    assert list(Cause.objects.all()[:2]) == [second, first]
    assert "Moved 1 cause down one place." in response.content.decode()
    assert mailoutbox == []
