"""Every version of an item, who saved it and what changed; compare any version with what
readers see, and revert to it.

Versions are the item's publishing revisions, the one history of content: every save, published
or not, is a numbered version, and the History page lists the same numbers as the publishing
panel's "All versions" table, with the live one marked in both. A revert is a save like any
other: a draft that readers see once it is published."""

import re
from datetime import date
from html import unescape

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import strip_tags

from articles.models import Guide, MassageStep
from publishing import workflow
from tests.workflow_steps import pending_version
from tools.admin_forms import admin_url, save_in_admin

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


def _rows(html, start):
    """The text of each body row of the first table after `start` in the page, in order."""
    table = html[html.index(start) :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [page_text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def page_text_of(fragment):
    """A fragment's text with whitespace folded, a space between table cells."""
    fragment = re.sub(r"(</t[dh]>)", r" \1", fragment)
    return re.sub(r"\s+", " ", unescape(strip_tags(fragment))).strip()


def history_rows(client, item):
    return _rows(client.get(admin_url(item, "history")).content.decode(), 'id="change-history"')


def compare_url(item, number):
    return admin_url(item, f"publishing/compare/{number}")


def test_history_page_and_panel_number_versions_the_same_and_mark_the_live_one(
    editor_client, text, make_reviewer, edited_step
):
    # A recorded review saves the item's row, and a draft waits: neither may shift the numbers.
    workflow.record_review(edited_step, make_reviewer(), date(2027, 12, 1))
    save_in_admin(editor_client, edited_step, title="Knead the calf firmly")
    change_page = editor_client.get(admin_url(edited_step))
    assert "Readers see version 3" in text(change_page)
    panel_rows = _rows(change_page.content.decode(), 'class="publishing__versions"')
    for rows in (panel_rows, history_rows(editor_client, edited_step)):
        numbers = [int(re.search(r"\d+", row).group()) for row in rows]
        assert numbers == [4, 3, 2, 1]
        marked = [row for row in rows if "live: readers see this" in row]
        assert len(marked) == 1 and re.match(r"(Version )?3\b", marked[0]), rows


def test_history_page_lists_every_version_with_who_and_what(editor_client, text, edited_step):
    reading = text(editor_client.get(admin_url(edited_step, "history")))
    assert "3 versions" in reading
    assert "Version 3 live: readers see this" in reading
    assert "Title: changed from “Knead the calf” to “Knead the calf gently”." in reading
    assert "The content as it stood when history began" in reading
    assert "by Dana Editor" in reading
    assert "Change note: “Checked and published in a test”" in reading
    panel = text(editor_client.get(admin_url(edited_step)))
    assert "All versions (3)" in panel


def test_a_save_is_in_the_history_at_once_as_a_draft(editor_client, text, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, title="Knead the calf gently")
    rows = history_rows(editor_client, step)
    assert len(rows) == 2
    assert rows[0].startswith("Version 2 (draft)")
    assert "Title: changed from “Knead the calf” to “Knead the calf gently”." in rows[0]
    assert rows[1].startswith("Version 1 live: readers see this")
    publish(step)
    rows = history_rows(editor_client, step)
    assert rows[0].startswith("Version 2 live: readers see this")
    assert rows[1].startswith("Version 1 (published)")


def test_history_page_links_each_version_to_the_panels_compare(editor_client, edited_step):
    html = editor_client.get(admin_url(edited_step, "history")).content.decode()
    for number in (1, 2, 3):
        assert f'href="{compare_url(edited_step, number)}"' in html
        assert editor_client.get(compare_url(edited_step, number)).status_code == 200


def test_compare_shows_what_changed_word_by_word(editor_client, text, edited_step):
    response = editor_client.get(compare_url(edited_step, 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Version 1 beside the live text" in text(response)
    assert "compared with version 3, which readers see now" in text(response)
    # From what readers see (version 3) to version 1: words only in the live text are struck.
    assert (
        'Knead the calf<del class="diff__removed"><span class="visually-hidden">[removed: '
        '</span> gently<span class="visually-hidden">]</span></del>'
    ) in html
    assert (
        '<ins class="diff__added"><span class="visually-hidden">[added: </span>Rest the '
        "middle of your sore calf"
    ) in html, "a rewritten box shows the old text whole, not a patchwork"
    assert "Knead the calf slowly with both hands." in text(response)
    assert "Repetitions" not in text(response), "unchanged boxes are left out"


def test_revert_from_the_history_page_brings_back_the_old_text_and_keeps_the_newer_version(
    editor_client, reader, text, edited_step, publish
):
    history = editor_client.get(admin_url(edited_step, "history"))
    assert "Revert to version 1" in text(history)
    assert "Revert to version 3" not in text(history), "the live version is what readers see"
    response = editor_client.post(
        admin_url(edited_step, "publishing"), {"action": "revert", "number": "1"}
    )
    assert response.status_code == 302
    assert pending_version(edited_step).title == "Knead the calf"
    assert "Knead the calf gently" in reader.get("/massage/knead-the-calf/").content.decode(), (
        "a revert is a draft: readers see it once it is published"
    )
    publish(edited_step)
    assert "Knead the calf" in reader.get("/massage/knead-the-calf/").content.decode()
    rows = history_rows(editor_client, edited_step)
    assert rows[0].startswith("Version 4 live: readers see this"), "a new version, not a rewrite"
    assert "Revert to version 1" in rows[0]
    assert any("Knead the calf gently" in row for row in rows), "the version left is kept"


def test_reverting_a_rename_keeps_both_addresses_working(editor_client, reader, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    save_in_admin(editor_client, step, slug="knead")
    publish(step)
    editor_client.post(admin_url(step, "publishing"), {"action": "revert", "number": "1"})
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
    assert client.get(compare_url(step, 1)).status_code == 404


def test_a_view_only_account_sees_the_history_without_revert_buttons(
    client, django_user_model, edited_step, text
):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("vic", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_massagestep"))
    client.force_login(viewer)
    reading = text(client.get(admin_url(edited_step, "history")))
    assert "3 versions" in reading and "Revert to version" not in reading
    response = client.post(
        admin_url(edited_step, "publishing"), {"action": "revert", "number": 1}, follow=True
    )
    assert "You may not change this, so you cannot revert it." in text(response)
    assert workflow.pending(edited_step) is None


# What the author saw on the old history pages, none of which an editor should read.
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
    today = format_date(timezone.localdate(), "j F Y")
    assert (
        f"Clinically reviewed {today} by Rhea Reviewer; next review due 1 December 2027." in reading
    )
    assert "1 version" in reading, "a review is of a version, not a new one"
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
    assert "Position: moved from 3 to 4." in reading and "by Dana Editor." in reading
    assert "1 version" in reading, "a move changes no text, so it is no new version"
    assert_plain(reading)


def test_versions_without_a_person_say_who_in_words(client, make_editor, text, edited_step):
    client.force_login(make_editor("sam", "Sam", "Admin"))
    # The author of the latest version leaves; their name goes with their account.
    workflow.latest(edited_step).created_by.delete()
    reading = text(client.get(admin_url(edited_step, "history")))
    assert "by someone whose account was deleted" in reading
    assert "by the system (a data load)" in reading, "the starting content's first version"
    assert_plain(reading)


def test_compare_reads_a_changed_box_as_a_sentence(editor_client, text, edited_step):
    reading = text(editor_client.get(compare_url(edited_step, 2)))
    assert "Title: changed from “Knead the calf gently” to “Knead the calf”." in reading
    assert_plain(reading)


def test_the_revisions_list_marks_each_items_live_version_too(editor_client, edited_step):
    html = editor_client.get("/admin/publishing/revision/?q=").content.decode()
    rows = [row for row in _rows(html, 'id="result_list"') if row.startswith("Knead the calf")]
    marked = [row for row in rows if "live: readers see this" in row]
    assert len(rows) == 3 and len(marked) == 1, rows
    assert marked[0].startswith("Knead the calf gently 3 Published live: readers see this")
