"""The admin's "Sources checked" page: every address live content cites, its last recorded check
or "Not checked yet", and "I checked this source today", which records who and when, writes the
audit log, and is what lets readers see "checked <date>"."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.models import SourceCheck
from publishing.models import AuditEvent
from tests.conftest import page_text

pytestmark = pytest.mark.django_db

PAGE = "/admin/articles/sourcecheck/"
CHECK = "/admin/articles/sourcecheck/check/"
CLOTS = "https://www.nhs.uk/conditions/blood-clots/"
CITED_ON_A_FRESH_INSTALL = [
    "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
    "https://www.nhs.uk/conditions/blood-clots/",
    "https://www.nhs.uk/conditions/leg-cramps/",
    "https://www.nhsinform.scot/illnesses-and-conditions/blood-and-lymph/deep-vein-thrombosis/",
    "https://www.nhs.uk/conditions/sprains-and-strains/",
    "https://www.nhs.uk/conditions/achilles-tendon-rupture/",
]


def today():
    return format_date(timezone.localdate(), "j F Y")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user(
        "vic", password="pw", is_staff=True, first_name="Vic", last_name="Viewer"
    )
    user.groups.add(Group.objects.get(name="Viewer"))
    return user


def rows(html):
    """(address, last checked cell's text) for each row of the page's table."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    found = []
    for row in re.findall(r"<tr id=\"source-\d+\">(.*?)</tr>", body, re.DOTALL):
        url = re.search(r'<a [^>]*href="([^"]+)"', row)[1]
        cells = re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
        last = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cells[1])).strip()
        found.append((url, last.removeprefix("Last checked ")))
    return found


def test_an_editor_sees_every_cited_address_not_checked_yet_on_a_fresh_install(editor_client):
    response = editor_client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sources checked</h1>" in html
    assert rows(html) == [(url, "Not checked yet") for url in CITED_ON_A_FRESH_INSTALL]
    assert html.count(">I checked this source today</button>") == len(CITED_ON_A_FRESH_INSTALL)


def test_the_page_says_which_items_cite_each_address(editor_client):
    html = editor_client.get(PAGE).content.decode()
    row = re.search(r'<tr id="source-\d+">(?:(?!</tr>).)*leg-cramps/.*?</tr>', html, re.DOTALL)[0]
    assert "Leg cramp (charley horse)" in row and "Cramp or blood clot comparison" in row


def test_pressing_the_button_records_who_and_when_and_writes_the_audit_log(editor_client, editor):
    response = editor_client.post(CHECK, {"url": CLOTS}, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "Recorded: you checked “NHS: Blood clots” today." in page_text(response)
    check = SourceCheck.objects.get()
    assert (check.url, check.checked_by, check.checked_by_name) == (CLOTS, editor, "Dana Editor")
    assert check.checked_on == timezone.localdate()
    event = AuditEvent.objects.get(action=AuditEvent.Action.SOURCE_CHECKED)
    assert (event.actor, event.actor_name, event.detail) == (editor, "Dana Editor", CLOTS)
    assert event.get_action_display() == "Source checked"
    assert (CLOTS, f"{today()} by Dana Editor") in rows(response.content.decode())


def test_a_reader_then_sees_checked_and_the_day_beside_that_source(editor_client, reader):
    assert "NHS: Blood clots, not checked yet" in page_text(reader.get("/causes/dehydration/"))
    editor_client.post(CHECK, {"url": CLOTS})
    reading = page_text(reader.get("/causes/dehydration/"))
    assert f"NHS: Blood clots, checked {today()}" in reading


def test_a_clinical_reviewer_may_record_a_check_too(make_reviewer):
    response = signed_in(make_reviewer()).post(CHECK, {"url": CLOTS})
    assert response.status_code == 302
    assert SourceCheck.objects.get().checked_by_name == "Rhea Reviewer"


def test_only_an_address_live_content_cites_can_be_recorded(editor_client):
    response = editor_client.post(CHECK, {"url": "https://example.org/not-cited/"}, follow=True)
    assert "Nothing readers see now cites that address" in page_text(response)
    assert not SourceCheck.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SOURCE_CHECKED).exists()


def test_the_button_only_posts(editor_client):
    assert editor_client.get(CHECK, {"url": CLOTS}).status_code == 405
    assert not SourceCheck.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(CHECK, {"url": CLOTS}).status_code == 403
    assert not SourceCheck.objects.exists()


def test_a_visitor_not_signed_in_is_sent_to_sign_in_and_records_nothing(client):
    for response in (client.get(PAGE), client.post(CHECK, {"url": CLOTS})):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert not SourceCheck.objects.exists()


def test_a_viewer_sees_the_page_without_buttons_and_cannot_record(viewer):
    client = signed_in(viewer)
    html = client.get(PAGE).content.decode()
    assert rows(html) == [(url, "Not checked yet") for url in CITED_ON_A_FRESH_INSTALL]
    assert "I checked this source today</button>" not in html
    assert "recording a check needs the Editor or Clinical reviewer role" in html
    assert client.post(CHECK, {"url": CLOTS}).status_code == 403
    assert not SourceCheck.objects.exists()


def test_staff_without_the_permission_may_not_see_or_record(django_user_model):
    client = signed_in(django_user_model.objects.create_user("sid", password="pw", is_staff=True))
    assert client.get(PAGE).status_code == 403
    assert client.post(CHECK, {"url": CLOTS}).status_code == 403
    assert not SourceCheck.objects.exists()


def test_the_admin_index_links_the_page_for_those_who_may_see_it_with_no_add_link(
    editor_client, viewer
):
    for client in (editor_client, signed_in(viewer)):
        html = client.get("/admin/").content.decode()
        assert re.search(rf'<a href="{PAGE}"[^>]*>Sources checked</a>', html)
        assert f'href="{PAGE}add/"' not in html


def test_a_check_can_be_neither_added_by_form_nor_changed_nor_deleted(admin_client, editor):
    editor_client = signed_in(editor)
    editor_client.post(CHECK, {"url": CLOTS})
    pk = SourceCheck.objects.get().pk
    for path in (f"{PAGE}add/", f"{PAGE}{pk}/change/", f"{PAGE}{pk}/delete/"):
        assert admin_client.get(path).status_code == 404, path
    assert SourceCheck.objects.count() == 1
