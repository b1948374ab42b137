"""One table (publishing.transitions) decides which actions a version's state allows and who may
take them. The panel offers a button exactly when the server carries the action out: every
state × person × action is tried both ways here, through the admin as an editor would."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles.models import Cause
from publishing import transitions, workflow
from publishing.models import AuditEvent
from tests.workflow_steps import publish_pending
from tools.admin_forms import admin_url

pytestmark = pytest.mark.django_db

STATES = ["draft", "in review", "approved", "scheduled", "rejected"]
PEOPLE = ["author", "other editor", "reviewer", "other reviewer", "superuser", "viewer"]
DRAFT_ACTIONS = [
    "submit",
    "discard",
    "approve",
    "reject",
    "publish",
    "schedule",
    "cancel-schedule",
    "force",
    "link-create",
]
BUTTON = re.compile(r'name="action" value="([a-z-]+)"')


class Undo(Exception):
    """Raised to roll back one try, so every try starts from the same state."""


@pytest.fixture
def people(make_editor, make_reviewer, django_user_model):
    viewer = django_user_model.objects.create_user("vic", password="pw", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_cause", "view_revision"])
    )
    return {
        "author": make_editor("ann", "Ann", "Author"),
        "other editor": make_editor("ed", "Ed", "Other"),
        "reviewer": make_reviewer("rhea"),
        "other reviewer": make_reviewer("rob", "Rob", "Second"),
        "superuser": django_user_model.objects.create_superuser("sue", password="pw"),
        "viewer": viewer,
    }


def in_state(state, people):
    """Dehydration's summary (not a clinical box) changed by Ann, in `state`; readers see the
    version before it (the earlier ones are past)."""
    cause = Cause.objects.get(slug="dehydration")
    cause.summary = "Version two of the summary."
    workflow.save_draft(cause, people["author"])
    publish_pending(cause, people["reviewer"])
    cause.summary = "Version three of the summary."
    draft = workflow.save_draft(cause, people["author"])
    steps = {
        "in review": ["submit"],
        "rejected": ["submit", "reject"],
        "approved": ["submit", "approve"],
        "scheduled": ["submit", "approve", "schedule"],
    }
    for step in steps.get(state, []):
        if step == "submit":
            draft = workflow.submit(draft, people["author"], "A clearer summary.")
        elif step == "reject":
            draft = workflow.reject(draft, people["reviewer"], "Not clearer.")
        elif step == "approve":
            draft = workflow.approve(draft, people["reviewer"])
        else:
            later = timezone.now() + timedelta(days=1)
            draft = workflow.publish(draft, people["reviewer"], at=later)
    return cause, draft


def fields(action, draft):
    tomorrow = timezone.localdate() + timedelta(days=1)
    return {
        "action": action,
        "version": draft.number,
        "change_note": "A clearer summary.",
        "comment": "Because.",
        "reason": "It cannot wait.",
        "reviewer_name": "Dr Amina Shah",
        "publish_on": tomorrow.strftime("%d/%m/%Y"),
        "publish_time": "09:00",
        "number": 1,
    }


def tried(client, cause, data):
    """Did the server carry the action out? Every step writes to the audit log; a refused one
    (a 403 or an error message) writes nothing."""
    before = AuditEvent.objects.count()
    client.post(admin_url(cause, "publishing"), data)
    return AuditEvent.objects.count() > before


@pytest.mark.parametrize("state", STATES)
def test_the_panel_offers_exactly_what_the_server_does(state, people):
    cause, draft = in_state(state, people)
    for who in PEOPLE:
        client = Client()
        client.force_login(people[who])
        page = client.get(admin_url(cause)).content.decode()
        panel = page[page.index('id="publishing"') : page.index("publishing__versions")]
        offered = set(BUTTON.findall(panel))
        for action in [*DRAFT_ACTIONS, "review", "unpublish"]:
            try:
                with transaction.atomic():
                    done = tried(client, cause, fields(action, draft))
                    raise Undo
            except Undo:
                pass
            assert (action in offered) == done, (
                f"{who}, {state}: {action} offered={action in offered}, carried out={done}"
            )
            expected = transitions.refusal(action, draft, people[who]) is None
            if action in ("review", "unpublish"):
                live = workflow.live_revision(cause)
                expected = transitions.refusal(action, live, people[who]) is None
            assert done == expected, f"{who}, {state}: {action}"


def test_the_table_names_who_may_do_what():
    """The table's rows, as the module docstring and docs/editors.md describe them."""
    rows = {action: (sorted(t.states), t.who.name) for action, t in transitions.TABLE.items()}
    assert rows["approve"] == (["in review"], "clinical reviewer")
    assert rows["publish"] == (["approved", "scheduled"], "publisher")
    assert rows["force"] == (["draft", "in review"], "superuser")
    assert rows["discard"] == (["draft", "in review", "rejected"], "editor")
    assert "live" not in rows["revert"][0]


def test_a_superuser_with_no_role_is_offered_and_allowed_no_approval(people):
    cause, draft = in_state("in review", people)
    reason = transitions.refusal("approve", draft, people["superuser"])
    assert reason == "Only a clinical reviewer can approve or reject changes."
    with pytest.raises(transitions.WorkflowError, match="Only a clinical reviewer"):
        workflow.approve(draft, people["superuser"])


def test_proposing_to_take_an_item_off_the_site_never_replaces_a_waiting_version(people):
    cause, draft = in_state("in review", people)
    with pytest.raises(
        transitions.WorkflowError, match=f"Version {draft.number} is waiting to go live"
    ):
        workflow.propose_unpublishing(cause, people["other editor"])
    draft.refresh_from_db()
    assert draft.status == draft.Status.IN_REVIEW


def test_the_submission_email_goes_only_to_reviewers_who_may_approve(
    people, smtp_server, django_capture_on_commit_callbacks
):
    for user in people.values():
        user.email = f"{user.username}@example.org"
        user.save()
    cause = Cause.objects.get(slug="dehydration")
    cause.summary = "Written by a reviewer."
    draft = workflow.save_draft(cause, people["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, people["reviewer"], "A clearer summary.")
    told = {address for message in smtp_server.messages for address in message.recipients}
    assert told == {"rob@example.org"}
