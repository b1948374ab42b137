"""The editor's desk in a real browser: an editor signs in, edits a step with the live Markdown
preview, saves a draft, and the public page shows the change once it is published; rows added
later get the live preview too; a second editor's save over the first is stopped; a save over a
scheduled version asks first; the History page and the panel number versions alike; a colleague's
note is read-only; a draft is discarded from the panel. Screenshots of
the change list and change form (and the conflict message) at desktop width go to screenshots/
for a person to look over."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import AftercareNote, Guide, MassageStep, SafetyText
from tests.workflow_steps import pending_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

editor_group = importlib.import_module("articles.migrations.0002_create_editor_group")


@pytest.fixture
def make_editor_account():
    """An editor who signs in through the login form, with a real password."""
    editor_group.create_editor_group(apps, None)
    group = apps.get_model("auth", "Group").objects.get(name=editor_group.GROUP_NAME)

    def make(username, first_name):
        user = get_user_model().objects.create_user(
            username, password="correct horse", is_staff=True, first_name=first_name
        )
        user.groups.add(group)
        return user

    return make


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Guide content")).to_be_visible()


def open_step(page, live_server, slug):
    step = MassageStep.objects.get(slug=slug)
    page.goto(f"{live_server.url}/admin/articles/massagestep/{step.pk}/change/")
    return step


def test_editor_edits_a_step_with_the_live_markdown_preview_and_readers_see_it(
    live_server, desktop_page, screenshots_dir, make_editor_account, publish
):
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")

    page.get_by_role("link", name="Massage steps").first.click()
    expect(page.locator("#result_list .drag.handle")).to_have_count(6)
    page.screenshot(path=screenshots_dir / "admin-change-list-desktop.png", full_page=True)

    open_step(page, live_server, "knead-the-calf")
    instruction = page.locator("#id_instruction")
    preview = page.locator(".field-instruction .markdownx-preview")
    expect(preview).to_contain_text("Rest the middle of your sore calf")
    page.screenshot(path=screenshots_dir / "admin-change-form-desktop.png", full_page=True)

    instruction.fill("Knead **gently** with the whole hand, for a few minutes.")
    expect(preview.locator("strong")).to_have_text("gently")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 2, a draft.")
    expect(page.locator("#publishing")).to_contain_text("Version 2: draft")

    page.goto(live_server.url + "/massage/knead-the-calf/")
    expect(page.locator(".step__instruction")).to_contain_text("Rest the middle of your sore calf")
    publish(MassageStep.objects.get(slug="knead-the-calf"))
    page.goto(live_server.url + "/massage/knead-the-calf/")
    expect(page.locator(".step__instruction strong")).to_have_text("gently")
    expect(page.locator(".step__instruction")).to_contain_text("with the whole hand")


def test_a_note_row_added_later_gets_the_live_markdown_preview(
    live_server, desktop_page, make_editor_account
):
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    open_step(page, live_server, "knead-the-calf")

    page.get_by_role("button", name=re.compile("Add another Editors")).click()
    new_row = page.locator(".inline-related.dynamic-articles-editornote-content_type-object_id")
    expect(new_row).to_have_count(1)
    new_row.locator("textarea").fill("Check the **pressure** with the physio.")
    expect(new_row.locator(".markdownx-preview strong")).to_have_text("pressure")


def test_second_editor_is_told_and_keeps_their_text(
    live_server, browser, screenshots_dir, make_editor_account
):
    make_editor_account("ali", "Ali")
    make_editor_account("bea", "Bea")
    ali_context = browser.new_context(viewport={"width": 1280, "height": 900})
    bea_context = browser.new_context(viewport={"width": 1280, "height": 900})
    ali, bea = ali_context.new_page(), bea_context.new_page()
    try:
        sign_in(ali, live_server, "ali")
        sign_in(bea, live_server, "bea")
        open_step(ali, live_server, "knead-the-calf")
        step = open_step(bea, live_server, "knead-the-calf")

        ali.locator("#id_instruction").fill("Ali's wording of the step.")
        ali.get_by_role("button", name="Save", exact=True).click()
        expect(ali.locator(".messagelist")).to_contain_text("Saved as version 2, a draft.")

        bea.locator("#id_instruction").fill("Bea's wording of the step.")
        bea.get_by_role("button", name="Save", exact=True).click()
        expect(bea.locator(".errorlist.nonfield")).to_contain_text(
            "Nothing was saved: Ali saved this massage step"
        )
        expect(bea.locator("#id_instruction")).to_have_value("Bea's wording of the step.")
        expect(bea.locator(".edit-conflict")).to_contain_text("Ali's wording of the step.")
        bea.screenshot(path=screenshots_dir / "admin-conflict-desktop.png", full_page=True)

        assert pending_version(step).instruction == "Ali's wording of the step."
    finally:
        ali_context.close()
        bea_context.close()


def test_dragging_a_row_in_the_change_list_reorders_the_steps(
    live_server, desktop_page, make_editor_account
):
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    page.goto(live_server.url + "/admin/articles/massagestep/")
    handles = page.locator("#result_list .drag.handle")
    with page.expect_response(lambda response: "adminsortable2_update" in response.url) as sent:
        handles.nth(2).drag_to(handles.nth(1))  # the first step stays first
    assert sent.value.status == 200
    assert list(MassageStep.objects.values_list("slug", flat=True))[1] == "knead-the-calf"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_staff_see_the_draft_view_at_its_public_address(
    live_server, request, screenshots_dir, make_editor_account, size
):
    from datetime import date

    make_editor_account("dana", "Dana")
    MassageStep.objects.filter(slug="shake-out-the-calf").update(is_published=False)
    # Everything the step page shows, its "do not massage" notice included.
    for model in (Guide, MassageStep, AftercareNote, SafetyText):
        model.objects.update(last_reviewed=date(2026, 1, 12), next_review_due=date(2027, 1, 12))
    page = request.getfixturevalue(f"{size}_page")
    sign_in(page, live_server, "dana")

    page.goto(live_server.url + "/massage/shake-out-the-calf/")
    expect(page.locator(".draft-notice")).to_contain_text("Draft preview")
    expect(page.locator("#dvt-warning")).to_be_visible()
    expect(page.locator(".page-review")).to_contain_text("Page last reviewed: 12 January 2026")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.screenshot(path=screenshots_dir / f"draft-view-{size}.png", full_page=True)

    page.context.clear_cookies()
    response = page.goto(live_server.url + "/massage/shake-out-the-calf/")
    assert response.status == 404, "signed out, the draft is not found"


# A file dropped on the Markdown box, as an editor drags it from their desktop; markdownx uploads
# what is dropped (its widget has no file input). `size` pads the file to that many bytes.
DROP_FILE = """([name, type, text, size]) => {
    const body = size ? text + " ".repeat(size - text.length) : text;
    const transfer = new DataTransfer();
    transfer.items.add(new File([body], name, {type}));
    const box = document.querySelector("#id_instruction");
    const drop = {dataTransfer: transfer, bubbles: true, cancelable: true};
    box.dispatchEvent(new DragEvent("drop", drop));
}"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="9"/></svg>'


