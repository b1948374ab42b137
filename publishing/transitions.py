"""Which actions each state of a version allows, and who may take them: the one table the
workflow's steps (publishing.workflow), the publishing panel (publishing.desk and its template)
and the emails (publishing.notifications) all read, so the panel never offers a button the
server would refuse and an email never asks someone to do what they may not.

A version's state is its status, with two more the panel needs: an approved version with a
time set is *scheduled*, and of the published versions only the newest is *live* (the others,
and superseded ones, are *past*).

    action            from                                  who                 unless
    submit            draft                                 editor
    discard           draft, in review, rejected            editor
    approve, reject   in review                             clinical reviewer   they do not read
                                                                                its language, or
                                                                                they wrote it, or
                                                                                someone who did
                                                                                appointed them
                                                                                (or the person
                                                                                who did: the
                                                                                whole chain)
    publish           approved, scheduled                   publisher
    schedule          approved, scheduled                   publisher
    cancel-schedule   scheduled                             publisher
    force             draft, in review                      superuser           it is clinical
    review            live                                  clinical reviewer   they do not read
                                                                                its language, or
                                                                                they published it
                                                                                without review,
                                                                                or its writer
                                                                                appointed them
    link-create       draft, in review, approved, scheduled clinical reviewer
    revert            rejected, past                        editor
    unpublish         live                                  editor              it is off the site,
                                                                                or a version is
                                                                                waiting

`refusal` says why an action is refused, in words for the person who tried it (None if it is
allowed); `check` raises it as a WorkflowError; `offered` is every action a person may take on
a version.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from publishing import changes, languages, roles
from publishing.content import on_the_site
from publishing.models import Revision
from publishing.versions import person

Status = Revision.Status

DRAFT = "draft"
IN_REVIEW = "in review"
APPROVED = "approved"
SCHEDULED = "scheduled"
REJECTED = "rejected"
LIVE = "live"
PAST = "past"
STATES = (DRAFT, IN_REVIEW, APPROVED, SCHEDULED, REJECTED, LIVE, PAST)


class WorkflowError(Exception):
    """A workflow step refused, with the reason in words for the person who tried it."""


def state_of(revision, live=None):
    """The version's state in the table. `live`, the item's live revision if the caller has it
    already, saves a query."""
    status = revision.status
    if status == Status.APPROVED:
        return SCHEDULED if revision.publish_at else APPROVED
    if status == Status.PUBLISHED:
        if live is None:
            live = changes.live_revision_of(revision)
        return LIVE if live is not None and live.pk == revision.pk else PAST
    return {
        Status.DRAFT: DRAFT,
        Status.IN_REVIEW: IN_REVIEW,
        Status.REJECTED: REJECTED,
        Status.SUPERSEDED: PAST,
    }[status]


# Who -------------------------------------------------------------------------------------------


def _may_change(user, revision):
    opts = revision.content_type.model_class()._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


@dataclass(frozen=True)
class Who:
    name: str
    test: object  # (user, revision) -> bool


EDITOR = Who("editor", _may_change)
# The roles, never superuser status (publishing.roles).
REVIEWER = Who("clinical reviewer", lambda user, _revision: roles.holds(user, roles.APPROVE))
PUBLISHER = Who("publisher", lambda user, _revision: roles.holds(user, roles.PUBLISH))
SUPERUSER = Who("superuser", lambda user, _revision: user.is_active and user.is_superuser)


# Unless ----------------------------------------------------------------------------------------


def _reads_its_language(revision, user):
    """A translation is approved by a clinician who can read what readers will be told."""
    language = languages.language_of(revision)
    if languages.reads(user, language):
        return None
    name = languages.name(language)
    return (
        f"This is the {name} translation: only a clinical reviewer who reads {name} can approve "
        f"or reject it, or record its review. If you read {name}, ask whoever manages reviewers "
        "to add it to the languages on your reviewer profile."
    )


def _first_refusal(*checks):
    """One `unless` made of several, asked in order: the first refusal is the one given."""

    def unless(revision, user):
        for check in checks:
            reason = check(revision, user)
            if reason is not None:
                return reason
        return None

    return unless


def _not_their_own_work(revision, user):
    writers = changes.writers(revision)
    if user.pk in writers:
        return (
            "You wrote or changed this version, or its change note, so another clinical "
            "reviewer must approve it (nobody approves their own work)."
        )
    return _not_their_appointers_work(user, writers, "approve")


def _not_their_appointers_work(user, writers, verb):
    """Refused if whoever made `user` a reviewer, or anyone up the chain that empowered them
    (publishing.roles.appointers), wrote the work: a second account is its maker's."""
    granter = roles.granted_by(user)
    if granter is not None and granter.pk in writers:
        return (
            f"{person(granter)} made you a clinical reviewer and wrote or changed this version, "
            f"so a clinical reviewer they did not appoint must {verb} it."
        )
    behind = roles.appointers(user) & writers
    if behind:
        maker = get_user_model().objects.filter(pk__in=behind).order_by("pk").first()
        return (
            f"{person(maker)} wrote or changed this version and gave you, or whoever made you a "
            f"clinical reviewer, your role in the admin, so a clinical reviewer they did not "
            f"appoint must {verb} it."
        )
    return None


def _not_clinical(revision, _user):
    if changes.is_clinical(revision):
        return (
            "This change touches what readers are told about danger, so it can only go live "
            "with a clinical reviewer's approval."
        )
    return None


