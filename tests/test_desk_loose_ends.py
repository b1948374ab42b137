"""Loose ends of the publishing desk, each reproduced first: a bad version number in a revert,
"Publish without review" on a rejected version, rejected versions left open after a later one
went live, and no email when a change goes live."""

import pytest

from articles.models import MassageStep
from publishing import workflow
from publishing.models import AuditEvent, Revision
from tests.test_workflow import messages_of, panel_post, signed_in
from tools.admin_forms import admin_url, save_in_admin

pytestmark = pytest.mark.django_db

STEP = "find-the-knots"


@pytest.fixture
def step():
    return MassageStep.objects.get(slug=STEP)


@pytest.fixture
def ann(make_editor):
    user = make_editor("ann", "Ann", "Author")
    user.email = "ann@example.org"
    user.save()
    return user


@pytest.fixture
def rhea(make_reviewer):
    return make_reviewer("rhea", "Rhea", "Reviewer")


@pytest.mark.parametrize("number", ["abc", "", "-1", "1.5"])
def test_a_revert_to_a_version_that_is_no_number_is_not_found(ann, step, number):
    response = signed_in(ann).post(
        admin_url(step, "publishing"), {"action": "revert", "number": number}
    )
    assert response.status_code == 404


def rejected(step, ann, rhea):
    save_in_admin(signed_in(ann), step, summary="Doubtful.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "Clearer")
    return workflow.reject(draft, rhea, "Not clearer")


def test_publish_without_review_is_not_offered_or_allowed_on_a_rejected_version(
    ann, rhea, admin_user, step, text
):
    version = rejected(step, ann, rhea)
    admin = signed_in(admin_user)
    assert "Publish without review" not in text(admin.get(admin_url(step)))
    response = panel_post(admin, step, "force", version=version.number, reason="x", change_note="y")
    assert "cannot be published without review" in " ".join(messages_of(response))
    version.refresh_from_db()
    assert version.status == Revision.Status.REJECTED


def test_a_rejected_version_closes_once_a_later_one_goes_live(ann, rhea, step, publish):
    version = rejected(step, ann, rhea)
    assert "1 rejected, to rework" in text_of_admin_home(signed_in(rhea))
    save_in_admin(signed_in(ann), step, summary="Find the tight spots.")
    publish(step)
    version.refresh_from_db()
    assert version.status == Revision.Status.SUPERSEDED
    waiting = text_of_admin_home(signed_in(rhea))
    assert "rejected, to rework" not in waiting


def text_of_admin_home(client):
    return client.get("/admin/").content.decode()


def test_the_author_is_emailed_when_their_change_goes_live(
    ann, rhea, step, smtp_server, django_capture_on_commit_callbacks
):
    save_in_admin(signed_in(ann), step, summary="Find the tight spots.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "We made the summary clearer.")
    workflow.approve(draft, rhea)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(draft, rhea)
    (email,) = smtp_server.to("ann@example.org")
    assert email.subject == f"Live: {draft.item_label} (version {draft.number})"
    assert "readers see it now" in email.body
    assert "Published by Rhea Reviewer." in email.body
    assert "We made the summary clearer." in email.body


def test_a_draft_can_be_discarded_and_readers_and_the_form_keep_the_live_text(
    ann, step, reader, text
):
    """Reproduced: drafts could not be discarded."""
    live_summary = step.summary
    save_in_admin(signed_in(ann), step, summary="A thought I had.")
    draft = workflow.pending(step)
    editor = signed_in(ann)
    assert f"Discard version {draft.number}" in text(editor.get(admin_url(step)))
    response = panel_post(editor, step, "discard", version=draft.number)
    assert "is discarded" in " ".join(messages_of(response))
    assert workflow.pending(step) is None
    assert live_summary in text(reader.get(f"/massage/{STEP}/"))
    form = editor.get(admin_url(step)).content.decode()
    assert "A thought I had." not in form
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DISCARDED).count() == 1


def test_an_approved_version_cannot_be_discarded(ann, rhea, step):
    save_in_admin(signed_in(ann), step, summary="Clearer.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "Clearer")
    workflow.approve(draft, rhea)
    with pytest.raises(workflow.WorkflowError, match="cannot be discarded"):
        workflow.discard(draft, ann)


def test_every_draft_save_is_in_the_audit_log(ann, step):
    """Reproduced: the audit log left out draft saves."""
    save_in_admin(signed_in(ann), step, summary="Clearer.")
    saved = AuditEvent.objects.get(action=AuditEvent.Action.DRAFT_SAVED)
    assert saved.actor == ann and saved.revision_number == workflow.pending(step).number


def test_whether_readers_see_an_item_is_one_rule_for_every_kind():
    from articles.models import Cause, Guide, InfoPage, SafetyText
    from publishing.content import can_be_taken_off, on_the_site

    # The guide, safety texts and info pages have no on/off switch: readers always see them.
    for always_live in (Guide.objects.get(), SafetyText.objects.first(), InfoPage.objects.first()):
        assert not can_be_taken_off(always_live)
        assert on_the_site(always_live)
    cause = Cause.objects.first()
    assert can_be_taken_off(cause)
    assert on_the_site(cause)
    cause.is_published = False
    assert not on_the_site(cause)


def test_deleting_an_item_off_the_site_is_in_the_audit_log(admin_user, step):
    from tests.factories import CauseFactory

    cause = CauseFactory(title="A cause nobody published", is_published=False)
    client = signed_in(admin_user)
    response = client.post(admin_url(cause, "delete"), {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert not type(cause).objects.filter(pk=cause.pk).exists()
    deleted = AuditEvent.objects.get(action=AuditEvent.Action.DELETED)
    assert deleted.actor == admin_user
    assert "A cause nobody published" in deleted.item_label


def test_a_live_item_cannot_be_deleted_before_it_is_taken_off(admin_user, step):
    client = signed_in(admin_user)
    response = client.post(admin_url(step, "delete"), {"post": "yes"})

    assert response.status_code == 403
    assert MassageStep.objects.filter(pk=step.pk).exists()


UNREVIEWED = "Published without review, awaiting a review"


def awaiting_review(client):
    """The rows of the Revisions list under its "awaiting a review" filter, as text."""
    from tests.test_history import _rows

    html = client.get("/admin/publishing/revision/?review=awaiting").content.decode()
    return _rows(html, 'id="result_list"')


def forced(item, author, superuser, summary):
    save_in_admin(signed_in(author), item, summary=summary)
    draft = workflow.pending(item)
    return workflow.publish_unreviewed(draft, superuser, "Broken link", minor=True)


def test_the_revisions_list_finds_versions_published_without_review_in_one_click(
    ann, rhea, admin_user, step, publish, text
):
    """Reviewers are emailed about a version published without review; the Revisions list
    finds every one still waiting for their review, and no other."""
    forced(step, ann, admin_user, "Find the tight spots.")
    knead = MassageStep.objects.get(slug="knead-the-calf")
    forced(knead, ann, admin_user, "Knead it.")
    workflow.record_review(knead, rhea)  # reviewed since
    shake = MassageStep.objects.get(slug="shake-out-the-calf")
    forced(shake, ann, admin_user, "Shake it.")
    save_in_admin(signed_in(ann), shake, summary="Shake it out gently.")
    publish(shake)  # a reviewed version replaced it on the site

    reviewer = signed_in(rhea)
    assert UNREVIEWED in text(reviewer.get("/admin/publishing/revision/"))
    listed = {row.split(" Published")[0]: row for row in awaiting_review(reviewer)}
    assert "Find the knots 2" in listed
    assert "live: readers see this" in listed["Find the knots 2"]
    assert not [row for row in listed if row.startswith(("Knead", "Shake"))], listed
    # The starting content's corrections went out unreviewed too, flagged in their panels.
    assert "Dehydration 2" in listed
    assert all(" Published live: readers see this" in row for row in listed.values())

    workflow.record_review(step, rhea)
    assert "Find the knots 2" not in {
        row.split(" Published")[0] for row in awaiting_review(reviewer)
    }, "a recorded review ends the wait"