@pytest.mark.parametrize(
    "name,content_type,text,size,reason",
    [
        ("calf.png", "image/png", "Notes, not a picture.", 0, "Upload a JPEG or PNG photo"),
        ("calf.svg", "image/svg+xml", SVG, 0, "Upload a JPEG or PNG photo"),
        ("calf.png", "image/png", "x", 5 * 1024 * 1024, "This file is too large"),
    ],
    ids=["renamed-txt", "svg", "over-the-body-limit"],
)
def test_a_refused_upload_leaves_the_text_alone_and_says_why_beside_the_box(
    live_server, desktop_page, make_editor_account, name, content_type, text, size, reason
):
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    open_step(page, live_server, "knead-the-calf")
    instruction = page.locator("#id_instruction")
    expect(page.locator(".field-instruction .markdownx-preview")).to_contain_text("Rest the")
    before = instruction.input_value()

    with page.expect_response(lambda response: "/markdownx/upload/" in response.url) as sent:
        page.evaluate(DROP_FILE, [name, content_type, text, size])
    assert sent.value.status in (400, 413)

    alert = page.locator(".field-instruction [role=alert]")
    expect(alert).to_contain_text(reason)
    expect(instruction).to_have_value(before)
    assert "Invalid response" not in instruction.input_value()

    instruction.press("End")
    instruction.type(" More.")
    expect(alert).to_have_count(0)


