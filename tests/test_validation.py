"""Mistakes an editor can make get a message on the form, in the editor's language."""

import pytest

from articles.models import Cause, Guide, MassageStep
from articles.warning import DEFAULT_EMERGENCY, DEFAULT_HEADING, DEFAULT_URGENT
from tools.admin_forms import form_data, save_in_admin

pytestmark = pytest.mark.django_db


def errors_after_saving(client, item, **changes):
    response = save_in_admin(client, item, **changes)
    assert response.status_code == 200, "the save should have been refused"
    return response.context["adminform"].form.errors


@pytest.fixture
def step():
    return MassageStep.objects.get(slug="knead-the-calf")


@pytest.mark.parametrize(
    "markdown",
    [
        "Knead. ![](/media/uploads/" + "a" * 32 + ".png)",
        "Knead. ![ ](/media/uploads/" + "a" * 32 + ".png)",
        "Knead. ![Describe this image](/media/uploads/" + "a" * 32 + ".png)",
        'Knead. <img src="/media/uploads/' + "a" * 32 + '.png">',
    ],
    ids=["empty-brackets", "only-a-space", "upload-placeholder-left-in", "html-img"],
)
def test_an_image_without_alt_text_is_refused(editor_client, step, markdown):
    errors = errors_after_saving(editor_client, step, instruction=markdown)
    message = errors["instruction"][0]
    assert message.startswith(
        "Every picture needs a short description (alt text) for readers who cannot see it."
    )
    assert "/media/uploads/" + "a" * 32 + ".png" in message


def test_an_image_with_alt_text_is_accepted(editor_client, step, reader, publish):
    markdown = "Knead. ![Two hands kneading a calf](/media/uploads/" + "a" * 32 + ".png)"
    assert save_in_admin(editor_client, step, instruction=markdown).status_code == 302
    publish(step)
    assert (
        'alt="Two hands kneading a calf"' in reader.get("/massage/knead-the-calf/").content.decode()
    )


def test_alt_text_is_required_in_every_markdown_box(editor_client):
    guide = Guide.objects.get()
    errors = errors_after_saving(editor_client, guide, causes_intro="![](/x.png)")
    assert "Every picture needs a short description" in errors["causes_intro"][0]


@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_is_a_clear_error(editor_client, step, title):
    errors = errors_after_saving(editor_client, step, title=title)
    assert errors["title"] == ["Give it a title: readers see it as the heading."]


def test_a_step_that_lost_its_text_is_a_clear_error(editor_client, step):
    errors = errors_after_saving(editor_client, step, instruction="  \r\n ")
    assert errors["instruction"] == [
        "A step needs its instruction: write what the reader should do."
    ]


def test_a_step_left_with_only_formatting_is_a_clear_error(editor_client, step):
    errors = errors_after_saving(editor_client, step, instruction="## \r\n\r\n**  **")
    assert errors["instruction"] == [
        "This has formatting but no words a reader would see. Write the text itself."
    ]


def test_a_cause_without_its_text_is_a_clear_error(editor_client):
    cause = Cause.objects.get(slug="dehydration")
    errors = errors_after_saving(editor_client, cause, body="")
    assert errors["body"] == ["Write the text readers will see."]


def add_form_errors(client, **changes):
    """Errors after filling in a new massage step's form (valid except for `changes`)."""
    data = form_data(client.get("/admin/articles/massagestep/add/"), "massagestep_form")
    data.update(title="Rest the leg", slug="rest-the-leg", summary="Rest.", instruction="Rest.")
    data.update(changes)
    response = client.post("/admin/articles/massagestep/add/", data)
    assert response.status_code == 200, "the save should have been refused"
    return response.context["adminform"].form.errors


def test_a_taken_position_is_a_clear_error_naming_who_has_it(editor_client):
    # The position box is in the add form only: an item's place is changed in the list.
    errors = add_form_errors(editor_client, position="5")
    assert errors["position"] == [
        "“Find the knots” is already at position 5. Use a number no other massage step has, "
        "or move it in the list of massage steps (drag it, or use the “Move up” and “Move "
        "down” actions)."
    ]


def test_a_new_item_is_offered_the_next_free_position(editor_client):
    response = editor_client.get("/admin/articles/massagestep/add/")
    assert form_data(response, "massagestep_form")["position"] == "7"


