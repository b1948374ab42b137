"""Editors' notes on the seed wording a careful editor would question.

The seed's words stay as written (see 0002): a careful editor flags a doubtful claim for a
clinical reviewer rather than silently changing it. These notes do the flagging. Readers never
see notes.
"""

from django.db import migrations

NOTES = [
    (
        "massagestep",
        "stroke-upward-from-the-ankle",
        "“Press with the index finger on the back of your **thigh**”: this routine is a calf "
        "massage that starts at the ankle and strokes upward, so “thigh” is very likely a slip "
        "for “calf”. Check before changing it.",
    ),
    (
        "cause",
        "deep-vein-thrombosis",
        "“Victims of pulmonary disease or cancer” as the people most susceptible to DVT: cancer "
        "is a real risk factor, but the other major ones are missing: recent surgery, long "
        "immobility (long flights, bed rest), pregnancy, hormonal contraception, smoking, "
        "obesity, being over 60 and a previous clot. Needs a clinical review.",
    ),
    (
        "aftercarenote",
        "heat-and-menthol-creams",
        "“Until your pores have a chance to cool off and close”: pores do not open and close "
        "with heat. The sound advice is not to put heating or menthol creams on skin that is "
        "still warm or damp. Needs a clinical review.",
    ),
    (
        "aftercarenote",
        "arnica-gel-or-sports-cream",
        "Typo: “If you calf continues to be sore” should read “If your calf”.",
    ),
]


def add_notes(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    EditorNote = apps.get_model("articles", "EditorNote")
    for model_name, slug, text in NOTES:
        item = apps.get_model("articles", model_name).objects.filter(slug=slug).first()
        if item is None:
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="articles", model=model_name)
        EditorNote.objects.get_or_create(content_type=content_type, object_id=item.pk, text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_create_editor_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_notes, migrations.RunPython.noop)]
