"""Workflow email, sent through a real SMTP server on loopback: who is told of a submission, a
decision and a review coming due, what the email says, and that a mail server that is down
never stops an editor's step."""

import logging
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import CONTENT_MODELS, AftercareNote, Cause, MassageStep
from publishing import workflow
from publishing.management.commands import send_review_reminders
from publishing.models import ReminderSent

pytestmark = pytest.mark.django_db

SITE = "https://calfcare.example"  # as tests/conftest.py's smtp_server sets it


@pytest.fixture
def mail_log(caplog):
    caplog.set_level(logging.ERROR, logger="publishing.notifications")
    return caplog


@pytest.fixture
def author(make_editor):
    user = make_editor()
    user.email = "dana@example.org"
    user.save()
    return user


@pytest.fixture
def cause():
    return Cause.objects.published().order_by("pk").first()


def link_to(item):
    opts = item._meta
    return SITE + reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def draft_of(item, user, title):
    item.title = title
    return workflow.save_draft(item, user)


def submitted(item, user, title="Cramp after a long run", note="Clearer first sentence"):
    draft = draft_of(item, user, title)
    return workflow.submit(draft, user, note)


# Submissions ----------------------------------------------------------------------------------


def test_submitting_emails_each_reviewer_but_not_the_submitter(
    smtp_server, make_reviewer, django_user_model, cause, django_capture_on_commit_callbacks
):
    submitter = make_reviewer("rhea", "Rhea", "Reviewer")
    make_reviewer("sam", "Sam", "Second")
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    away = make_reviewer("ola", "Ola", "Away")
    away.is_active = False
    away.save()
    no_address = make_reviewer("noemail")
    no_address.email = ""
    no_address.save()

    with django_capture_on_commit_callbacks(execute=True):
        revision = submitted(cause, submitter)

    # Not root: a superuser is not a clinical reviewer unless given the role (publishing.roles),
    # so cannot act on the review.
    assert sorted(r for m in smtp_server.messages for r in m.recipients) == ["sam@example.org"]
    (email,) = smtp_server.to("sam@example.org")
    assert email.subject == f"For review: Cramp after a long run (version {revision.number})"
    assert "Rhea Reviewer has submitted version" in email.body
    assert f"version {revision.number} of the cause “Cramp after a long run”" in email.body
    assert "Their change note: Clearer first sentence" in email.body
    assert f"{link_to(cause)}#publishing" in email.body


def test_each_reviewer_gets_their_own_email_so_no_address_is_shared(
    smtp_server, make_reviewer, author, cause, django_capture_on_commit_callbacks
):
    make_reviewer("rhea")
    make_reviewer("sam")
    with django_capture_on_commit_callbacks(execute=True):
        submitted(cause, author)

    assert sorted(m.recipients for m in smtp_server.messages) == [
        ["rhea@example.org"],
        ["sam@example.org"],
    ]
    assert all("," not in m.message["To"] for m in smtp_server.messages)


def test_a_reviewer_who_wrote_part_of_the_change_is_not_asked_to_approve_it(
    smtp_server, make_reviewer, author, cause, django_capture_on_commit_callbacks
):
    co_author = make_reviewer("rhea")
    make_reviewer("sam")
    draft_of(cause, co_author, "Cramp, first go")
    with django_capture_on_commit_callbacks(execute=True):
        submitted(cause, author)

    assert [m.recipients for m in smtp_server.messages] == [["sam@example.org"]]


# Decisions ------------------------------------------------------------------------------------


