"""The admin is usable from day one: lists, search, the Markdown editor, view on site."""

import pytest

from articles.models import Guide, MassageStep
from tools.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["cause", "massagestep", "aftercarenote", "guide"])
def test_change_lists_load(admin_client, model):
    response = admin_client.get(f"/admin/articles/{model}/")
    assert response.status_code == 200


def test_search_finds_a_step_by_its_text(admin_client):
    response = admin_client.get("/admin/articles/massagestep/", {"q": "kneading"})
    html = response.content.decode()
    assert "Knead the calf" in html
    assert "Shake out the calf" not in html


def test_step_form_has_the_markdown_editor_and_view_on_site(admin_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    html = admin_client.get(f"/admin/articles/massagestep/{step.pk}/change/").content.decode()
    assert 'class="markdownx' in html
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in html
    assert "View on site" in html


def test_editing_a_step_in_the_admin_changes_the_public_page(admin_client, client, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    data = change_form_data(admin_client, step)
    data.update(title="Knead the calf gently", instruction="Knead **slowly**.")
    response = admin_client.post(f"/admin/articles/massagestep/{step.pk}/change/", data)
    assert response.status_code == 302
    # The save is a draft: readers still see the published text until it is published.
    html = client.get("/massage/knead-the-calf/").content.decode()
    assert "Knead the calf gently" not in html
    assert "Knead <strong>slowly</strong>." not in html
    assert "Knead the calf" in html
    publish(step)
    html = client.get("/massage/knead-the-calf/").content.decode()
    assert "Knead the calf gently" in html
    assert "Knead <strong>slowly</strong>." in html


def test_after_saving_the_change_form_opens_on_the_saved_draft(admin_client, text):
    step = MassageStep.objects.get(slug="knead-the-calf")
    data = change_form_data(admin_client, step)
    data.update(title="Knead the calf gently")
    response = admin_client.post(f"/admin/articles/massagestep/{step.pk}/change/", data)
    assert response["Location"].endswith(f"/{step.pk}/change/#publishing")
    response = admin_client.get(response["Location"])
    assert response.status_code == 200
    assert change_form_data(admin_client, step)["title"] == "Knead the calf gently"
    assert "Saved as version 2, a draft. Readers still see the live version" in text(response)


def test_the_guide_text_can_be_neither_added_twice_nor_deleted(admin_client):
    guide = Guide.objects.get()
    assert admin_client.get("/admin/articles/guide/add/").status_code == 403
    assert admin_client.post(f"/admin/articles/guide/{guide.pk}/delete/").status_code == 403


@pytest.mark.parametrize("model", ["cause", "massagestep", "aftercarenote", "clinicalnote"])
def test_an_address_that_is_not_an_item_gets_the_admins_own_answer_not_a_server_error(
    admin_client, model
):
    """A relative link resolved against a change form (".../7/change/widgets.css") is no id."""
    step = MassageStep.objects.first()
    response = admin_client.get(f"/admin/articles/{model}/{step.pk}/change/widgets.css/change/")
    assert response.status_code in (302, 404)
