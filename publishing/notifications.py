"""Emails about the workflow: reviewers hear of submissions, authors of decisions and of
outside reviewers' comments, and reviewers of clinical reviews coming due (the daily
`send_review_reminders` command) and of every reorder of the massage routine.

Sent through Django's email framework (the console locally, SMTP in production: see
settings). Only active people with an email address are mailed, one message each, so nobody
sees a colleague's address. A failed send is logged (the error's class, never an address) and
never undoes, or fails, the workflow step that caused it. A subject is made one line
(`one_line`): items' titles and change notes are typed by people, and one line break in a
header would stop every email about that item.
"""

import functools
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils.dateformat import format as format_date

from publishing import roles, transitions
from publishing.changes import authors, writers
from publishing.versions import person

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Control characters other than whitespace, which one_line turns into single spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def reviewers():
    """Active clinical reviewers with an email address: the people who can act on a review
    (publishing.roles; a superuser only if given the role)."""
    return roles.holders(roles.APPROVE).exclude(email="")


def site_address():
    """The site's address for links in emails, e.g. https://calfcare.example.

    DJANGO_SITE_URL where set, which production should. Emails have no request to take a host
    from: reminders come from a daily command, and a decision's email is sent after the commit,
    where threading the request through every workflow function would only be for this. (A
    request's Host header is also what a forged-link attack would control.) So without it: the
    first host the site answers to, over https unless DJANGO_HTTPS is off; on this machine (a
    local `make run`), with gunicorn's port, since http://127.0.0.1/ alone reaches nothing.
    """
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    host = hosts[0] if hosts else "127.0.0.1"
    netloc = f"[{host}]" if ":" in host else host
    if host in LOOPBACK_HOSTS:
        return f"http://{netloc}:{settings.LOCAL_SERVER_PORT}"
    return f"{'https' if settings.HTTPS else 'http'}://{netloc}"


def item_address(model, object_id):
    """The item's admin page, scrolled to its publishing panel (where every decision is made)."""
    opts = model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
    return f"{site_address()}{path}#publishing"


def admin_address(revision):
    return item_address(revision.content_type.model_class(), revision.object_id)


def naming(revision):
    """“the cause “Blood clot (DVT)””: what kind of item, and which."""
    model = revision.content_type.model_class()
    if hasattr(model, "label_of_version"):
        # Its label names its kind already: “the Welsh translation of “Dehydration””.
        return f"the {revision.item_label}"
    return f"the {model._meta.verbose_name} “{revision.item_label}”"


def one_line(text):
    """`text` fit for a header: control characters dropped, and every run of whitespace (line
    breaks included) one space. Django refuses a header with a line break in it, and a pasted
    title can carry one."""
    return " ".join(_CONTROL.sub("", text).split())


def send(subject, lines, people):
    """Email `lines` (paragraphs) to each of `people` who is active and has an address, under
    `subject` made one line.

    Returns how many messages the mail server accepted. One message per person, over one
    connection; a refused address is skipped, the others still go.
    """
    subject = one_line(subject)
    addresses = sorted({user.email for user in people if user.is_active and user.email})
    if not addresses:
        return 0
    body = "\n\n".join([*lines, f"— {settings.SITE_NAME}"]) + "\n"
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses
    ]
    sent = 0
    try:
        with get_connection() as connection:
            for message in messages:
                try:
                    sent += connection.send_messages([message])
                except Exception as error:  # one bad address must not stop the rest
                    logger.error("workflow email not sent: %s", error.__class__.__name__)
    except Exception as error:  # mail server down: the editor's step has happened, keep it
        logger.error("workflow email not sent: %s", error.__class__.__name__)
    return sent


def never_fails(notify):
    """These run after the workflow step has committed: an exception here would turn a done
    step into an error page for the editor, so it is logged instead."""

    @functools.wraps(notify)
    def guarded(*args, **kwargs):
        try:
            return notify(*args, **kwargs)
        except Exception as error:
            logger.error("workflow email not sent: %s", error.__class__.__name__)
            return 0

    return guarded


@never_fails
def revision_submitted(revision):
    """Tell the clinical reviewers who may approve it (publishing.transitions: not those who
    wrote it, nor those its writers appointed)."""
    recipients = transitions.who_may("approve", revision, reviewers())
    lines = [
        f"{person(revision.submitted_by)} has submitted version {revision.number} of "
        f"{naming(revision)} for clinical review."
    ]
    if revision.change_note:
        lines.append(f"Their change note: {revision.change_note}")
    address = admin_address(revision)
    lines.append(f"Compare it with what readers see now, then approve or reject it:\n{address}")
    return send(f"For review: {revision.item_label} (version {revision.number})", lines, recipients)


@never_fails
def revision_decided(revision):
    """Tell the people who wrote the version (and whoever submitted it) what was decided."""
    recipients = get_user_model().objects.filter(pk__in=writers(revision))
    approved = revision.status == revision.Status.APPROVED
    verdict = "approved" if approved else "rejected"
    lines = [
        f"{person(revision.decided_by)} has {verdict} version {revision.number} of "
        f"{naming(revision)}."
    ]
    if revision.decision_comment:
        lines.append(f"Their comment: {revision.decision_comment}")
    if approved:
        next_step = "It can now be published, or scheduled to go live:"
    else:
        next_step = "Change it and save, then submit the new version:"
    lines.append(f"{next_step}\n{admin_address(revision)}")
    return send(
        f"{verdict.capitalize()}: {revision.item_label} (version {revision.number})",
        lines,
        recipients,
    )


