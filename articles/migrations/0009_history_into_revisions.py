"""One history for content: django-simple-history's rows become publishing revisions.

Until now each content model kept two histories: a row per save of the item (simple-history, the
admin's History page) and the numbered revisions of the publishing workflow. This carries every
historical row into revisions and gives each item one run of version numbers; migration 0010
drops the historical tables (apart: Django's docs warn that PostgreSQL can refuse to alter a
table in the transaction that changed rows related to it, "pending trigger events"). Editors' notes keep theirs (see EditorNote in
articles/models.py).

For each item, its historical rows are read oldest first:

- A row whose boxes (publishing.content's revised boxes) are the same as the row before it was a
  save that changed no text: a move in the order, a recorded review. It is no version; the move
  or review goes into the audit log (dated then, by whoever saved it) unless the log has it.
- A row whose text a revision already holds is that revision: the row written when the revision
  was published, or the text a revision 1 was taken from. Each revision holds one row: matched
  newest first, each to the latest revision not yet matched that has the same text, published
  (or made) no earlier than the row, so an old text brought back later is kept twice.
- Any other row becomes a revision: created and published by the row's user at the row's time,
  labelled with its change reason, "published" if readers could see the item then (or had,
  before it was taken off), else "superseded".
- A deletion row is no version; the deletion goes into the audit log unless the log has it.

The item's revisions are then numbered by time, the new ones among the old in the order they
were made (a pending draft stays the newest), and the audit log's version numbers and "Revert to
version N" labels follow the new numbers. Nothing is deleted but, in the end, the historical
tables, their content types and the permissions to view them.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import migrations

CONTENT_MODELS = [
    "guide",
    "cause",
    "massagestep",
    "aftercarenote",
    "clinicalnote",
    "safetytext",
    "infopage",
]
# As publishing.content.NOT_REVISED says today; copied, since a migration must not change with it.
NOT_REVISED = {"position", "last_reviewed", "next_review_due", "reviewed_by", "version"}
REVIEW_FIELDS = ["last_reviewed", "next_review_due", "reviewed_by_id"]
PENDING = {"draft", "in-review", "approved", "rejected"}
# An event already in the audit log within this long of a historical row is the same event.
SAME_EVENT = timedelta(minutes=1)
# Numbers out of the way while an item's revisions are renumbered (one number per item).
ASIDE = 1_000_000
CARRIED = "Carried over from the earlier history"
REVERT_LABEL = re.compile(r"^Revert to version (\d+)")


def revised_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in NOT_REVISED
    ]


def same_text(one, other, ignore=()):
    """Whether two sets of boxes say the same, as publishing.content.changed_fields judges it.
    Only boxes both have count: a revision made before a box existed cannot disagree with it."""
    return all(
        _comparable(one[name]) == _comparable(other[name])
        for name in (one.keys() & other.keys()) - set(ignore)
    )


def _comparable(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def forget_historical_models(apps, schema_editor):
    """Their content types, and with them the permissions to view them that migrations 0002
    and publishing's role migrations granted: nothing is left to view."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    names = [f"historical{model_name}" for model_name in CONTENT_MODELS]
    ContentType.objects.filter(app_label="articles", model__in=names).delete()


def carry_history(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("publishing", "Revision")
    AuditEvent = apps.get_model("publishing", "AuditEvent")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    users = {}

    def name_of(user_id):
        if user_id not in users:
            user = User.objects.filter(pk=user_id).first() if user_id else None
            full = f"{user.first_name} {user.last_name}".strip() if user else ""
            users[user_id] = (user is not None, full or (user.username if user else ""))
        return users[user_id]

    for model_name in CONTENT_MODELS:
        model = apps.get_model("articles", model_name)
        history = apps.get_model("articles", f"historical{model_name}")
        if not history.objects.exists():
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="articles", model=model_name)
        fields = revised_fields(model)
        item_ids = history.objects.values_list("id", flat=True).distinct()
        for item_id in sorted(set(item_ids)):
            rows = list(history.objects.filter(id=item_id).order_by("history_date", "history_id"))
            carry_item(
                rows, fields, content_type, item_id, Revision, AuditEvent, name_of, model_name
            )


