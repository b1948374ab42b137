"""Renaming a step or cause: every old address answers 301 with the new one, for ever; a new
slug that would take another item's address, current or old, is refused with a clear error.

A rename saved in the admin is a draft like any other change: the address changes when that
version is published (publishing.workflow)."""

import pytest

from articles.models import Cause, MassageStep, SlugRedirect
from tools.admin_forms import save_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def rename(publish):
    """rename(client, item, slug): save the new slug in the admin and publish that version."""

    def run(client, item, slug):
        response = save_in_admin(client, item, slug=slug)
        assert response.status_code == 302, response.context["adminform"].form.errors
        publish(item)
        item.refresh_from_db()

    return run


def moved_to(reader, old_address):
    """Where `old_address` now sends a reader, after checking it is a permanent (301) move."""
    response = reader.get(old_address)
    assert response.status_code == 301
    return response["Location"]


def test_a_saved_rename_changes_no_address_until_it_is_published(editor_client, reader, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    assert save_in_admin(editor_client, step, slug="knead-the-calf-muscle").status_code == 302
    assert reader.get("/massage/knead-the-calf/").status_code == 200
    assert reader.get("/massage/knead-the-calf-muscle/").status_code == 404
    assert not SlugRedirect.objects.filter(old_slug="knead-the-calf").exists()
    publish(step)
    assert reader.get("/massage/knead-the-calf/").status_code == 301


def test_renamed_step_redirects_old_link_permanently(editor_client, reader, rename):
    step = MassageStep.objects.get(slug="knead-the-calf")
    rename(editor_client, step, "knead-the-calf-muscle")

    new_address = moved_to(reader, "/massage/knead-the-calf/")
    assert new_address == "/massage/knead-the-calf-muscle/"
    assert reader.get(new_address).status_code == 200


def test_old_links_still_work_after_two_renames_in_a_row(editor_client, reader, rename):
    step = MassageStep.objects.get(slug="knead-the-calf")
    rename(editor_client, step, "knead")
    rename(editor_client, step, "knead-gently")

    for old in ["/massage/knead-the-calf/", "/massage/knead/"]:
        assert moved_to(reader, old) == "/massage/knead-gently/", "one hop, straight to now"
    assert "Knead the calf" in reader.get("/massage/knead-gently/").content.decode()


def test_renamed_cause_redirects_and_keeps_the_query_string(editor_client, reader, rename):
    cause = Cause.objects.get(slug="dehydration")
    rename(editor_client, cause, "not-drinking-enough")
    assert (
        moved_to(reader, "/causes/dehydration/?utm_source=leaflet")
        == "/causes/not-drinking-enough/?utm_source=leaflet"
    )


def test_renaming_back_makes_the_old_address_live_again(editor_client, reader, rename):
    step = MassageStep.objects.get(slug="knead-the-calf")
    rename(editor_client, step, "knead")
    rename(editor_client, step, "knead-the-calf")
    assert reader.get("/massage/knead-the-calf/").status_code == 200
    assert reader.get("/massage/knead/")["Location"] == "/massage/knead-the-calf/"


def test_a_slug_another_step_uses_is_refused_with_a_clear_error(editor_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = save_in_admin(editor_client, step, slug="find-the-knots")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "“Find the knots” already uses the address /massage/find-the-knots/. "
        "Choose a different slug."
    ]
    assert MassageStep.objects.filter(slug="knead-the-calf").exists()


def test_a_slug_that_still_redirects_to_another_step_is_refused(editor_client, reader, rename):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    rename(editor_client, knead, "knead")
    shake = MassageStep.objects.get(slug="shake-out-the-calf")
    response = save_in_admin(editor_client, shake, slug="knead-the-calf")
    assert response.context["adminform"].form.errors["slug"] == [
        "The address /massage/knead-the-calf/ used to belong to “Knead the calf”, and links "
        "shared then still lead there. Choose a different slug."
    ]
    assert reader.get("/massage/knead-the-calf/")["Location"] == "/massage/knead/"


def test_steps_and_causes_may_share_a_slug_as_their_addresses_differ(editor_client, rename):
    cause = Cause.objects.get(slug="dehydration")
    rename(editor_client, cause, "knead-the-calf")
    assert cause.get_absolute_url() == "/causes/knead-the-calf/"


def test_the_change_form_lists_the_old_addresses(editor_client, rename):
    step = MassageStep.objects.get(slug="knead-the-calf")
    rename(editor_client, step, "knead")
    html = editor_client.get(f"/admin/articles/massagestep/{step.pk}/change/").content.decode()
    assert "Old addresses (they redirect here)" in html
    assert "<li><code>/massage/knead-the-calf/</code></li>" in html


def test_an_old_address_of_a_draft_is_not_found_for_readers(editor_client, reader, rename):
    step = MassageStep.objects.get(slug="knead-the-calf")
    rename(editor_client, step, "knead")
    MassageStep.objects.filter(pk=step.pk).update(is_published=False)
    assert reader.get("/massage/knead-the-calf/").status_code == 404


def test_unknown_addresses_are_still_not_found(reader):
    assert reader.get("/massage/never-existed/").status_code == 404
    assert reader.get("/causes/never-existed/").status_code == 404


def test_deleting_an_item_removes_its_old_addresses(editor_client, rename):
    step = MassageStep.objects.get(slug="knead-the-calf")
    rename(editor_client, step, "knead")
    assert SlugRedirect.objects.filter(old_slug="knead-the-calf").exists()
    step.delete()
    assert not SlugRedirect.objects.filter(old_slug="knead-the-calf").exists()
