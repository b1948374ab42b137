"""The publishing rules of issue 22, tried in a real browser the way editors met the four ways
unsafe words reached readers:

1. the warning and a safety text blanked with invisible or blank-looking characters;
2. a superuser in no group approving a clinical change, or recording a clinical review;
3. a superuser publishing a clinical change without review (and the rules of doing so for a
   non-clinical one: a reason kept internal, a change note or the "Minor change" tick);
4. a second account, made a clinical reviewer by the superuser, approving the superuser's change.

Each test asserts what the person sees: the form's errors, the panel's buttons and its words,
the messages after a crafted POST, the public pages and the audit log. The Django ORM only
arranges what clicking would repeat from other tests (accounts, a change waiting for review).
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Cause, Guide, MassageStep, SafetyText
from publishing import workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
ADMIN = "/" + settings.ADMIN_PATH  # moved off /admin/ where DJANGO_ADMIN_PATH says so
# The DVT cause and dehydration start at version 2 (content/corrected/): an edit makes version 3.
DVT = "deep-vein-thrombosis"
URGENT_LABEL = "Urgent: get medical advice, do not massage"
UNSAFE = "massage the calf firmly to break up the clot"


@pytest.fixture
def accounts():
    """make(username, first_name, group=None, superuser=False): an account that signs in
    through the login form. A superuser here is in no group unless given one."""

    def make(username, first_name, group=None, superuser=False):
        user = get_user_model().objects.create_user(
            username,
            password=PASSWORD,
            is_staff=True,
            is_superuser=superuser,
            first_name=first_name,
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


def sign_in(page, base, username):
    page.goto(base + ADMIN)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Guide content")).to_be_visible()


def admin_url(base, item, view="change"):
    opts = item._meta
    return f"{base}{ADMIN}{opts.app_label}/{opts.model_name}/{item.pk}/{view}/"


def crafted_post(page, base, item, **fields):
    """A POST to the item's publishing panel that no button on the page offers, sent with the
    page's own session and CSRF token, as someone editing the request by hand would. Returns
    after the redirect is answered, without following it: the message shows on the next page."""
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        admin_url(base, item, "publishing"),
        form={"csrfmiddlewaretoken": token, **fields},
        headers={"Referer": page.url},
        max_redirects=0,
    )
    assert response.status == 302, response.status
    return response


def submitted_change(item, author, note, **boxes):
    """A change to `item` saved and submitted for review by `author` (arranged, not clicked:
    test_publishing_flow clicks this path)."""
    for name, value in boxes.items():
        setattr(item, name, value)
    draft = workflow.save_draft(item, author)
    return workflow.submit(draft, author, note)


# 1. Blanking the warning ---------------------------------------------------------------------

BLANK_WARNING = {
    "DVT warning heading": "\u3164",  # Hangul filler
    "DVT warning: urgent signs": "\u2800 \u2800",  # braille blank
    "DVT warning: emergency signs": "\u115f\u200b",  # choseong filler, zero-width space
}
BLANK_MARKDOWN = ["&#8203;", "<!-- comment -->", "\u3164\n\n\u2800"]


def test_a_warning_or_safety_text_of_blank_looking_characters_is_refused_and_readers_keep_it(
    browser, live_server, accounts
):
    base = live_server.url
    accounts("ann", "Ann", "Editor")
    guide = Guide.load()
    card = SafetyText.objects.get(kind=SafetyText.Kind.URGENT_CARD)
    editor = browser.new_context().new_page()
    reader = browser.new_context().new_page()
    sign_in(editor, base, "ann")

    # The warning's three boxes, each only blank-looking characters.
    editor.goto(admin_url(base, guide))
    for label, blank in BLANK_WARNING.items():
        editor.get_by_label(label).fill(blank)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".errornote")).to_be_visible()
    for field in ["warning_heading", "warning_urgent", "warning_emergency"]:
        expect(editor.locator(f".field-{field} .errorlist")).to_contain_text(
            "This box has no words readers would see"
        )
    expect(editor.get_by_text("Saved as version")).to_have_count(0)
    expect(editor.locator(".publishing__state")).to_have_text("Live")

    # A safety text's body that renders to nothing: an entity, a comment, fillers.
    for blank in BLANK_MARKDOWN:
        editor.goto(admin_url(base, card))
        editor.locator("#id_body").fill(blank)
        editor.get_by_role("button", name="Save", exact=True).click()
        expect(editor.locator(".field-body .errorlist")).to_contain_text(
            "no words a reader would see"
        )
        expect(editor.get_by_text("Saved as version")).to_have_count(0)
        expect(editor.locator(".publishing__state")).to_have_text("Live")

    assert workflow.pending(guide) is None and workflow.pending(card) is None, (
        "a blank box was saved as a draft"
    )

    # Readers still get the warning's words and the urgent care card's signs.
    reader.goto(base + "/")
    expect(reader.locator("#dvt-warning-heading")).to_contain_text("Could it be a blood clot?")
    expect(reader.locator("#dvt-warning .dvt-warning__more")).to_contain_text("do not massage")
    reader.goto(base + "/cramp-or-clot/")
    expect(reader.locator("#urgent-signs")).to_contain_text("swelling of the leg")


# 2. A superuser is not a clinical reviewer ---------------------------------------------------


def test_a_superuser_in_no_group_can_neither_approve_nor_record_a_review(
    browser, live_server, accounts
):
    base = live_server.url
    ann = accounts("ann", "Ann", "Editor")
    accounts("root", "Ruth", superuser=True)
    dvt = Cause.objects.get(slug=DVT)
    page = browser.new_context().new_page()
    reader = browser.new_context().new_page()
    sign_in(page, base, "root")

    # Nothing pending: a reviewer would see "Record my review"; the superuser does not, and a
    # crafted "review" is refused.
    page.goto(admin_url(base, dvt))
    expect(page.locator(".publishing__state")).to_have_text("Live")
    expect(page.get_by_role("button", name=re.compile("Record my review"))).to_have_count(0)
    crafted_post(page, base, dvt, action="review")
    page.goto(admin_url(base, dvt))
    expect(page.locator(".messagelist")).to_contain_text(
        "Only a clinical reviewer can record a clinical review."
    )

    # An Editor's change making DVT "usually self-care" waits for review.
    submitted_change(
        dvt,
        ann,
        "DVT is usually self-care.",
        severity=Cause.Severity.SELF_CARE,
        summary="Usually nothing to worry about.",
    )
    page.goto(admin_url(base, dvt))
    panel = page.locator("#publishing")
    expect(page.locator(".publishing__state")).to_have_text("In review")
    expect(panel).to_contain_text("Clinical change")
    expect(page.get_by_role("button", name=re.compile(r"^Approve"))).to_have_count(0)
    expect(page.get_by_role("button", name="Reject")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Record my review"))).to_have_count(0)
    expect(panel).to_contain_text("Waiting for a clinical reviewer.")

    # The panel's own "Discard" form, edited to say "approve": the server refuses it.
    discard = page.get_by_role("button", name="Discard version 3")
    discard.evaluate("button => { button.value = 'approve'; }")
    discard.click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Only a clinical reviewer can approve or reject changes."
    )
    expect(page.locator(".publishing__state")).to_have_text("In review")
    # And a crafted "reject" the same way.
    crafted_post(page, base, dvt, action="reject", version="3", comment="No.")
    page.goto(admin_url(base, dvt))
    expect(page.locator(".messagelist")).to_contain_text(
        "Only a clinical reviewer can approve or reject changes."
    )
    expect(page.locator(".publishing__state")).to_have_text("In review")

    # Readers still read DVT as urgent, with its care cards.
    reader.goto(f"{base}/causes/{DVT}/")
    expect(reader.locator(".tag--urgent")).to_have_text(URGENT_LABEL)
    expect(reader.locator("#urgent-signs")).to_be_visible()
    expect(reader.locator("main")).not_to_contain_text("Usually nothing to worry about")


# 3. Publish without review: never for a clinical box ----------------------------------------


def test_publish_without_review_is_offered_only_for_a_change_with_no_clinical_box(
    browser, live_server, accounts
):
    base = live_server.url
    accounts("root", "Ruth", superuser=True)
    dvt = Cause.objects.get(slug=DVT)
    step = MassageStep.objects.get(slug="knead-the-calf")
    posture = Cause.objects.get(slug="incorrect-posture")
    dehydration = Cause.objects.get(slug="dehydration")
    page = browser.new_context().new_page()
    reader = browser.new_context().new_page()
    sign_in(page, base, "root")
    force = page.get_by_text("Publish without review (superusers, emergencies only)")

    # The DVT cause's title, summary and body: every box of an urgent cause is clinical.
    page.goto(admin_url(base, dvt))
    page.get_by_label("Title").fill("Calf clot: " + UNSAFE)
    page.get_by_label("Summary").fill(UNSAFE.capitalize() + ".")
    page.locator("#id_body").fill(UNSAFE.capitalize() + ".")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 3, a draft.")
    expect(page.locator("#publishing")).to_contain_text("Clinical change")
    expect(force).to_have_count(0)
    crafted_post(page, base, dvt, action="force", version="3", reason="Typo fix", minor="on")
    page.goto(admin_url(base, dvt))
    expect(page.locator(".messagelist")).to_contain_text(
        "it can only go live with a clinical reviewer's approval"
    )
    reader.goto(f"{base}/causes/{DVT}/")
    expect(reader.locator("main")).not_to_contain_text("break up the clot")
    expect(reader.locator(".tag--urgent")).to_have_text(URGENT_LABEL)

    # A massage step's instruction is clinical too.
    page.goto(admin_url(base, step))
    page.locator("#id_instruction").fill(UNSAFE.capitalize() + ".")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 2, a draft.")
    expect(force).to_have_count(0)

    # A non-urgent cause's summary is not: offered, with a reason and a note for readers.
    page.goto(admin_url(base, posture))
    page.get_by_label("Summary").fill("Leaning forward as you stand puts extra strain on the calf.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 2, a draft.")
    expect(page.locator("#publishing")).not_to_contain_text("Clinical change")
    force.click()
    reason = page.get_by_label(re.compile("Why it cannot wait for a clinical review"))
    expect(reason).to_have_attribute("required", "")
    reason.fill("Typo fix, internal reason 7731")
    page.get_by_label("Change note readers will see").fill("")
    page.get_by_role("button", name="Publish version 2 without review").click()
    expect(page.locator(".messagelist")).to_contain_text("Write the change note readers will see")
    expect(page.locator(".publishing__state")).to_have_text("Draft (changes not yet live)")
    # Without a reason (the browser's own check bypassed) the server refuses too.
    crafted_post(page, base, posture, action="force", version="2", change_note="Clearer.")
    page.goto(admin_url(base, posture))
    expect(page.locator(".messagelist")).to_contain_text(
        "Write why this cannot wait for a clinical review."
    )
    force.click()
    reason.fill("Typo fix, internal reason 7731")
    page.get_by_label("Change note readers will see").fill("Clearer wording about posture.")
    page.get_by_role("button", name="Publish version 2 without review").click()
    expect(page.locator(".messagelist")).to_contain_text("is live without review")
    expect(page.locator("#publishing")).to_contain_text("Published without review")

    # Or with the "Minor change" tick and no note.
    page.goto(admin_url(base, dehydration))
    page.get_by_label("Summary").fill("Not drinking enough water can make calf muscles cramp.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 3, a draft.")
    force.click()
    page.get_by_label(re.compile("Why it cannot wait")).fill("Broken wording, internal 4402")
    page.get_by_label("Change note readers will see").fill("")
    page.locator(".publishing__force").get_by_label(re.compile("Minor change")).check()
    page.get_by_role("button", name="Publish version 3 without review").click()
    expect(page.locator(".messagelist")).to_contain_text("is live without review")

    # Readers get the new summaries and the note written for them, never the reasons.
    # (A cause's summary is its page's description, in search results and link previews.)
    description = reader.locator('meta[name="description"]')
    reader.goto(base + "/causes/incorrect-posture/")
    expect(description).to_have_attribute("content", re.compile("Leaning forward as you stand"))
    reader.goto(base + "/causes/dehydration/")
    expect(description).to_have_attribute("content", re.compile("Not drinking enough water"))
    reader.goto(base + "/changes/")
    changes = reader.locator("main")
    expect(changes).to_contain_text("Clearer wording about posture.")
    expect(changes).not_to_contain_text("7731")
    expect(changes).not_to_contain_text("4402")
    expect(changes).not_to_contain_text("Typo fix")


# 4. A second account made a reviewer by the writer ------------------------------------------


def test_a_reviewer_the_superuser_appointed_cannot_approve_the_superusers_change(
    browser, live_server, accounts
):
    base = live_server.url
    root = accounts("root", "Ruth", superuser=True)
    dvt = Cause.objects.get(slug=DVT)
    submitted_change(dvt, root, "DVT is usually self-care.", severity=Cause.Severity.SELF_CARE)
    admin_context = browser.new_context()
    page = admin_context.new_page()
    sign_in(page, base, "root")

    # The superuser adds sam2 and makes them a clinical reviewer, through the user pages.
    page.goto(base + ADMIN + "auth/user/")
    page.get_by_role("link", name=re.compile("Add user")).click()
    page.get_by_label("Username").fill("sam2")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("sam2")
    page.get_by_label("Staff status").check()
    page.locator("#id_groups_from").select_option(label="Clinical reviewer")
    page.locator("#id_groups_add").click()
    expect(page.locator("#id_groups_to")).to_contain_text("Clinical reviewer")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # sam2 signs in: a reviewer, but not for the change of the person who appointed them.
    reviewer = browser.new_context().new_page()
    sign_in(reviewer, base, "sam2")
    reviewer.goto(admin_url(base, dvt))
    panel = reviewer.locator("#publishing")
    expect(reviewer.locator(".publishing__state")).to_have_text("In review")
    expect(panel).to_contain_text(
        "Ruth made you a clinical reviewer and wrote or changed this version, so a clinical "
        "reviewer they did not appoint must approve it."
    )
    expect(reviewer.get_by_role("button", name=re.compile(r"^Approve"))).to_have_count(0)
    expect(reviewer.get_by_role("button", name="Reject")).to_have_count(0)
    crafted_post(reviewer, base, dvt, action="approve", version="3")
    reviewer.goto(admin_url(base, dvt))
    expect(reviewer.locator(".messagelist")).to_contain_text("Ruth made you a clinical reviewer")
    expect(reviewer.locator(".publishing__state")).to_have_text("In review")

    # The audit log shows who gave sam2 the role.
    page.goto(base + ADMIN + "publishing/auditevent/?action__exact=role-granted")
    rows = page.locator("#result_list tbody tr")
    granted = rows.filter(has_text="Clinical reviewer (may approve changes)")
    expect(granted).to_have_count(1)
    expect(granted).to_contain_text("Role given")
    expect(granted).to_contain_text("sam2")
    expect(granted).to_contain_text("Ruth")

    reviewer.goto(f"{base}/causes/{DVT}/")
    expect(reviewer.locator(".tag--urgent")).to_have_text(URGENT_LABEL)
