"""The scheduler each app server runs (publishing.schedule): one process at a time takes the
turn, through a row in the database, and publishes what is due with no reader and no cron."""

import threading
import time
from datetime import timedelta

from django.utils import timezone

from articles.models import MassageStep
from publishing import schedule, workflow
from publishing.models import Revision, SchedulerTurn
from tools.admin_forms import save_in_admin


def test_one_process_at_a_time_holds_the_turn(db):
    now = timezone.now()
    assert schedule.take_turn(now, holder="app-1")
    assert not schedule.take_turn(now, holder="app-2")
    assert SchedulerTurn.objects.get().holder == "app-1"


def test_a_turn_given_back_or_held_by_a_process_that_died_is_free_again(db):
    now = timezone.now()
    assert schedule.take_turn(now, holder="app-1")
    later = now + timedelta(seconds=schedule.TURN_SECONDS + 1)
    assert schedule.take_turn(later, holder="app-2"), "app-1 died holding it"
    schedule.give_back_turn(holder="app-2")
    assert schedule.take_turn(timezone.now(), holder="app-3")


def test_nothing_is_published_while_another_process_has_the_turn(db):
    schedule.take_turn(holder="someone-else")
    assert schedule.publish_due_in_turn() is None


def scheduled_change(make_editor, make_reviewer, client):
    ann, rhea = make_editor("ann"), make_reviewer("rhea")
    client.force_login(ann)
    step = MassageStep.objects.get(slug="find-the-knots")
    save_in_admin(client, step, summary="Published by the scheduler.")
    draft = workflow.pending(step)
    workflow.submit(draft, ann, "Timed")
    workflow.approve(draft, rhea)
    workflow.publish(draft, rhea, at=timezone.now() + timedelta(hours=1))
    Revision.objects.filter(pk=draft.pk).update(publish_at=timezone.now())  # its time comes
    return draft


def run_scheduler_until_published(draft, seconds=10):
    """Run this process's scheduler thread until `draft` is live (or `seconds` pass), asking
    nothing of the site; stop it and wait for it, so nothing of it runs during the flush."""
    scheduler = schedule.start(interval=0.2)
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            draft.refresh_from_db()
            if draft.status == Revision.Status.PUBLISHED:
                return
            time.sleep(0.1)
    finally:
        # A thread still publishing would ask for content types while the flush puts them back.
        assert scheduler.stop(), "the scheduler thread still runs as the database is emptied"


def test_the_scheduler_thread_publishes_a_due_change_with_no_request(
    fresh_site, make_editor, make_reviewer, client
):
    draft = scheduled_change(make_editor, make_reviewer, client)
    run_scheduler_until_published(draft)
    assert draft.status == Revision.Status.PUBLISHED
    assert MassageStep.objects.get(slug="find-the-knots").summary == "Published by the scheduler."


def test_the_scheduler_thread_keeps_going_after_the_database_fails(
    fresh_site, make_editor, make_reviewer, client, monkeypatch, caplog
):
    draft = scheduled_change(make_editor, make_reviewer, client)
    failures = []
    real = schedule.publish_due_in_turn

    def first_fails():
        if not failures:
            failures.append(1)
            raise ConnectionError("database down")
        return real()

    monkeypatch.setattr(schedule, "publish_due_in_turn", first_fails)
    run_scheduler_until_published(draft)
    assert failures and draft.status == Revision.Status.PUBLISHED
    assert "scheduled publishing check failed: ConnectionError" in caplog.text


def test_stopping_says_whether_the_thread_has_ended(monkeypatch):
    """The tests above rely on it: a thread still publishing during the flush would race it."""
    busy, release = threading.Event(), threading.Event()

    def stuck():
        busy.set()
        release.wait(10)

    monkeypatch.setattr(schedule, "publish_due_in_turn", stuck)
    monkeypatch.setattr(schedule, "close_old_connections", lambda: None)
    scheduler = schedule.start(interval=0.01)
    assert busy.wait(10)
    assert not scheduler.stop(timeout=0.1), "still inside a check"
    release.set()
    assert scheduler.stop(timeout=10)