@never_fails
def outside_comment(comment):
    """Tell the people who wrote the version (and whoever submitted it) what an outside
    reviewer said about it through their link. Their name and words go in the body only: a
    subject line is a header, and the text is theirs, not ours."""
    revision = comment.revision
    writers = authors(revision) | {revision.submitted_by_id}
    recipients = get_user_model().objects.filter(pk__in=writers - {None})
    lines = [
        f"{comment.name} commented on version {revision.number} of {naming(revision)} through "
        f"the outside review link {person(comment.link.created_by, missing='someone')} made "
        f"for {comment.link.reviewer_name}. A comment is advice: it does not approve the "
        "version or change its state.",
        f"Their comment:\n{comment.text}",
        f"It is kept with the version, in its publishing panel:\n{admin_address(revision)}",
    ]
    return send(
        f"Outside review comment: {revision.item_label} (version {revision.number})",
        lines,
        recipients,
    )


@never_fails
def schedule_cancelled(revision, actor, reason):
    """Tell whoever scheduled the version and whoever approved it that it will not go live."""
    recipients = get_user_model().objects.filter(
        pk__in={revision.scheduled_by_id, revision.decided_by_id}
        - {None, getattr(actor, "pk", None)}
    )
    lines = [
        f"Version {revision.number} of {naming(revision)} will not go live as scheduled: "
        f"{person(actor, missing='the site')} cancelled the schedule.",
        f"Why: {reason}.",
        admin_address(revision),
    ]
    return send(
        f"Schedule cancelled: {revision.item_label} (version {revision.number})",
        lines,
        recipients,
    )


@never_fails
def roles_changed(user, actor, given, taken, reviewer_role):
    """Tell every clinical reviewer (and the person) which roles `user` was given or lost.

    Every role counts, not only the reviewer's: a new superuser may appoint reviewers, and a
    second account is how the two-person rule was once got round, so no change passes unseen."""
    if (reviewer_role in given) != (reviewer_role in taken):
        change = (
            "is now a clinical reviewer"
            if reviewer_role in given
            else "is no longer a clinical reviewer"
        )
    else:
        change = "has new roles"
    lines = [
        f"{person(actor, missing='someone outside the admin')} changed the roles of "
        f"{person(user)}.",
    ]
    if given:
        lines.append("Given: " + "; ".join(given) + ".")
    if taken:
        lines.append("Taken away: " + "; ".join(taken) + ".")
    lines.append(
        "If you did not expect this, tell the site's administrator: approval of changes to "
        "what readers are told about danger depends on who holds which role."
    )
    recipients = {*reviewers(), user}
    return send(f"Clinical reviewers: {person(user)} {change}", lines, recipients)


@never_fails
def order_changed(model, actor, new_order, list_address):
    """Tell every clinical reviewer that a routine was reordered, with its new order (`new_order`,
    one line per item) and who did it. A reorder goes live at once, without review (see
    articles.desk.ordering), so this email is how it never passes unseen."""
    plural = model._meta.verbose_name_plural
    who = person(actor, missing="someone outside the admin")
    lines = [
        f"{who} has changed the order of the {plural}. Readers see this order now:",
        "\n".join(new_order),
        "No words changed, and the first step stayed first. If the order is wrong, move the "
        f"steps back in the list (each move is in the audit log, with where it was) and tell "
        f"{who}:\n{list_address}",
    ]
    return send(f"Reordered: the {plural}", lines, reviewers())


@never_fails
def revision_published(revision):
    """Tell the people who wrote the version (and whoever submitted it) that readers see it."""
    told = writers(revision) - {revision.published_by_id}
    recipients = get_user_model().objects.filter(pk__in=told)
    by = person(revision.published_by, missing="the site, at the time a reviewer scheduled")
    lines = [f"Version {revision.number} of {naming(revision)} is live: readers see it now."]
    lines.append(f"Published by {by}.")
    if revision.change_note:
        lines.append(f"Readers' change note: {revision.change_note}")
    lines.append(admin_address(revision))
    return send(f"Live: {revision.item_label} (version {revision.number})", lines, recipients)


@never_fails
def published_without_review(revision):
    """Tell the clinical reviewers a change went live without them, with the internal reason,
    so one reviews it afterwards."""
    lines = [
        f"{person(revision.published_by)} has published version {revision.number} of "
        f"{naming(revision)} without clinical review.",
        f"Their reason (not shown to readers): {revision.force_reason}",
        f"Readers' change note: {revision.change_note or '(none: a minor change)'}",
        f"It stays flagged until a clinical reviewer reviews it:\n{admin_address(revision)}",
    ]
    # Only those who may review it afterwards (publishing.transitions).
    recipients = transitions.who_may("review", revision, reviewers())
    return send(
        f"Published without review: {revision.item_label} (version {revision.number})",
        lines,
        recipients,
    )


def reviews_due(reminders, today):
    """One email to the clinical reviewers listing every item whose review is due or overdue.

    `reminders` are (item, kind) pairs, most urgent first. Returns (people, messages sent).
    """
    people = list(reviewers())
    lines = ["These parts of the guide need their clinical review:"]
    for item, _kind in reminders:
        days = (item.next_review_due - today).days
        due = format_date(item.next_review_due, "j F Y")
        if days < 0:
            when = f"overdue since {due}"
        elif days == 0:
            when = f"due today, {due}"
        else:
            when = f"due in {days} day{'s' if days != 1 else ''}, on {due}"
        address = item_address(type(item), item.pk)
        lines.append(f"The {item._meta.verbose_name} “{item}”: {when}.\n{address}")
    lines.append(
        "Check each against current guidance and record the review on its page (Publishing)."
    )
    count = len(reminders)
    subject = (
        f"Clinical review due: {reminders[0][0]}"
        if count == 1
        else f"Clinical reviews due: {count} items"
    )
    return people, send(subject, lines, people)