def test_approval_emails_the_author_with_the_reviewers_comment(
    smtp_server, make_reviewer, author, cause, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer("rhea", "Rhea", "Reviewer")
    revision = submitted(cause, author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(revision, reviewer, "Good, matches the 2024 guidance.")

    (email,) = smtp_server.messages
    assert email.recipients == ["dana@example.org"]
    assert email.subject == f"Approved: Cramp after a long run (version {revision.number})"
    assert (
        f"Rhea Reviewer has approved version {revision.number} of the cause "
        "“Cramp after a long run”." in email.body
    )
    assert "Their comment: Good, matches the 2024 guidance." in email.body
    assert f"{link_to(cause)}#publishing" in email.body


def test_rejection_emails_the_author_with_the_reason(
    smtp_server, make_reviewer, author, cause, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer("rhea", "Rhea", "Reviewer")
    revision = submitted(cause, author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(revision, reviewer, "Say when to stop and see a doctor.")

    (email,) = smtp_server.messages
    assert email.recipients == ["dana@example.org"]
    assert email.subject == f"Rejected: Cramp after a long run (version {revision.number})"
    assert f"Rhea Reviewer has rejected version {revision.number}" in email.body
    assert "Their comment: Say when to stop and see a doctor." in email.body
    assert "Change it and save, then submit the new version:" in email.body
    assert f"{link_to(cause)}#publishing" in email.body


def test_an_author_without_an_email_address_or_no_longer_active_is_not_mailed(
    smtp_server, make_reviewer, make_editor, cause, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer("rhea")
    author = make_editor()  # no email address
    revision = submitted(cause, author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(revision, reviewer, "Not yet.")
    revision = submitted(cause, author, title="Cramp, again")
    # Gone between submitting and the decision: an inactive account is never mailed.
    author.email, author.is_active = "dana@example.org", False
    author.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(revision, reviewer, "Still not.")

    assert smtp_server.messages == []


# A mail server that is down -------------------------------------------------------------------


def test_a_submission_succeeds_when_the_mail_server_is_down_and_the_error_is_logged(
    smtp_server, make_reviewer, author, cause, mail_log, django_capture_on_commit_callbacks
):
    make_reviewer("rhea")
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        revision = submitted(cause, author)

    revision.refresh_from_db()
    assert revision.status == revision.Status.IN_REVIEW
    assert workflow.editor_state(cause) == "In review"
    messages = [record.getMessage() for record in mail_log.records]
    assert messages == ["workflow email not sent: ConnectionRefusedError"]
    assert not any("@" in message for message in messages), "no address in the log"


def test_an_approval_succeeds_when_the_mail_server_is_down_and_the_error_is_logged(
    smtp_server, make_reviewer, author, cause, mail_log, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer("rhea")
    revision = submitted(cause, author)
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(revision, reviewer, "Fine.")

    revision.refresh_from_db()
    assert revision.status == revision.Status.APPROVED
    assert [r.getMessage() for r in mail_log.records] == [
        "workflow email not sent: ConnectionRefusedError"
    ]


# Links ----------------------------------------------------------------------------------------


def test_without_a_site_url_links_go_to_the_local_server_on_its_port(settings):
    from publishing.notifications import site_address

    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.LOCAL_SERVER_PORT = 8123
    assert site_address() == "http://127.0.0.1:8123"


def test_without_a_site_url_links_use_the_first_public_host_the_site_answers_to(settings):
    from publishing.notifications import site_address

    settings.SITE_URL = ""
    settings.HTTPS = True
    settings.ALLOWED_HOSTS = [".calfcare.example", "www.calfcare.example"]
    assert site_address() == "https://calfcare.example"


# Review reminders -----------------------------------------------------------------------------

TODAY = date(2026, 3, 2)


@pytest.fixture
def reminders(monkeypatch, smtp_server, make_reviewer, make_editor, django_user_model):
    """run(on=day): the daily command on `day`; returns its one-line summary. Nothing but the
    items a test dates is due; Rhea (clinical reviewer) is mailed, Root (a superuser in no
    group, so no reviewer) is not."""
    for model in CONTENT_MODELS:
        model.objects.update(next_review_due=None, last_reviewed=None)
    make_reviewer("rhea", "Rhea", "Reviewer")
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    editor = make_editor()
    editor.email = "dana@example.org"
    editor.save()

    def run(on=TODAY):
        monkeypatch.setattr(send_review_reminders, "today", lambda: on)
        out = StringIO()
        call_command("send_review_reminders", stdout=out)
        return out.getvalue().strip()

    return run


def due_on(model, days_from_today, index=0):
    item = model.objects.published().order_by("pk")[index]
    model.objects.filter(pk=item.pk).update(next_review_due=TODAY + timedelta(days=days_from_today))
    item.refresh_from_db()
    return item


def kinds_sent(item):
    sent = ReminderSent.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    return sorted(sent.values_list("kind", flat=True))


def test_a_review_is_reminded_60_30_and_7_days_before_and_when_overdue_each_once(
    reminders, smtp_server
):
    step = due_on(MassageStep, 60)
    days = {0: "60-days", 15: None, 30: "30-days", 31: None, 53: "7-days", 59: None, 60: None}
    days.update({61: "overdue", 62: None, 90: None})
    seen = []
    for offset, kind in days.items():
        before = len(smtp_server.messages)
        summary = reminders(on=TODAY + timedelta(days=offset))
        again = reminders(on=TODAY + timedelta(days=offset))
        new = smtp_server.messages[before:]
        if kind is None:
            assert new == [], f"day {offset}: {new}"
            continue
        seen.append(kind)
        assert summary.startswith("Sent review reminders for 1 item(s)"), summary
        assert sorted(m.recipients[0] for m in new) == ["rhea@example.org"]
        assert again == "No new review reminders: each was sent before."
    assert seen == ["60-days", "30-days", "7-days", "overdue"]
    assert kinds_sent(step) == ["30-days", "60-days", "7-days", "overdue"]


def test_the_reminder_says_what_is_due_when_and_links_to_it(reminders, smtp_server):
    step = due_on(MassageStep, 60)
    assert (
        reminders()
        == "Sent review reminders for 1 item(s) (1 due within 60 days) to 1 of 1 reviewer(s)."
    )
    email = smtp_server.to("rhea@example.org")[0]
    assert email.subject == f"Clinical review due: {step.title}"
    assert f"The massage step “{step.title}”: due in 60 days, on 1 May 2026." in email.body
    assert f"{link_to(step)}#publishing" in email.body
    assert smtp_server.to("dana@example.org") == [], "editors are not clinical reviewers"


def test_after_missed_days_only_the_most_urgent_reminder_is_sent(reminders, smtp_server):
    cause = due_on(Cause, 5)
    note = due_on(AftercareNote, -3)

    summary = reminders()

    assert summary == (
        "Sent review reminders for 2 item(s) (1 overdue, 1 due within 7 days) "
        "to 1 of 1 reviewer(s)."
    )
    assert kinds_sent(cause) == ["7-days"]
    assert kinds_sent(note) == ["overdue"]
    (email,) = smtp_server.to("rhea@example.org")
    assert f"“{cause.title}”: due in 5 days, on 7 March 2026." in email.body
    assert f"“{note.title}”: overdue since 27 February 2026." in email.body
    # A less urgent reminder never follows a more urgent one for the same due date.
    assert reminders(on=TODAY + timedelta(days=1)) == (
        "No new review reminders: each was sent before."
    )


def test_one_email_per_run_lists_every_item_most_urgent_first(reminders, smtp_server):
    later = due_on(MassageStep, 25)
    overdue = due_on(Cause, -10)
    soon = due_on(AftercareNote, 2)

    reminders()

    (email,) = smtp_server.to("rhea@example.org")
    assert email.subject == "Clinical reviews due: 3 items"
    positions = [email.body.index(f"“{item.title}”") for item in (overdue, soon, later)]
    assert positions == sorted(positions)
    assert f"“{overdue.title}”: overdue since 20 February 2026." in email.body


def test_a_new_due_date_is_reminded_afresh(reminders, smtp_server):
    step = due_on(MassageStep, 5)
    reminders()
    MassageStep.objects.filter(pk=step.pk).update(next_review_due=TODAY + timedelta(days=6))

    assert reminders().startswith("Sent review reminders for 1 item(s)")
    assert len(smtp_server.to("rhea@example.org")) == 2


def test_an_item_taken_off_the_site_is_not_reminded(reminders, smtp_server):
    step = due_on(MassageStep, 5)
    MassageStep.objects.filter(pk=step.pk).update(is_published=False)

    assert reminders() == "No clinical reviews due within 60 days."
    assert smtp_server.messages == []


def test_reminders_the_mail_server_refused_are_sent_on_the_next_run(
    reminders, smtp_server, settings, mail_log
):
    from tools.served import free_port

    step = due_on(MassageStep, 5)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(CommandError, match="1 review reminder"):
        reminders()
    assert kinds_sent(step) == []
    assert "workflow email not sent: ConnectionRefusedError" in mail_log.messages

    settings.EMAIL_PORT = working_port
    assert reminders().startswith("Sent review reminders for 1 item(s)")
    assert kinds_sent(step) == ["7-days"]


def test_without_anyone_to_remind_nothing_is_recorded_as_sent(reminders, smtp_server):
    from django.contrib.auth import get_user_model

    step = due_on(MassageStep, 5)
    get_user_model().objects.update(email="")
    with pytest.raises(CommandError, match="no active clinical reviewer"):
        reminders()
    assert kinds_sent(step) == []


def test_a_reviewer_given_the_permission_directly_is_reminded_too(
    reminders, smtp_server, django_user_model
):
    direct = django_user_model.objects.create_user("kim", "kim@example.org", "pw")
    direct.user_permissions.add(Permission.objects.get(codename="approve_revision"))
    due_on(MassageStep, 5)
    reminders()
    assert len(smtp_server.to("kim@example.org")) == 1


def test_a_day_with_nothing_new_to_send_is_not_an_error_even_without_addresses(reminders):
    from django.contrib.auth import get_user_model

    due_on(MassageStep, 5)
    reminders()
    get_user_model().objects.update(email="")
    assert reminders() == "No new review reminders: each was sent before."
