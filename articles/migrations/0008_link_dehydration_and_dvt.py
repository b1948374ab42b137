"""Cross-link dehydration and DVT: dehydration also raises the risk of a clot (red-flags notes).

Only fills an empty note, so an editor's own wording is never overwritten.
"""

from django.db import migrations

RELATED = {
    "dehydration": (
        "Dehydration also raises the risk of a blood clot in a deep vein (deep vein "
        "thrombosis, DVT). [Know the signs of a clot](/causes/deep-vein-thrombosis/)."
    ),
    "deep-vein-thrombosis": (
        "Dehydration also raises the risk of DVT. [Read about dehydration](/causes/dehydration/)."
    ),
}


def link_causes(apps, schema_editor):
    Cause = apps.get_model("articles", "Cause")
    for slug, note in RELATED.items():
        Cause.objects.filter(slug=slug, related="").update(related=note)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_feedback_and_related_causes")]

    operations = [migrations.RunPython(link_causes, migrations.RunPython.noop)]
