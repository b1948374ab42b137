"""Editors' notes: Markdown with a live Markdown preview in an inline, signed with author and
date, never shown to readers. The seed's doubtful wording arrives flagged in notes."""

import re

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.models import AftercareNote, Cause, EditorNote, MassageStep
from tools.admin_forms import admin_url, change_form_data, form_data

pytestmark = pytest.mark.django_db

NOTES = "articles-editornote-content_type-object_id"


def test_change_form_has_a_markdown_note_inline_with_live_markdown_preview(editor_client, text):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = editor_client.get(admin_url(step))
    html = response.content.decode()
    assert "Editors' notes (never shown to readers)" in text(response)
    # The hidden template row that "Add another" copies carries the Markdown editor too.
    assert f'name="{NOTES}-__prefix__-text"' in html
    empty_form = html[html.index(f'id="{NOTES}-empty"') :]
    assert 'class="markdownx"' in empty_form
    assert "admin-extra/markdownx-formsets.js" in html


def test_adding_a_note_signs_it_with_the_editor(editor_client, editor, text):
    step = MassageStep.objects.get(slug="knead-the-calf")
    data = change_form_data(editor_client, step)
    data.update(
        {
            f"{NOTES}-TOTAL_FORMS": "1",
            f"{NOTES}-0-text": "Ask the physio about **pressure**.",
        }
    )
    assert editor_client.post(admin_url(step), data).status_code == 302
    note = EditorNote.objects.get(object_id=step.pk, content_type__model="massagestep")
    assert note.author == editor
    assert "by Dana Editor" in text(editor_client.get(admin_url(step)))


