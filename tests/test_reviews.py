"""Review dates: recorded by a clinical reviewer (approving a version, or reviewing the live
one; never typed into the form, never in bulk), checked, listed and filtered when due, and
shown at the foot of each public page as "Page last reviewed / Next review due" (the oldest
review counts)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import CONTENT_MODELS, Cause, Guide, MassageStep
from publishing import workflow
from tools.admin_forms import admin_url, change_form_data, record_review, save_in_admin

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def review_everything(editor, last=date(2026, 1, 10), due=date(2027, 1, 10)):
    for model in CONTENT_MODELS:
        model.objects.update(last_reviewed=last, next_review_due=due, reviewed_by=editor)


@pytest.fixture
def reviewer(make_reviewer):
    return make_reviewer()


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


def panel(client, item, action, **fields):
    """Press a button of the item's publishing panel, as the signed-in person."""
    return client.post(admin_url(item, "publishing"), {"action": action, **fields}, follow=True)


def test_the_review_boxes_are_read_only_in_the_form(editor_client, editor):
    step = MassageStep.objects.get(slug="knead-the-calf")
    data = change_form_data(editor_client, step)
    for name in ["last_reviewed", "next_review_due", "reviewed_by"]:
        assert name not in data, f"{name} is shown, not edited"
    html = editor_client.get(admin_url(step)).content.decode()
    assert "Clinical review" in html and "Recorded when a clinical reviewer approves" in html
    # Review dates sent anyway (an old form, a crafted request) are ignored.
    response = record_review(
        editor_client, step, "2026-03-02", "2027-03-02", editor, instruction="Knead gently."
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.last_reviewed, step.next_review_due, step.reviewed_by) == (None, None, None)


def test_approving_a_version_records_the_review_and_publishing_copies_it(editor_client, reviewer):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, instruction="Knead gently.")
    draft = workflow.pending(step)
    workflow.submit(draft, draft.created_by, "Gentler wording")
    due = TODAY + timedelta(days=200)
    workflow.approve(draft, reviewer, next_review_due=due)
    draft.refresh_from_db()
    assert (draft.reviewed_on, draft.next_review_due, draft.reviewed_by) == (TODAY, due, reviewer)
    step.refresh_from_db()
    assert step.last_reviewed is None, "the review is of the version readers do not see yet"
    workflow.publish(draft, reviewer)
    step.refresh_from_db()
    assert (step.last_reviewed, step.next_review_due, step.reviewed_by) == (TODAY, due, reviewer)
    assert step.instruction == "Knead gently."


def test_approving_without_a_date_sets_the_next_review_a_review_interval_ahead(
    editor_client, reviewer, settings
):
    settings.REVIEW_INTERVAL_DAYS = 90
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, instruction="Knead gently.")
    draft = workflow.pending(step)
    workflow.submit(draft, draft.created_by, "Gentler wording")
    workflow.approve(draft, reviewer)
    workflow.publish(draft, reviewer)
    step.refresh_from_db()
    assert (step.last_reviewed, step.next_review_due) == (TODAY, TODAY + timedelta(days=90))


def test_a_clinical_reviewer_records_a_review_of_the_live_version(reviewer_client, reviewer):
    step = MassageStep.objects.get(slug="knead-the-calf")
    due = TODAY + timedelta(days=300)
    response = panel(reviewer_client, step, "review", next_review_due=due.isoformat())
    assert f"Next review due {due.day} {due:%B %Y}" in response.content.decode()
    step.refresh_from_db()
    # A review is dated the day it is recorded: it can be neither back- nor forward-dated.
    assert (step.last_reviewed, step.next_review_due, step.reviewed_by) == (TODAY, due, reviewer)
    assert workflow.live_revision(step).reviewed_on == TODAY, "recorded against that version"


@pytest.mark.parametrize("days", [0, -30])
def test_a_next_review_not_after_today_is_a_clear_error(reviewer_client, reviewer, days):
    step = MassageStep.objects.get(slug="knead-the-calf")
    due = TODAY + timedelta(days=days)
    with pytest.raises(workflow.WorkflowError, match="The next review must be due after today."):
        workflow.record_review(step, reviewer, next_review_due=due)
    response = panel(reviewer_client, step, "review", next_review_due=due.isoformat())
    assert "The next review must be due after today." in response.content.decode()
    step.refresh_from_db()
    assert step.last_reviewed is None


def test_approving_with_a_next_review_not_after_today_is_a_clear_error(editor_client, reviewer):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, instruction="Knead gently.")
    draft = workflow.pending(step)
    workflow.submit(draft, draft.created_by, "Gentler wording")
    with pytest.raises(workflow.WorkflowError, match="The next review must be due after today."):
        workflow.approve(draft, reviewer, next_review_due=TODAY - timedelta(days=1))
    draft.refresh_from_db()
    assert draft.status == draft.Status.IN_REVIEW, "nothing was approved"


