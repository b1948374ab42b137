"""A red-team pass over the finished publishing workflow (issue 22): signed in as a superuser in
no group, an Editor, a Clinical reviewer and a Viewer, every button, address and crafted POST
that might get unsafe words to readers or get round the rules. One test per attempt, named for
what it tries; each asserts it is refused and that readers' pages are as they were.

Where an attempt succeeded, the hole was fixed at its cause and the test failed before the fix
(docs/editors.md, "What a red-team pass tried")."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from articles.models import Cause, Guide, MassageStep, SafetyText
from publishing import links, schedule, workflow
from publishing.models import ReviewComment, Revision
from tests.conftest import page_text
from tests.factories import live_clinical_note
from tools.admin_forms import admin_url, change_form_data, save_in_admin

pytestmark = pytest.mark.django_db

DVT = "/causes/deep-vein-thrombosis/"
UNSAFE = "massage the calf firmly to break up the clot"
PAGES = [
    "/",
    "/causes/",
    DVT,
    "/cramp-or-clot/",
    "/massage/",
    "/massage/bare-the-leg/",
    "/changes/",
]
BLANK_LOOKING = ["\u3164", "\u2800 \u2800", "\u115f\u200b", "&#8203;", "<!-- comment -->", "&nbsp;"]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def readers_pages(paths=PAGES):
    reader = Client()
    return {path: page_text(reader.get(path)) for path in paths}


def panel(client, item, action, **fields):
    return client.post(admin_url(item, "publishing"), {"action": action, **fields}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def refused(response, words):
    said = " ".join(messages_of(response))
    assert words in said, said


def dvt():
    return Cause.objects.get(slug="deep-vein-thrombosis")


def step(slug="bare-the-leg"):
    return MassageStep.objects.get(slug=slug)


@pytest.fixture
def people(django_user_model, make_editor, make_reviewer):
    sue = django_user_model.objects.create_superuser(
        "sue", "sue@example.org", "pw", first_name="Sue", last_name="Super"
    )
    viewer = django_user_model.objects.create_user(
        "vic", password="pw", is_staff=True, first_name="Vic", last_name="Viewer"
    )
    viewer.groups.add(Group.objects.get(name="Viewer"))
    return {
        "sue": sue,
        "ann": make_editor("ann", "Ann", "Author"),
        "ed": make_editor("ed", "Ed", "Second"),
        "rhea": make_reviewer("rhea", "Rhea", "Reviewer"),
        "ray": make_reviewer("ray", "Ray", "Second"),
        "vic": viewer,
    }


@pytest.fixture
def c(people):
    """A signed-in client per person."""
    return {name: signed_in(user) for name, user in people.items()}


def in_review(client, item, note="Reworded for clarity.", **changes):
    """Save `changes` to `item` as `client`'s person and submit them; the pending version."""
    response = save_in_admin(client, item, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = workflow.pending(item)
    panel(client, item, "submit", version=draft.number, change_note=note)
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    return draft


# Superuser in no group ------------------------------------------------------------------------


def test_superuser_approving_a_clinical_change_through_the_panel_is_refused(c, people):
    before = readers_pages([DVT])
    draft = in_review(c["ann"], dvt(), "Downgraded.", severity="self-care")
    refused(panel(c["sue"], dvt(), "approve", version=draft.number), "Only a clinical reviewer")
    refused(panel(c["sue"], dvt(), "publish", version=draft.number), "only an approved version")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    assert readers_pages([DVT]) == before


def test_superuser_recording_a_clinical_review_is_refused(c):
    before = dvt().last_reviewed
    refused(panel(c["sue"], dvt(), "review"), "Only a clinical reviewer can record")
    assert dvt().last_reviewed == before


def test_superuser_force_publishing_unsafe_words_on_the_dvt_page_is_refused(c):
    before = readers_pages([DVT])
    save_in_admin(c["sue"], dvt(), title="Deep vein thrombosis", summary=UNSAFE, body=UNSAFE)
    draft = workflow.pending(dvt())
    response = panel(
        c["sue"], dvt(), "force", version=draft.number, reason="Typo fix", change_note="Typo"
    )
    refused(response, "only go live with a clinical reviewer's approval")
    assert readers_pages([DVT]) == before
    assert UNSAFE not in page_text(Client().get(DVT))


def test_superuser_unticking_shown_to_readers_on_the_dvt_cause_then_forcing_it_is_refused(c):
    before = readers_pages([DVT, "/causes/"])
    data = change_form_data(c["sue"], dvt())
    data.pop("is_published")
    assert c["sue"].post(admin_url(dvt()), data).status_code == 302
    draft = workflow.pending(dvt())
    assert draft.content["is_published"] is False
    assert workflow.is_clinical(draft), "an urgent cause's every box is clinical"
    response = panel(c["sue"], dvt(), "force", version=draft.number, reason="Tidy", minor="on")
    refused(response, "only go live with a clinical reviewer's approval")
    assert dvt().is_published
    assert readers_pages([DVT, "/causes/"]) == before


def test_superuser_proposing_to_unpublish_the_dvt_cause_then_forcing_it_is_refused(c):
    before = readers_pages([DVT])
    panel(c["sue"], dvt(), "unpublish")
    draft = workflow.pending(dvt())
    response = panel(c["sue"], dvt(), "force", version=draft.number, reason="Old", minor="on")
    refused(response, "only go live with a clinical reviewer's approval")
    assert readers_pages([DVT]) == before


def test_superuser_taking_the_routines_first_step_off_the_site_without_review_is_refused(c):
    """Unpublishing "Bare the leg" makes "Start the routine" begin without getting the leg ready
    and checking it is safe: the same harm as a drag that moves the first step down."""
    before = readers_pages(["/massage/", "/massage/bare-the-leg/"])
    panel(c["sue"], step(), "unpublish")
    draft = workflow.pending(step())
    response = panel(c["sue"], step(), "force", version=draft.number, reason="Tidy", minor="on")
    refused(response, "only go live with a clinical reviewer's approval")
    assert step().is_published
    assert readers_pages(["/massage/", "/massage/bare-the-leg/"]) == before


def test_superuser_putting_a_step_back_into_the_routine_without_review_is_refused(
    c, people, publish
):
    knots = step("find-the-knots")
    workflow.propose_unpublishing(knots, people["ann"])
    publish(knots)
    assert "Find the knots" not in page_text(Client().get("/massage/"))
    data = change_form_data(c["sue"], knots)
    data["is_published"] = "on"
    c["sue"].post(admin_url(knots), data)
    draft = workflow.pending(knots)
    response = panel(c["sue"], knots, "force", version=draft.number, reason="Back", minor="on")
    refused(response, "only go live with a clinical reviewer's approval")
    assert "Find the knots" not in page_text(Client().get("/massage/"))


def test_superuser_deleting_live_content_is_refused(c):
    before = readers_pages([DVT, "/cramp-or-clot/", "/"])
    for item in [dvt(), step(), Guide.objects.get(), SafetyText.objects.first()]:
        assert c["sue"].post(admin_url(item, "delete"), {"post": "yes"}).status_code == 403, item
    note = live_clinical_note()
    assert c["sue"].post(admin_url(note, "delete"), {"post": "yes"}).status_code == 403
    response = c["sue"].post(
        "/admin/articles/cause/", {"action": "delete_selected", "_selected_action": [dvt().pk]}
    )
    assert Cause.objects.filter(slug="deep-vein-thrombosis").exists()
    assert response.status_code in (200, 302)
    assert readers_pages([DVT, "/cramp-or-clot/", "/"]) == before


def test_superuser_reverting_to_a_rejected_unsafe_version_and_forcing_it_is_refused(c, people):
    before = readers_pages([DVT])
    unsafe = in_review(c["ann"], dvt(), "Better advice.", body=UNSAFE)
    panel(c["rhea"], dvt(), "reject", version=unsafe.number, comment="Dangerous.")
    refused(
        panel(c["sue"], dvt(), "force", version=unsafe.number, reason="Overrule", minor="on"),
        "cannot be published without review",
    )
    panel(c["sue"], dvt(), "revert", number=unsafe.number)
    revert = workflow.pending(dvt())
    assert revert.content["body"] == UNSAFE
    refused(
        panel(c["sue"], dvt(), "force", version=revert.number, reason="Revert", minor="on"),
        "only go live with a clinical reviewer's approval",
    )
    assert readers_pages([DVT]) == before


def test_superuser_forcing_with_an_invisible_reason_or_change_note_is_refused(c):
    knead = step("knead-the-calf")
    save_in_admin(c["sue"], knead, summary="Knead the calf like dough, gently.")
    draft = workflow.pending(knead)
    refused(
        panel(c["sue"], knead, "force", version=draft.number, reason="\u200b", minor="on"),
        "Write why this cannot wait",
    )
    refused(
        panel(c["sue"], knead, "force", version=draft.number, reason="Now", change_note="\u3164"),
        "Write the change note readers will see",
    )
    assert "Knead the calf like dough" not in page_text(Client().get("/massage/knead-the-calf/"))


def test_superuser_made_reviewer_approving_the_superusers_change_is_refused(c, people):
    """The reproduced second account: sam2, made a reviewer by the superuser."""
    sam2 = people["ed"]
    save_user(c["sue"], sam2, groups=str(Group.objects.get(name="Clinical reviewer").pk))
    draft = in_review(c["sue"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    refused(panel(signed_in(sam2), dvt(), "approve", version=draft.number), "made you a clinical")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW


def test_a_reviewer_regranting_their_own_role_to_launder_who_appointed_them_is_refused(c, people):
    """The superuser makes sam2 a superuser and a reviewer; sam2 takes their own reviewer role
    away and gives it back, so the log names sam2, not the superuser, as who appointed them."""
    sam2 = people["ed"]
    reviewers = str(Group.objects.get(name="Clinical reviewer").pk)
    save_user(c["sue"], sam2, groups=reviewers, is_superuser="on")
    as_sam2 = signed_in(sam2)
    save_user(as_sam2, sam2, groups="", is_superuser="on")
    save_user(as_sam2, sam2, groups=reviewers, is_superuser="on")
    draft = in_review(c["sue"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    refused(panel(as_sam2, dvt(), "approve", version=draft.number), "did not appoint")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW


def test_a_reviewer_appointed_by_a_superuser_the_author_made_cannot_approve_their_change(
    c, people, django_user_model
):
    """A chain of accounts: the superuser makes tom a superuser, tom makes sam2 a reviewer."""
    tom = django_user_model.objects.create_user("tom", password="pw", is_staff=True)
    sam2 = people["ed"]
    save_user(c["sue"], tom, is_superuser="on")
    save_user(signed_in(tom), sam2, groups=str(Group.objects.get(name="Clinical reviewer").pk))
    draft = in_review(c["sue"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    refused(panel(signed_in(sam2), dvt(), "approve", version=draft.number), "did not appoint")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW


def test_a_reviewer_the_superuser_appointed_recording_a_review_of_the_superusers_unreviewed_publication_is_refused(  # noqa: E501
    c, people
):
    sam2 = people["ed"]
    save_user(c["sue"], sam2, groups=str(Group.objects.get(name="Clinical reviewer").pk))
    knead = step("knead-the-calf")
    save_in_admin(c["sue"], knead, summary="Knead the calf like dough, gently.")
    draft = workflow.pending(knead)
    panel(c["sue"], knead, "force", version=draft.number, reason="Urgent", change_note="Clearer")
    draft.refresh_from_db()
    assert draft.published_without_review
    refused(panel(signed_in(sam2), knead, "review"), "did not appoint")
    draft.refresh_from_db()
    assert draft.published_without_review


def save_user(client, user, **changes):
    data = {**change_form_data(client, user), **changes}
    data = {key: value for key, value in data.items() if value != ""}
    if changes.get("is_superuser") is None:
        data.pop("is_superuser", None)
    response = client.post(admin_url(user), data)
    assert response.status_code == 302, response.content.decode()[:3000]


# Editor -----------------------------------------------------------------------------------------


def test_editor_approving_or_publishing_their_own_change_by_crafted_post_is_refused(c):
    before = readers_pages([DVT])
    draft = in_review(c["ann"], dvt(), "Clearer.", body=UNSAFE)
    for action in ["approve", "publish", "schedule", "force", "review", "link-create"]:
        panel(
            c["ann"],
            dvt(),
            action,
            version=draft.number,
            reason="x",
            change_note="x",
            reviewer_name="Dr X",
            publish_on="1 January 2099",
            publish_time="12:00",
        )
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    assert not draft.links.exists()
    assert readers_pages([DVT]) == before


def test_editor_rewriting_the_change_note_after_approval_does_not_reach_readers(c):
    draft = in_review(c["ann"], dvt(), "Clearer summary.", summary="A clot in a deep vein.")
    panel(c["rhea"], dvt(), "approve", version=draft.number)
    for action in ["submit", "publish", "schedule"]:
        panel(c["ann"], dvt(), action, version=draft.number, change_note="Nothing important.")
    draft.refresh_from_db()
    assert (draft.status, draft.change_note) == (Revision.Status.APPROVED, "Clearer summary.")
    # A second reviewer (not the approver) publishing with a new note sends it back to review.
    response = panel(c["ray"], dvt(), "publish", version=draft.number, change_note="Tiny fix.")
    refused(response, "is back in review")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    assert "Tiny fix." not in page_text(Client().get("/changes/"))


def test_editor_changing_a_version_between_approve_and_publish_is_not_published(c):
    before = readers_pages([DVT])
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    panel(c["rhea"], dvt(), "approve", version=draft.number)
    save_in_admin(c["ann"], dvt(), summary=UNSAFE)  # the stale tab: a save after approval
    response = panel(c["rhea"], dvt(), "publish", version=draft.number)
    refused(response, "is no longer the one waiting")
    newest = workflow.pending(dvt())
    assert newest.number > draft.number and newest.status == Revision.Status.DRAFT
    refused(panel(c["rhea"], dvt(), "publish", version=newest.number), "only an approved")
    assert readers_pages([DVT]) == before


def test_editor_saving_between_a_reviewers_page_load_and_approve_is_not_approved(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    c["rhea"].get(admin_url(dvt()))  # the reviewer reads version N
    save_in_admin(c["ed"], dvt(), summary=UNSAFE)  # a colleague saves N+1 meanwhile
    refused(panel(c["rhea"], dvt(), "approve", version=draft.number), "no longer the one")
    newest = workflow.pending(dvt())
    assert newest.status == Revision.Status.DRAFT and newest.decided_by_id is None


def test_editor_sending_another_items_version_number_acts_on_nothing_else(c):
    knead = step("knead-the-calf")
    theirs = in_review(c["ann"], knead, "Clearer.", summary="Knead it gently, like dough.")
    before = readers_pages([DVT])
    # Item A's address with item B's version: it names A's pending version, of which there is none.
    refused(panel(c["rhea"], dvt(), "approve", version=theirs.number), "no longer the one")
    theirs.refresh_from_db()
    assert theirs.status == Revision.Status.IN_REVIEW
    assert readers_pages([DVT]) == before


def test_editor_saving_over_an_approved_scheduled_version_cancels_it_and_nothing_goes_live(c):
    before = readers_pages([DVT])
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    panel(c["rhea"], dvt(), "approve", version=draft.number)
    at = timezone.localtime() + timedelta(days=1)
    panel(
        c["ray"],
        dvt(),
        "schedule",
        version=draft.number,
        publish_on=at.strftime("%d/%m/%Y"),
        publish_time=at.strftime("%H:%M"),
    )
    draft.refresh_from_db()
    assert draft.publish_at is not None
    data = change_form_data(c["ed"], dvt())
    data["summary"] = UNSAFE
    first = c["ed"].post(admin_url(dvt()), data)
    assert first.status_code == 200, "asked first"
    second = c["ed"].post(admin_url(dvt()), {**data, "schedule_seen": str(draft.number)})
    assert second.status_code == 302
    assert schedule.publish_due(now=timezone.now() + timedelta(days=2)) == 0
    assert readers_pages([DVT]) == before


def test_editor_reorder_that_moves_the_first_routine_step_is_refused(c):
    before = readers_pages(["/massage/"])
    ids = list(MassageStep.objects.order_by("position").values_list("pk", "position"))
    (first, p1), (second, p2) = ids[:2]
    response = c["ann"].post(
        "/admin/articles/massagestep/adminsortable2_update/",
        json.dumps({"updatedItems": [[second, p1], [first, p2]]}),
        content_type="application/json",
    )
    assert response.status_code == 409
    c["ann"].post(
        "/admin/articles/massagestep/",
        {"action": "move_down", "_selected_action": [first], "index": 0},
    )
    assert readers_pages(["/massage/"]) == before


def test_editor_blank_looking_text_in_each_clinical_box_is_refused(c):
    boxes = [
        (Guide.objects.get(), ["warning_heading", "warning_urgent", "warning_emergency"]),
        (SafetyText.objects.get(kind="urgent-card"), ["heading", "body"]),
        (dvt(), ["title", "summary", "body"]),
        (step(), ["instruction", "title", "summary"]),
        (live_clinical_note(), ["title", "body"]),
    ]
    before = readers_pages(["/", DVT, "/cramp-or-clot/", "/massage/bare-the-leg/"])
    for item, names in boxes:
        for name in names:
            for blank in BLANK_LOOKING:
                if name in {"title", "summary", "heading"} or name.startswith("warning"):
                    if "<" in blank or "&" in blank:
                        continue  # plain-text boxes show these characters as typed
                versions = Revision.objects.count()
                response = save_in_admin(c["ann"], item, **{name: blank})
                assert response.status_code == 200, (item, name, blank)
                assert Revision.objects.count() == versions, (item, name, blank)
    assert readers_pages(["/", DVT, "/cramp-or-clot/", "/massage/bare-the-leg/"]) == before


def test_editor_uploading_a_script_or_svg_through_markdownx_is_refused(c):
    svg = SimpleUploadedFile("x.svg", b"<svg onload=alert(1)></svg>", "image/svg+xml")
    response = c["ann"].post("/markdownx/upload/", {"image": svg})
    assert response.status_code == 400
    preview = c["ann"].post("/markdownx/markdownify/", {"content": "<script>alert(1)</script>"})
    assert b"<script>" not in preview.content


def test_editor_editing_another_editors_note_is_refused(c, people):
    from articles.models import EditorNote

    note = EditorNote.objects.create(item=dvt(), text="Check with Rhea.", author=people["ann"])
    data = change_form_data(c["ed"], dvt())
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    index = next(k for k, v in data.items() if k.endswith("-id") and v == str(note.pk))
    index = index.removeprefix(f"{prefix}-").removesuffix("-id")
    data[f"{prefix}-{index}-text"] = "Ignore Rhea."
    c["ed"].post(admin_url(dvt()), data)
    data[f"{prefix}-{index}-DELETE"] = "on"
    c["ed"].post(admin_url(dvt()), data)
    note.refresh_from_db()
    assert note.text == "Check with Rhea."


# Clinical reviewer -----------------------------------------------------------------------------


def test_reviewer_approving_a_change_they_submitted_for_someone_else_is_refused(c, people):
    save_in_admin(c["ann"], dvt(), summary=UNSAFE)
    draft = workflow.pending(dvt())
    panel(c["rhea"], dvt(), "submit", version=draft.number, change_note="Ann's change.")
    refused(panel(c["rhea"], dvt(), "approve", version=draft.number), "nobody approves")
    assert UNSAFE not in page_text(Client().get(DVT))


def test_reviewer_reusing_an_outside_link_on_a_later_version_is_refused(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    panel(c["rhea"], dvt(), "link-create", version=draft.number, reviewer_name="Dr Shah")
    link = draft.links.get()
    save_in_admin(c["ann"], dvt(), summary=UNSAFE)
    outside = Client(enforce_csrf_checks=False)
    assert outside.get(links.address(link)).status_code == 410
    posted = outside.post(links.address(link), {"name": "Dr Shah", "text": "Looks fine"})
    assert posted.status_code == 410
    assert ReviewComment.objects.count() == 0
    assert UNSAFE not in page_text(Client().get(DVT))


def test_an_outside_comment_through_an_expired_link_is_refused(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    panel(c["rhea"], dvt(), "link-create", version=draft.number, reviewer_name="Dr Shah")
    link = draft.links.get()
    type(link).objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(1))
    response = Client().post(links.address(link), {"name": "Dr Shah", "text": "Approve it"})
    assert response.status_code == 410
    assert ReviewComment.objects.count() == 0
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW


def test_reviewer_revoking_another_items_link_through_this_items_panel_acts_on_nothing(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    panel(c["rhea"], dvt(), "link-create", version=draft.number, reviewer_name="Dr Shah")
    link = draft.links.get()
    response = c["ray"].post(
        admin_url(step(), "publishing"), {"action": "link-revoke", "link": link.pk}
    )
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


# Viewer and readers -----------------------------------------------------------------------------


def test_viewer_posting_every_panel_action_changes_nothing(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    before = readers_pages([DVT])
    actions = ["submit", "discard", "approve", "reject", "publish", "schedule", "force"]
    for action in [*actions, "review", "unpublish", "revert", "link-create", "cancel-schedule"]:
        panel(c["vic"], dvt(), action, version=draft.number, number=1, reason="x", comment="x")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    assert workflow.pending(dvt()) == draft
    assert readers_pages([DVT]) == before


def test_viewer_reordering_or_uploading_is_refused(c):
    before = list(MassageStep.objects.values_list("pk", "position"))
    ids = [pk for pk, _ in before]
    response = c["vic"].post(
        "/admin/articles/massagestep/adminsortable2_update/",
        json.dumps({"updatedItems": [[ids[2], 1], [ids[0], 3]]}),
        content_type="application/json",
    )
    assert response.status_code in (403, 400)
    assert list(MassageStep.objects.values_list("pk", "position")) == before
    picture = SimpleUploadedFile("x.png", b"\x89PNG", "image/png")
    assert c["vic"].post("/markdownx/upload/", {"image": picture}).status_code == 403


def test_non_staff_exporting_the_audit_log_as_csv_is_refused(django_user_model):
    outsider = django_user_model.objects.create_user("olly", password="pw")
    for client in [Client(), signed_in(outsider)]:
        response = client.get("/admin/publishing/auditevent/export.csv")
        assert response.status_code in (302, 404)
        assert b"when (UTC)" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_a_reader_asking_for_a_drafts_preview_gets_the_live_text(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", body=UNSAFE)
    assert UNSAFE in page_text(c["ann"].get(f"{DVT}?version={draft.pk}"))
    assert UNSAFE not in page_text(Client().get(f"{DVT}?version={draft.pk}"))
    assert UNSAFE not in page_text(Client().get(DVT))


def test_deleting_the_account_between_the_author_and_the_reviewer_to_break_the_chain_is_refused(
    c, people, django_user_model
):
    """The chain again, then the superuser deletes tom: the log's grant to sam2 would name no
    account, and nothing would connect sam2 to the superuser."""
    tom = django_user_model.objects.create_user("tom", password="pw", is_staff=True)
    sam2 = people["ed"]
    save_user(c["sue"], tom, is_superuser="on")
    save_user(signed_in(tom), sam2, groups=str(Group.objects.get(name="Clinical reviewer").pk))
    assert c["sue"].post(admin_url(tom, "delete"), {"post": "yes"}).status_code == 403
    c["sue"].post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [tom.pk], "post": "yes"},
    )
    assert django_user_model.objects.filter(pk=tom.pk).exists()
    draft = in_review(c["sue"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    refused(panel(signed_in(sam2), dvt(), "approve", version=draft.number), "did not appoint")


def test_superuser_submitting_a_clinical_change_with_an_invisible_change_note_is_refused(c):
    save_in_admin(c["ann"], dvt(), severity="self-care")
    draft = workflow.pending(dvt())
    refused(
        panel(c["ann"], dvt(), "submit", version=draft.number, change_note="\u200b\u3164"),
        "Write a change note",
    )
    draft.refresh_from_db()
    assert draft.status == Revision.Status.DRAFT


def test_a_new_unpublished_cause_with_unsafe_words_reaches_no_readers_page(c):
    before = readers_pages(["/", "/causes/", "/changes/"])
    response = c["ann"].post(
        "/admin/articles/cause/add/",
        {
            "title": "Calf clot",
            "slug": "calf-clot",
            "summary": UNSAFE,
            "severity": "self-care",
            "body": UNSAFE,
            "is_published": "on",
            "position": "99",
            "articles-editornote-content_type-object_id-TOTAL_FORMS": "0",
            "articles-editornote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Client().get("/causes/calf-clot/").status_code == 404
    assert readers_pages(["/", "/causes/", "/changes/"]) == before
    for feed in ["/sitemap.xml", "/changes/feed/"]:  # dated "now": compared by what they list
        listed = Client().get(feed).content.decode()
        assert "calf-clot" not in listed and UNSAFE not in listed


def test_superuser_save_as_new_of_the_dvt_cause_publishes_nothing(c):
    before = readers_pages(["/causes/", DVT])
    data = change_form_data(c["sue"], dvt())
    data.update(_saveasnew="Save as new", slug="dvt-copy", severity="self-care", body=UNSAFE)
    c["sue"].post(admin_url(dvt()), data)
    assert Client().get("/causes/dvt-copy/").status_code == 404
    assert readers_pages(["/causes/", DVT]) == before


def test_editor_discarding_an_approved_version_is_refused(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    panel(c["rhea"], dvt(), "approve", version=draft.number)
    refused(panel(c["ed"], dvt(), "discard", version=draft.number), "cannot be discarded")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.APPROVED


@pytest.mark.parametrize(
    "kind, box",
    [
        ("guide", "warning_urgent"),
        ("guide", "warning_heading"),
        ("safety text", "body"),
        ("safety text", "heading"),
        ("clinical note", "body"),
        ("step", "instruction"),
        ("self-care cause", "severity"),
    ],
)
def test_superuser_forcing_unsafe_words_into_a_clinical_box_is_refused(c, kind, box):
    item = {
        "guide": lambda: Guide.objects.get(),
        "safety text": lambda: SafetyText.objects.get(kind="do-not-massage"),
        "clinical note": lambda: live_clinical_note(),
        "step": lambda: step(),
        "self-care cause": lambda: Cause.objects.get(slug="dehydration"),
    }[kind]()
    before = readers_pages(["/", "/cramp-or-clot/", "/massage/", "/causes/dehydration/"])
    value = "self-care" if box == "severity" else UNSAFE
    if box == "severity":
        Cause.objects.filter(pk=item.pk).update(severity="urgent")  # as if published so
        before = readers_pages(["/", "/cramp-or-clot/", "/massage/", "/causes/dehydration/"])
    response = save_in_admin(c["sue"], item, **{box: value})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = workflow.pending(item)
    response = panel(c["sue"], item, "force", version=draft.number, reason="Urgent", minor="on")
    refused(response, "only go live with a clinical reviewer's approval")
    assert readers_pages(["/", "/cramp-or-clot/", "/massage/", "/causes/dehydration/"]) == before


def test_a_new_unpublished_clinical_note_on_the_dvt_page_reaches_no_reader(c):
    before = readers_pages([DVT])
    from articles.desk.forms import annotated_items

    about = next(value for value, label in annotated_items() if "Deep vein" in label)
    response = c["ann"].post(
        "/admin/articles/clinicalnote/add/",
        {
            "title": "Massage it",
            "slug": "massage-it",
            "about": about,
            "quote": "",
            "body": UNSAFE,
            "is_published": "on",
            "position": "99",
            "articles-editornote-content_type-object_id-TOTAL_FORMS": "0",
            "articles-editornote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert readers_pages([DVT]) == before


def test_viewer_move_buttons_are_refused(c):
    before = list(MassageStep.objects.values_list("pk", "position"))
    second = before[1][0]
    assert c["vic"].post(f"/admin/articles/massagestep/{second}/move/up/").status_code == 403
    assert c["vic"].post("/admin/articles/massagestep/undo-move/").status_code == 403
    assert list(MassageStep.objects.values_list("pk", "position")) == before


def test_editor_cancelling_a_schedule_or_scheduling_is_refused(c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    panel(c["rhea"], dvt(), "approve", version=draft.number)
    at = timezone.localtime() + timedelta(days=1)
    when = {"publish_on": at.strftime("%d/%m/%Y"), "publish_time": at.strftime("%H:%M")}
    panel(c["ray"], dvt(), "schedule", version=draft.number, **when)
    draft.refresh_from_db()
    scheduled = draft.publish_at
    refused(panel(c["ed"], dvt(), "cancel-schedule", version=draft.number), "Only a clinical")
    later = at + timedelta(days=30)
    panel(
        c["ed"],
        dvt(),
        "schedule",
        version=draft.number,
        publish_on=later.strftime("%d/%m/%Y"),
        publish_time="09:00",
    )
    draft.refresh_from_db()
    assert draft.publish_at == scheduled


def test_superuser_editing_an_approved_versions_change_note_in_the_revisions_list_is_refused(c):
    draft = in_review(c["ann"], dvt(), "Clearer summary.", summary="A clot in a deep vein.")
    panel(c["rhea"], dvt(), "approve", version=draft.number)
    url = f"/admin/publishing/revision/{draft.pk}/change/"
    response = c["sue"].post(url, {"change_note": "Something else", "content": "{}"})
    assert response.status_code == 403
    assert c["sue"].post(f"/admin/publishing/revision/{draft.pk}/delete/").status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.change_note) == (Revision.Status.APPROVED, "Clearer summary.")


def test_staff_in_no_group_and_outsiders_reach_no_panel_or_editor_endpoint(django_user_model, c):
    draft = in_review(c["ann"], dvt(), "Clearer.", summary="A clot in a deep vein of the leg.")
    bare = django_user_model.objects.create_user("bea", password="pw", is_staff=True)
    for client in [signed_in(bare), Client()]:
        panel(client, dvt(), "approve", version=draft.number)
        panel(client, dvt(), "discard", version=draft.number)
        # The live preview renders (sanitised) for any staff and stores nothing; not for others.
        preview = client.post("/markdownx/markdownify/", {"content": "<script>x</script>Hi"})
        assert b"<script>" not in preview.content
        picture = SimpleUploadedFile("x.png", b"\x89PNG", "image/png")
        assert client.post("/markdownx/upload/", {"image": picture}).status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.status == Revision.Status.IN_REVIEW
    assert Client().post("/markdownx/markdownify/", {"content": "Hi"}).status_code == 404