def test_a_note_with_an_image_needs_alt_text_too(editor_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    data = change_form_data(editor_client, step)
    data.update({f"{NOTES}-TOTAL_FORMS": "1", f"{NOTES}-0-text": "See ![](/x.png)"})
    response = editor_client.post(admin_url(step), data)
    assert response.status_code == 200
    assert "Every picture needs a short description" in response.content.decode()


def test_the_seeds_corrections_arrive_flagged_for_a_clinical_reviewer(editor_client, text):
    flagged = {
        (MassageStep, "stroke-upward-from-the-ankle"): "reads “calf” for the seed's “thigh”",
        (Cause, "deep-vein-thrombosis"): "the NHS list of who is more likely to get a clot",
        (AftercareNote, "heat-and-menthol-creams"): "pores do not open and close with heat",
        (AftercareNote, "arnica-gel-or-sports-cream"): "fixes the typo “If you calf”",
    }
    for (model, slug), words in flagged.items():
        item = model.objects.get(slug=slug)
        assert words in text(editor_client.get(admin_url(item)))


@pytest.mark.parametrize(
    "path", ["/", "/massage/", "/massage/stroke-upward-from-the-ankle/", "/causes/"]
)
def test_readers_never_see_notes(reader, path):
    html = reader.get(path).content.decode()
    assert "A clinical reviewer should check it" not in html
    assert "pores do not open" not in html


@pytest.fixture
def ann_and_ben(make_editor):
    """Ann, an Editor, and Ben, an Editor who is also a superuser: the one person besides a
    note's author who may change it."""
    from django.test import Client

    ann, ben = Client(), Client()
    ann.force_login(make_editor("ann", "Ann", "Lee"))
    ben_user = make_editor("ben", "Ben", "Jones")
    ben_user.is_superuser = True
    ben_user.save()
    ben.force_login(ben_user)
    return ann, ben


@pytest.fixture
def annes_note(ann_and_ben):
    """A step with one note, written by Ann."""
    ann, _ = ann_and_ben
    step = MassageStep.objects.get(slug="knead-the-calf")
    EditorNote.objects.filter(object_id=step.pk, content_type__model="massagestep").delete()
    data = change_form_data(ann, step)
    data.update({f"{NOTES}-TOTAL_FORMS": "1", f"{NOTES}-0-text": "Ask the physio."})
    assert ann.post(admin_url(step), data).status_code == 302
    return step, EditorNote.objects.get(object_id=step.pk, content_type__model="massagestep")


def edit_note(client, step, form, text):
    return client.post(admin_url(step), {**form, f"{NOTES}-0-text": text})


def test_an_edited_note_keeps_its_author_and_says_who_edited_it_and_when(
    ann_and_ben, annes_note, text
):
    _, ben = ann_and_ben
    step, note = annes_note
    assert (
        edit_note(ben, step, change_form_data(ben, step), "Ask the physio today.").status_code
        == 302
    )
    note.refresh_from_db()
    assert note.author.username == "ann", "the note stays signed by the one who wrote it"
    today = format_date(timezone.localdate(), "j F Y")
    assert f"by Ann Lee, edited by Ben Jones on {today}" in text(ben.get(admin_url(step)))


def test_every_version_of_a_note_is_kept_in_its_history(ann_and_ben, annes_note):
    _, ben = ann_and_ben
    step, note = annes_note
    edit_note(ben, step, change_form_data(ben, step), "Ask the physio today.")
    versions = note.history.order_by("history_date")
    assert [record.text for record in versions] == ["Ask the physio.", "Ask the physio today."]
    assert [record.history_user.username for record in versions] == ["ann", "ben"]


def test_a_second_edit_of_the_same_note_is_stopped_and_shows_the_colleagues_text(
    ann_and_ben, annes_note, text
):
    ann, ben = ann_and_ben
    step, note = annes_note
    anns_form, bens_form = change_form_data(ann, step), change_form_data(ben, step)
    assert edit_note(ann, step, anns_form, "Ask the physio, Ann.").status_code == 302

    response = edit_note(ben, step, bens_form, "Ask the doctor, Ben.")
    assert response.status_code == 200, "Ben's save is not made"
    reading = text(response)
    assert "Nothing was saved: Ann Lee saved this note at" in reading
    assert "Theirs is: “Ask the physio, Ann.” Merge the two, then save again." in reading
    assert "Ask the doctor, Ben." in response.content.decode(), "Ben's text is still in the box"
    note.refresh_from_db()
    assert note.text == "Ask the physio, Ann.", "Ann's edit is not overwritten"

    # Having seen Ann's text, Ben saves his merge over it; both stay in the history.
    shown = form_data(response, "massagestep_form")
    assert edit_note(ben, step, shown, "Ask the physio or the doctor.").status_code == 302
    note.refresh_from_db()
    assert note.text == "Ask the physio or the doctor."
    assert "Ask the physio, Ann." in [record.text for record in note.history.all()]


def test_a_note_the_second_editor_left_alone_keeps_the_colleagues_edit(ann_and_ben, annes_note):
    ann, ben = ann_and_ben
    step, note = annes_note
    anns_form, bens_form = change_form_data(ann, step), change_form_data(ben, step)
    edit_note(ann, step, anns_form, "Ask the physio, Ann.")

    bens_form["instruction"] = "Knead gently."
    assert ben.post(admin_url(step), bens_form).status_code == 302
    note.refresh_from_db()
    assert note.text == "Ask the physio, Ann."
    assert note.edited_by.username == "ann"


def test_editing_a_note_from_the_starting_content_does_not_sign_it_as_the_editors_own(
    editor_client, text
):
    step = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    note = EditorNote.objects.get(object_id=step.pk, content_type__model="massagestep")
    assert note.author is None
    data = change_form_data(editor_client, step)
    data[f"{NOTES}-0-text"] = note.text + " Checked with the physio."
    assert editor_client.post(admin_url(step), data).status_code == 302
    note.refresh_from_db()
    assert note.author is None, "the editor edited the note; they did not write it"
    assert note.edited_by.username == "dana"
    heading = f"{format_date(timezone.localdate(), 'j F Y')}, edited by Dana Editor on"
    assert heading in text(editor_client.get(admin_url(step)))


@pytest.fixture
def cy(make_editor):
    from django.test import Client

    client = Client()
    client.force_login(make_editor("cy", "Cy", "Colleague"))
    return client


def test_a_colleague_sees_a_note_read_only_and_cannot_reword_or_delete_it(annes_note, cy):
    """Reproduced: editors' notes could be rewritten or deleted by anyone, without trace."""
    step, note = annes_note
    page = cy.get(admin_url(step)).content.decode()
    box = re.search(rf'<textarea[^>]*name="{NOTES}-0-text"[^>]*>', page).group(0)
    assert " disabled" in box
    form = change_form_data(cy, step)
    crafted = {**form, f"{NOTES}-0-text": "Cy's words.", f"{NOTES}-0-DELETE": "on"}
    assert cy.post(admin_url(step), crafted).status_code == 302
    note.refresh_from_db()
    assert note.text == "Ask the physio."
    assert EditorNote.objects.filter(pk=note.pk).exists()


def test_adding_editing_and_deleting_a_note_are_in_the_audit_log(ann_and_ben, annes_note):
    from publishing.models import AuditEvent

    ann, _ = ann_and_ben
    step, note = annes_note
    edit_note(ann, step, change_form_data(ann, step), "Ask the physio today.")
    deleting = {**change_form_data(ann, step), f"{NOTES}-0-DELETE": "on"}
    assert ann.post(admin_url(step), deleting).status_code == 302
    assert not EditorNote.objects.filter(pk=note.pk).exists()
    logged = AuditEvent.objects.filter(action__startswith="note-").order_by("at", "pk")
    assert [(event.action, event.actor_name, event.detail) for event in logged] == [
        ("note-added", "Ann Lee", "Ask the physio."),
        ("note-edited", "Ann Lee", "Ask the physio today."),
        ("note-deleted", "Ann Lee", "Ask the physio today."),
    ]
