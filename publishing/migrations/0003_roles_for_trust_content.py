"""Editors and clinical reviewers write and review the new kinds of content (clinical notes,
safety texts, information pages) as they do the rest; nobody but a superuser deletes them."""

from django.db import migrations

from publishing.migrations import _roles

NEW_CONTENT = {
    "articles": {
        "clinicalnote": ["add", "change", "view"],
        "safetytext": ["change", "view"],
        "infopage": ["change", "view"],
        "historicalclinicalnote": ["view"],
        "historicalsafetytext": ["view"],
        "historicalinfopage": ["view"],
        "historicaleditornote": ["view"],
    }
}


def grant_new_content(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (_roles.EDITOR, _roles.REVIEWER):
        group, _ = Group.objects.get_or_create(name=name)
        _roles.grant(apps, group, NEW_CONTENT)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0002_roles"),
        ("articles", "0005_trust_sources_safety_texts_notes_pages"),
    ]

    operations = [migrations.RunPython(grant_new_content, migrations.RunPython.noop)]
