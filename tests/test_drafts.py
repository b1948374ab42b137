"""Drafts: readers get "not found" and never see a draft in a list; signed-in staff see the draft
at its real address, clearly marked, on pages no shared cache may keep."""

import pytest

from articles.models import AftercareNote, Cause, MassageStep
from tools.admin_forms import save_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_step():
    MassageStep.objects.filter(slug="shake-out-the-calf").update(is_published=False)
    return MassageStep.objects.get(slug="shake-out-the-calf")


@pytest.fixture
def draft_cause():
    Cause.objects.filter(slug="hyperpronation").update(is_published=False)
    return Cause.objects.get(slug="hyperpronation")


def test_readers_get_not_found_for_drafts(reader, draft_step, draft_cause):
    assert reader.get("/massage/shake-out-the-calf/").status_code == 404
    assert reader.get("/causes/hyperpronation/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/causes/", "/massage/", "/massage/knead-the-calf/"])
def test_readers_never_see_drafts_in_lists_or_navigation(reader, draft_step, draft_cause, path):
    html = reader.get(path).content.decode()
    assert "Shake out the calf" not in html
    assert "Hyperpronation" not in html
    assert "Draft" not in html


def test_staff_see_a_draft_at_its_address_marked_as_a_draft_preview(
    editor_client, text, draft_step
):
    response = editor_client.get("/massage/shake-out-the-calf/")
    assert response.status_code == 200
    reading = text(response)
    assert "Draft preview" in reading
    assert "Readers cannot see this page: it is not published yet." in reading
    html = response.content.decode()
    assert html.index("Draft preview") < html.index("<h1"), "the mark comes before the page"
    assert f'href="/admin/articles/massagestep/{draft_step.pk}/change/"' in html


def test_staff_see_drafts_in_lists_each_marked(editor_client, text, draft_step, draft_cause):
    massage = text(editor_client.get("/massage/"))
    assert "Shake out the calf Draft: readers cannot see this" in massage
    causes = text(editor_client.get("/causes/"))
    assert "Hyperpronation Draft: readers cannot see this" in causes


def test_staff_neighbouring_draft_is_marked_in_the_pager(editor_client, draft_step):
    html = editor_client.get("/massage/knead-the-calf/").content.decode()
    assert "Shake out the calf (draft)</span></a>" in html


def test_a_published_item_shows_no_draft_marks_for_staff(editor_client, text):
    assert "Draft" not in text(editor_client.get("/massage/knead-the-calf/"))


def test_staff_pages_are_never_kept_by_a_shared_cache(editor_client, reader, draft_step):
    cache_control = editor_client.get("/massage/")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "private" not in reader.get("/massage/").get("Cache-Control", "")


def test_staff_without_permission_to_view_content_see_what_readers_see(
    client, django_user_model, draft_step
):
    client.force_login(django_user_model.objects.create_user("temp", password="pw", is_staff=True))
    assert client.get("/massage/shake-out-the-calf/").status_code == 404


def test_unpublishing_in_the_admin_hides_the_item_once_published(editor_client, reader, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    assert "Knead the calf" in reader.get("/massage/").content.decode()
    data = save_in_admin(editor_client, step, is_published="")
    assert data.status_code == 302
    # Unticking saves a proposal: readers still see the step until it is approved and published.
    assert reader.get("/massage/knead-the-calf/").status_code == 200
    assert "Knead the calf" in reader.get("/massage/").content.decode()
    publish(step)
    assert reader.get("/massage/knead-the-calf/").status_code == 404
    assert "Knead the calf" not in reader.get("/massage/").content.decode()
    assert "Step 3 of 5" in reader.get("/massage/shake-out-the-calf/").content.decode()


# The draft step has a draft version (its row is off the site), so its form opens on a pending
# version.
def test_publishing_a_draft_shows_it_at_once_everywhere(editor_client, reader, draft_step, publish):
    before = "/massage/knead-the-calf/"  # its pager names the step after it
    assert "Shake out the calf" not in reader.get(before).content.decode()
    response = save_in_admin(editor_client, draft_step, is_published="on")
    assert response.status_code == 302
    # Ticking "Shown to readers" is a proposal until that version is published.
    assert reader.get("/massage/shake-out-the-calf/").status_code == 404
    assert "Shake out the calf" not in reader.get(before).content.decode()
    assert "A 5-step self-massage" in reader.get("/").content.decode()
    publish(draft_step)
    assert reader.get("/massage/shake-out-the-calf/").status_code == 200
    for path in [before, "/massage/"]:
        assert "Shake out the calf" in reader.get(path).content.decode()
    # The home page's card counts the steps.
    assert "A 6-step self-massage" in reader.get("/").content.decode()


def test_a_draft_aftercare_note_is_hidden_from_readers_and_marked_for_staff(
    editor_client, reader, text
):
    AftercareNote.objects.filter(slug="arnica-gel-or-sports-cream").update(is_published=False)
    assert "Arnica" not in reader.get("/massage/").content.decode()
    assert "Draft: readers cannot see this" in text(editor_client.get("/massage/"))
