"""Migrations articles 0009 and 0010 carry django-simple-history's rows of content into
revisions, so nothing of the old history is lost and each item has one run of version numbers.

Run on a database as it was before them, with historical rows of three kinds of item:
one edited before versions were kept and since through the workflow, one deleted before the
workflow existed, and one whose old text was brought back by hand. A transactional test (the
migration changes tables), so pytest-django runs it with the others of its kind, last."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.initial_content import ever_used
from articles.models import AftercareNote, Cause, Guide
from publishing import workflow
from publishing.models import AuditEvent, Revision

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("articles", "0008_safety_text_shows_words"),
    ("publishing", "0005_audit_actions_and_scheduler_turn"),
]
AFTER = [("articles", "0010_drop_content_history_tables")]
START = timezone.now() - timedelta(days=30)


def day(number, seconds=0):
    return START + timedelta(days=number, seconds=seconds)


def cause_boxes(body, title="Cramp after running"):
    return {
        "sources": "",
        "title": title,
        "slug": "cramp-after-running",
        "is_published": True,
        "summary": "A cramp.",
        "body": body,
        "severity": "self-care",
        "related": "",
    }


@pytest.fixture
def old_database():
    """The database before migration 0009, as an old site's would be; put forward afterwards
    whatever the test did, so the tests after it find today's tables."""
    ContentType.objects.clear_cache()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()