def _not_their_own_unreviewed_publication(revision, user):
    if not revision.published_without_review:
        return None
    writers = changes.authors(revision) | ({revision.published_by_id} - {None})
    if user.pk in writers:
        return (
            "You published this version without review, so another clinical reviewer must "
            "review it."
        )
    # Whoever made this reviewer one may not have their unreviewed publication reviewed by them.
    return _not_their_appointers_work(user, writers, "review")


def _on_the_site_and_nothing_waiting(revision, _user):
    item = revision.item
    if item is not None and not on_the_site(item):
        return "Readers cannot see this now: there is nothing to take off."
    waiting = changes.pending(item) if item is not None else None
    if waiting is not None:
        # Proposing it would replace that version: a colleague's work lost without a word.
        return (
            f"Version {waiting.number} is waiting to go live: discard it, or let it go live, "
            "before proposing to take this off the site."
        )
    return None


# The table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    states: frozenset
    who: Who
    # The sentence when the version is in another state; {number} and {state} are filled in.
    wrong_state: str
    # The sentence when the person does not hold the role.
    wrong_person: str
    unless: object = None  # (revision, user) -> refusal sentence or None


def _row(action, label, states, who, wrong_state, wrong_person, unless=None):
    return Transition(action, label, frozenset(states), who, wrong_state, wrong_person, unless)


NOT_A_REVIEWER = "Only a clinical reviewer can approve or reject changes."

TABLE = {
    row.action: row
    for row in [
        _row(
            "submit",
            "Submit for clinical review",
            [DRAFT],
            EDITOR,
            "Version {number} is {state}, so it cannot be submitted. Make a change and save it "
            "to start a new draft.",
            "You may not change this, so you cannot submit it.",
        ),
        _row(
            "discard",
            "Discard",
            [DRAFT, IN_REVIEW, REJECTED],
            EDITOR,
            "Version {number} is {state}, so it cannot be discarded.",
            "You may not change this, so you cannot discard its draft.",
        ),
        _row(
            "approve",
            "Approve",
            [IN_REVIEW],
            REVIEWER,
            "Version {number} is not waiting for review.",
            NOT_A_REVIEWER,
            _first_refusal(_reads_its_language, _not_their_own_work),
        ),
        _row(
            "reject",
            "Reject",
            [IN_REVIEW],
            REVIEWER,
            "Version {number} is not waiting for review.",
            NOT_A_REVIEWER,
            _first_refusal(_reads_its_language, _not_their_own_work),
        ),
        _row(
            "publish",
            "Publish now",
            [APPROVED, SCHEDULED],
            PUBLISHER,
            "Version {number} is {state}: only an approved version can be published.",
            "Only a clinical reviewer can publish changes.",
        ),
        _row(
            "schedule",
            "Schedule",
            [APPROVED, SCHEDULED],
            PUBLISHER,
            "Version {number} is {state}: only an approved version can be scheduled.",
            "Only a clinical reviewer can publish changes.",
        ),
        _row(
            "cancel-schedule",
            "Cancel the schedule",
            [SCHEDULED],
            PUBLISHER,
            "This version is not scheduled.",
            "Only a clinical reviewer can change a schedule.",
        ),
        _row(
            "force",
            "Publish without review",
            [DRAFT, IN_REVIEW],
            SUPERUSER,
            # A rejected version is not offered: a reviewer has said no to it, and publishing
            # without review is for emergencies, not for overruling them.
            "Version {number} is {state}, so it cannot be published without review.",
            "Only a superuser can publish without review.",
            _not_clinical,
        ),
        _row(
            "review",
            "Record my review",
            [LIVE],
            REVIEWER,
            "Version {number} is not what readers see now: review the live version.",
            "Only a clinical reviewer can record a clinical review.",
            _first_refusal(_reads_its_language, _not_their_own_unreviewed_publication),
        ),
        _row(
            "link-create",
            "Share with an outside clinical reviewer",
            [DRAFT, IN_REVIEW, APPROVED, SCHEDULED],
            REVIEWER,
            "Version {number} is {state}: only a version waiting to go live can be shared.",
            "Only a clinical reviewer can share a version outside the team.",
        ),
        _row(
            "revert",
            "Revert",
            # Not the live version, nor the one waiting (the only one in those states): a
            # draft of either would say what is already there.
            [REJECTED, PAST],
            EDITOR,
            "Version {number} is {state}: only an earlier version can be reverted to.",
            "You may not change this, so you cannot revert it.",
        ),
        _row(
            "unpublish",
            "Propose taking it off the site",
            [LIVE],
            EDITOR,
            "Only what readers see now can be taken off the site.",
            "You may not change this, so you cannot take it off the site.",
            _on_the_site_and_nothing_waiting,
        ),
    ]
}


def refusal(action, revision, user, live=None):
    """Why `user` may not take `action` on `revision`, in words; None if they may."""
    transition = TABLE[action]
    state = state_of(revision, live)
    if state not in transition.states:
        return transition.wrong_state.format(number=revision.number, state=state)
    if user is None or not transition.who.test(user, revision):
        return transition.wrong_person
    if transition.unless is not None:
        return transition.unless(revision, user)
    return None


def check(action, revision, user):
    """Refuse `action` with a WorkflowError if the table does not allow it."""
    reason = refusal(action, revision, user)
    if reason is not None:
        raise WorkflowError(reason)


def offered(revision, user, live=None):
    """Every action `user` may take on `revision` now."""
    if revision is None:
        return set()
    return {action for action in TABLE if refusal(action, revision, user, live) is None}


def who_may(action, revision, people):
    """Those of `people` who may take `action` on `revision` (the emails ask only them)."""
    return [user for user in people if refusal(action, revision, user) is None]
