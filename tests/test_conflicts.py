"""Two editors open the same item and both save: the second save is stopped, told what changed
and by whom, keeps its own text, and nothing either of them wrote is lost.

Saves make draft versions (publishing.workflow): what a colleague saved is the newest version,
not the item's row, which keeps what readers see until a version is published."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Guide, MassageStep
from publishing import workflow
from tests.workflow_steps import pending_version
from tools.admin_forms import admin_url, change_form_data, save_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(make_editor):
    first, second = Client(), Client()
    first.force_login(make_editor("ali", "Ali", "Khan"))
    second.force_login(make_editor("bea", "Bea", "Jones"))
    return first, second


@pytest.fixture
def both_forms_open(two_editors):
    """Ali and Bea have both opened the same step's change form (before either saves)."""
    ali, bea = two_editors
    step = MassageStep.objects.get(slug="knead-the-calf")
    return step, change_form_data(ali, step), change_form_data(bea, step)


def error_text(response):
    form = response.context["adminform"].form
    return " ".join(form.non_field_errors())


def test_second_save_is_refused_naming_who_and_what_and_keeping_their_text(
    two_editors, both_forms_open
):
    ali, bea = two_editors
    step, alis_form, beas_form = both_forms_open

    assert save_in_admin(ali, step, alis_form, instruction="Knead slowly, Ali.").status_code == 302
    response = save_in_admin(bea, step, beas_form, instruction="Knead firmly, Bea.")

    assert response.status_code == 200, "the second save is not made"
    message = error_text(response)
    assert "Nothing was saved: Ali Khan saved this massage step" in message
    assert "They changed Instruction." in message
    html = response.content.decode()
    assert "Knead firmly, Bea." in html, "Bea's own text is still in the form"
    assert "Ali Khan changed these boxes too: their saved version" in html
    assert "Knead slowly, Ali." in html, "Ali's text is shown for Bea to merge"
    assert pending_version(step).instruction == "Knead slowly, Ali."
    assert MassageStep.objects.get(pk=step.pk).instruction == step.instruction, (
        "readers still see the published text"
    )


def test_after_seeing_the_conflict_the_second_editor_saves_their_merge(
    two_editors, both_forms_open
):
    ali, bea = two_editors
    step, alis_form, beas_form = both_forms_open
    save_in_admin(ali, step, alis_form, instruction="Knead slowly.")
    refused = save_in_admin(bea, step, beas_form, instruction="Knead firmly.")

    # Bea merges in the form she was shown (which now carries the version she has seen).
    shown = refused.context["adminform"].form
    merged = dict(beas_form, loaded_version=shown.data["loaded_version"])
    response = save_in_admin(bea, step, merged, instruction="Knead slowly and firmly.")

    assert response.status_code == 302
    assert pending_version(step).instruction == "Knead slowly and firmly."
    saved = [
        revision.content["instruction"]
        for revision in workflow.revisions_of(step).order_by("number")
    ]
    assert "Knead slowly." in saved, "Ali's version is kept among the versions: nothing is lost"


def test_a_box_only_the_first_editor_changed_comes_into_the_second_form(
    two_editors, both_forms_open
):
    ali, bea = two_editors
    step, alis_form, beas_form = both_forms_open
    save_in_admin(ali, step, alis_form, title="Knead the calf gently")
    response = save_in_admin(bea, step, beas_form, instruction="Knead firmly.")

    message = error_text(response)
    assert "They changed Title." in message
    assert "Their changes to boxes you had not touched are now in the form." in message
    form = response.context["adminform"].form
    assert form["title"].value() == "Knead the calf gently", "Ali's title is taken in"
    assert form["instruction"].value() == "Knead firmly.", "Bea's text stays"

    # Saving that form again keeps both: Ali's title and Bea's instruction.
    assert save_in_admin(bea, step, dict(form.data)).status_code == 302
    saved = pending_version(step)
    assert (saved.title, saved.instruction) == ("Knead the calf gently", "Knead firmly.")