def carry_item(rows, fields, content_type, item_id, Revision, AuditEvent, name_of, model_name):
    revisions = list(
        Revision.objects.filter(content_type=content_type, object_id=item_id).order_by("number")
    )
    events = AuditEvent.objects.filter(content_type=content_type, object_id=item_id)
    has_visibility = any(field.name == "is_published" for field in fields)

    def logged(action, at):
        return events.filter(action=action, at__gte=at - SAME_EVENT, at__lte=at + SAME_EVENT)

    def log(row, action, detail):
        known, name = name_of(row.history_user_id)
        AuditEvent.objects.create(
            at=row.history_date,
            actor_id=row.history_user_id if known else None,
            actor_name=name or "the site (from the earlier history)",
            action=action,
            content_type=content_type,
            object_id=item_id,
            item_label=str(getattr(row, "title", "") or getattr(row, "kind", "") or model_name)[
                :200
            ],
            detail=detail,
        )

    # Which rows are versions of the text, and whether readers could see the item by then.
    versions, previous, ever_visible = [], None, False
    for row in rows:
        if row.history_type == "-":
            if not events.filter(action="deleted").exists():
                log(row, "deleted", CARRIED)
            continue
        content = {field.name: getattr(row, field.attname) for field in fields}
        visible = not has_visibility or content["is_published"]
        ever_visible = ever_visible or visible
        if previous is not None and same_text(content, previous[1]):
            moved = hasattr(row, "position") and row.position != previous[0].position
            if moved:
                if not logged("reordered", row.history_date).exists():
                    log(row, "reordered", f"Position {previous[0].position} → {row.position}")
            elif any(getattr(row, f) != getattr(previous[0], f) for f in REVIEW_FIELDS):
                if not logged("reviewed", row.history_date).exists():
                    due = row.next_review_due
                    detail = f"Next review due {due.day} {due:%B %Y}." if due else CARRIED
                    log(row, "reviewed", detail)
            previous = (row, content)
            continue
        previous = (row, content)
        versions.append((row, content, ever_visible))

    # Match newest first, each row to the latest revision not yet matched that holds its text.
    matched, new = set(), []
    for row, content, ever_visible in reversed(versions):
        holder = None
        for revision in reversed(revisions):
            if revision.pk in matched or not (
                revision.status == "published" or revision.number == 1
            ):
                continue
            when = revision.published_at or revision.created_at
            if when >= row.history_date and same_text(revision.content, content):
                holder = revision
                break
        if holder is None and not ever_visible:
            # The row of an item readers never saw (a new item waits off the site): its text is
            # held by any revision with the same boxes, whether or not it proposed showing it.
            ignore = {"is_published"}
            if any(same_text(r.content, content, ignore) for r in revisions):
                continue
        if holder is not None:
            matched.add(holder.pk)
            continue
        new.append((row, content, ever_visible))
    new.reverse()
    if not new:
        return

    # Number by time: the new revisions among the old, which keep their order.
    ordered, waiting = [], list(new)
    for revision in revisions:
        while waiting and waiting[0][0].history_date < revision.created_at:
            ordered.append(waiting.pop(0))
        ordered.append(revision)
    if revisions and revisions[-1].status in PENDING:
        ordered[-1:-1] = waiting  # a pending draft stays the newest
    else:
        ordered.extend(waiting)

    renumbered = {}
    for revision in revisions:
        Revision.objects.filter(pk=revision.pk).update(number=revision.number + ASIDE)
    for number, entry in enumerate(ordered, start=1):
        if isinstance(entry, tuple):
            row, content, ever_visible = entry
            known, _ = name_of(row.history_user_id)
            user_id = row.history_user_id if known else None
            published = ever_visible
            Revision.objects.create(
                content_type=content_type,
                object_id=item_id,
                number=number,
                content=content,
                label=(row.history_change_reason or CARRIED)[:200],
                status="published" if published else "superseded",
                created_by_id=user_id,
                created_at=row.history_date,
                published_by_id=user_id if published else None,
                published_at=row.history_date if published else None,
            )
        else:
            renumbered[entry.number] = number
    for revision in revisions:
        label = REVERT_LABEL.sub(
            lambda match: f"Revert to version {renumbered.get(int(match[1]), match[1])}",
            revision.label,
        )
        Revision.objects.filter(pk=revision.pk).update(
            number=renumbered[revision.number], label=label
        )
    for event in events.filter(revision_number__isnull=False).only("pk", "revision_number"):
        if event.revision_number in renumbered:
            events.filter(pk=event.pk).update(revision_number=renumbered[event.revision_number])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_safety_text_shows_words"),
        ("publishing", "0005_audit_actions_and_scheduler_turn"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards nothing is undone: the revisions keep every version.
        migrations.RunPython(carry_history, migrations.RunPython.noop),
        migrations.RunPython(forget_historical_models, migrations.RunPython.noop),
    ]
