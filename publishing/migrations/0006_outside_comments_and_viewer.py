"""Outside reviewers' comments (ReviewComment) and their audit action, and the "Viewer" role.

A Viewer signs in to the admin to read: every kind of content with its editors' notes, the
versions and the audit log. They are given view permissions only, so the admin shows them no
save buttons and refuses every change they could post (tests/test_view_only_account.py); the
publishing roles (publishing.roles) come from permissions they are never given.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from publishing.migrations._roles import VIEWER, grant

VIEW_ONLY = {
    "articles": {
        name: ["view"]
        for name in (
            "cause",
            "massagestep",
            "aftercarenote",
            "guide",
            "clinicalnote",
            "safetytext",
            "infopage",
            "editornote",
            "slugredirect",
        )
    },
    "publishing": {"revision": ["view"], "auditevent": ["view"], "reviewcomment": ["view"]},
}


def create_viewer_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    grant(apps, viewer, VIEW_ONLY)


def remove_viewer_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=VIEWER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0005_audit_actions_and_scheduler_turn"),
        ("articles", "0008_safety_text_shows_words"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted for review"),
                    ("approved", "Approved"),
                    ("rejected", "Rejected"),
                    ("published", "Published"),
                    ("forced", "Published without review"),
                    ("scheduled", "Scheduled"),
                    ("unscheduled", "Schedule cancelled"),
                    ("unpublished", "Unpublished"),
                    ("reverted", "Reverted"),
                    ("reviewed", "Clinical review recorded"),
                    ("link-created", "Outside review link created"),
                    ("link-opened", "Outside review link opened"),
                    ("link-revoked", "Outside review link revoked"),
                    ("deleted", "Deleted"),
                    ("draft-saved", "Draft saved"),
                    ("reordered", "Moved in the order"),
                    ("note-added", "Editors' note added"),
                    ("note-edited", "Editors' note edited"),
                    ("note-deleted", "Editors' note deleted"),
                    ("discarded", "Draft discarded"),
                    ("role-granted", "Role given"),
                    ("role-removed", "Role taken away"),
                    ("outside-comment", "Outside reviewer commented"),
                ],
                db_index=True,
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="ReviewComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="who wrote it")),
                ("text", models.TextField(max_length=5000, verbose_name="comment")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "link",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="publishing.reviewlink",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outside_comments",
                        to="publishing.revision",
                    ),
                ),
            ],
            options={
                "verbose_name": "outside reviewer's comment",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.RunPython(create_viewer_group, remove_viewer_group),
    ]
