"""Nothing reaches readers unreviewed: saves make drafts, a second person (a clinical
reviewer) approves, and only publishing changes what readers see."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import AftercareNote, Cause, Guide, MassageStep
from publishing import schedule, workflow
from publishing.models import AuditEvent, Revision
from tools.admin_forms import admin_url, save_in_admin

pytestmark = pytest.mark.django_db

STEP = "knead-the-calf"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def panel_post(client, item, action, **fields):
    return client.post(admin_url(item, "publishing"), {"action": action, **fields}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def step():
    return MassageStep.objects.get(slug=STEP)


@pytest.fixture
def ann(make_editor):
    return make_editor("ann", "Ann", "Author")


@pytest.fixture
def rhea(make_reviewer):
    return make_reviewer("rhea", "Rhea", "Reviewer")


def test_an_editors_save_of_a_live_step_leaves_readers_on_the_live_text(ann, step, reader, text):
    response = save_in_admin(signed_in(ann), step, summary="A brand new summary.")
    assert response.status_code == 302
    assert "A brand new summary." not in text(reader.get(f"/massage/{STEP}/"))
    step.refresh_from_db()
    assert step.summary != "A brand new summary."
    draft = workflow.pending(step)
    assert draft.status == Revision.Status.DRAFT
    assert draft.content["summary"] == "A brand new summary."
    listing = text(signed_in(ann).get("/admin/articles/massagestep/"))
    assert "Draft (changes not yet live)" in listing


def test_the_form_opens_on_the_draft_so_work_continues_where_it_was_left(ann, step):
    save_in_admin(signed_in(ann), step, summary="Work in progress.")
    page = signed_in(ann).get(admin_url(step)).content.decode()
    assert "Work in progress." in page


def test_the_save_message_says_readers_still_see_the_live_version(ann, step):
    client = signed_in(ann)
    response = save_in_admin(client, step, summary="Changed.")
    page = client.get(response["Location"])
    assert any("Readers still see the live version" in m for m in messages_of(page))


def test_an_editor_cannot_approve_and_a_reviewer_cannot_approve_their_own_change(
    ann, rhea, step, reader, text
):
    save_in_admin(signed_in(ann), step, summary="Ann's summary.")
    draft = workflow.pending(step)
    panel_post(signed_in(ann), step, "submit", version=draft.number, change_note="Clearer.")
    refused = panel_post(signed_in(ann), step, "approve", version=draft.number)
    assert "Only a clinical reviewer can approve" in " ".join(messages_of(refused))
    # Rhea changes it too: now she is one of its authors and cannot approve it either.
    save_in_admin(signed_in(rhea), step, summary="Rhea's summary.")
    newer = workflow.pending(step)
    panel_post(signed_in(rhea), step, "submit", version=newer.number, change_note="Clearer.")
    own = panel_post(signed_in(rhea), step, "approve", version=newer.number)
    assert "nobody approves their own work" in " ".join(messages_of(own))
    assert workflow.pending(step).status == Revision.Status.IN_REVIEW
    assert "Rhea's summary." not in text(reader.get(f"/massage/{STEP}/"))


def test_a_second_reviewer_approves_and_publishes_and_readers_see_it_at_once(
    ann, rhea, step, reader, text
):
    reader.get(f"/massage/{STEP}/")  # a kept copy must not outlive the publication
    save_in_admin(signed_in(ann), step, summary="Reviewed summary.")
    draft = workflow.pending(step)
    panel_post(signed_in(ann), step, "submit", version=draft.number, change_note="Plainer words.")
    approved = panel_post(signed_in(rhea), step, "approve", version=draft.number, comment="Good.")
    assert "is approved" in " ".join(messages_of(approved))
    assert "Reviewed summary." not in text(reader.get(f"/massage/{STEP}/"))
    panel_post(signed_in(rhea), step, "publish", version=draft.number, change_note="Plainer.")
    assert "Reviewed summary." in text(reader.get(f"/massage/{STEP}/"))
    step.refresh_from_db()
    assert step.reviewed_by == rhea and step.last_reviewed == timezone.localdate()
    actions = list(
        AuditEvent.objects.filter(object_id=step.pk, content_type__model="massagestep")
        .order_by("at", "pk")
        .values_list("action", "actor_name")
    )
    assert actions == [
        ("draft-saved", "Ann Author"),
        ("submitted", "Ann Author"),
        ("approved", "Rhea Reviewer"),
        ("published", "Rhea Reviewer"),
    ]


def test_downgrading_the_dvt_cause_shows_what_readers_lose_and_needs_a_clinical_note(
    ann, admin_user, reader, text
):
    dvt = Cause.objects.get(slug="deep-vein-thrombosis")
    save_in_admin(signed_in(ann), dvt, severity="self-care")
    assert "When to call 999 now" in text(reader.get("/causes/deep-vein-thrombosis/"))
    panel = text(signed_in(ann).get(admin_url(dvt)))
    assert "Readers will LOSE, on this cause's page: the “Urgent” label; the care cards" in panel
    assert "Clinical change" in panel
    draft = workflow.pending(dvt)
    no_note = panel_post(signed_in(ann), dvt, "submit", version=draft.number, change_note=" ")
    assert "Write a change note" in " ".join(messages_of(no_note))
    forced = panel_post(
        signed_in(admin_user), dvt, "force", version=draft.number, reason="Urgent fix"
    )
    assert "can only go live with a clinical reviewer's approval" in " ".join(messages_of(forced))
    assert Cause.objects.get(pk=dvt.pk).is_urgent


def test_rewording_the_warning_is_a_clinical_change(ann, admin_user):
    guide = Guide.load()
    save_in_admin(signed_in(ann), guide, warning_urgent="It is probably just cramp.")
    draft = workflow.pending(guide)
    assert workflow.is_clinical(draft)
    with pytest.raises(workflow.WorkflowError, match="clinical reviewer's approval"):
        workflow.publish_unreviewed(draft, admin_user, "No time")


def test_new_items_start_as_drafts_readers_cannot_see(ann, reader, text, publish):
    client = signed_in(ann)
    response = client.post(
        "/admin/articles/aftercarenote/add/",
        {
            "title": "Drink water",
            "slug": "drink-water",
            "body": "Drink a glass of water after the massage.",
            "is_published": "on",
            "position": "10",
            "loaded_version": "",
            "articles-editornote-content_type-object_id-TOTAL_FORMS": "0",
            "articles-editornote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note = AftercareNote.objects.get(slug="drink-water")
    assert not note.is_published
    assert "Drink a glass of water" not in text(reader.get("/massage/"))
    publish(note)
    assert "Drink a glass of water" in text(reader.get("/massage/"))


def test_a_superuser_publishes_without_review_only_with_a_reason_and_it_stays_flagged(
    ann, admin_user, rhea, step, reader, text
):
    save_in_admin(signed_in(ann), step, summary="Typo fixed.")
    draft = workflow.pending(step)
    no_reason = panel_post(signed_in(admin_user), step, "force", version=draft.number, reason="")
    assert "Write why this cannot wait" in " ".join(messages_of(no_reason))
    no_note = panel_post(signed_in(admin_user), step, "force", version=draft.number, reason="x")
    assert "Write the change note readers will see" in " ".join(messages_of(no_note))
    panel_post(
        signed_in(admin_user), step, "force", version=draft.number, reason="Broken link", minor="on"
    )
    assert "Typo fixed." in text(reader.get(f"/massage/{STEP}/"))
    draft.refresh_from_db()
    assert draft.published_without_review and draft.force_reason == "Broken link"
    # The reason is internal: a minor change has no public note, and never the reason.
    assert draft.change_note == ""
    assert "Broken link" not in text(reader.get("/changes/"))
    assert "Published without review" in text(signed_in(rhea).get(admin_url(step)))
    panel_post(signed_in(rhea), step, "review")
    draft.refresh_from_db()
    assert not draft.published_without_review and draft.reviewed_by == rhea


def test_an_approval_is_refused_when_a_newer_version_was_saved_meanwhile(ann, rhea, step):
    save_in_admin(signed_in(ann), step, summary="First.")
    first = workflow.pending(step)
    panel_post(signed_in(ann), step, "submit", version=first.number, change_note="x")
    save_in_admin(signed_in(ann), step, summary="Second, unseen by the reviewer.")
    stale = panel_post(signed_in(rhea), step, "approve", version=first.number)
    assert "no longer the one waiting" in " ".join(messages_of(stale))
    assert workflow.pending(step).status == Revision.Status.DRAFT


def test_a_rejection_needs_a_comment_and_a_new_save_starts_a_new_draft(ann, rhea, step):
    save_in_admin(signed_in(ann), step, summary="Doubtful.")
    draft = workflow.pending(step)
    panel_post(signed_in(ann), step, "submit", version=draft.number, change_note="x")
    empty = panel_post(signed_in(rhea), step, "reject", version=draft.number, comment="")
    assert "Say why it is rejected" in " ".join(messages_of(empty))
    panel_post(signed_in(rhea), step, "reject", version=draft.number, comment="Cite a source.")
    assert "Rejected" in signed_in(ann).get(admin_url(step)).content.decode()
    save_in_admin(signed_in(ann), step, summary="Doubtful, now with a source.")
    assert workflow.pending(step).status == Revision.Status.DRAFT


def test_a_scheduled_version_goes_live_when_the_scheduler_next_runs_after_its_time(
    ann, rhea, step, reader, text
):
    save_in_admin(signed_in(ann), step, summary="Scheduled summary.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "Timed")
    workflow.approve(draft, rhea)
    at = timezone.localtime() + timedelta(hours=1)
    scheduled = panel_post(
        signed_in(rhea),
        step,
        "schedule",
        version=draft.number,
        publish_on=at.strftime("%d/%m/%Y"),
        publish_time=at.strftime("%H:%M"),
    )
    assert "will go live on" in " ".join(messages_of(scheduled))
    assert schedule.publish_due_in_turn() == 0
    assert "Scheduled summary." not in text(reader.get(f"/massage/{STEP}/"))
    # The hour passes.
    Revision.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert schedule.publish_due_in_turn() == 1
    assert "Scheduled summary." in text(reader.get(f"/massage/{STEP}/"))
    assert AuditEvent.objects.filter(action="published", actor_name__startswith="the site").exists()


def test_reverting_makes_a_labelled_draft_and_readers_keep_the_live_text(
    ann, step, reader, text, publish
):
    original = step.summary
    save_in_admin(signed_in(ann), step, summary="Replaced summary.")
    publish(step)
    live_number = workflow.live_revision(step).number
    panel_post(signed_in(ann), step, "revert", number=1)
    draft = workflow.pending(step)
    assert draft.label == "Revert to version 1" and draft.number == live_number + 1
    assert draft.content["summary"] == original
    assert "Replaced summary." in text(reader.get(f"/massage/{STEP}/"))


def test_taking_a_live_item_off_the_site_is_a_reviewed_change(ann, step, reader, publish):
    signed = signed_in(ann)
    assert signed.get(admin_url(step, "delete")).status_code == 403
    panel_post(signed, step, "unpublish")
    assert reader.get(f"/massage/{STEP}/").status_code == 200
    assert "Readers will LOSE this massage step" in signed.get(admin_url(step)).content.decode()
    publish(step)
    assert reader.get(f"/massage/{STEP}/").status_code == 404
    assert AuditEvent.objects.filter(action="unpublished").exists()


def test_staff_preview_a_version_at_the_real_address_and_readers_never_do(ann, step, reader, text):
    save_in_admin(signed_in(ann), step, summary="Preview me.")
    draft = workflow.pending(step)
    address = f"/massage/{STEP}/?version={draft.pk}"
    staff = text(signed_in(ann).get(address))
    assert "Preview of version" in staff and "Preview me." in staff
    assert "Readers still see the live version" in staff
    assert "Preview me." not in text(reader.get(address))


def test_the_guide_text_preview_shows_on_the_guide_page(ann, reader, text):
    guide = Guide.load()
    save_in_admin(signed_in(ann), guide, title="A new guide title")
    draft = workflow.pending(guide)
    assert "A new guide title" in text(signed_in(ann).get(f"/?version={draft.pk}"))
    assert "A new guide title" not in text(reader.get(f"/?version={draft.pk}"))


def test_the_bulk_review_action_is_gone_and_review_boxes_cannot_be_typed(ann, step):
    page = signed_in(ann).get("/admin/articles/massagestep/").content.decode()
    assert "Record a review today" not in page
    form = signed_in(ann).get(admin_url(step)).content.decode()
    assert 'name="last_reviewed"' not in form and 'name="reviewed_by"' not in form


def test_a_publication_by_the_scheduler_makes_every_cached_page_stale(ann, rhea, step):
    """The scheduler publishes from a thread, not a request: the page cache still hears of it
    (its generation moves), so no reader gets a page kept from before."""
    from delivery.page_cache import page_generation

    save_in_admin(signed_in(ann), step, summary="Due now.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "Timed")
    workflow.approve(draft, rhea)
    workflow.publish(draft, rhea, at=timezone.now() + timedelta(minutes=5))
    Revision.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    generation = page_generation()
    before = generation.current()
    assert schedule.publish_due_in_turn() == 1
    assert MassageStep.objects.get(pk=step.pk).summary == "Due now."
    assert generation.current() != before


def test_the_list_says_when_live_text_changed_since_its_review_or_went_out_unreviewed(
    ann, rhea, admin_user, step, text, publish
):
    save_in_admin(signed_in(ann), step, summary="Reviewed wording.")
    publish(step)
    listing = text(signed_in(ann).get("/admin/articles/massagestep/"))
    assert "changed since review" not in listing
    save_in_admin(signed_in(ann), step, summary="Unreviewed wording.")
    workflow.publish_unreviewed(workflow.pending(step), admin_user, "Broken link", minor=True)
    listing = text(signed_in(ann).get("/admin/articles/massagestep/"))
    assert "published without review" in listing


def test_a_version_whose_slug_was_taken_meanwhile_is_refused_not_a_server_error(
    ann, rhea, step, publish
):
    save_in_admin(signed_in(ann), step, slug="gentle-kneading")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "New address")
    workflow.approve(draft, rhea)
    # Another step takes the address meanwhile (in a shell: the admin refuses a slug a
    # waiting version claims).
    MassageStep.objects.filter(slug="shake-out-the-calf").update(slug="gentle-kneading")
    response = panel_post(signed_in(rhea), step, "publish", version=draft.number, change_note="x")
    assert "cannot go live as it is" in " ".join(messages_of(response))
    assert MassageStep.objects.get(pk=step.pk).slug == STEP


def test_a_scheduled_version_that_can_no_longer_go_live_is_unscheduled_and_logged(
    ann, rhea, step, publish
):
    save_in_admin(signed_in(ann), step, slug="gentle-kneading")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "New address")
    workflow.approve(draft, rhea)
    workflow.publish(draft, rhea, at=timezone.now() + timedelta(hours=1))
    # Another step takes the address meanwhile (in a shell: the admin refuses a slug a
    # waiting version claims).
    MassageStep.objects.filter(slug="shake-out-the-calf").update(slug="gentle-kneading")
    Revision.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert workflow.publish_due() == 0
    draft.refresh_from_db()
    assert draft.status == Revision.Status.APPROVED and draft.publish_at is None
    assert AuditEvent.objects.filter(
        action="unscheduled", detail__contains="cannot go live"
    ).exists()


def test_the_admin_home_page_counts_the_changes_waiting(ann, rhea, step, text):
    save_in_admin(signed_in(ann), step, summary="Waiting.")
    workflow.submit(workflow.pending(step), ann, "Please check")
    home = text(signed_in(rhea).get("/admin/"))
    assert "Changes not yet live 1 waiting for clinical review" in home


def test_two_drafts_cannot_claim_one_new_address(ann):
    first = MassageStep.objects.get(slug=STEP)
    save_in_admin(signed_in(ann), first, slug="massage-it")
    other = MassageStep.objects.get(slug="shake-out-the-calf")
    response = save_in_admin(signed_in(ann), other, slug="massage-it")
    assert response.status_code == 200
    assert "“Knead the calf” has a version waiting to be published" in response.content.decode()


def test_one_scheduled_change_that_fails_does_not_hold_up_the_others(ann, rhea, step):
    def schedule_change(item, **changes):
        for name, value in changes.items():
            setattr(item, name, value)
        draft = workflow.save_draft(item, ann)
        workflow.submit(draft, ann, "Timed")
        workflow.approve(draft, rhea)
        workflow.publish(draft, rhea, at=timezone.now() + timedelta(hours=1))
        return draft

    doomed = AftercareNote.objects.get(slug="arnica-gel-or-sports-cream")
    doomed_draft = schedule_change(doomed, title="Arnica, renamed")
    fine = schedule_change(MassageStep.objects.get(pk=step.pk), summary="On time.")
    AftercareNote.objects.filter(pk=doomed.pk).delete()  # gone from under its schedule
    Revision.objects.filter(pk__in=[doomed_draft.pk, fine.pk]).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    assert workflow.publish_due() == 1
    assert MassageStep.objects.get(pk=step.pk).summary == "On time."
    assert schedule.publish_due_in_turn() == 0, "nothing left due, nothing retried for ever"


def test_every_box_of_a_clinical_note_is_clinical(ann, admin_user):
    from tests.factories import live_clinical_note

    note = live_clinical_note()
    note.title = "Retitled"
    note.sources = ""
    draft = workflow.save_draft(note, ann)
    assert workflow.is_clinical(draft)
    with pytest.raises(workflow.WorkflowError, match="clinical reviewer's approval"):
        workflow.publish_unreviewed(draft, admin_user, "urgent fix")


def test_a_view_only_account_cannot_revert_from_the_history(django_user_model, client):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("vic", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_cause"))
    cause = Cause.objects.get(slug="dehydration")
    client.force_login(viewer)
    assert client.get(admin_url(cause, "history")).status_code == 200
    # The History page's revert is the panel's: a crafted POST is refused like any other.
    response = client.post(
        admin_url(cause, "publishing"), {"action": "revert", "number": "1"}, follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1 and "revert" in messages[0], messages
    assert workflow.pending(cause) is None


def test_an_editor_cannot_add_a_guide_text_even_when_there_is_none(ann, reader, text):
    Guide.objects.all().delete()
    response = signed_in(ann).get("/admin/articles/guide/add/")
    assert response.status_code == 403
