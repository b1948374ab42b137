"""The roles, with plain names, made by the migration so every deployment has them:

- "Editor" (made by articles' migration 0002): writes drafts and submits them for review. Here it
  gains reading the versions and the audit log.
- "Clinical reviewer": everything an Editor does, and approves or rejects with a comment,
  publishes (now or at a time), records clinical reviews and shares links with outside reviewers.

Nobody approves their own work whatever their role (publishing.workflow).
"""

from django.db import migrations

from publishing.migrations._roles import EDITOR, REVIEWER, grant

CONTENT = {
    "articles": {
        "cause": ["add", "change", "view"],
        "massagestep": ["add", "change", "view"],
        "aftercarenote": ["add", "change", "view"],
        "guide": ["change", "view"],
        "editornote": ["add", "change", "delete", "view"],
        "slugredirect": ["view"],
        "historicalcause": ["view"],
        "historicalmassagestep": ["view"],
        "historicalaftercarenote": ["view"],
        "historicalguide": ["view"],
    },
}
EDITOR_EXTRA = {"publishing": {"revision": ["view"], "auditevent": ["view"]}}
REVIEWER_EXTRA = {
    "publishing": {
        "revision": ["view", "approve", "publish"],
        "auditevent": ["view"],
        "reviewlink": ["add", "view", "change"],
    }
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    grant(apps, editor, EDITOR_EXTRA)
    reviewer, _ = Group.objects.get_or_create(name=REVIEWER)
    grant(apps, reviewer, CONTENT)
    grant(apps, reviewer, REVIEWER_EXTRA)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_revisions"),
        ("articles", "0003_warning_visible_text"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
