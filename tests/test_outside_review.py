"""A clinician without an account reads one pending version through a signed link that expires,
can be revoked, and is logged when it is opened (once a day per link)."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from articles.models import MassageStep
from publishing import links, workflow
from publishing.models import AuditEvent, ReviewComment, ReviewLink
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
    assert opened.count() == 1, "opened twice in a day, logged once"
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


# Outside reviewers comment through their link ----------------------------------------------


def comment_form(reader, link, text):
    """The comment form as the link's page renders it, filled in and sent (with its CSRF
    token, which the page gave this visitor)."""
    from tools.admin_forms import form_data

    page = reader.get(links.address(link))
    assert page.status_code == 200
    data = form_data(page, "outside-comment")
    data["text"] = text
    token = reader.cookies["csrftoken"].value
    return reader.post(links.address(link), {**data, "csrfmiddlewaretoken": token})


@pytest.fixture
def csrf_reader():
    return Client(enforce_csrf_checks=True)


def test_an_outside_reviewer_comments_and_the_authors_hear_of_it(
    draft, rhea, csrf_reader, text, mailoutbox, django_capture_on_commit_callbacks
):
    ann = draft.created_by
    ann.email = "ann@example.org"
    ann.save()
    link = links.create(draft, rhea, "Dr Shah")
    page = csrf_reader.get(links.address(link))
    assert "Questions? Reply to Rhea Reviewer, rhea@example.org" in text(page)
    assert 'value="Dr Shah"' in page.content.decode(), "the name is filled in from the link"
    assert "maxlength" not in page.content.decode().split('name="text"')[1].split(">")[0], (
        "a browser would cut a long paste short without saying so"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = comment_form(csrf_reader, link, "Say <b>how long</b> a minute is & why.")
    assert response.status_code == 302
    thanks = csrf_reader.get(response["Location"])
    assert "Thank you: your comment is saved" in text(thanks)

    comment = ReviewComment.objects.get()
    assert (comment.revision, comment.link, comment.name) == (draft, link, "Dr Shah")
    assert comment.text == "Say <b>how long</b> a minute is & why."
    draft.refresh_from_db()
    assert draft.status == "in-review", "a comment never changes the version's status"
    assert draft.decided_by is None and draft.reviewed_by is None, "nor counts as approval"

    event = AuditEvent.objects.get(action="outside-comment")
    assert event.actor is None and event.actor_name == "Dr Shah (outside reviewer link)"
    assert event.detail == comment.text and event.revision_number == draft.number

    assert [message.to for message in mailoutbox] == [["ann@example.org"]]
    assert "Dr Shah" in mailoutbox[0].body and "Say <b>how long</b>" in mailoutbox[0].body
    assert "knead" in mailoutbox[0].subject.lower()


def test_the_panel_shows_outside_comments_newest_first_as_plain_text(draft, rhea):
    link = links.create(draft, rhea, "Dr Shah")
    links.comment(link, "Dr Shah", "First: <script>alert(1)</script>")
    links.comment(link, "Dr Shah", "Second, later.")
    staff = Client()
    staff.force_login(rhea)
    panel = staff.get(admin_url(draft.item)).content.decode()
    assert panel.index("Second, later.") < panel.index("First:")
    assert "<script>alert(1)</script>" not in panel
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel


def test_an_empty_or_too_long_comment_is_refused_and_the_text_kept(draft, rhea, csrf_reader):
    link = links.create(draft, rhea, "Dr Shah")
    for typed, error in [
        ("   \u200b\u3164 ", "Write your comment before sending it"),
        ("x" * 5001, "Your comment is 5001 characters long; the limit is 5000"),
    ]:
        response = comment_form(csrf_reader, link, typed)
        assert response.status_code == 200
        page = response.content.decode()
        assert error in page
        assert 'aria-describedby="id_text-error"' in page and 'id="id_text-error"' in page
        if typed.startswith("x"):
            assert "x" * 5001 in page, "the reviewer's text is still in the box"
    assert not ReviewComment.objects.exists()
    assert not AuditEvent.objects.filter(action="outside-comment").exists()


def test_a_comment_needs_the_pages_csrf_token(draft, rhea, csrf_reader):
    link = links.create(draft, rhea, "Dr Shah")
    response = csrf_reader.post(links.address(link), {"name": "Dr Shah", "text": "Hello"})
    assert response.status_code == 403
    assert not ReviewComment.objects.exists()


def test_a_revoked_or_expired_link_takes_no_comment(draft, rhea, csrf_reader):
    link = links.create(draft, rhea, "Dr Shah")
    page = csrf_reader.get(links.address(link))  # opened while it still worked
    token = csrf_reader.cookies["csrftoken"].value
    links.revoke(link, rhea)
    data = {"name": "Dr Shah", "text": "Too late?", "csrfmiddlewaretoken": token}
    response = csrf_reader.post(links.address(link), data)
    assert page.status_code == 200 and response.status_code == 410
    assert "Your comment was not saved" in response.content.decode()
    expired = links.create(draft, rhea, "Dr Jones")
    ReviewLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    assert csrf_reader.post(links.address(expired), data).status_code == 410
    assert not ReviewComment.objects.exists()
    assert not AuditEvent.objects.filter(action="outside-comment").exists()


def test_without_the_link_makers_email_the_page_still_says_whom_to_ask(draft, rhea, reader, text):
    rhea.email = ""
    rhea.save()
    link = links.create(draft, rhea, "Dr Shah")
    assert "Questions? Ask Rhea Reviewer, who sent you this link" in text(
        reader.get(links.address(link))
    )


def test_a_flood_of_comments_from_one_address_is_refused_after_the_limit(draft, rhea, reader):
    from publishing.views import COMMENTS_PER_WINDOW

    link = links.create(draft, rhea, "Dr Shah")
    answers = [
        reader.post(links.address(link), {"name": "Dr Shah", "text": f"Comment {n}"}).status_code
        for n in range(COMMENTS_PER_WINDOW + 1)
    ]
    assert answers == [302] * COMMENTS_PER_WINDOW + [429]
    assert ReviewComment.objects.count() == COMMENTS_PER_WINDOW
    huge = reader.post(
        links.address(link), {"name": "Dr Shah", "text": "x" * 100_000}, REMOTE_ADDR="10.0.0.9"
    )
    assert huge.status_code == 413


@pytest.mark.java
def test_the_link_page_with_its_comment_form_and_the_panel_with_comments_are_valid_html(
    draft, rhea, reader, tmp_path
):
    from tests.test_html_validity import nu_messages

    link = links.create(draft, rhea, "Dr Shah")
    links.comment(link, "Dr Shah", "Line one\nline <two> & three")
    staff = Client()
    staff.force_login(rhea)
    pages = {
        "link.html": reader.get(links.address(link)),
        "refused.html": reader.post(links.address(link), {"name": "", "text": ""}),
        "panel.html": staff.get(admin_url(draft.item)),
    }
    for name, response in pages.items():
        (tmp_path / name).write_bytes(response.content)
    # The link's pages are held to what readers' pages are (no warnings either); Django's admin
    # markup draws a few warnings of its own, so the panel is held to no errors.
    problems = [
        f"{message['url'].rsplit('/', 1)[-1]}: {message['type']}: {message['message']}"
        for message in nu_messages(tmp_path / name for name in pages)
        if message["type"] == "error" or not message["url"].endswith("panel.html")
    ]
    assert not problems


def test_outside_comments_stay_beside_their_version_once_it_is_published(
    draft, rhea, make_reviewer
):
    """The panel shows comments only while a version waits; its compare page keeps them."""
    link = links.create(draft, rhea, "Dr Shah")
    links.comment(link, "Dr Shah", "Gentler is right; keep the minute.")
    second = make_reviewer("rob", "Rob", "Second")
    workflow.approve(draft, second)
    workflow.publish(draft, second)
    staff = Client()
    staff.force_login(rhea)
    compare = staff.get(admin_url(draft.item, f"publishing/compare/{draft.number}")).content
    assert "Gentler is right; keep the minute." in compare.decode()


def test_a_link_has_one_address_however_often_the_panel_shows_it(draft, rhea, monkeypatch):
    # The panel shows the address each time it renders: one that changed with the clock would
    # leave the reviewer's copied link and the one shown later looking like two links.
    link = links.create(draft, rhea, "Dr Shah")
    first = links.address(link)
    later = time.time() + 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert links.address(link) == first
    assert links.usable(first.rsplit("/", 2)[-2]) == link


def test_a_link_shared_before_addresses_were_fixed_still_opens(draft, rhea):
    link = links.create(draft, rhea, "Dr Shah")
    shared_earlier = signing.dumps(link.pk, salt=links.SALT, compress=False)
    assert links.usable(shared_earlier) == link
    assert links.usable(shared_earlier + "x") is None
