"""Translators work in PO or XLIFF files: `manage.py export_translations --language cy` writes
every English box with its current translation; `manage.py import_translations FILE` turns
the translated boxes into draft versions sent for review, all or nothing, and a file it cannot
take is refused with the line that is wrong. The admin exports the same file for the items
ticked, and lists each item's status per language."""

import io
import re

import polib
import pytest
from django.core.management import CommandError, call_command

from articles.models import Cause, SafetyText
from publishing.models import Revision
from tests.translation_steps import reviewer_reading, translated, translator
from translations import status
from translations.models import Translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomos(django_user_model):
    return translator(django_user_model)


def exported(language, *extra):
    out = io.StringIO()
    call_command("export_translations", "--language", language, *extra, stdout=out)
    return out.getvalue()


def entry_for(po, item, box):
    found = [e for e in po if e.msgctxt == f"{item._meta.label_lower}:{item.pk}:{box}"]
    assert len(found) == 1, f"no single entry for {item} {box}"
    return found[0]


def write(tmp_path, po, name="cy.po"):
    path = tmp_path / name
    path.write_text(str(po) if not isinstance(po, str) else po, encoding="utf-8")
    return path


def test_the_welsh_export_lists_every_english_box_with_the_starting_translations():
    po = polib.pofile(exported("cy"))
    assert po.metadata["Language"] == "cy"
    dehydration = Cause.objects.get(slug="dehydration")
    title = entry_for(po, dehydration, "title")
    assert title.msgid == "Dehydration" and title.msgstr == ""
    card = SafetyText.objects.get(kind=SafetyText.Kind.EMERGENCY_CARD)
    heading = entry_for(po, card, "heading")
    assert heading.msgid == "Call 999 or go to A&E now if:"
    assert "999" in heading.msgstr and "fuzzy" not in heading.flags
    assert "Keep 999, 111 and A&E" in heading.comment


def test_an_outdated_translation_is_exported_fuzzy_with_the_english_it_translated(settings):
    settings.EMERGENCY_NUMBER = "112"
    po = polib.pofile(exported("pl"))
    card = SafetyText.objects.get(kind=SafetyText.Kind.EMERGENCY_CARD)
    heading = entry_for(po, card, "heading")
    assert heading.msgid == "Call 112 or go to A&E now if:"
    assert "fuzzy" in heading.flags
    assert heading.previous_msgid == "Call 999 or go to A&E now if:"


def test_the_xliff_export_has_the_english_as_source_and_the_translation_as_target():
    xliff = exported("ar", "--format", "xliff")
    assert 'target-language="ar"' in xliff
    assert "<source>Call 999 or go to A&amp;E now if:</source>" in xliff


def test_importing_a_translated_file_makes_drafts_sent_for_review(tmp_path, tomos):
    po = polib.pofile(exported("cy"))
    dehydration = Cause.objects.get(slug="dehydration")
    entry_for(po, dehydration, "title").msgstr = "Diffyg hylif"
    entry_for(po, dehydration, "summary").msgstr = "Crynodeb."
    out = io.StringIO()
    call_command("import_translations", str(write(tmp_path, po)), "--user", "tomos", stdout=out)
    assert "Welsh translation of “Dehydration”: version" in out.getvalue()
    translation = Translation.objects.of(dehydration, "cy").get()
    draft = Revision.objects.filter(content_type__model="translation", object_id=translation.pk)
    pending = draft.order_by("-number").first()
    assert pending.status == Revision.Status.IN_REVIEW
    assert pending.created_by == tomos
    assert pending.content["boxes"] == {"title": "Diffyg hylif", "summary": "Crynodeb."}
    # Readers see no Welsh until a Welsh-reading reviewer approves it.
    assert status.status_of(dehydration, "cy").state == status.MISSING


def test_an_imported_translation_goes_live_once_a_welsh_reader_approves_it(
    tmp_path, tomos, django_user_model
):
    po = polib.pofile(exported("cy"))
    dehydration = Cause.objects.get(slug="dehydration")
    entry_for(po, dehydration, "title").msgstr = "Diffyg hylif"
    call_command("import_translations", str(write(tmp_path, po)), "--user", "tomos")
    from publishing import workflow

    gwen = reviewer_reading(django_user_model, "gwen", "cy")
    translation = Translation.objects.of(dehydration, "cy").get()
    pending = workflow.pending(translation)
    workflow.approve(pending, gwen)
    pending.refresh_from_db()
    workflow.publish(pending, gwen)
    assert status.status_of(dehydration, "cy", boxes=["title"]).state == status.UP_TO_DATE


