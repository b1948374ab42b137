"""Each content model declares its clinical boxes (publishing.clinical): an urgent cause is
clinical in every box, every safety text, clinical note and the warning in every box, every
step's instruction. A clinical change never goes live without a clinical reviewer; a change
published without review keeps its reason internal; a change note rewritten after approval goes
back to the reviewer."""

import pytest

from articles.models import AftercareNote, Cause, Guide, MassageStep, SafetyText
from publishing import workflow
from publishing.models import AuditEvent, Revision
from tests.test_workflow import messages_of, panel_post, signed_in
from tools.admin_forms import admin_url, save_in_admin

pytestmark = pytest.mark.django_db

DVT = "deep-vein-thrombosis"
UNSAFE = "massage the calf firmly to break up the clot"


@pytest.fixture
def ann(make_editor):
    return make_editor("ann", "Ann", "Author")


@pytest.mark.parametrize("box", ["title", "summary", "body", "related"])
def test_every_box_of_an_urgent_cause_is_clinical(ann, admin_user, box):
    dvt = Cause.objects.get(slug=DVT)
    save_in_admin(signed_in(ann), dvt, **{box: UNSAFE.capitalize() + "."})
    draft = workflow.pending(dvt)
    assert workflow.is_clinical(draft)
    with pytest.raises(workflow.WorkflowError, match="clinical reviewer's approval"):
        workflow.publish_unreviewed(draft, admin_user, "Typo fix", UNSAFE, minor=False)


def test_publish_without_review_cannot_put_unsafe_words_on_the_dvt_page(
    ann, admin_user, reader, text
):
    """Reproduced: a superuser used "Publish without review" with the reason "Typo fix" to put
    this on the DVT page's title, summary and body."""
    dvt = Cause.objects.get(slug=DVT)
    save_in_admin(signed_in(ann), dvt, title="DVT", summary=UNSAFE, body=UNSAFE)
    draft = workflow.pending(dvt)
    admin = signed_in(admin_user)
    assert "Publish without review" not in text(admin.get(admin_url(dvt)))
    refused = panel_post(
        admin, dvt, "force", version=draft.number, reason="Typo fix", change_note="Typo"
    )
    assert "clinical reviewer's approval" in " ".join(messages_of(refused))
    assert UNSAFE not in text(reader.get(f"/causes/{DVT}/"))


def test_a_self_care_cause_made_urgent_is_a_clinical_change(ann):
    cause = Cause.objects.exclude(severity="urgent").first()
    save_in_admin(signed_in(ann), cause, severity="urgent")
    assert workflow.is_clinical(workflow.pending(cause))


def test_a_steps_instruction_is_clinical_and_its_summary_is_not(ann):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(signed_in(ann), step, instruction="Press as hard as you can.")
    assert workflow.clinical_changes(workflow.pending(step)) == {"instruction"}
    other = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(signed_in(ann), other, summary="Find the tight spots.")
    assert not workflow.is_clinical(workflow.pending(other))


@pytest.mark.parametrize(
    "model, declared",
    [
        (Guide, {"warning_heading", "warning_urgent", "warning_emergency"}),
        (SafetyText, {"heading", "body", "sources"}),
        (AftercareNote, set()),
    ],
)
def test_each_model_declares_its_clinical_boxes(model, declared):
    from publishing.clinical import clinical_boxes_of

    assert clinical_boxes_of(model, {}) == declared


def test_a_forced_publication_emails_the_reviewers_its_reason_and_keeps_it_from_readers(
    ann, admin_user, make_reviewer, smtp_server, reader, text, django_capture_on_commit_callbacks
):
    make_reviewer("rhea", "Rhea", "Reviewer")
    step = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(signed_in(ann), step, summary="Find the tight spots.")
    draft = workflow.pending(step)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_unreviewed(
            draft, admin_user, "The old summary was wrong", "We made the summary clearer."
        )
    (email,) = smtp_server.to("rhea@example.org")
    assert "The old summary was wrong" in email.body
    assert "We made the summary clearer." in email.body
    changes = text(reader.get("/changes/"))
    assert "We made the summary clearer." in changes
    assert "The old summary was wrong" not in changes
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISHED_WITHOUT_REVIEW).get()
    assert event.detail == "Reason: The old summary was wrong"


def test_a_change_note_rewritten_after_approval_goes_back_to_review(
    ann, make_reviewer, reader, text
):
    """Reproduced: the author could rewrite the public change note after approval and it went
    live unseen by the reviewer."""
    rhea = make_reviewer("rhea", "Rhea", "Reviewer")
    sam = make_reviewer("sam", "Sam", "Second")
    step = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(signed_in(sam), step, summary="Find the tight spots.")
    draft = workflow.pending(step)
    workflow.submit(draft, sam, "We made the summary clearer.")
    workflow.approve(draft, rhea)
    back = workflow.publish(draft, sam, change_note="We checked this with a doctor.")
    assert back.status == Revision.Status.IN_REVIEW
    assert "Find the tight spots." not in text(reader.get("/massage/find-the-knots/"))
    # Sam wrote the new note, so Sam cannot approve it; Rhea sees and approves it.
    with pytest.raises(workflow.WorkflowError, match="or its change note"):
        workflow.approve(back, sam)
    workflow.approve(back, rhea)
    workflow.publish(back, rhea)
    assert "We checked this with a doctor." in text(reader.get("/changes/"))


def test_the_reviewer_who_approved_may_reword_the_note_as_they_publish(ann, make_reviewer):
    rhea = make_reviewer("rhea", "Rhea", "Reviewer")
    step = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(signed_in(ann), step, summary="Find the tight spots.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "Clearer summary")
    workflow.approve(draft, rhea)
    live = workflow.publish(draft, rhea, change_note="We made the summary clearer.")
    assert live.status == Revision.Status.PUBLISHED
    assert live.change_note == "We made the summary clearer."


def test_the_submitter_is_told_in_the_panel_that_another_reviewer_must_approve(
    ann, make_reviewer, text
):
    rhea = make_reviewer("rhea", "Rhea", "Reviewer")
    step = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(signed_in(ann), step, summary="Find the tight spots.")
    draft = workflow.pending(step)
    workflow.submit(draft, rhea, "Rhea's note")
    panel = text(signed_in(rhea).get(admin_url(step)))
    assert "or its change note, so another clinical reviewer must approve it" in panel
    assert f"Approve version {draft.number}" not in panel
