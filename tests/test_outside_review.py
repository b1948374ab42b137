"""A clinician without an account reads one pending version through a signed link that expires,
can be revoked, and is logged each time it is opened."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from articles.models import MassageStep
from publishing import links, workflow
from publishing.models import AuditEvent, ReviewLink
from tools.admin_forms import admin_url, save_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_editor):
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(client, step, instruction="Knead the calf gently with both hands, for a minute.")
    revision = workflow.pending(step)
    workflow.submit(revision, ann, "Gentler wording")
    return revision


@pytest.fixture
def rhea(make_reviewer):
    return make_reviewer("rhea", "Rhea", "Reviewer")


def make_link(client, revision):
    step = revision.item
    client.post(
        admin_url(step, "publishing"),
        {"action": "link-create", "version": revision.number, "reviewer_name": "Dr Shah"},
    )
    return ReviewLink.objects.get(revision=revision)


def test_a_reviewer_shares_a_link_that_shows_the_draft_beside_the_live_text(
    draft, rhea, reader, text
):
    staff = Client()
    staff.force_login(rhea)
    link = make_link(staff, draft)
    assert link.expires_at - timezone.now() > timedelta(days=6, hours=23)
    panel = staff.get(admin_url(draft.item)).content.decode()
    address = links.address(link)
    assert address in panel, "the reviewer can copy the link from the panel"
    page = reader.get(address)
    assert page.status_code == 200
    reading = text(page)
    assert "Draft for clinical review: not published" in reading
    assert "Live text now" in reading and "Draft, with changes marked" in reading
    assert "gently with both hands" in reading
    assert page["X-Robots-Tag"] == "noindex"
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    reader.get(address)
    opened = AuditEvent.objects.filter(action="link-opened")
    assert opened.count() == 2
    assert opened.first().actor_name == "Dr Shah (outside reviewer link)"


def test_a_revoked_link_stops_working(draft, rhea, reader):
    staff = Client()
    staff.force_login(rhea)
    link = make_link(staff, draft)
    staff.post(admin_url(draft.item, "publishing"), {"action": "link-revoke", "link": link.pk})
    response = reader.get(links.address(link))
    assert response.status_code == 410
    assert "This review link no longer works" in response.content.decode()
    assert AuditEvent.objects.filter(action="link-revoked").exists()


def test_an_expired_or_altered_link_does_not_work(draft, rhea, reader):
    link = links.create(draft, rhea, "Dr Shah")
    ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert reader.get(links.address(link)).status_code == 410
    other = links.create(draft, rhea, "Dr Jones")
    token = links.token(other)
    assert reader.get(f"/review/{token[:-2]}xx/").status_code == 410
    forged = links.token(link).replace(str(link.pk), str(other.pk), 1)
    assert reader.get(f"/review/{forged}/").status_code == 410


def test_editors_cannot_share_links(draft, make_editor):
    ben = make_editor("ben", "Ben", "Editor")
    with pytest.raises(workflow.WorkflowError, match="Only a clinical reviewer"):
        links.create(draft, ben, "Dr Shah")


def test_the_audit_log_cannot_be_changed_or_deleted_by_anyone(draft, admin_user):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionDenied):
        event.detail = "rewritten"
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.update(detail="rewritten")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    superuser = Client()
    superuser.force_login(admin_user)
    assert superuser.get(f"/admin/publishing/auditevent/{event.pk}/delete/").status_code == 403
    page = superuser.get(f"/admin/publishing/auditevent/{event.pk}/change/").content.decode()
    assert 'name="detail"' not in page


def test_the_audit_log_exports_the_filtered_entries_as_csv(draft, admin_user, rhea):
    workflow.reject(draft, rhea, '=HYPERLINK("http://evil") cite a source')
    superuser = Client()
    superuser.force_login(admin_user)
    listing = superuser.get("/admin/publishing/auditevent/?action__exact=rejected")
    assert "Download these entries as CSV" in listing.content.decode()
    response = superuser.get("/admin/publishing/auditevent/export.csv?action__exact=rejected")
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0] == "when (UTC),who,what,item,version,reason or comment"
    assert len(lines) == 2 and "Rejected" in lines[1] and "Rhea Reviewer" in lines[1]
    assert "'=HYPERLINK" in lines[1], "a formula is kept as text"


def test_readers_cannot_open_the_audit_log(reader, editor):
    assert reader.get("/admin/publishing/auditevent/export.csv").status_code == 302


def test_a_link_stops_working_once_its_version_is_no_longer_the_one_waiting(
    draft, rhea, reader, make_editor
):
    link = links.create(draft, rhea, "Dr Shah")
    step = draft.item
    step.instruction = "A newer version, saved after the link was sent."
    workflow.save_draft(step, make_editor("ben", "Ben", "Editor"))
    assert reader.get(links.address(link)).status_code == 410