def test_two_saves_by_the_same_editor_in_a_row_are_not_a_conflict(editor_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    assert save_in_admin(editor_client, step, instruction="One.").status_code == 302
    assert save_in_admin(editor_client, step, instruction="Two.").status_code == 302
    assert pending_version(step).instruction == "Two."


def test_a_colleague_saving_without_changes_does_not_stop_a_save(two_editors):
    ali, bea = two_editors
    step = MassageStep.objects.get(slug="knead-the-calf")
    beas_form = change_form_data(bea, step)
    assert save_in_admin(ali, step).status_code == 302
    assert save_in_admin(bea, step, beas_form, instruction="Knead.").status_code == 302


def test_the_guide_text_is_protected_the_same_way(two_editors):
    ali, bea = two_editors
    guide = Guide.objects.get()
    alis_form, beas_form = change_form_data(ali, guide), change_form_data(bea, guide)
    save_in_admin(ali, guide, alis_form, warning_heading="Is it a clot?")
    response = save_in_admin(bea, guide, beas_form, warning_heading="Could it be a clot?")
    assert response.status_code == 200
    assert "They changed DVT warning heading." in error_text(response)
    assert pending_version(guide).warning_heading == "Is it a clot?"


def test_reverting_over_a_newer_save_is_stopped_too(two_editors, text, publish):
    ali, bea = two_editors
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(ali, step, instruction="Version two.")
    publish(step)
    # Bea opens the History page, which shows version 2 as the newest, then Ali saves again.
    history = bea.get(admin_url(step, "history")).content.decode()
    seen = re.search(r'name="seen" value="(\d+)"', history)[1]
    assert seen == "2"
    save_in_admin(ali, step, instruction="Version three.")

    revert = {"action": "revert", "number": "1", "seen": seen}
    response = bea.post(admin_url(step, "publishing"), revert, follow=True)
    assert (
        "Nothing was reverted: Ali Khan saved version 3 of this massage step after you opened "
        "the page."
    ) in text(response)
    assert pending_version(step).instruction == "Version three."


def test_a_colleagues_change_of_publication_comes_into_the_form_and_review_dates_survive(
    two_editors, both_forms_open, make_reviewer
):
    """Review dates are no longer boxes anyone saves (they are recorded by a clinical review),
    so a colleague's review cannot conflict with a save, and a save never undoes it."""
    ali, bea = two_editors
    step, alis_form, beas_form = both_forms_open
    reviewer = make_reviewer()
    workflow.record_review(step, reviewer)
    save_in_admin(ali, step, alis_form, is_published="")
    response = save_in_admin(bea, step, beas_form, instruction="Bea's text.")
    form = response.context["adminform"].form
    assert "They changed Shown to readers." in error_text(response)
    assert save_in_admin(bea, step, dict(form.data)).status_code == 302
    saved = pending_version(step)
    assert (saved.is_published, saved.instruction) == (False, "Bea's text.")
    step.refresh_from_db()
    assert (step.last_reviewed, step.reviewed_by, step.is_published) == (
        timezone.localdate(),
        reviewer,
        True,
    ), "the review stays on record and readers still see the step"


def test_without_a_record_of_the_version_opened_every_difference_needs_a_look(
    two_editors, both_forms_open
):
    ali, bea = two_editors
    step, alis_form, beas_form = both_forms_open
    save_in_admin(ali, step, alis_form, instruction="Ali's text.")
    opened = int(beas_form["loaded_version"])
    # Say, old versions pruned since Bea opened the form.
    workflow.revisions_of(step).filter(number=opened).delete()

    response = save_in_admin(bea, step, beas_form, instruction="Bea's text.")
    assert "They changed Instruction." in error_text(response)
    assert response.context["adminform"].form["instruction"].value() == "Bea's text."
    assert pending_version(step).instruction == "Ali's text."


def test_the_second_editor_sees_which_words_differ_from_their_colleagues_text(
    two_editors, both_forms_open, text
):
    ali, bea = two_editors
    step, alis_form, beas_form = both_forms_open
    save_in_admin(ali, step, alis_form, instruction="Knead the calf slowly for two minutes.")
    response = save_in_admin(
        bea, step, beas_form, instruction="Knead the calf firmly for two minutes."
    )

    html = response.content.decode()
    conflict = html[html.index('class="edit-conflict"') :]
    assert (
        '<del class="diff__removed"><span class="visually-hidden">[only in yours: </span>firmly'
    ) in conflict
    assert (
        '<ins class="diff__added"><span class="visually-hidden">[only in theirs: </span>slowly'
    ) in conflict
    reading = text(response)
    assert (
        "Words only in your text are struck through; words only in Ali Khan’s are underlined"
        in (reading)
    )
    assert "Their text alone, to copy" in reading
    assert pending_version(step).instruction == "Knead the calf slowly for two minutes."
    assert response.context["adminform"].form["instruction"].value() == (
        "Knead the calf firmly for two minutes."
    )
