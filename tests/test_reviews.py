"""Review dates: recorded in the admin, checked, listed and filtered when due, and shown at the
foot of each public page as "Page last reviewed / Next review due" (the oldest review counts)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import CONTENT_MODELS, Cause, Guide, MassageStep
from tools.admin_forms import record_review, save_in_admin

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def review_everything(editor, last=date(2026, 1, 10), due=date(2027, 1, 10)):
    for model in CONTENT_MODELS:
        model.objects.update(last_reviewed=last, next_review_due=due, reviewed_by=editor)


def test_an_editor_records_a_review_in_the_form(editor_client, editor):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = record_review(editor_client, step, "2026-03-02", "2027-03-02", editor)
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.last_reviewed, step.next_review_due) == (date(2026, 3, 2), date(2027, 3, 2))
    assert step.reviewed_by == editor


def test_next_review_before_the_last_one_is_a_clear_error(editor_client, editor):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = record_review(editor_client, step, "2026-03-02", "2025-03-02", editor)
    assert response.context["adminform"].form.errors["next_review_due"] == [
        "The next review must be due after the last one, which was on 2 March 2026."
    ]


def test_a_review_needs_all_three_boxes(editor_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = save_in_admin(editor_client, step, last_reviewed="2026-03-02")
    errors = response.context["adminform"].form.errors
    assert errors["next_review_due"] == [
        "When is the next review due? Fill it in, or clear all three boxes."
    ]
    assert errors["reviewed_by"] == ["Who reviewed it? Choose them, or clear all three boxes."]


def test_a_review_cannot_be_dated_in_the_future(editor_client, editor):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = record_review(
        editor_client, step, TODAY + timedelta(days=3), TODAY + timedelta(days=400), editor
    )
    assert response.context["adminform"].form.errors["last_reviewed"] == [
        "A review cannot be in the future: use the day it happened."
    ]


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
    assert html.count('class="review-state review-state--not-reviewed">Not reviewed<') == 3


def test_change_list_filters_items_overdue_for_review(editor_client, editor):
    Cause.objects.filter(slug="dehydration").update(
        last_reviewed=date(2024, 1, 1), next_review_due=date(2025, 1, 1), reviewed_by=editor
    )
    html = editor_client.get("/admin/articles/cause/", {"review": "overdue"}).content.decode()
    assert "Dehydration" in html
    assert "Hyperpronation" not in html
    html = editor_client.get("/admin/articles/cause/", {"review": "not-reviewed"}).content.decode()
    assert "Dehydration" not in html and "Hyperpronation" in html


def test_record_a_review_today_action(editor_client, editor, settings):
    settings.REVIEW_INTERVAL_DAYS = 365
    ids = list(MassageStep.objects.values_list("pk", flat=True)[:2])
    response = editor_client.post(
        "/admin/articles/massagestep/",
        {"action": "record_review", "_selected_action": ids},
        follow=True,
    )
    due = TODAY + timedelta(days=365)
    assert f"Next review due {due.day} {due:%B %Y}" in response.content.decode()
    for step in MassageStep.objects.filter(pk__in=ids):
        assert (step.last_reviewed, step.next_review_due, step.reviewed_by) == (TODAY, due, editor)
        assert step.history.first().history_user == editor


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
    guide = text(reader.get("/"))
    assert "Page last reviewed: 1 June 2025 Next review due: 1 June 2026" in guide
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
