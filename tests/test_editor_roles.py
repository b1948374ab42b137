"""The Editor group (made by a migration): content drafts yes; clinical reviews, approving,
publishing, users, groups, settings and deleting content no. The clot warning can be reworded,
never removed."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Guide, MassageStep
from publishing import workflow
from tests.workflow_steps import pending_version
from tools.admin_forms import admin_url, record_review, save_in_admin

pytestmark = pytest.mark.django_db


def test_the_editor_group_exists_with_content_permissions_only():
    codenames = set(
        Group.objects.get(name="Editor").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    apps = {app for app, _ in codenames}
    # Translations are content too (translations/migrations/0002_roles).
    assert apps == {"articles", "feedback", "publishing", "translations"}, (
        "no auth or other permissions"
    )
    assert {name for app, name in codenames if app == "feedback"} == {"view_feedback"}
    # Editors read the versions and the audit log; approving and publishing are for clinical
    # reviewers (publishing migration 0002).
    assert {name for app, name in codenames if app == "publishing"} == {
        "view_revision",
        "view_auditevent",
    }
    assert ("articles", "change_massagestep") in codenames
    assert ("articles", "change_guide") in codenames
    # The content's history is its versions (view_revision); the old history's models are gone.
    assert ("articles", "view_historicalmassagestep") not in codenames
    assert ("articles", "add_editornote") in codenames
    assert ("articles", "delete_massagestep") not in codenames
    assert ("articles", "delete_guide") not in codenames
    assert ("articles", "add_guide") not in codenames
    assert ("articles", "change_slugredirect") not in codenames


@pytest.mark.parametrize(
    "path", ["/admin/articles/cause/", "/admin/articles/massagestep/", "/admin/articles/guide/"]
)
def test_an_editor_can_open_the_content(editor_client, path):
    assert editor_client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_an_editor_cannot_manage_users_or_groups(editor_client, path):
    assert editor_client.get(path).status_code == 403


def test_an_editor_changes_content_but_cannot_record_a_review(editor_client, editor):
    step = MassageStep.objects.get(slug="knead-the-calf")
    before = (step.last_reviewed, step.next_review_due, step.reviewed_by)
    # Review dates are read-only in the form: boxes sent anyway are ignored.
    response = record_review(
        editor_client, step, "2026-01-05", "2027-01-05", editor, instruction="Knead gently."
    )
    assert response.status_code == 302
    assert pending_version(step).instruction == "Knead gently."
    step.refresh_from_db()
    assert (step.last_reviewed, step.next_review_due, step.reviewed_by) == before
    with pytest.raises(workflow.WorkflowError, match="Only a clinical reviewer"):
        workflow.record_review(step, editor)


def test_an_editor_cannot_delete_content(editor_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    assert editor_client.post(admin_url(step, "delete"), {"post": "yes"}).status_code == 403
    assert MassageStep.objects.filter(pk=step.pk).exists()


def test_nobody_can_delete_the_guide_text(editor_client, admin_client):
    guide = Guide.objects.get()
    assert editor_client.post(admin_url(guide, "delete"), {"post": "yes"}).status_code == 403
    assert admin_client.post(admin_url(guide, "delete"), {"post": "yes"}).status_code == 403
    assert Guide.objects.exists()


def test_an_editor_can_reword_the_warning(editor_client, reader, publish):
    guide = Guide.objects.get()
    save_in_admin(editor_client, guide, warning_heading="Is this a blood clot?")
    assert "Is this a blood clot?" not in reader.get("/causes/").content.decode()
    publish(guide)
    assert "Is this a blood clot?" in reader.get("/causes/").content.decode()


def test_emptying_the_warning_brings_back_the_built_in_wording(editor_client, reader, publish):
    # A reworded warning is live (the seed follows the built-in wording, stored as empty).
    Guide.objects.update(
        warning_heading="Is this a blood clot?",
        warning_urgent="Own urgent wording.",
        warning_emergency="Own emergency wording.",
    )
    guide = Guide.objects.get()
    response = save_in_admin(
        editor_client, guide, warning_heading="", warning_urgent="", warning_emergency=""
    )
    assert response.status_code == 302
    assert "Is this a blood clot?" in reader.get("/massage/").content.decode(), (
        "readers keep the live wording until the change is published"
    )
    publish(guide)
    html = reader.get("/massage/").content.decode()
    warning = html[html.index('id="dvt-warning"') : html.index("<main")]
    assert "Could it be a blood clot?" in warning
    assert "do not massage it" in warning
    assert 'href="tel:999"' in warning


def test_superusers_can_still_delete_content_once_it_is_off_the_site(
    admin_client, admin_user, publish
):
    step = MassageStep.objects.get(slug="knead-the-calf")
    # Readers see it: deleting it at once would be an unreviewed change, so it is refused.
    assert admin_client.post(admin_url(step, "delete"), {"post": "yes"}).status_code == 403
    assert MassageStep.objects.filter(pk=step.pk).exists()
    # Taking it off the site is a change like any other: proposed, approved, published.
    workflow.propose_unpublishing(step, admin_user)
    publish(step)
    assert admin_client.post(admin_url(step, "delete"), {"post": "yes"}).status_code == 302
    assert not MassageStep.objects.filter(pk=step.pk).exists()


@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200c\u2060", "\ufeff", " \u00a0 ", "\u0301"])
def test_an_invisible_warning_that_got_into_the_database_shows_the_built_in_wording(reader, text):
    # As if loaded with loaddata or typed in a shell, past the admin's checks.
    Guide.objects.update(warning_heading=text, warning_urgent=text, warning_emergency=text)
    html = reader.get("/massage/").content.decode()
    warning = html[html.index('id="dvt-warning"') : html.index("<main")]
    assert "Could it be a blood clot?" in warning
    assert "do not massage it" in warning
    assert "call" in warning and 'href="tel:999"' in warning
    if text.strip():
        assert text not in warning