def test_adding_a_step_with_a_taken_position_is_refused(editor_client):
    errors = add_form_errors(editor_client, position="2")
    assert "is already at position 2" in errors["position"][0]
    assert not MassageStep.objects.filter(slug="rest-the-leg").exists()


def test_a_position_sent_with_the_change_form_is_ignored(editor_client, step):
    # Not a box of the change form any more: a stale or crafted value cannot move the step.
    assert save_in_admin(editor_client, step, position=5).status_code == 302
    step.refresh_from_db()
    assert step.position == 3


def test_a_new_step_goes_where_the_editor_put_it(editor_client, reader, text, publish):
    data = form_data(editor_client.get("/admin/articles/massagestep/add/"), "massagestep_form")
    data.update(title="Rest the leg", slug="rest-the-leg", summary="Rest.", instruction="Rest.")
    data.update(position="7", is_published="on")
    assert editor_client.post("/admin/articles/massagestep/add/", data).status_code == 302
    # New items start off the site, even ticked "Shown to readers": publishing shows them.
    assert reader.get("/massage/rest-the-leg/").status_code == 404
    publish(MassageStep.objects.get(slug="rest-the-leg"))
    assert "Step 7 of 7" in text(reader.get("/massage/rest-the-leg/"))


INVISIBLE_WARNINGS = [
    "\u200b",
    "\u200b\u200c\u2060",
    "\ufeff",
    " \u00a0 ",
    "\u0301\u0308",  # only combining marks (Mn)
    "\u00ad\u200e",  # soft hyphen and left-to-right mark (Cf)
    "\u2028\u2029\u3000",  # line and paragraph separators, ideographic space (Zl, Zp, Zs)
    "\x07\x1b",  # control characters (Cc)
    "\u3164",  # Hangul filler, filed as a letter (Lo) but drawn blank
    "\u2800",  # braille pattern blank (So)
    "\u115f\u1160\uffa0",  # the other Hangul fillers
    "!!! \u2014",  # punctuation alone is no wording either
]


@pytest.mark.parametrize("field", ["warning_heading", "warning_urgent", "warning_emergency"])
@pytest.mark.parametrize("text", INVISIBLE_WARNINGS)
def test_a_warning_that_readers_could_not_see_is_refused(editor_client, field, text):
    guide = Guide.objects.get()
    errors = errors_after_saving(editor_client, guide, **{field: text})
    assert errors[field] == [
        "This box has no words readers would see (only spaces, invisible or blank-looking "
        "characters, or punctuation), so readers would see an empty warning. Write the wording "
        "readers should see, or empty the box completely to use the built-in wording."
    ]
    assert getattr(Guide.objects.get(), field) == getattr(guide, field)


def test_a_warning_with_visible_text_among_invisible_characters_is_accepted(editor_client):
    guide = Guide.objects.get()
    response = save_in_admin(editor_client, guide, warning_heading="\u200bIs it a clot?\u200b")
    assert response.status_code == 302


def test_the_guide_form_shows_the_built_in_warning_wording_instead_of_an_empty_box(
    editor_client,
):
    guide = Guide.objects.get()
    Guide.objects.filter(pk=guide.pk).update(
        warning_heading="", warning_urgent="", warning_emergency=""
    )
    data = form_data(editor_client.get(f"/admin/articles/guide/{guide.pk}/change/"), "guide_form")
    assert data["warning_heading"] == DEFAULT_HEADING
    assert data["warning_urgent"] == DEFAULT_URGENT
    assert data["warning_emergency"] == DEFAULT_EMERGENCY


def test_saving_the_built_in_warning_wording_unchanged_keeps_following_the_built_in_wording(
    editor_client,
):
    guide = Guide.objects.get()
    Guide.objects.filter(pk=guide.pk).update(
        warning_heading="", warning_urgent="", warning_emergency=""
    )
    assert save_in_admin(editor_client, guide, title="Sore calf").status_code == 302
    saved = Guide.objects.get()
    assert (saved.warning_heading, saved.warning_urgent, saved.warning_emergency) == ("", "", "")


def test_a_reworded_warning_is_shown_as_it_was_written(editor_client):
    guide = Guide.objects.get()
    Guide.objects.filter(pk=guide.pk).update(warning_heading="Is it a clot?")
    data = form_data(editor_client.get(f"/admin/articles/guide/{guide.pk}/change/"), "guide_form")
    assert data["warning_heading"] == "Is it a clot?"
