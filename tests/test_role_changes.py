"""Who gives whom a role is on the record, and a person made a clinical reviewer cannot approve
the changes of whoever made them one: a second account does not get round the two-person rule.

Reproduced first: a superuser made `sam2` a clinical reviewer; `sam2` approved and published the
superuser's change; the audit log showed nothing unusual."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from articles.models import MassageStep
from publishing import role_changes, workflow
from publishing.models import AuditEvent
from tests.test_workflow import signed_in
from tools.admin_forms import admin_url, change_form_data, save_in_admin

pytestmark = pytest.mark.django_db


def save_user_in_admin(client, user, **changes):
    """Save `user`'s page in the admin as a browser would (empty multiple choices are not sent)."""
    data = {**change_form_data(client, user), **changes}
    data = {key: value for key, value in data.items() if value != ""}
    response = client.post(admin_url(user), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.fixture
def reviewers():
    return Group.objects.get(name="Clinical reviewer")


@pytest.fixture
def sam2(django_user_model):
    return django_user_model.objects.create_user(
        "sam2", "sam2@example.org", "pw", is_staff=True, first_name="Sam", last_name="Two"
    )


@pytest.fixture
def superusers_change(admin_user):
    step = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(signed_in(admin_user), step, summary="Find the tight spots.")
    draft = workflow.pending(step)
    workflow.submit(draft, admin_user, "We made the summary clearer.")
    return draft


def test_giving_the_reviewer_role_is_audited_with_who_gave_it(admin_user, sam2, reviewers):
    save_user_in_admin(signed_in(admin_user), sam2, groups=str(reviewers.pk))
    given = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED, object_id=sam2.pk)
    assert sorted(given.values_list("detail", flat=True)) == [
        "Clinical reviewer",
        role_changes.REVIEWER_ROLE,
    ]
    assert {event.actor for event in given} == {admin_user}
    assert role_changes.granted_by(sam2) == admin_user


def test_a_reviewer_cannot_approve_the_change_of_whoever_made_them_one(
    admin_user, sam2, reviewers, superusers_change, make_reviewer
):
    save_user_in_admin(signed_in(admin_user), sam2, groups=str(reviewers.pk))
    with pytest.raises(workflow.WorkflowError, match="made you a clinical reviewer"):
        workflow.approve(superusers_change, sam2)
    rhea = make_reviewer()  # made in no admin page by the superuser: may approve it
    workflow.approve(superusers_change, rhea)


def test_a_permission_of_their_own_counts_as_the_role_too(admin_user, sam2, superusers_change):
    approve = Permission.objects.get(codename="approve_revision")
    save_user_in_admin(signed_in(admin_user), sam2, user_permissions=str(approve.pk))
    assert role_changes.granted_by(sam2) == admin_user
    with pytest.raises(workflow.WorkflowError, match="made you a clinical reviewer"):
        workflow.approve(superusers_change, sam2)


def test_a_group_given_the_approval_permission_makes_its_members_reviewers_on_record(
    admin_user, sam2
):
    helpers = Group.objects.create(name="Helpers")
    sam2.groups.add(helpers)
    approve = Permission.objects.get(codename="approve_revision")
    response = signed_in(admin_user).post(
        admin_url(helpers), {"name": "Helpers", "permissions": str(approve.pk)}
    )
    assert response.status_code == 302
    assert role_changes.granted_by(sam2) == admin_user


def test_taking_the_role_away_and_making_a_superuser_are_audited(
    admin_user, make_reviewer, reviewers
):
    rhea = make_reviewer()
    save_user_in_admin(signed_in(admin_user), rhea, groups="", is_superuser="on")
    events = {
        (event.action, event.detail)
        for event in AuditEvent.objects.filter(object_id=rhea.pk, content_type__model="user")
    }
    assert (AuditEvent.Action.ROLE_REMOVED, "Clinical reviewer") in events
    assert (AuditEvent.Action.ROLE_REMOVED, role_changes.REVIEWER_ROLE) in events
    assert (AuditEvent.Action.ROLE_GRANTED, role_changes.SUPERUSER) in events


def test_every_clinical_reviewer_is_emailed_when_someone_becomes_one(
    admin_user, sam2, reviewers, make_reviewer, smtp_server, django_capture_on_commit_callbacks
):
    make_reviewer("rhea", "Rhea", "Reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        save_user_in_admin(signed_in(admin_user), sam2, groups=str(reviewers.pk))
    (email,) = smtp_server.to("rhea@example.org")
    assert email.subject == "Clinical reviewers: Sam Two is now a clinical reviewer"
    assert len(smtp_server.to("sam2@example.org")) == 1


def test_the_panel_says_why_instead_of_offering_approval_the_server_would_refuse(
    admin_user, sam2, reviewers, superusers_change, text
):
    save_user_in_admin(signed_in(admin_user), sam2, groups=str(reviewers.pk))
    panel = text(signed_in(sam2).get(admin_url(superusers_change.item)))
    assert "made you a clinical reviewer and wrote or changed this version" in panel
    assert f"Approve version {superusers_change.number}" not in panel


def test_opening_the_admin_to_someone_is_audited_and_so_is_closing_it(admin_user, sam2):
    """Staff status is what lets a person into the admin at all: giving or taking it is a role
    change like any other. (Found by the browser tests' red-team read: it was not logged.)"""
    sam2.is_staff = False
    sam2.save()
    save_user_in_admin(signed_in(admin_user), sam2, is_staff="on")
    save_user_in_admin(signed_in(admin_user), sam2, is_staff="")
    # Events about sam2's account: content events may share the number of another kind's row.
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(sam2), object_id=sam2.pk
    ).order_by("at", "pk")
    assert [(e.action, e.detail, e.actor) for e in events] == [
        (AuditEvent.Action.ROLE_GRANTED, role_changes.STAFF, admin_user),
        (AuditEvent.Action.ROLE_REMOVED, role_changes.STAFF, admin_user),
    ]


def test_every_clinical_reviewer_is_emailed_when_someone_stops_being_one(
    admin_user, make_reviewer, smtp_server, django_capture_on_commit_callbacks
):
    make_reviewer("rhea", "Rhea", "Reviewer")
    sam = make_reviewer("sam", "Sam", "Second")
    with django_capture_on_commit_callbacks(execute=True):
        save_user_in_admin(signed_in(admin_user), sam, groups="")
    (email,) = smtp_server.to("rhea@example.org")
    assert email.subject == "Clinical reviewers: Sam Second is no longer a clinical reviewer"
    assert "Taken away: Clinical reviewer" in email.body


def test_every_clinical_reviewer_is_emailed_when_someone_is_made_a_superuser(
    admin_user, sam2, make_reviewer, smtp_server, django_capture_on_commit_callbacks
):
    """A superuser may appoint reviewers: becoming one must not pass unseen either."""
    make_reviewer("rhea", "Rhea", "Reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        save_user_in_admin(signed_in(admin_user), sam2, is_superuser="on")
    (email,) = smtp_server.to("rhea@example.org")
    assert email.subject == "Clinical reviewers: Sam Two has new roles"
    assert f"Given: {role_changes.SUPERUSER}." in email.body
