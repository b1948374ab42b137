"""A "minor change" tick: a change readers need not be told about (a typo, a broken link) goes
through review and live with no public change note, and only a change with no clinical box may
be one. The reviewer approves the tick with the rest of the version."""

import pytest

from articles.models import Cause, MassageStep
from publishing import workflow
from tests.test_workflow import panel_post, signed_in
from tools.admin_forms import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(make_editor):
    return make_editor("ann", "Ann", "Author")


@pytest.fixture
def rhea(make_reviewer):
    return make_reviewer("rhea")


def typo_fixed(ann):
    cause = Cause.objects.get(slug="dehydration")
    cause.summary = "Not drinking enough water can make your calf muscles sore."
    return cause, workflow.save_draft(cause, ann)


def test_a_minor_change_goes_live_with_no_note_for_readers(ann, rhea, client, text):
    cause, draft = typo_fixed(ann)
    panel_post(signed_in(ann), cause, "submit", version=draft.number, minor="on")
    draft.refresh_from_db()
    assert (draft.status, draft.minor_change, draft.change_note) == ("in-review", True, "")
    panel = text(signed_in(rhea).get(admin_url(cause)))
    assert "Minor change: readers will not be told" in panel

    panel_post(signed_in(rhea), cause, "approve", version=draft.number)
    response = panel_post(signed_in(rhea), cause, "publish", version=draft.number)
    assert f"Version {draft.number} is live" in text(response)
    assert "Not drinking enough water" in text(client.get("/causes/dehydration/"))
    assert "Not drinking enough water" not in text(client.get("/changes/"))


def test_a_change_to_a_clinical_box_cannot_be_minor(ann):
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.instruction = "Knead the calf gently with both hands."
    draft = workflow.save_draft(step, ann)
    with pytest.raises(workflow.WorkflowError, match="always needs a change note"):
        workflow.submit(draft, ann, minor=True)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_tick_is_offered_only_for_a_change_with_no_clinical_box(ann, text):
    cause, _draft = typo_fixed(ann)
    assert "Minor change" in text(signed_in(ann).get(admin_url(cause)))
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.instruction = "Knead the calf gently with both hands."
    workflow.save_draft(step, ann)
    assert "Minor change" not in text(signed_in(ann).get(admin_url(step)))


def test_a_minor_change_with_a_note_as_well_is_refused_and_nothing_is_lost(ann, text):
    cause, draft = typo_fixed(ann)
    response = panel_post(
        signed_in(ann), cause, "submit", version=draft.number, minor="on", change_note="Typo"
    )
    assert "empty the change note, or untick" in text(response)
    draft.refresh_from_db()
    assert draft.status == "draft"
