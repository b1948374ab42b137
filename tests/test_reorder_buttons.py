"""Reordering by keyboard one place at a time ("Move up" / "Move down" on each row of the list),
and undoing a drag and drop (articles/desk/reorder.py)."""

import json
from urllib.parse import unquote

import pytest
from django.test import Client

from articles.models import Cause, MassageStep
from publishing.models import AuditEvent
from tests.test_ordering import STARTING_VERSIONS

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/massagestep/"


def step_order():
    return list(MassageStep.objects.values_list("slug", flat=True))


def knead():
    return MassageStep.objects.get(slug="knead-the-calf")


def move(client, item, direction, **extra):
    return client.post(f"{LIST}{item.pk}/move/{direction}/", **extra)


@pytest.mark.parametrize("model", ["cause", "massagestep", "aftercarenote"])
def test_each_row_has_move_up_and_move_down_buttons_named_after_its_item(editor_client, model):
    html = editor_client.get(f"/admin/articles/{model}/").content.decode()
    first = {"cause": Cause, "massagestep": MassageStep}.get(model)
    assert html.count('class="move-buttons__button"') >= 2 * 2
    assert "admin-extra/reorder.js" in html
    if first is MassageStep:
        assert (
            f'id="move-{knead().pk}-up" formaction="{LIST}{knead().pk}/move/up/" formmethod="post"'
        ) in html
        assert 'Move<span class="visually-hidden"> “Knead the calf”</span> up</button>' in html
        assert 'Move<span class="visually-hidden"> “Knead the calf”</span> down</button>' in html


def test_move_up_moves_the_item_one_place_saves_it_and_says_so(editor_client, editor, text):
    response = move(editor_client, knead(), "up")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}#move-{knead().pk}-up", "focus returns to the button"
    assert step_order()[:3] == ["bare-the-leg", "knead-the-calf", "stroke-upward-from-the-ankle"]
    latest = AuditEvent.objects.filter(action=AuditEvent.Action.REORDERED, object_id=knead().pk)
    latest = latest.first()
    assert (latest.detail.split(".")[0], latest.actor) == ("Position 3 → 2", editor), "logged"
    assert "Moved “Knead the calf” up one place." in text(editor_client.get(LIST))


def test_moving_the_last_item_down_says_nothing_moved(editor_client, text):
    last = MassageStep.objects.order_by("position").last()
    move(editor_client, last, "down")
    assert f"“{last}” is already at the bottom: nothing moved." in text(editor_client.get(LIST))


def test_a_move_goes_back_to_the_filtered_list_it_came_from(editor_client):
    response = move(editor_client, knead(), "down", HTTP_REFERER=f"http://testserver{LIST}?q=calf")
    assert response["Location"] == f"{LIST}?q=calf#move-{knead().pk}-down"


def test_moving_needs_a_signed_in_editor_with_change_permission_and_a_post(
    editor_client, django_user_model
):
    assert move(Client(), knead(), "up").status_code == 302  # to the sign-in page
    assert editor_client.get(f"{LIST}{knead().pk}/move/up/").status_code == 405
    viewer = Client()
    viewer.force_login(django_user_model.objects.create_user("v", password="pw", is_staff=True))
    assert move(viewer, knead(), "up").status_code == 403
    assert viewer.post(f"{LIST}undo-move/").status_code == 403
    assert step_order()[2] == "knead-the-calf"


def test_moving_needs_the_csrf_token(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert move(strict, knead(), "up").status_code == 403
    assert step_order()[2] == "knead-the-calf"


def drag(client, moves):
    return client.post(
        f"{LIST}adminsortable2_update/",
        json.dumps({"updatedItems": moves}),
        content_type="application/json",
    )


def test_a_drag_and_drop_names_the_item_moved_and_can_be_undone(editor_client, text):
    stroke = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    shake = MassageStep.objects.get(slug="shake-out-the-calf")
    knots = MassageStep.objects.get(slug="find-the-knots")
    before = step_order()
    # "Find the knots" dropped from row 5 on row 2 (row 1, the first step, stays first).
    response = drag(editor_client, [[knots.pk, 2], [stroke.pk, 3], [knead().pk, 4], [shake.pk, 5]])
    assert response.status_code == 200
    assert unquote(response["X-Moved-Title"]) == "Find the knots"
    assert response["X-Undo-Url"] == f"{LIST}undo-move/"
    versions = {step.slug: step.version for step in MassageStep.objects.all()}

    undone = editor_client.post(response["X-Undo-Url"], follow=True)
    assert step_order() == before
    reading = text(undone)
    assert "Undone: “Find the knots” and the items around it are back where they were." in reading
    for step in MassageStep.objects.filter(slug__in=before[1:5]):
        assert step.version == versions[step.slug] + 1, "each item is saved, with its log entry"

    again = editor_client.post(f"{LIST}undo-move/", follow=True)
    assert "There is no move to undo" in text(again)
    assert step_order() == before


# The routine's rule (articles/desk/ordering.py): the first step stays first.

FIRST_STAYS = (
    "“Bare the leg and sit down” stays step 1: the routine starts by getting the leg ready, and "
    "every step page checks it is safe first. To change the first step, edit the steps and send "
    "the change for clinical review."
)


def step(slug):
    return MassageStep.objects.get(slug=slug)


@pytest.mark.parametrize(
    "slug, direction", [("stroke-upward-from-the-ankle", "up"), ("bare-the-leg", "down")]
)
def test_a_move_that_would_pass_the_first_step_is_refused_with_a_message_naming_it(
    editor_client, text, slug, direction
):
    from publishing.models import AuditEvent

    before = step_order()
    moved = step(slug)
    response = move(editor_client, moved, direction)
    assert response["Location"] == f"{LIST}#move-{moved.pk}-{direction}", "focus stays put"
    reading = text(editor_client.get(LIST))
    assert FIRST_STAYS in reading
    assert "Moved" not in reading and "Undo" not in reading
    assert step_order() == before
    # No step has a new version: each is still at its fresh install's (tests/test_ordering.py).
    assert dict(MassageStep.objects.values_list("slug", "version")) == STARTING_VERSIONS
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REORDERED).exists()


def test_a_keyboard_move_says_how_to_undo_it_and_undo_puts_it_back(editor_client, text):
    before = step_order()
    move(editor_client, knead(), "down")
    html = editor_client.get(LIST).content.decode()
    assert (
        "Moved “Knead the calf” down one place. "
        '<button type="submit" form="changelist-form" formaction="/admin/articles/massagestep/'
        'undo-move/" formmethod="post" class="button move-status__undo">Undo</button>'
    ) in html, "a button of the list's form, which carries the CSRF token"
    assert step_order()[3] == "knead-the-calf"

    undone = editor_client.post(f"{LIST}undo-move/", follow=True)
    assert "Undone: “Knead the calf” and the items around it are back where they were." in text(
        undone
    )
    assert step_order() == before


def test_an_undo_the_rule_now_refuses_moves_nothing_and_says_why(editor_client, text):
    """An undo is a reorder like any other: it goes through the same rule."""
    stroke = step("stroke-upward-from-the-ankle")
    drag(editor_client, [[knead().pk, 2], [stroke.pk, 3]])
    # Since the drop, "Stroke upward" was put first some other way (a reviewed change).
    MassageStep.objects.filter(slug="stroke-upward-from-the-ankle").update(position=0)
    after = step_order()
    undone = editor_client.post(f"{LIST}undo-move/", follow=True)
    assert "Not undone: “Stroke upward from the ankle” stays step 1" in text(undone)
    assert step_order() == after