def test_a_next_review_date_that_is_not_a_date_is_a_clear_error(reviewer_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = panel(reviewer_client, step, "review", next_review_due="next spring")
    assert "The next review due date is not a date (use the date picker)." in (
        response.content.decode()
    )


def test_the_database_refuses_a_due_date_before_the_review_too():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Cause.objects.filter(slug="dehydration").update(
            last_reviewed=date(2026, 3, 2), next_review_due=date(2026, 1, 1)
        )


def test_change_list_shows_each_items_review_state(editor_client, editor):
    Cause.objects.filter(slug="dehydration").update(
        last_reviewed=date(2024, 1, 1), next_review_due=date(2025, 1, 1), reviewed_by=editor
    )
    Cause.objects.filter(slug="hyperpronation").update(
        last_reviewed=TODAY, next_review_due=TODAY + timedelta(days=365), reviewed_by=editor
    )
    html = editor_client.get("/admin/articles/cause/").content.decode()
    assert "Overdue since 1 Jan 2025" in html
    due = (TODAY + timedelta(days=365)).strftime("%-d %b %Y")
    assert f"Next due {due}" in html
    # The other three: posture never reviewed; leg cramp and DVT corrected in version 2 by the
    # starting content, live before any clinical review, and flagged so.
    assert html.count('class="review-state review-state--not-reviewed">Not reviewed<') == 1
    assert html.count(">Not reviewed; published without review<") == 2


def test_change_list_filters_items_overdue_for_review(editor_client, editor):
    Cause.objects.filter(slug="dehydration").update(
        last_reviewed=date(2024, 1, 1), next_review_due=date(2025, 1, 1), reviewed_by=editor
    )
    html = editor_client.get("/admin/articles/cause/", {"review": "overdue"}).content.decode()
    assert "Dehydration" in html
    assert "Hyperpronation" not in html
    html = editor_client.get("/admin/articles/cause/", {"review": "not-reviewed"}).content.decode()
    assert "Dehydration" not in html and "Hyperpronation" in html


def test_there_is_no_bulk_review_action(editor_client, editor):
    """Reviews are recorded one item at a time, each with its changes shown: a bulk "Record a
    review today" would sign off text nobody looked at."""
    html = editor_client.get("/admin/articles/massagestep/").content.decode()
    assert 'value="record_review"' not in html
    assert "Record a review" not in html
    ids = list(MassageStep.objects.values_list("pk", flat=True)[:2])
    editor_client.post(
        "/admin/articles/massagestep/",
        {"action": "record_review", "_selected_action": ids},
        follow=True,
    )
    assert not MassageStep.objects.filter(pk__in=ids, last_reviewed__isnull=False).exists()


def test_admin_index_lists_what_is_due_for_review(editor_client, editor):
    review_everything(editor, last=TODAY - timedelta(days=400), due=TODAY + timedelta(days=400))
    Cause.objects.filter(slug="dehydration").update(
        last_reviewed=date(2024, 1, 1), next_review_due=date(2025, 1, 1)
    )
    MassageStep.objects.filter(slug="knead-the-calf").update(last_reviewed=None)
    html = editor_client.get("/admin/").content.decode()
    assert "Due for review" in html
    assert 'href="/admin/articles/cause/?review=overdue">1 cause: overdue for review</a>' in html
    assert (
        'href="/admin/articles/massagestep/?review=not-reviewed">1 massage step: '
        "not reviewed yet</a>"
    ) in html


def test_page_foot_shows_the_oldest_review_of_anything_on_the_page(reader, text, editor):
    review_everything(editor)
    MassageStep.objects.filter(slug="knead-the-calf").update(
        last_reviewed=date(2025, 6, 1), next_review_due=date(2026, 6, 1)
    )
    routine = text(reader.get("/massage/"))
    assert "Page last reviewed: 1 June 2025 Next review due: 1 June 2026" in routine
    other_step = text(reader.get("/massage/find-the-knots/"))
    assert "Page last reviewed: 10 January 2026 Next review due: 10 January 2027" in other_step
    knead = text(reader.get("/massage/knead-the-calf/"))
    assert "Page last reviewed: 1 June 2025" in knead


def test_the_guide_texts_review_counts_on_every_page(reader, text, editor):
    review_everything(editor)
    Guide.objects.update(last_reviewed=date(2025, 2, 3), next_review_due=date(2026, 2, 3))
    assert "Page last reviewed: 3 February 2025" in text(reader.get("/causes/dehydration/"))


def test_no_review_line_while_anything_on_the_page_is_unreviewed(reader, text, editor):
    review_everything(editor)
    Cause.objects.filter(slug="dehydration").update(
        last_reviewed=None, next_review_due=None, reviewed_by=None
    )
    assert "Page last reviewed" not in text(reader.get("/causes/"))
    assert "Page last reviewed" in text(reader.get("/causes/hyperpronation/"))
    assert "Page last reviewed" in text(reader.get("/massage/"))


def test_the_review_line_sits_in_the_footer(reader, editor):
    review_everything(editor)
    html = reader.get("/massage/").content.decode()
    assert html.index("<footer") < html.index("Page last reviewed")
