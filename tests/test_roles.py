"""Clinical sign-off is a role a person is given, never implied by superuser status: a
superuser in no group cannot approve, reject, publish or record a clinical review, and the
panel never offers them what the server would refuse."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Cause
from publishing import roles, workflow
from publishing.models import Revision
from tests.test_workflow import messages_of, panel_post, signed_in
from tools.admin_forms import admin_url, save_in_admin

pytestmark = pytest.mark.django_db

DVT = "deep-vein-thrombosis"


@pytest.fixture
def dvt():
    return Cause.objects.get(slug=DVT)


@pytest.fixture
def submitted(make_editor, dvt):
    """An editor's change to the DVT page's severity, submitted for clinical review."""
    ann = make_editor("ann", "Ann", "Author")
    save_in_admin(signed_in(ann), dvt, severity="self-care")
    draft = workflow.pending(dvt)
    workflow.submit(draft, ann, change_note="DVT is usually self-care")
    return draft


def test_a_superuser_in_no_group_cannot_approve_a_clinical_change(admin_user, submitted, dvt):
    response = panel_post(signed_in(admin_user), dvt, "approve", version=submitted.number)
    assert "Only a clinical reviewer can approve" in " ".join(messages_of(response))
    submitted.refresh_from_db()
    assert submitted.status == Revision.Status.IN_REVIEW


def test_a_superuser_in_no_group_cannot_reject_or_publish(admin_user, submitted):
    with pytest.raises(workflow.WorkflowError, match="Only a clinical reviewer"):
        workflow.reject(submitted, admin_user, "No")
    Revision.objects.filter(pk=submitted.pk).update(status=Revision.Status.APPROVED)
    with pytest.raises(workflow.WorkflowError, match="Only a clinical reviewer can publish"):
        workflow.publish(submitted, admin_user, change_note="Published")


def test_a_superuser_in_no_group_cannot_record_a_clinical_review(admin_user, dvt, client, text):
    response = panel_post(signed_in(admin_user), dvt, "review")
    assert "Only a clinical reviewer can record" in " ".join(messages_of(response))
    dvt.refresh_from_db()
    assert dvt.reviewed_by is None


def test_the_panel_offers_a_superuser_no_approval_buttons(admin_user, submitted, dvt, text):
    panel = text(signed_in(admin_user).get(admin_url(dvt)))
    assert "Approve" not in panel
    assert "Record my review" not in panel


def test_a_superuser_given_the_reviewer_role_may_approve_another_persons_change(
    admin_user, submitted
):
    admin_user.groups.add(Group.objects.get(name="Clinical reviewer"))
    assert workflow.approve(submitted, admin_user).status == Revision.Status.APPROVED


def test_only_people_given_the_role_are_its_holders(admin_user, make_reviewer, make_editor):
    rhea = make_reviewer()
    make_editor()
    assert roles.holds(rhea, roles.APPROVE)
    assert not roles.holds(admin_user, roles.APPROVE)
    assert list(roles.holders(roles.APPROVE)) == [rhea]
    rhea.is_active = False
    rhea.save()
    assert not roles.holds(rhea, roles.APPROVE)
