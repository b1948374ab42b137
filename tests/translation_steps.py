"""Making and publishing translations in tests, through the workflow translators and reviewers
use: a draft proposed by a translator, submitted, approved by a clinical reviewer who reads the
language, published."""

from django.contrib.auth.models import Group

from publishing import workflow
from publishing.models import ReviewerProfile
from translations import drafts


def reviewer_reading(django_user_model, username, *languages):
    """A clinical reviewer whose profile says they read `languages`."""
    user = django_user_model.objects.create_user(
        username,
        password="pw",
        is_staff=True,
        first_name=username.title(),
        email=f"{username}@example.org",
    )
    user.groups.add(Group.objects.get(name="Clinical reviewer"))
    ReviewerProfile.objects.create(user=user, role="GP", languages=list(languages))
    return user


def translator(django_user_model, username="tomos"):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def submitted(item, language, boxes, author, note="Translated the page"):
    draft = drafts.propose(item, language, boxes, author)
    return workflow.submit(draft, author, note)


def translated(item, language, boxes, author, reviewer, note="Translated the page"):
    """`boxes` of `item` translated into `language`, approved and live."""
    revision = submitted(item, language, boxes, author, note)
    workflow.approve(revision, reviewer)
    revision.refresh_from_db()
    return workflow.publish(revision, reviewer)