def migrate_forward():
    """Through 0010 and on to today's schema, which the assertions' models expect."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_every_historical_row_becomes_a_version_numbered_by_time(old_database):
    apps = old_database
    # The accounts as the old schema has them: today's User model would run today's signals,
    # which read tables (reviewer profiles' languages) this database does not have yet.
    users = apps.get_model("auth", "User").objects
    ann = users.create(username="ann-history", first_name="Ann", last_name="Old")
    bea = users.create(username="bea-history", first_name="Bea", last_name="New")
    content_types = apps.get_model("contenttypes", "ContentType").objects
    revisions = apps.get_model("publishing", "Revision").objects
    audit = apps.get_model("publishing", "AuditEvent").objects

    # A cause edited twice and moved before versions were kept, then through the workflow.
    cause_type, _ = content_types.get_or_create(app_label="articles", model="cause")
    cause = apps.get_model("articles", "Cause").objects.create(
        position=2, created_at=day(0), **cause_boxes("Newest words.")
    )
    history = apps.get_model("articles", "HistoricalCause").objects

    def cause_row(when, kind, user, body, position=1, reason=None):
        history.create(
            id=cause.pk,
            position=position,
            created_at=day(0),
            updated_at=when,
            history_date=when,
            history_type=kind,
            history_user_id=user.pk if user else None,
            history_change_reason=reason,
            **cause_boxes(body),
        )

    cause_row(day(0), "+", ann, "Old words.", reason="Typed in before sign-off")
    cause_row(day(1), "~", ann, "Better words.")
    cause_row(day(2), "~", bea, "Better words.", position=2)  # a move, no new text
    # Sign-off began: version 1 is the row as it stood; version 2 went live; 3 waits.
    revisions.create(
        content_type=cause_type,
        object_id=cause.pk,
        number=1,
        content=cause_boxes("Better words."),
        label="The text as it was when sign-off began",
        status="published",
        created_at=day(3),
        published_at=day(3),
    )
    revisions.create(
        content_type=cause_type,
        object_id=cause.pk,
        number=2,
        content=cause_boxes("Newest words."),
        status="published",
        created_by_id=bea.pk,
        created_at=day(4),
        published_at=day(4, seconds=1),
        change_note="Clearer.",
    )
    cause_row(day(4), "~", bea, "Newest words.", position=2, reason="Version 2 published")
    revisions.create(
        content_type=cause_type,
        object_id=cause.pk,
        number=3,
        content=cause_boxes("Draft words."),
        label="Revert to version 1",
        created_by_id=ann.pk,
        created_at=day(5),
    )
    for action, number, when in [("published", 2, day(4)), ("draft-saved", 3, day(5))]:
        audit.create(
            at=when,
            actor_name="x",
            action=action,
            content_type=cause_type,
            object_id=cause.pk,
            item_label="Cramp after running",
            revision_number=number,
        )

    # An aftercare note changed and deleted before the workflow: only its history is left.
    note_history = apps.get_model("articles", "HistoricalAftercareNote").objects
    for when, kind, title, user in [
        (day(0), "+", "Ice it", ann),
        (day(1), "~", "Ice it gently", ann),
        (day(2), "-", "Ice it gently", bea),
    ]:
        note_history.create(
            id=9876,
            title=title,
            slug="ice-it",
            position=1,
            is_published=True,
            body="Ten minutes.",
            created_at=day(0),
            updated_at=when,
            history_date=when,
            history_type=kind,
            history_user_id=user.pk,
        )

    # The guide text: A, then B, then A again by hand, and sign-off began on A.
    guide_type, _ = content_types.get_or_create(app_label="articles", model="guide")
    guide_model = apps.get_model("articles", "Guide")
    guide = guide_model.objects.order_by("pk").first() or guide_model.objects.create(
        title="Sore calf", description="D", introduction="I"
    )
    revisions.filter(content_type=guide_type, object_id=guide.pk).delete()
    guide_model.objects.filter(pk=guide.pk).update(title="Sore calf A")
    guide_content = {
        field.name: getattr(guide_model.objects.get(pk=guide.pk), field.attname)
        for field in guide_model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name not in {"last_reviewed", "next_review_due", "reviewed_by", "version"}
    }
    guide_history = apps.get_model("articles", "HistoricalGuide").objects
    for when, title in [(day(0), "Sore calf A"), (day(1), "Sore calf B"), (day(2), "Sore calf A")]:
        guide_history.create(
            **{**guide_content, "title": title},
            id=guide.pk,
            updated_at=when,
            history_date=when,
            history_type="~",
            history_user_id=ann.pk,
        )
    revisions.create(
        content_type=guide_type,
        object_id=guide.pk,
        number=1,
        content=guide_content,
        status="published",
        created_at=day(3),
        published_at=day(3),
    )

    migrate_forward()
    ann, bea = (get_user_model().objects.get(pk=user.pk) for user in (ann, bea))

    # The cause: the old history's first text is version 1; the rest moved up by one.
    cause = Cause.objects.get(pk=cause.pk)
    versions = list(workflow.revisions_of(cause).order_by("number"))
    assert [(v.number, v.content["body"], v.status) for v in versions] == [
        (1, "Old words.", "published"),
        (2, "Better words.", "published"),
        (3, "Newest words.", "published"),
        (4, "Draft words.", "draft"),
    ]
    first = versions[0]
    assert (first.created_by, first.created_at, first.published_at) == (ann, day(0), day(0))
    assert first.label == "Typed in before sign-off"
    assert versions[3].label == "Revert to version 2", "a revert names the version's new number"
    assert workflow.live_revision(cause).number == 3
    assert workflow.pending(cause).number == 4
    logged = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Cause), object_id=cause.pk
    )
    assert {(e.action, e.revision_number) for e in logged if e.revision_number} == {
        ("published", 3),
        ("draft-saved", 4),
    }, "the audit log names the versions by their new numbers"
    move = logged.get(action="reordered")
    assert (move.actor, move.at, move.detail) == (bea, day(2), "Position 1 → 2")

    # The deleted note: both its texts are versions, and its deletion is in the audit log.
    note_type = ContentType.objects.get_for_model(AftercareNote)
    note_versions = Revision.objects.filter(content_type=note_type, object_id=9876)
    assert [(v.number, v.content["title"]) for v in note_versions.order_by("number")] == [
        (1, "Ice it"),
        (2, "Ice it gently"),
    ]
    deleted = AuditEvent.objects.get(content_type=note_type, object_id=9876, action="deleted")
    assert (deleted.actor, deleted.at) == (bea, day(2))
    assert ever_used(AftercareNote, "ice-it"), "the starting content will not bring it back"

    # The guide: A, B, A again, as they happened; sign-off's version 1 is the last.
    guide_versions = workflow.revisions_of(Guide.objects.get(pk=guide.pk)).order_by("number")
    assert [(v.number, v.content["title"], v.created_at) for v in guide_versions] == [
        (1, "Sore calf A", day(0)),
        (2, "Sore calf B", day(1)),
        (3, "Sore calf A", day(3)),
    ]


def test_the_historical_tables_of_content_are_gone_and_notes_keep_theirs():
    tables = connection.introspection.table_names()
    assert "articles_historicalcause" not in tables
    assert "articles_historicalguide" not in tables
    assert "articles_historicaleditornote" in tables, "editors' notes keep their history"