def test_a_file_that_is_not_a_po_file_is_refused_naming_its_line(tmp_path, tomos):
    path = write(tmp_path, 'msgid ""\nmsgstr ""\n"Language: cy\\n"\n\nmsgid "x"\nbroken line\n')
    with pytest.raises(CommandError, match=r"cy\.po, line 6"):
        call_command("import_translations", str(path), "--user", "tomos")


def test_an_entry_whose_english_changed_since_the_export_is_refused_and_nothing_is_imported(
    tmp_path, tomos
):
    po = polib.pofile(exported("cy"))
    dehydration = Cause.objects.get(slug="dehydration")
    posture = Cause.objects.get(slug="incorrect-posture")
    entry_for(po, posture, "title").msgstr = "Ystum anghywir"
    stale = entry_for(po, dehydration, "title")
    stale.msgid, stale.msgstr = "Dehydration (old)", "Diffyg hylif"
    path = write(tmp_path, po)
    line = _line_of(path, f'msgctxt "articles.cause:{dehydration.pk}:title"')
    with pytest.raises(CommandError) as refused:
        call_command("import_translations", str(path), "--user", "tomos")
    message = str(refused.value)
    assert f"cy.po, line {line}:" in message
    assert "The English of cause “Dehydration” (title) has changed since this file was" in message
    assert not Translation.objects.of(posture, "cy").exists()


def test_a_translation_without_the_emergency_number_is_refused(tmp_path, tomos):
    po = polib.pofile(exported("cy"))
    card = SafetyText.objects.get(kind=SafetyText.Kind.EMERGENCY_CARD)
    entry_for(po, card, "heading").msgstr = "Ffoniwch yr ambiwlans"
    with pytest.raises(CommandError, match="999"):
        call_command("import_translations", str(write(tmp_path, po)), "--user", "tomos")


def test_a_translation_with_arabic_indic_digits_is_refused(tmp_path, tomos):
    po = polib.pofile(exported("ar"))
    card = SafetyText.objects.get(kind=SafetyText.Kind.EMERGENCY_CARD)
    entry_for(po, card, "heading").msgstr = "اتصل بالرقم ٩٩٩ أو اذهب إلى A&E الآن إذا:"
    with pytest.raises(CommandError, match="Western digits"):
        call_command("import_translations", str(write(tmp_path, po, "ar.po")), "--user", "tomos")


def test_a_file_without_its_language_is_refused(tmp_path, tomos):
    path = write(tmp_path, 'msgid ""\nmsgstr ""\n\nmsgid "Dehydration"\nmsgstr "x"\n')
    with pytest.raises(CommandError, match="Language"):
        call_command("import_translations", str(path), "--user", "tomos")


def _line_of(path, text):
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(text):
            return number
    raise AssertionError(f"{text} not in {path}")


# The admin -------------------------------------------------------------------------------------


def test_the_admin_exports_the_ticked_causes_as_a_welsh_po_file(admin_client):
    dehydration = Cause.objects.get(slug="dehydration")
    response = admin_client.post(
        "/admin/articles/cause/",
        {"action": "export_translations_cy", "_selected_action": [dehydration.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="calfcare-cy.po"'
    po = polib.pofile(response.content.decode())
    assert {entry.msgctxt.split(":")[1] for entry in po} == {str(dehydration.pk)}


def test_the_admin_lists_each_items_translation_status_per_language(admin_client, settings):
    page = admin_client.get("/admin/articles/safetytext/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Welsh: up to date, not checked by a clinician" in text
    assert "Polish: missing" in text
    settings.EMERGENCY_NUMBER = "112"
    page = admin_client.get("/admin/articles/safetytext/").content.decode()
    assert "Arabic: outdated" in re.sub(r"<[^>]+>", " ", page)


def test_the_reminder_to_keep_the_numbers_is_only_where_the_english_has_one():
    po = polib.pofile(exported("cy"))
    dehydration = Cause.objects.get(slug="dehydration")
    assert "Keep 999" not in entry_for(po, dehydration, "title").comment
    assert entry_for(po, dehydration, "title").comment == "cause “Dehydration”, title."


def test_a_translation_approved_by_a_welsh_reader_is_listed_as_up_to_date(
    admin_client, tomos, django_user_model
):
    dehydration = Cause.objects.get(slug="dehydration")
    gwen = reviewer_reading(django_user_model, "gwen", "cy")
    english = dehydration.english_boxes()
    translated(dehydration, "cy", dict.fromkeys(english, "Testun Cymraeg"), tomos, gwen)
    page = admin_client.get("/admin/articles/cause/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Welsh: up to date Polish: missing" in text
