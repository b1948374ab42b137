"""Every version of an item, who saved it and what changed; compare any version with now,
and revert to it.

With the publishing workflow, the history page (django-simple-history) lists the versions
readers have seen: an item's row changes only when a version is published. Every save, published
or not, is a numbered version in the publishing panel's "All versions" table, with who saved it.
A revert is a save like any other: a draft that readers see once it is published."""

from datetime import date

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.models import Guide, MassageStep
from publishing import workflow
from tests.workflow_steps import pending_version
from tools.admin_forms import admin_url, form_data, save_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_step(editor_client, publish):
    """Knead the calf, changed by Dana twice, each change published."""
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, instruction="Knead the calf slowly with both hands.")
    publish(step)
    save_in_admin(editor_client, step, title="Knead the calf gently")
    publish(step)
    step.refresh_from_db()
    return step


def test_history_page_lists_every_version_with_who_and_what(editor_client, text, edited_step):
    response = editor_client.get(admin_url(edited_step, "history"))
    reading = text(response)
    assert "3 versions" in reading
    assert "Version 3 (current)" in reading
    assert "Title: changed from “Knead the calf” to “Knead the calf gently”." in reading
    assert "The content as it stood when history began" in reading
    # Who wrote each version is kept with the versions, in the publishing panel.
    panel = text(editor_client.get(admin_url(edited_step)))
    assert "All versions (3)" in panel
    assert "by Dana Editor" in panel


def test_a_save_is_in_the_history_only_once_published(editor_client, text, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, title="Knead the calf gently")
    reading = text(editor_client.get(admin_url(step, "history")))
    assert "1 version" in reading and "Knead the calf gently" not in reading
    publish(step)
    reading = text(editor_client.get(admin_url(step, "history")))
    assert "2 versions" in reading
    assert "Title: changed from “Knead the calf” to “Knead the calf gently”." in reading


def test_history_page_links_to_each_past_version(editor_client, edited_step):
    html = editor_client.get(admin_url(edited_step, "history")).content.decode()
    for record in edited_step.history.all():
        assert f'href="{admin_url(edited_step, f"history/{record.history_id}")}"' in html
        version_page = editor_client.get(admin_url(edited_step, f"history/{record.history_id}"))
        assert version_page.status_code == 200


def test_a_past_version_opens_whole_in_the_form_with_a_revert_button(editor_client, edited_step):
    first = edited_step.history.earliest("history_date")
    response = editor_client.get(admin_url(edited_step, f"history/{first.history_id}"))
    data = form_data(response, "historicalmassagestep_form")
    assert data["title"] == "Knead the calf"
    assert data["instruction"].startswith("Rest the middle of your sore calf")
    assert 'value="Revert"' in response.content.decode()


