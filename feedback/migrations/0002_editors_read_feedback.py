"""Editors read readers' answers to "Was this page helpful?" (read-only: nobody edits them)."""

from django.db import migrations


def let_editors_read_feedback(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="Editor").first()
    if group is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="feedback", model="feedback")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_feedback", defaults={"name": "Can view feedback"}
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("articles", "0002_create_editor_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(let_editors_read_feedback, migrations.RunPython.noop)]