def test_a_dropped_photo_still_goes_into_the_text_and_the_preview(
    live_server, desktop_page, make_editor_account, settings, tmp_path
):
    import base64
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    make_editor_account("dana", "Dana")
    page = desktop_page
    sign_in(page, live_server, "dana")
    open_step(page, live_server, "knead-the-calf")
    instruction = page.locator("#id_instruction")
    instruction.fill("")

    page.evaluate(
        """(encoded) => {
            const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "calf.png", {type: "image/png"}));
            const drop = {dataTransfer: transfer, bubbles: true, cancelable: true};
            document.querySelector("#id_instruction").dispatchEvent(new DragEvent("drop", drop));
        }""",
        base64.b64encode(buffer.getvalue()).decode(),
    )
    expect(instruction).to_have_value(re.compile(r"^!\[Describe this image\]\(/media/uploads/"))
    expect(page.locator(".field-instruction .markdownx-preview img")).to_have_count(1)
    expect(page.locator(".field-instruction [role=alert]")).to_have_count(0)


# The rest of the desk (issue 22): asked before a schedule is cancelled, one numbering of
# versions, colleagues' notes read-only, a draft discarded. Reviews are arranged with the
# workflow (tests/e2e/test_publishing_flow.py clicks them); the editor's part is clicked here.


def approved_and_scheduled(step, author, reviewer):
    """The step's summary changed by `author`, approved by `reviewer` and scheduled by them."""
    from datetime import timedelta

    from django.utils import timezone

    from publishing import workflow

    step.summary = "Find the tight spots."
    draft = workflow.save_draft(step, author)
    workflow.submit(draft, author, "Clearer")
    workflow.approve(draft, reviewer)
    return workflow.publish(draft, reviewer, at=timezone.now() + timedelta(days=3))


def test_saving_over_a_scheduled_version_asks_first_and_cancelling_it_is_on_record(
    live_server, desktop_page, make_editor_account, make_reviewer
):
    from publishing import workflow

    ann = make_editor_account("ann", "Ann")
    step = MassageStep.objects.get(slug="find-the-knots")
    scheduled = approved_and_scheduled(step, ann, make_reviewer("rhea", "Rhea"))
    page = desktop_page
    sign_in(page, live_server, "ann")
    state = page.locator(".publishing__state")
    summary = page.get_by_label("Summary")

    # Asked first: nothing is saved, the schedule stands.
    open_step(page, live_server, "find-the-knots")
    expect(state).to_have_text(re.compile(r"^Approved: goes live "))
    summary.fill("Another idea.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist.nonfield")).to_contain_text(
        "Nothing was saved yet. Version 2 is approved and goes live on"
    )
    expect(page.locator(".errorlist.nonfield")).to_contain_text("Press Save again to go ahead")
    expect(summary).to_have_value("Another idea.")
    expect(state).to_have_text(re.compile(r"^Approved: goes live "))

    # Backing out (leaving the page) changes nothing.
    open_step(page, live_server, "find-the-knots")
    expect(summary).to_have_value("Find the tight spots.")
    expect(state).to_have_text(re.compile(r"^Approved: goes live "))
    assert workflow.pending(step) == scheduled and workflow.pending(step).publish_at

    # Saving again after the question goes ahead: a new draft, the schedule cancelled.
    summary.fill("Another idea.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist.nonfield")).to_contain_text("Nothing was saved yet.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 3, a draft.")
    expect(state).to_have_text("Draft (changes not yet live)")
    page.locator(".publishing__versions summary").click()
    replaced = page.locator(".publishing__versions tbody tr").filter(
        has=page.locator("th", has_text=re.compile(r"^2\b"))
    )
    expect(replaced).to_contain_text("Replaced by a later version")

    page.goto(live_server.url + "/admin/publishing/auditevent/?action__exact=unscheduled")
    cancelled = page.locator("#result_list tbody tr")
    expect(cancelled).to_have_count(1)
    expect(cancelled).to_contain_text("Schedule cancelled")
    expect(cancelled).to_contain_text("Find the knots")
    expect(cancelled).to_contain_text("Replaced by version 3, a new draft saved by Ann")


def test_the_history_page_and_the_panel_number_versions_alike_and_mark_the_live_one(
    live_server, desktop_page, make_editor_account, publish
):
    from publishing import workflow

    ann = make_editor_account("ann", "Ann")
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.title = "Knead the calf gently"
    workflow.save_draft(step, ann)
    publish(step)
    step.refresh_from_db()
    step.title = "Knead the calf firmly"
    workflow.save_draft(step, ann)  # version 3 waits; readers see version 2
    page = desktop_page
    sign_in(page, live_server, "ann")

    open_step(page, live_server, "knead-the-calf")
    expect(page.locator("#publishing")).to_contain_text("Readers see version 2")
    page.locator(".publishing__versions summary").click()
    panel_rows = page.locator(".publishing__versions tbody th")
    expect(panel_rows).to_have_count(3)
    panel = [" ".join(row.split()) for row in panel_rows.all_inner_texts()]

    page.locator(".publishing__versions").get_by_role("link", name="History").click()
    history_rows = page.locator("#change-history tbody th")
    expect(history_rows).to_have_count(3)
    expect(page.locator("#content-main")).to_contain_text("Readers see version 2.")
    history = [" ".join(row.split()) for row in history_rows.all_inner_texts()]

    live = "live: readers see this"
    assert panel == ["3", f"2 {live}", "1"], panel
    assert history == ["Version 3 (draft)", f"Version 2 {live}", "Version 1 (published)"], history
    expect(page.locator("#change-history .version-live")).to_have_count(1)