def test_compare_shows_what_changed_word_by_word(editor_client, text, edited_step):
    first = edited_step.history.earliest("history_date")
    response = editor_client.get(admin_url(edited_step, f"history/{first.history_id}/compare"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Compare version 1" in text(response)
    assert (
        'Knead the calf<ins class="diff__added"><span class="visually-hidden">[added: </span> '
        'gently<span class="visually-hidden">]</span></ins>'
    ) in html
    assert (
        '<del class="diff__removed"><span class="visually-hidden">[removed: </span>Rest the '
        "middle of your sore calf"
    ) in html, "a rewritten box shows the old text whole, not a patchwork"
    assert "Knead the calf slowly with both hands." in text(response)
    assert "Repetitions" not in text(response), "unchanged boxes are left out"


def test_history_page_links_to_compare(editor_client, edited_step):
    html = editor_client.get(admin_url(edited_step, "history")).content.decode()
    first = edited_step.history.earliest("history_date")
    assert f'href="{admin_url(edited_step, f"history/{first.history_id}/compare")}"' in html


def test_revert_brings_back_the_old_text_and_keeps_the_newer_version(
    editor_client, reader, edited_step, publish
):
    first = edited_step.history.earliest("history_date")
    url = admin_url(edited_step, f"history/{first.history_id}")
    response = editor_client.post(
        url, form_data(editor_client.get(url), "historicalmassagestep_form")
    )
    assert response.status_code == 302
    assert pending_version(edited_step).title == "Knead the calf"
    assert "Knead the calf gently" in reader.get("/massage/knead-the-calf/").content.decode(), (
        "a revert is a draft: readers see it once it is published"
    )
    publish(edited_step)
    edited_step.refresh_from_db()
    assert edited_step.title == "Knead the calf"
    assert edited_step.version == 4, "a revert is a new version, not a rewrite of history"
    titles = list(edited_step.history.values_list("title", flat=True))
    assert "Knead the calf gently" in titles, "the version reverted away from is kept"
    assert "Knead the calf" in reader.get("/massage/knead-the-calf/").content.decode()


def test_reverting_a_rename_keeps_both_addresses_working(editor_client, reader, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, slug="knead")
    publish(step)
    first = step.history.earliest("history_date")
    url = admin_url(step, f"history/{first.history_id}")
    editor_client.post(url, form_data(editor_client.get(url), "historicalmassagestep_form"))
    assert reader.get("/massage/knead/").status_code == 200, "until the revert is published"
    publish(step)
    assert reader.get("/massage/knead-the-calf/").status_code == 200
    assert reader.get("/massage/knead/")["Location"] == "/massage/knead-the-calf/"


def test_the_guide_text_has_history_too(editor_client, text, publish):
    guide = Guide.objects.get()
    save_in_admin(editor_client, guide, warning_heading="Is it a clot?")
    publish(guide)
    reading = text(editor_client.get(admin_url(guide, "history")))
    assert "DVT warning heading:" in reading and "Is it a clot?" in reading


def test_only_staff_with_access_see_history(client, django_user_model):
    step = MassageStep.objects.get(slug="knead-the-calf")
    client.force_login(django_user_model.objects.create_user("temp", password="pw", is_staff=True))
    assert client.get(admin_url(step, "history")).status_code == 403
    first = step.history.earliest("history_date")
    assert client.get(admin_url(step, f"history/{first.history_id}/compare")).status_code == 403


# What the author saw on the history pages, none of which an editor should read.
MACHINE_WORDS = ["None", "Deleted user", "pk=", "chars]", "→", "Not recorded"]


def assert_plain(reading):
    for words in MACHINE_WORDS:
        assert words not in reading, f"the history page shows {words!r}"


def test_a_recorded_review_reads_as_dates_and_a_name_in_the_history(
    editor_client, make_reviewer, text
):
    step = MassageStep.objects.get(slug="knead-the-calf")
    workflow.record_review(step, make_reviewer(), date(2027, 12, 1))
    reading = text(editor_client.get(admin_url(step, "history")))
    assert "Next review due: set to 1 December 2027." in reading
    assert f"Last reviewed: set to {format_date(timezone.localdate(), 'j F Y')}." in reading
    assert "Reviewed by: set to Rhea Reviewer." in reading
    assert_plain(reading)


def test_a_long_rewrite_is_summarised_in_words_not_cut_short(editor_client, text, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    new_text = "Hold the calf in both hands and squeeze it gently, working up towards the knee."
    save_in_admin(editor_client, step, instruction=new_text + " Then rest.")
    publish(step)
    reading = text(editor_client.get(admin_url(step, "history")))
    assert "Instruction: rewritten (90 characters)." in reading
    assert_plain(reading)


def test_a_small_edit_of_a_long_text_counts_the_words(editor_client, text, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, instruction=step.instruction + " Breathe out slowly.")
    publish(step)
    reading = text(editor_client.get(admin_url(step, "history")))
    assert "Instruction: edited (0 words taken out, 3 added)." in reading


def test_a_move_reads_as_moved_from_one_place_to_another(editor_client, text):
    step = MassageStep.objects.get(slug="knead-the-calf")
    editor_client.post(
        "/admin/articles/massagestep/", {"action": "move_down", "_selected_action": [step.pk]}
    )
    reading = text(editor_client.get(admin_url(step, "history")))
    assert "Position: moved from 3 to 4." in reading
    assert_plain(reading)


def test_versions_without_a_person_say_who_in_words(client, make_editor, text, edited_step):
    client.force_login(make_editor("sam", "Sam", "Admin"))
    # The publisher of the latest version leaves; their name goes with their account.
    edited_step.history.first().history_user.delete()
    reading = text(client.get(admin_url(edited_step, "history")))
    assert "by someone whose account was deleted" in reading
    assert "by the system (a data load)" in reading, "the starting content's first version"
    assert_plain(reading)


def test_compare_reads_a_set_date_as_a_sentence(editor_client, make_reviewer, text):
    step = MassageStep.objects.get(slug="knead-the-calf")
    first = step.history.earliest("history_date")
    workflow.record_review(step, make_reviewer(), date(2027, 12, 1))
    reading = text(editor_client.get(admin_url(step, f"history/{first.history_id}/compare")))
    assert "Next review due: set to 1 December 2027." in reading
    assert "Reviewed by: set to Rhea Reviewer." in reading
    assert "(empty)" not in reading
