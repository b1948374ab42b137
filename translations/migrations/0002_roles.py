"""Editors and clinical reviewers write translations as they write the English (a translation
is content); nobody but a superuser deletes one. Viewers read them."""

from django.db import migrations

from publishing.migrations import _roles

TRANSLATIONS = {"translations": {"translation": ["add", "change", "view"]}}
READ_ONLY = {"translations": {"translation": ["view"]}}


def grant_translations(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (_roles.EDITOR, _roles.REVIEWER):
        group, _ = Group.objects.get_or_create(name=name)
        _roles.grant(apps, group, TRANSLATIONS)
    viewer = Group.objects.filter(name=_roles.VIEWER).first()
    if viewer is not None:
        _roles.grant(apps, viewer, READ_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0001_initial"),
        ("publishing", "0006_outside_comments_and_viewer"),
    ]

    operations = [migrations.RunPython(grant_translations, migrations.RunPython.noop)]