def test_a_colleagues_note_is_read_only_and_the_author_edits_their_own(
    live_server, browser, make_editor_account
):
    from articles.models import EditorNote

    make_editor_account("ann", "Ann")
    make_editor_account("cy", "Cy")
    step = MassageStep.objects.get(slug="knead-the-calf")
    EditorNote.objects.filter(object_id=step.pk, content_type__model="massagestep").delete()
    ann = browser.new_page(viewport={"width": 1280, "height": 900})
    cy = browser.new_page(viewport={"width": 1280, "height": 900})
    notes = ".inline-related.has_original"

    sign_in(ann, live_server, "ann")
    open_step(ann, live_server, "knead-the-calf")
    ann.get_by_role("button", name=re.compile("Add another Editors")).click()
    ann.locator(".inline-related.dynamic-articles-editornote-content_type-object_id textarea").fill(
        "Ask the physio about the pressure."
    )
    ann.get_by_role("button", name="Save", exact=True).click()
    expect(ann.locator(".messagelist")).to_be_visible()

    # Cy reads Ann's note but has no box to type in and nothing to delete it with.
    sign_in(cy, live_server, "cy")
    open_step(cy, live_server, "knead-the-calf")
    note = cy.locator(notes)
    expect(note).to_have_count(1)
    expect(note).to_contain_text("Ask the physio about the pressure.")
    expect(note.locator("textarea")).to_be_disabled()
    expect(note.locator("textarea")).not_to_be_editable()
    expect(note.locator("input[name$='-DELETE']:enabled")).to_have_count(0)

    # Ann, its author, may reword it.
    open_step(ann, live_server, "knead-the-calf")
    own = ann.locator(notes)
    expect(own.locator("textarea")).to_be_editable()
    expect(own.locator("input[name$='-DELETE']:enabled")).to_have_count(1)
    own.locator("textarea").fill("Ask the physio about the pressure, today.")
    ann.get_by_role("button", name="Save", exact=True).click()
    expect(ann.locator(".messagelist")).to_be_visible()
    open_step(cy, live_server, "knead-the-calf")
    expect(cy.locator(notes)).to_contain_text("Ask the physio about the pressure, today.")
    expect(cy.locator(notes).locator("textarea")).to_be_disabled()


def test_discarding_a_draft_in_the_panel_keeps_the_live_text_and_is_logged(
    live_server, desktop_page, make_editor_account
):
    from publishing import workflow

    make_editor_account("ann", "Ann")
    step = MassageStep.objects.get(slug="find-the-knots")
    live_text = step.instruction
    page = desktop_page
    sign_in(page, live_server, "ann")
    instruction = page.locator("#id_instruction")

    open_step(page, live_server, "find-the-knots")
    instruction.fill("A thought I had about the knots.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 2, a draft.")
    expect(instruction).to_have_value("A thought I had about the knots.")

    page.get_by_role("button", name="Discard version 2").click()
    expect(page.locator(".messagelist")).to_contain_text("Version 2 is discarded")
    expect(page.locator(".publishing__state")).to_have_text("Live")
    expect(instruction).to_have_value(live_text)
    expect(page.get_by_role("button", name=re.compile("^Discard version"))).to_have_count(0)
    assert workflow.pending(step) is None

    page.goto(live_server.url + "/massage/find-the-knots/")
    shown = page.locator(".step__instruction")
    expect(shown).to_contain_text(live_text.split(".")[0])
    expect(shown).not_to_contain_text("A thought I had")

    page.goto(live_server.url + "/admin/publishing/auditevent/?action__exact=discarded")
    discarded = page.locator("#result_list tbody tr")
    expect(discarded).to_have_count(1)
    expect(discarded).to_contain_text("Draft discarded")
    expect(discarded).to_contain_text("Find the knots")
    expect(discarded).to_contain_text("Ann")
