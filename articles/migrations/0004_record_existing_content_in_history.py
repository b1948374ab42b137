"""Give every item that exists before history began a first version in its history, so the
history page, "compare" and the two-editor check have something to start from."""

from django.db import migrations
from django.utils import timezone

MODELS = ["Guide", "Cause", "MassageStep", "AftercareNote"]


def record_existing_content(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("articles", name)
        historical = apps.get_model("articles", f"Historical{name}")
        recorded = historical.objects.values_list("id", flat=True)
        historical.objects.bulk_create(
            historical(
                **{field.attname: getattr(item, field.attname) for field in model._meta.fields},
                history_date=now,
                history_type="+",
                history_change_reason="The content as it stood when history began",
            )
            for item in model.objects.exclude(pk__in=list(recorded))
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editor_desk")]

    operations = [migrations.RunPython(record_existing_content, migrations.RunPython.noop)]
