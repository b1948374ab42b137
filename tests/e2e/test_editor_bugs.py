"""Issue 13's editor bugs, in a real browser: leaving a changed form asks first, an expired
sign-in keeps the unsaved text to restore, a row moves one place with Tab and Enter, a drag and
drop can be undone; and issue 22's rule, a move above the routine's first step is refused, saying
why. Screenshots of the history page, a conflict and the list with its buttons (and a refused
drag), at phone and desktop width, go to screenshots/ for a person to look over."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from articles.models import MassageStep
from tests.e2e import test_editor_desk
from tests.e2e.test_editor_desk import open_step, sign_in
from tests.workflow_steps import pending_version
from tools.admin_forms import admin_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The same editors with real passwords as the desk's own browser tests.
make_editor_account = test_editor_desk.make_editor_account

LIST = "/admin/articles/massagestep/"
RESTORE = "Restore the text you had not saved"
FIRST_STAYS = (
    "“Bare the leg and sit down” stays step 1: the routine starts by getting the leg ready, and "
    "every step page checks it is safe first. To change the first step, edit the steps and send "
    "the change for clinical review."
)


def step_order():
    return list(MassageStep.objects.values_list("slug", flat=True))


def drag(page, source, target):
    """Drag one row's handle onto another's once the rows have stopped moving: a refused drop
    animates them back, and a drag that starts mid-animation is lost."""
    page.wait_for_function("document.getAnimations().length === 0")
    source.drag_to(target)


def watch_dialogs(page):
    """Every dialog the page raises, accepted (a beforeunload question included)."""
    seen = []

    def answer(dialog):
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    return seen


def test_leaving_a_changed_form_asks_first_and_saving_does_not(
    live_server, desktop_page, make_editor_account
):
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    dialogs = watch_dialogs(page)

    open_step(page, live_server, "knead-the-calf")
    page.goto(live_server.url + LIST)
    assert dialogs == [], "an unchanged form is left without a question"

    open_step(page, live_server, "knead-the-calf")
    page.locator("#id_repetitions").click()
    page.keyboard.type(" slowly")
    page.goto(live_server.url + LIST)
    assert dialogs == ["beforeunload"], "leaving a changed form asks first"

    open_step(page, live_server, "knead-the-calf")
    page.locator("#id_repetitions").click()
    page.keyboard.type(" gently")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version")
    assert dialogs == ["beforeunload"], "pressing Save is not asked about"


def test_an_expired_sign_in_keeps_the_unsaved_text_to_restore(
    live_server, desktop_page, screenshots_dir, make_editor_account
):
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    step = open_step(page, live_server, "knead-the-calf")
    instruction = page.locator("#id_instruction")
    original = instruction.input_value()
    instruction.click()
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.type(" Breathe out as you press.")

    Session.objects.all().delete()  # the sign-in expires while Dana is typing
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label("Username")).to_be_visible()
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()

    # Back on the form: the stored text, and an offer, never a silent restore.
    expect(page).to_have_url(live_server.url + admin_url(step))
    offer = page.get_by_role("status").filter(has_text="not saved")
    expect(offer).to_contain_text("This browser kept changes to this form that were not saved")
    expect(instruction).to_have_value(original)
    page.screenshot(path=screenshots_dir / "admin-kept-text-desktop.png", full_page=False)

    page.get_by_role("button", name=RESTORE).click()
    expect(instruction).to_have_value(original + " Breathe out as you press.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version")
    draft = pending_version(step)
    assert draft.instruction.endswith("Breathe out as you press.")

    open_step(page, live_server, "knead-the-calf")
    expect(page.locator("#id_instruction")).to_have_value(draft.instruction)
    expect(page.get_by_role("button", name=RESTORE)).to_have_count(0), "saved: nothing to offer"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_row_moves_one_place_with_tab_and_enter(
    live_server, request, screenshots_dir, make_editor_account, size
):
    make_editor_account("dana", "Dana")
    page = request.getfixturevalue(f"{size}_page")
    sign_in(page, live_server, "dana")
    page.goto(live_server.url + LIST)
    page.screenshot(path=screenshots_dir / f"admin-move-buttons-{size}.png", full_page=True)
    assert step_order()[1:3] == ["stroke-upward-from-the-ankle", "knead-the-calf"]

    page.get_by_role("link", name="Knead the calf", exact=True).focus()  # reading the row
    presses = 0
    for key in ["Tab", "Enter"]:
        page.keyboard.press(key)
        presses += 1
        if key == "Tab":
            expect(page.locator(":focus")).to_have_accessible_name("Move “Knead the calf” up")
    expect(page.locator(".messagelist")).to_contain_text("Moved “Knead the calf” up one place.")
    assert presses == 2
    assert step_order()[1:3] == ["knead-the-calf", "stroke-upward-from-the-ankle"]

    expect(page.locator(".messagelist").get_by_role("button", name="Undo")).to_be_visible()

    # Focus comes back to the same button, so one more Enter would move it one more place: above
    # the first step, which the routine's rule refuses, saying why; nothing moves.
    expect(page.locator(":focus")).to_have_accessible_name("Move “Knead the calf” up")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text(FIRST_STAYS)
    expect(page.locator(".messagelist")).not_to_contain_text("Moved")
    expect(page.locator(":focus")).to_have_accessible_name("Move “Knead the calf” up")
    assert step_order()[:2] == ["bare-the-leg", "knead-the-calf"]


def test_a_drag_and_drop_says_what_moved_and_can_be_undone(
    live_server, desktop_page, screenshots_dir, make_editor_account
):
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    page.goto(live_server.url + LIST)
    before = step_order()
    handles = page.locator("#result_list .drag.handle")
    with page.expect_response(lambda response: "adminsortable2_update" in response.url):
        drag(page, handles.nth(4), handles.nth(1))
    status = page.get_by_role("status").filter(has_text="Moved")
    expect(status).to_contain_text("Moved “Find the knots”.")
    assert step_order()[:2] == ["bare-the-leg", "find-the-knots"]
    page.screenshot(path=screenshots_dir / "admin-drag-undo-desktop.png", full_page=False)

    status.get_by_role("button", name="Undo").click()
    expect(page.locator(".messagelist")).to_contain_text("Undone: “Find the knots”")
    assert step_order() == before


def test_a_drag_above_the_first_step_is_refused_and_the_rows_go_back(
    live_server, desktop_page, screenshots_dir, make_editor_account
):
    """Reproduced (issue 22): one Editor's drag made "Find the knots" step 1, live at once."""
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    page.goto(live_server.url + LIST)
    before = step_order()
    rows = page.locator("#result_list tbody tr")
    handles = page.locator("#result_list .drag.handle")
    with page.expect_response(lambda response: "adminsortable2_update" in response.url) as sent:
        drag(page, handles.nth(4), handles.nth(0))
    assert sent.value.status == 409
    status = page.get_by_role("status")
    expect(status).to_have_text(FIRST_STAYS)
    expect(status).not_to_contain_text("Moved")
    expect(status.get_by_role("button", name="Undo")).to_have_count(0)
    # The rows are back in the saved order, so the list shows what readers see.
    expect(rows.nth(0)).to_contain_text("Bare the leg and sit down")
    expect(rows.nth(4)).to_contain_text("Find the knots")
    assert step_order() == before
    page.screenshot(path=screenshots_dir / "admin-drag-refused-desktop.png", full_page=False)

    # The handles' numbers went back too: the next drop, below the first step, saves as shown.
    with page.expect_response(lambda response: "adminsortable2_update" in response.url) as sent:
        drag(page, handles.nth(2), handles.nth(1))
    assert sent.value.status == 200
    expect(page.get_by_role("status")).to_contain_text("Moved “")
    assert step_order()[:3] == ["bare-the-leg", "knead-the-calf", "stroke-upward-from-the-ankle"]
    assert sorted(MassageStep.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_history_and_a_conflict_read_plainly_at_every_width(
    live_server, browser, request, screenshots_dir, make_editor_account, size
):
    """Screenshots for a person to judge; the words are checked on the way."""
    make_editor_account("ali", "Ali")
    make_editor_account("bea", "Bea")
    viewport = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
    contexts = [browser.new_context(viewport=viewport[size]) for _ in range(2)]
    ali, bea = (context.new_page() for context in contexts)
    try:
        sign_in(ali, live_server, "ali")
        sign_in(bea, live_server, "bea")
        open_step(ali, live_server, "knead-the-calf")
        step = open_step(bea, live_server, "knead-the-calf")
        ali.locator("#id_instruction").fill("Knead the calf slowly for two minutes.")
        ali.get_by_role("button", name="Save", exact=True).click()
        expect(ali.locator(".messagelist")).to_contain_text("Saved as version")
        ali.goto(live_server.url + LIST)
        ali.get_by_role("button", name="Move “Knead the calf” down").click()
        expect(ali.locator(".messagelist")).to_contain_text("Moved “Knead the calf” down")

        bea.locator("#id_instruction").fill("Knead the calf firmly for two minutes.")
        bea.get_by_role("button", name="Save", exact=True).click()
        expect(bea.locator(".edit-conflict")).to_contain_text("only in yours: firmly")
        bea.screenshot(path=screenshots_dir / f"admin-conflict-marked-{size}.png", full_page=True)

        ali.goto(live_server.url + admin_url(step, "history"))
        expect(ali.locator("#change-history")).to_contain_text("Version 2 (draft)")
        expect(ali.locator("#moves")).to_contain_text("Position: moved from 3 to 4.")
        ali.screenshot(path=screenshots_dir / f"admin-history-{size}.png", full_page=True)
        assert ali.evaluate("document.documentElement.scrollWidth") <= viewport[size]["width"]
    finally:
        for context in contexts:
            context.close()
