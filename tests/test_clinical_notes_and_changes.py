"""Where the seed is wrong, readers see it corrected at its source (version 2, with a change note
saying "We corrected …"), never a note beside the wrong words; a clinical note an editor adds
reaches readers only once a clinical reviewer approved it, and says who and when; every page
shows its recent change notes, and /changes/ lists them all with an Atom feed."""

import pytest
from django.test import Client

from articles.models import AftercareNote, Cause, ClinicalNote, Guide, MassageStep
from publishing import workflow
from tools.admin_forms import save_in_admin

pytestmark = pytest.mark.django_db

FULLER_LIST = "have been still for a long time, such as bed rest or a long journey"


@pytest.mark.parametrize("path", ["/causes/deep-vein-thrombosis/", "/causes/"])
def test_the_corrected_text_gives_who_gets_clots_in_place_of_the_seeds_sentence(reader, text, path):
    reading = text(reader.get(path))
    assert "victims of pulmonary disease" not in reading
    assert "Clots are rare in young, healthy people." in reading
    assert FULLER_LIST in reading
    assert "are pregnant or have had a baby in the last 6 weeks" in reading
    # Never "if any of these is true for you": nobody should massage a leg that may have a clot.
    assert "If any of these is true for you" not in reading
    assert "Do not massage a leg that may have a clot." in reading


@pytest.mark.parametrize(
    "path, seed, corrected",
    [
        ("/massage/stroke-upward-from-the-ankle/", "back of your thigh", "back of your calf"),
        ("/massage/", "back of your thigh", "back of your calf"),
        ("/massage/", "cool off and close", "skin that is still warm or damp"),
        ("/causes/charley-horse/", "hormonal imbalance", "often have no clear cause"),
        ("/causes/charley-horse/", "blood trapped", "In the US it is called a charley horse"),
    ],
)
def test_each_seed_error_is_corrected_at_its_source_with_no_note_beside_it(
    reader, text, path, seed, corrected
):
    response = reader.get(path)
    reading = text(response)
    assert seed not in reading
    assert corrected in reading
    assert 'class="clinical-note"' not in response.content.decode()
    assert "Clinical note" not in reading


def test_a_fresh_install_has_no_clinical_notes():
    """The starting content's notes joined the corrected text: nothing is labelled "clinical
    note" that no clinician saw."""
    assert not ClinicalNote.objects.exists()


