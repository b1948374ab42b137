"""Mistakes an editor can make get a message on the form, in the editor's language."""

import pytest

from articles.models import Cause, Guide, MassageStep
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


def test_an_image_with_alt_text_is_accepted(editor_client, step, reader):
    markdown = "Knead. ![Two hands kneading a calf](/media/uploads/" + "a" * 32 + ".png)"
    assert save_in_admin(editor_client, step, instruction=markdown).status_code == 302
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


def test_a_taken_position_is_a_clear_error_naming_who_has_it(editor_client, step):
    errors = errors_after_saving(editor_client, step, position=5)
    assert errors["position"] == [
        "“Find the knots” is already at position 5. Use a number no other massage step has, "
        "or move it in the list of massage steps (drag it, or use the “Move up” and “Move "
        "down” actions)."
    ]


def test_a_new_item_is_offered_the_next_free_position(editor_client):
    response = editor_client.get("/admin/articles/massagestep/add/")
    assert form_data(response, "massagestep_form")["position"] == "7"


def test_adding_a_step_with_a_taken_position_is_refused(editor_client):
    response = editor_client.post(
        "/admin/articles/massagestep/add/",
        {
            **form_data(editor_client.get("/admin/articles/massagestep/add/"), "massagestep_form"),
            "title": "Rest the leg",
            "slug": "rest-the-leg",
            "summary": "Rest.",
            "instruction": "Rest the leg.",
            "position": "2",
        },
    )
    assert "is already at position 2" in response.context["adminform"].form.errors["position"][0]


def test_a_new_step_goes_where_the_editor_put_it(editor_client, reader, text):
    data = form_data(editor_client.get("/admin/articles/massagestep/add/"), "massagestep_form")
    data.update(title="Rest the leg", slug="rest-the-leg", summary="Rest.", instruction="Rest.")
    data.update(position="7", is_published="on")
    assert editor_client.post("/admin/articles/massagestep/add/", data).status_code == 302
    assert "Step 7 of 7" in text(reader.get("/massage/rest-the-leg/"))
