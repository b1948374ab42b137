"""The whole publishing flow as its people meet it in a browser: an Editor changes a live step
and readers keep the old text; the Editor cannot approve it; a Clinical reviewer compares,
approves and schedules it; it goes live at its time; the audit log shows each step; an outside
reviewer's link shows the draft, takes their comment (shown in the panel) and stops working when
revoked."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import MassageStep
from publishing.models import Revision

NEW_TEXT = "Knead the calf slowly with both hands, like dough, for about a minute."


@pytest.fixture
def people():
    def make(username, first_name, group):
        user = get_user_model().objects.create_user(
            username, password="correct horse", is_staff=True, first_name=first_name
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make("ann", "Ann", "Editor"), make("rhea", "Rhea", "Clinical reviewer")


def sign_in(page, base, username):
    page.goto(base + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Guide content")).to_be_visible()


def test_a_change_goes_from_an_editors_draft_to_readers_only_through_a_second_person(
    browser, live_server, people
):
    base = live_server.url
    step = MassageStep.objects.get(slug="knead-the-calf")
    change_url = f"{base}/admin/articles/massagestep/{step.pk}/change/"
    editor = browser.new_context().new_page()
    reviewer = browser.new_context().new_page()
    reader = browser.new_context().new_page()

    # The Editor changes the live step and saves: a draft.
    sign_in(editor, base, "ann")
    editor.goto(change_url)
    editor.get_by_label("Instruction").fill(NEW_TEXT)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".publishing__state")).to_have_text("Draft (changes not yet live)")
    reader.goto(base + "/massage/knead-the-calf/")
    expect(reader.locator("main")).not_to_contain_text("like dough")

    # The Editor submits it and has no way to approve it.
    editor.get_by_label("Change note").fill("Slower, gentler kneading.")
    editor.get_by_role("button", name="Submit for clinical review").click()
    expect(editor.locator(".publishing__state")).to_have_text("In review")
    expect(editor.get_by_role("button", name="Approve version 2")).to_have_count(0)
    expect(editor.locator("#publishing")).to_contain_text("Waiting for a clinical reviewer")

    # The Clinical reviewer sees exactly what changes, approves it and schedules it.
    sign_in(reviewer, base, "rhea")
    reviewer.goto(change_url)
    expect(reviewer.locator("#publishing .version-compare__diff ins").first).to_contain_text(
        "slowly"
    )
    reviewer.get_by_label("Comment for the author").fill("Fine: matches the guidance.")
    reviewer.get_by_role("button", name="Approve version 2").click()
    expect(reviewer.locator(".publishing__state")).to_have_text("Approved: ready to publish")
    at = timezone.localtime() + timedelta(hours=2)
    reviewer.get_by_label("Day").fill(at.strftime("%-d %b %Y"))
    reviewer.get_by_label("Time, 24-hour").fill(at.strftime("%H:%M"))
    reviewer.get_by_role("button", name="Schedule").click()
    expect(reviewer.locator(".publishing__state")).to_contain_text("Approved: goes live")
    reader.goto(base + "/massage/knead-the-calf/")
    expect(reader.locator("main")).not_to_contain_text("like dough")

    # An outside clinician's link shows the draft beside the live text, until revoked.
    reviewer.get_by_text("Share with an outside clinical reviewer").click()
    reviewer.get_by_label("Who it is for").fill("Dr Amina Shah")
    reviewer.get_by_role("button", name="Make a link to version 2").click()
    address = reviewer.get_by_label("Link for Dr Amina Shah").input_value()
    outsider = browser.new_context().new_page()
    outsider.goto(address)
    expect(outsider.get_by_role("heading", level=1)).to_have_text("Knead the calf")
    expect(outsider.locator("table")).to_contain_text("like dough")
    expect(outsider.locator("#comment")).to_contain_text("Questions? Ask Rhea, who sent you")
    expect(outsider.get_by_label("Your name")).to_have_value("Dr Amina Shah")
    outsider.get_by_label("Your comment on this draft").fill("Say how long a minute feels.")
    outsider.get_by_role("button", name="Send my comment").click()
    expect(outsider.locator("#comment")).to_contain_text("Thank you: your comment is saved")
    reviewer.reload()
    expect(reviewer.locator(".publishing__outside-comments")).to_contain_text(
        "Say how long a minute feels."
    )
    expect(reviewer.locator(".publishing__state")).to_contain_text("Approved: goes live")
    reviewer.get_by_role("button", name="Revoke the link for Dr Amina Shah").click()
    response = outsider.goto(address)
    assert response.status == 410
    expect(outsider.get_by_role("heading", level=1)).to_have_text(
        "This review link no longer works"
    )

    # Its time comes; the first request after it publishes it.
    Revision.objects.filter(status="approved").update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("publish_scheduled", verbosity=0)
    reader.goto(base + "/massage/knead-the-calf/")
    expect(reader.locator("main")).to_contain_text("like dough")

    # The audit log shows every step, with who and why.
    reviewer.goto(base + "/admin/publishing/auditevent/")
    log = reviewer.locator("#result_list")
    for entry in [
        "Submitted for review",
        "Approved",
        "Scheduled",
        "Outside review link created",
        "Outside review link opened",
        "Outside reviewer commented",
        "Outside review link revoked",
        "Published",
    ]:
        expect(log).to_contain_text(entry)
    expect(log).to_contain_text("Slower, gentler kneading.")
    expect(log).to_contain_text("Dr Amina Shah (outside reviewer link)")