def add_note(make_editor, about, body):
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    from django.contrib.contenttypes.models import ContentType

    response = client.post(
        "/admin/articles/clinicalnote/add/",
        {
            "title": "Gentle pressure",
            "slug": "gentle-pressure",
            "about": f"{ContentType.objects.get_for_model(about).pk}:{about.pk}",
            "quote": "",
            "body": body,
            "sources": "",
            "is_published": "on",
            "position": "9",
            "loaded_version": "",
            "articles-editornote-content_type-object_id-TOTAL_FORMS": "0",
            "articles-editornote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return client, ClinicalNote.objects.get(slug="gentle-pressure")


def test_a_note_readers_see_says_which_clinical_reviewer_approved_it_and_when(
    make_editor, reader, text, publish
):
    step = MassageStep.objects.get(slug="knead-the-calf")
    _, note = add_note(make_editor, step, "Press gently.")
    publish(note)
    reading = text(reader.get("/massage/knead-the-calf/"))
    assert "Clinical note" in reading and "Press gently." in reading
    live = workflow.live_revision(note)
    assert live.reviewed_by is not None
    assert f"Approved by a clinical reviewer, {live.reviewed_on:%-d %B %Y}" in reading


def test_a_live_note_no_clinician_approved_never_reaches_readers(make_editor, reader, text):
    """As the starting content's notes were loaded before this change: live, never reviewed."""
    from django.contrib.contenttypes.models import ContentType

    step = MassageStep.objects.get(slug="knead-the-calf")
    note = ClinicalNote.objects.create(
        title="Gentle pressure",
        slug="gentle-pressure",
        about_type=ContentType.objects.get_for_model(step),
        about_id=step.pk,
        body="Press gently.",
        position=9,
    )
    workflow.ensure_baseline(note)
    assert note.is_published and workflow.live_revision(note).reviewed_by is None
    assert "Press gently." not in text(reader.get("/massage/knead-the-calf/"))
    # Staff see it, and that readers do not.
    client = Client()
    client.force_login(make_editor("ann", "Ann", "Author"))
    staff_view = text(client.get("/massage/knead-the-calf/"))
    assert "Press gently." in staff_view
    assert "readers cannot see this" in staff_view


def test_a_clinical_note_change_is_clinical_and_readers_see_it_only_once_published(
    make_editor, reader, text, publish
):
    client, note = add_note(make_editor, Cause.objects.get(slug="charley-horse"), "A first note.")
    publish(note)
    save_in_admin(client, note, body="Leg cramp is the UK name for a charley horse.")
    draft = workflow.pending(note)
    assert workflow.is_clinical(draft)
    assert "Leg cramp is the UK name" not in text(reader.get("/causes/charley-horse/"))
    publish(note)
    assert "Leg cramp is the UK name" in text(reader.get("/causes/charley-horse/"))


def test_an_editor_adds_a_note_about_an_item_chosen_by_name(make_editor, publish, reader, text):
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    form = client.get("/admin/articles/clinicalnote/add/").content.decode()
    assert "Massage step: Knead the calf" in form
    step = MassageStep.objects.get(slug="knead-the-calf")
    ann.delete()
    _, note = add_note(make_editor, step, "Press gently.")
    assert note.about == step
    publish(note)
    assert "Press gently." in text(reader.get("/massage/knead-the-calf/"))


def test_the_seeds_errors_are_corrected_in_version_2_and_version_1_keeps_its_words(reader, text):
    note = AftercareNote.objects.get(slug="arnica-gel-or-sports-cream")
    first, second = workflow.revisions_of(note).order_by("number")[:2]
    assert first.content["body"].startswith("If you calf continues")
    assert second.content["body"].startswith("If your calf is still sore")
    assert second.status == "published" and second.change_note.startswith("We corrected a typo")
    guide = Guide.load()
    assert "get out of bed" in guide.introduction
    assert "get out bed" in workflow.revisions_of(guide).get(number=1).content["introduction"]
    step = MassageStep.objects.get(slug="stroke-upward-from-the-ankle")
    assert "back of your thigh" in workflow.revisions_of(step).get(number=1).content["instruction"]
    reading = text(reader.get("/massage/"))
    assert "If your calf is still sore" in reading and "If you calf" not in reading


def test_every_page_shows_its_recent_change_notes(reader, text):
    reading = text(reader.get("/"))
    assert "Recent changes to this page" in reading
    assert "We corrected" in reading
    # A cause page shows only its own changes: the DVT page its correction, posture none.
    assert "We corrected who is more likely to get a blood clot" in text(
        reader.get("/causes/deep-vein-thrombosis/")
    )
    assert "Recent changes to this page" not in text(reader.get("/causes/incorrect-posture/"))


def test_a_published_change_note_shows_on_its_page_and_on_changes(
    make_editor, publish, reader, text
):
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    cause = Cause.objects.get(slug="dehydration")
    save_in_admin(client, cause, summary="Not drinking enough can make your calf sore.")
    publish(cause, change_note="Added a plainer summary")
    assert "Added a plainer summary" in text(reader.get("/causes/dehydration/"))
    changes = reader.get("/changes/")
    assert changes.status_code == 200
    reading = text(changes)
    assert "Dehydration: Added a plainer summary" in reading
    assert 'href="/causes/dehydration/"' in changes.content.decode()


def test_the_changes_feed_is_atom_with_each_change(reader):
    response = reader.get("/changes/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and "We corrected “thigh” to “calf”" in body
    assert "No clinical reviewer has checked it." in body


def test_the_changes_page_never_claims_a_review_the_starting_content_did_not_have(reader, text):
    reading = text(reader.get("/changes/"))
    assert "Arnica gel or a sports cream: We corrected a typo" in reading
    assert (
        "Part of the guide as it was first put online. No clinical reviewer has checked it."
        in reading
    )
    assert "checked by a clinical reviewer" not in reading.lower()
    assert "approved this change" not in reading
    assert "seed" not in reading.lower()


def test_the_changes_page_says_a_reviewer_approved_a_change_only_when_one_did(
    make_editor, publish, reader, text
):
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    cause = Cause.objects.get(slug="dehydration")
    save_in_admin(client, cause, summary="Not drinking enough can make your calf sore.")
    publish(cause, change_note="Added a plainer summary")
    items = reader.get("/changes/").content.decode().split('class="change-list__item"')[1:]
    approved = [item for item in items if "Added a plainer summary" in item]
    assert len(approved) == 1
    assert "A clinical reviewer approved this change before it went live." in approved[0]
    others = [item for item in items if "Added a plainer summary" not in item]
    assert others and all("approved" not in item for item in others)


def test_a_change_published_without_review_says_so_until_a_reviewer_checks_it(
    admin_user, make_reviewer, reader, text
):
    cause = Cause.objects.get(slug="dehydration")
    cause.summary = "Fixed a broken link."
    draft = workflow.save_draft(cause, admin_user)
    workflow.publish_unreviewed(draft, admin_user, "A link was broken", "Fixed a link")
    reading = text(reader.get("/changes/"))
    assert "Dehydration: Fixed a link Published without a clinical review." in reading
    workflow.record_review(Cause.objects.get(pk=cause.pk), make_reviewer())
    reading = text(reader.get("/changes/"))
    after = "Dehydration: Fixed a link Published before its clinical review. A clinical reviewer"
    assert after in reading
