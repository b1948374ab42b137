"""The schedule box reads dates the UK way and says its time zone; a save over an approved,
scheduled version asks first, and a cancelled schedule is in the audit log and emailed.

Reproduced first: the schedule box was the browser's date picker (US order on a US browser)
with no time zone; an Editor's save silently cancelled an approved, scheduled publication while
the audit log still said "Goes live …"."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from articles.models import MassageStep
from publishing import dates, workflow
from publishing.models import AuditEvent, Revision
from tests.test_workflow import messages_of, panel_post, signed_in
from tools.admin_forms import admin_url, change_form_data, save_in_admin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["7 Dec 2026", "7 December 2026", "07/12/2026", "7/12/2026", "2026-12-07", " 7 dec 2026 "],
)
def test_a_day_is_read_day_first(typed):
    assert dates.parse_uk_date(typed) == date(2026, 12, 7)


@pytest.mark.parametrize("typed", ["12/31/2026", "31 Feb 2026", "tomorrow", ""])
def test_a_day_that_is_not_one_is_refused(typed):
    assert dates.parse_uk_date(typed) is None


@pytest.mark.parametrize("typed, expected", [("14:30", time(14, 30)), ("9.05", time(9, 5))])
def test_a_time_is_read_as_24_hour(typed, expected):
    assert dates.parse_24_hour_time(typed) == expected


@pytest.mark.parametrize("typed", ["2:30pm", "24:00", "14:60", ""])
def test_a_time_that_is_not_24_hour_is_refused(typed):
    assert dates.parse_24_hour_time(typed) is None


def test_times_read_in_uk_time_winter_and_summer():
    assert dates.uk_datetime(dates.uk_moment(date(2026, 12, 7), time(14, 30))) == (
        "7 Dec 2026, 14:30 GMT"
    )
    assert dates.uk_datetime(dates.uk_moment(date(2027, 7, 1), time(9, 0))) == (
        "1 Jul 2027, 09:00 BST"
    )


@pytest.fixture
def approved(make_editor, make_reviewer):
    ann, rhea = make_editor("ann"), make_reviewer("rhea")
    rhea.email = "rhea@example.org"
    rhea.save()
    step = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(signed_in(ann), step, summary="Find the tight spots.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "Clearer")
    workflow.approve(draft, rhea)
    return step, draft, ann, rhea


def test_the_schedule_box_names_uk_time_and_takes_a_typed_day(approved, text):
    step, draft, ann, rhea = approved
    panel = text(signed_in(rhea).get(admin_url(step)))
    assert f"Or go live at a time (UK time, {timezone.localtime():%Z} now)" in panel
    assert 'type="datetime-local"' not in signed_in(rhea).get(admin_url(step)).content.decode()
    response = panel_post(
        signed_in(rhea),
        step,
        "schedule",
        version=draft.number,
        publish_on="7 Dec 2099",
        publish_time="14:30",
    )
    assert "will go live on 7 Dec 2099, 14:30 GMT" in " ".join(messages_of(response))


def test_a_schedule_typed_the_us_way_is_a_clear_error(approved):
    step, draft, ann, rhea = approved
    response = panel_post(
        signed_in(rhea),
        step,
        "schedule",
        version=draft.number,
        publish_on="12/31/2099",
        publish_time="2:30pm",
    )
    assert "as day, month and year, for example 7 Dec 2026" in " ".join(messages_of(response))


def test_saving_over_an_approved_scheduled_version_asks_first_then_cancels_it_on_record(
    approved, smtp_server, django_capture_on_commit_callbacks
):
    step, draft, ann, rhea = approved
    workflow.publish(draft, rhea, at=timezone.now() + timedelta(hours=3))
    editor = signed_in(ann)
    opened = change_form_data(editor, step)
    first = save_in_admin(editor, step, opened, summary="Another idea.")
    assert first.status_code == 200
    assert "Nothing was saved yet. Version 2 is approved and goes live on" in (
        first.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == Revision.Status.APPROVED and draft.publish_at is not None
    # The editor presses Save again on the form as it came back.
    again = {**opened, "summary": "Another idea.", "schedule_seen": str(draft.number)}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(admin_url(step), again).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Revision.Status.SUPERSEDED and draft.publish_at is None
    cancelled = AuditEvent.objects.get(action=AuditEvent.Action.SCHEDULE_CANCELLED)
    assert cancelled.revision_number == draft.number
    assert cancelled.detail.startswith(f"Replaced by version {draft.number + 1}")
    (email,) = smtp_server.to("rhea@example.org")
    assert email.subject.startswith("Schedule cancelled:")
