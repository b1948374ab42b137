"""The "Editor" group: can write and review the guide's content, never users, groups or settings.

Editors add, change and unpublish content but do not delete it (a draft keeps the text and its
history; superusers delete). The guide text can be changed, never added or deleted, and its
blood clot warning can be reworded but not removed (see articles.warning). The history and old
addresses are theirs to read. (Reading readers' feedback is granted by the feedback app.)
"""

from django.db import migrations

GROUP_NAME = "Editor"
EDITOR_PERMISSIONS = {
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
}


def create_editor_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    # On a fresh database Django creates permissions only after every migration has run, so
    # make the ones this group needs now, exactly as Django would name them.
    for model_name, actions in EDITOR_PERMISSIONS.items():
        try:
            model = apps.get_model("articles", model_name)
        except LookupError:
            # tests/conftest.py re-runs this with today's models, where the content's
            # historical models are gone (migration 0009): nothing to grant on them.
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="articles", model=model_name)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
            group.permissions.add(permission)


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
