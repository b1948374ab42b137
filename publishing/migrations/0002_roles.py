"""The roles, with plain names, made by the migration so every deployment has them:

- "Editor" (made by articles' migration 0002): writes drafts and submits them for review. Here it
  gains reading the versions and the audit log.
- "Clinical reviewer": everything an Editor does, and approves or rejects with a comment,
  publishes (now or at a time), records clinical reviews and shares links with outside reviewers.

Nobody approves their own work whatever their role (publishing.workflow).
"""

from django.db import migrations

REVIEWER = "Clinical reviewer"
EDITOR = "Editor"

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
CUSTOM_NAMES = {
    "approve_revision": "Can approve or reject changes (clinical sign-off)",
    "publish_revision": "Can publish or schedule approved changes",
}


def grant(apps, group, grants):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in grants.items():
        for model_name, actions in models.items():
            model = apps.get_model(app_label, model_name)
            content_type, _ = ContentType.objects.get_or_create(
                app_label=app_label, model=model_name
            )
            for action in actions:
                codename = f"{action}_{model_name}"
                name = CUSTOM_NAMES.get(codename, f"Can {action} {model._meta.verbose_name_raw}")
                # On a fresh database Django makes permissions only after every migration:
                # make them now, named exactly as Django would.
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=codename, defaults={"name": name}
                )
                group.permissions.add(permission)


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
