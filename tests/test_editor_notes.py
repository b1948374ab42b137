"""Editors' notes: Markdown with a live Markdown preview in an inline, signed with author and
date, never shown to readers. The seed's doubtful wording arrives flagged in notes."""

import pytest

from articles.models import AftercareNote, Cause, EditorNote, MassageStep
from tools.admin_forms import admin_url, change_form_data

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


def test_the_seed_wording_to_check_arrives_flagged(editor_client, text):
    flagged = {
        (MassageStep, "stroke-upward-from-the-ankle"): "very likely a slip for “calf”",
        (Cause, "deep-vein-thrombosis"): "recent surgery, long immobility",
        (AftercareNote, "heat-and-menthol-creams"): "pores do not open and close with heat",
        (AftercareNote, "arnica-gel-or-sports-cream"): "should read “If your calf”",
    }
    for (model, slug), words in flagged.items():
        item = model.objects.get(slug=slug)
        assert words in text(editor_client.get(admin_url(item)))


@pytest.mark.parametrize(
    "path", ["/", "/massage/", "/massage/stroke-upward-from-the-ankle/", "/causes/"]
)
def test_readers_never_see_notes(reader, path):
    html = reader.get(path).content.decode()
    assert "very likely a slip" not in html
    assert "pores do not open" not in html
