"""The historical tables of content, emptied into revisions by migration 0009. Backwards they
come back empty: the revisions keep every version."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_history_into_revisions"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalAftercareNote"),
        migrations.DeleteModel(name="HistoricalCause"),
        migrations.DeleteModel(name="HistoricalClinicalNote"),
        migrations.DeleteModel(name="HistoricalGuide"),
        migrations.DeleteModel(name="HistoricalInfoPage"),
        migrations.DeleteModel(name="HistoricalMassageStep"),
        migrations.DeleteModel(name="HistoricalSafetyText"),
    ]
