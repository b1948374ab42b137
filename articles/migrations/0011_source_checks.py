"""Source checks from records (SourceCheck: who checked which cited address, when), the sources
box's help saying so, and the starting content's change note reworded for readers: the word
"seed" was the developers' name for it, and readers saw it on /changes/ and in the feed."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import articles.sources

SEED_NOTE = "Corrected slips in the seed article's English (its words are in version 1)."
READERS_NOTE = "Corrected slips in the English of the guide's first version (kept as version 1)."


def reword_starting_note(apps, schema_editor):
    Revision = apps.get_model("publishing", "Revision")
    Revision.objects.filter(change_note=SEED_NOTE).update(change_note=READERS_NOTE)


def restore_starting_note(apps, schema_editor):
    Revision = apps.get_model("publishing", "Revision")
    Revision.objects.filter(change_note=READERS_NOTE).update(change_note=SEED_NOTE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_drop_content_history_tables"),
        ("publishing", "0007_minor_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="aftercarenote",
            name="sources",
            field=models.TextField(
                blank=True,
                help_text="One source per line: Publisher: Title | https://address | date checked (YYYY-MM-DD). For example: NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01. Readers see “checked” only once someone records a check on the Sources checked page.",
                validators=[articles.sources.validate_sources],
                verbose_name="sources",
            ),
        ),
        migrations.AlterField(
            model_name="cause",
            name="sources",
            field=models.TextField(
                blank=True,
                help_text="One source per line: Publisher: Title | https://address | date checked (YYYY-MM-DD). For example: NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01. Readers see “checked” only once someone records a check on the Sources checked page.",
                validators=[articles.sources.validate_sources],
                verbose_name="sources",
            ),
        ),
        migrations.AlterField(
            model_name="clinicalnote",
            name="sources",
            field=models.TextField(
                blank=True,
                help_text="One source per line: Publisher: Title | https://address | date checked (YYYY-MM-DD). For example: NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01. Readers see “checked” only once someone records a check on the Sources checked page.",
                validators=[articles.sources.validate_sources],
                verbose_name="sources",
            ),
        ),
        migrations.AlterField(
            model_name="guide",
            name="sources",
            field=models.TextField(
                blank=True,
                help_text="One source per line: Publisher: Title | https://address | date checked (YYYY-MM-DD). For example: NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01. Readers see “checked” only once someone records a check on the Sources checked page.",
                validators=[articles.sources.validate_sources],
                verbose_name="sources",
            ),
        ),
        migrations.AlterField(
            model_name="massagestep",
            name="sources",
            field=models.TextField(
                blank=True,
                help_text="One source per line: Publisher: Title | https://address | date checked (YYYY-MM-DD). For example: NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01. Readers see “checked” only once someone records a check on the Sources checked page.",
                validators=[articles.sources.validate_sources],
                verbose_name="sources",
            ),
        ),
        migrations.AlterField(
            model_name="safetytext",
            name="sources",
            field=models.TextField(
                blank=True,
                help_text="One source per line: Publisher: Title | https://address | date checked (YYYY-MM-DD). For example: NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01. Readers see “checked” only once someone records a check on the Sources checked page.",
                validators=[articles.sources.validate_sources],
                verbose_name="sources",
            ),
        ),
        migrations.CreateModel(
            name="SourceCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("url", models.URLField(max_length=500, verbose_name="address")),
                ("title", models.CharField(max_length=300, verbose_name="source")),
                ("checked_by_name", models.CharField(max_length=200, verbose_name="checked by")),
                (
                    "checked_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="checked at"
                    ),
                ),
                (
                    "checked_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "source checked",
                "verbose_name_plural": "sources checked",
                "ordering": ["-checked_at", "-pk"],
                "indexes": [
                    models.Index(fields=["url", "-checked_at"], name="articles_so_url_1400d9_idx")
                ],
            },
        ),
        migrations.RunPython(reword_starting_note, restore_starting_note),
    ]
