"""A Viewer (the group migration publishing 0006 makes) reads everything editors read in the
admin (items, the publishing panel, versions, the audit log) and can change nothing: no save or
publishing buttons are shown, and every change they could post by hand is refused with a 403 or
a plain error while the database stays exactly as it was."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from articles.models import (
    AftercareNote,
    Cause,
    ClinicalNote,
    EditorNote,
    Guide,
    InfoPage,
    MassageStep,
    SafetyText,
)
from publishing import links, workflow
from publishing.desk import WorkflowAdminMixin
from publishing.models import AuditEvent, ReviewComment, ReviewLink, Revision
from tests.test_editor_endpoints import image_bytes
from tools.admin_forms import admin_url, change_form_data, save_in_admin

pytestmark = pytest.mark.django_db

CONTENT = [Cause, MassageStep, AftercareNote, Guide, ClinicalNote, InfoPage, SafetyText]
PANEL_ACTIONS = sorted(
    name.removeprefix("do_").replace("_", "-")
    for name in dir(WorkflowAdminMixin)
    if name.startswith("do_")
)


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user(
        "vic", password="pw", is_staff=True, first_name="Vic", last_name="Viewer"
    )
    user.groups.add(Group.objects.get(name="Viewer"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(make_editor, make_reviewer):
    """Items in every state a panel button acts on: a draft, one in review (with an outside
    review link), one approved and scheduled, and live items with nothing pending."""
    ann = make_editor("ann", "Ann", "Author")
    rhea = make_reviewer("rhea", "Rhea", "Reviewer")
    editor = Client()
    editor.force_login(ann)
    steps = list(MassageStep.objects.order_by("position")[:3])
    for number, step in enumerate(steps):
        save_in_admin(editor, step, summary=f"A clearer summary, draft {number}.")
    drafting, reviewing, approved = (workflow.pending(step) for step in steps)
    workflow.submit(reviewing, ann, "Clearer")
    workflow.submit(approved, ann, "Clearer")
    workflow.approve(approved, rhea)
    workflow.publish(approved, rhea, at=timezone.now() + timedelta(days=2))
    link = links.create(reviewing, rhea, "Dr Shah")
    EditorNote.objects.create(item=steps[0], text="Check the wording with Rhea.", author=ann)
    for model in CONTENT:
        for item in model._default_manager.all():
            workflow.ensure_baseline(item)
    return {"steps": steps, "link": link, "editor": editor, "ann": ann}


def everything():
    """What a change could touch, as stored."""
    return {
        "revisions": list(Revision.objects.order_by("pk").values()),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True)),
        "links": list(ReviewLink.objects.order_by("pk").values()),
        "comments": ReviewComment.objects.count(),
        "notes": list(EditorNote.objects.order_by("pk").values()),
        "content": {
            model.__name__: list(model._default_manager.order_by("pk").values())
            for model in CONTENT
        },
    }


def test_a_viewer_reads_items_panels_versions_and_the_audit_log(viewer, desk, text):
    assert viewer.get("/admin/").status_code == 200
    for model in CONTENT:
        opts = model._meta
        assert viewer.get(f"/admin/{opts.app_label}/{opts.model_name}/").status_code == 200
        for item in model._default_manager.all()[:2]:
            page = viewer.get(admin_url(item))
            assert page.status_code == 200, item
            html = page.content.decode()
            assert "Publishing:" in html, "the publishing panel is shown"
            assert 'name="_save"' not in html and 'name="_continue"' not in html
            assert 'name="action"' not in html, "no publishing button"
            assert "Make a link" not in html and "Revert to version" not in html
    step = desk["steps"][1]
    assert "Check the wording with Rhea." in text(viewer.get(admin_url(desk["steps"][0])))
    assert viewer.get(admin_url(step, "publishing/compare/1")).status_code == 200
    listing = viewer.get("/admin/articles/massagestep/").content.decode()
    assert "move-buttons__button" not in listing, "no Move up/down buttons"
    assert viewer.get("/admin/publishing/revision/").status_code == 200
    assert viewer.get("/admin/publishing/auditevent/").status_code == 200
    assert viewer.get("/admin/publishing/auditevent/export.csv").status_code == 200


def test_a_viewer_cannot_save_add_or_delete_an_item(viewer, desk):
    step = desk["steps"][0]
    data = change_form_data(desk["editor"], step)
    before = everything()
    data["summary"] = "Changed by a viewer"
    data["editor_notes-0-text"] = data.get("editor_notes-0-text", "") + " and a viewer's words"
    assert viewer.post(admin_url(step), data).status_code == 403
    assert viewer.post("/admin/articles/cause/add/", {"title": "New"}).status_code == 403
    assert everything() == before
    hidden = AftercareNote.objects.create(title="Off the site", slug="off", is_published=False)
    before = everything()
    assert viewer.post(admin_url(hidden, "delete"), {"post": "yes"}).status_code == 403
    assert everything() == before


def test_a_viewer_cannot_add_an_editors_note(viewer, desk):
    step = desk["steps"][2]
    data = change_form_data(desk["editor"], step)
    prefix = next(name for name in data if name.endswith("-TOTAL_FORMS")).removesuffix(
        "-TOTAL_FORMS"
    )
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-text": "Hi"})
    before = everything()
    assert viewer.post(admin_url(step), data).status_code == 403
    assert everything() == before


@pytest.mark.parametrize("action", PANEL_ACTIONS)
def test_no_panel_action_works_for_a_viewer(viewer, desk, action):
    before = everything()
    items = [*desk["steps"], Guide.objects.get(), Cause.objects.first()]
    for item in items:
        pending = workflow.pending(item)
        data = {
            "action": action,
            "version": pending.number if pending else 1,
            "change_note": "A viewer's note",
            "comment": "A viewer's comment",
            "reason": "A viewer's reason",
            "reviewer_name": "Dr Viewer",
            "link": desk["link"].pk,
            "number": 1,
            "publish_on": (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y"),
            "publish_time": "14:30",
            "next_review_due": (timezone.localdate() + timedelta(days=300)).isoformat(),
        }
        response = viewer.post(admin_url(item, "publishing"), data, follow=True)
        # 404: a link that is not this item's is not found from its panel.
        if response.status_code not in (403, 404):
            assert response.status_code == 200
            said = [str(message) for message in response.context["messages"]]
            assert said and all(m.level_tag == "error" for m in response.context["messages"]), (
                action,
                said,
            )
    assert everything() == before


def test_a_viewer_cannot_reorder(viewer, desk):
    step = desk["steps"][1]
    before = everything()
    assert viewer.post(f"/admin/articles/massagestep/{step.pk}/move/up/").status_code == 403
    assert viewer.post("/admin/articles/massagestep/undo-move/").status_code == 403
    dropped = viewer.post(
        "/admin/articles/massagestep/adminsortable2_update/",
        json.dumps({"updatedItems": [[step.pk, 1]]}),
        content_type="application/json",
    )
    assert dropped.status_code == 403
    viewer.post(
        "/admin/articles/massagestep/",
        {"action": "move_up", "_selected_action": [step.pk], "index": 0},
    )
    assert everything() == before


def test_a_viewer_cannot_share_or_revoke_an_outside_review_link(viewer, desk):
    before = everything()
    step = desk["steps"][1]
    viewer.post(
        admin_url(step, "publishing"),
        {"action": "link-create", "version": workflow.pending(step).number, "reviewer_name": "X"},
    )
    viewer.post(admin_url(step, "publishing"), {"action": "link-revoke", "link": desk["link"].pk})
    assert everything() == before
    assert ReviewLink.objects.get().is_usable


def test_a_viewer_cannot_revert_from_the_history_page(viewer, desk):
    """The History page's revert is the panel's: refused for a viewer like any other action."""
    step = desk["steps"][0]
    before = everything()
    response = viewer.post(admin_url(step, "publishing"), {"action": "revert", "number": "1"})
    assert response.status_code in (302, 403)
    assert everything() == before


def test_uploading_a_picture_needs_the_right_to_change_content(viewer, desk, settings):
    def upload(client):
        return client.post(
            "/markdownx/upload/",
            {"image": SimpleUploadedFile("calf.png", image_bytes(), content_type="image/png")},
            headers={"x-requested-with": "XMLHttpRequest"},
        )

    refused = upload(viewer)
    assert refused.status_code == 403
    assert "may not upload pictures" in refused.json()["message"]
    uploads = settings.MEDIA_ROOT / settings.MARKDOWNX_MEDIA_PATH
    assert not uploads.exists() or not any(uploads.iterdir())
    assert upload(desk["editor"]).status_code == 200, "an Editor still can"
