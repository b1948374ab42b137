"""Where the seed is doubtful or incomplete, readers see a marked clinical note beside its
words; the seed's slips are corrected in version 2 with a note; every page shows its recent
change notes, and /changes/ lists them all with an Atom feed."""

import pytest
from django.test import Client

from articles.models import AftercareNote, Cause, ClinicalNote, Guide, MassageStep
from publishing import workflow
from tools.admin_forms import save_in_admin

pytestmark = pytest.mark.django_db

FULLER_LIST = "have been still for a long time, such as bed rest or a long journey"


@pytest.mark.parametrize("path", ["/causes/deep-vein-thrombosis/", "/causes/", "/"])
def test_the_fuller_list_of_who_gets_clots_stands_beside_pulmonary_disease_or_cancer(
    reader, text, path
):
    reading = text(reader.get(path))
    note = reading.index("Clinical note: about “The most susceptible people")
    seed = reading.rindex("are victims of pulmonary disease or cancer.", 0, note)
    assert note - seed < 100, "the note comes right after the seed's sentence"
    assert FULLER_LIST in reading
    assert "are pregnant or had a baby in the last 6 weeks" in reading


@pytest.mark.parametrize(
    "path, quote, correction",
    [
        ("/massage/stroke-upward-from-the-ankle/", "back of your thigh", "not your thigh"),
        ("/massage/", "back of your thigh", "not your thigh"),
        ("/", "cool off and close", "Pores do not open and close with heat"),
        ("/causes/charley-horse/", "Charley horse", "In the UK it is called a leg cramp"),
    ],
)
def test_each_doubtful_seed_claim_has_its_clinical_note(reader, text, path, quote, correction):
    reading = text(reader.get(path))
    note = reading.index("Clinical note: about “", reading.index(quote))
    assert reading.index(f"{quote}”", note) > note
    assert correction in reading


def test_clinical_notes_cite_their_sources_and_are_marked_in_the_html(reader):
    html = reader.get("/causes/deep-vein-thrombosis/").content.decode()
    assert '<aside class="clinical-note"' in html
    note = ClinicalNote.objects.get(slug="who-is-more-likely-to-get-a-clot")
    assert [s.publisher for s in note.source_list] == ["NHS", "NHS inform"]


def test_a_clinical_note_change_is_clinical_and_readers_see_it_only_once_published(
    make_editor, reader, text, publish
):
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    note = ClinicalNote.objects.get(slug="leg-cramp")
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
    step = MassageStep.objects.get(slug="knead-the-calf")
    assert "Massage step: Knead the calf" in form
    from django.contrib.contenttypes.models import ContentType

    type_id = ContentType.objects.get_for_model(MassageStep).pk
    response = client.post(
        "/admin/articles/clinicalnote/add/",
        {
            "title": "Gentle pressure",
            "slug": "gentle-pressure",
            "about": f"{type_id}:{step.pk}",
            "quote": "",
            "body": "Press gently.",
            "sources": "",
            "is_published": "on",
            "position": "9",
            "loaded_version": "",
            "articles-editornote-content_type-object_id-TOTAL_FORMS": "0",
            "articles-editornote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    note = ClinicalNote.objects.get(slug="gentle-pressure")
    assert note.about == step
    publish(note)
    assert "Press gently." in text(reader.get("/massage/knead-the-calf/"))


def test_the_seeds_slips_are_corrected_in_version_2_and_version_1_keeps_its_words(reader, text):
    note = AftercareNote.objects.get(slug="arnica-gel-or-sports-cream")
    first, second = workflow.revisions_of(note).order_by("number")[:2]
    assert first.content["body"].startswith("If you calf continues")
    assert second.content["body"].startswith("If your calf continues")
    assert second.status == "published" and "Corrected slips" in second.change_note
    guide = Guide.load()
    assert "get out of bed" in guide.introduction
    assert "get out bed" in workflow.revisions_of(guide).get(number=1).content["introduction"]
    reading = text(reader.get("/"))
    assert "If your calf continues" in reading and "If you calf" not in reading


def test_every_page_shows_its_recent_change_notes(reader, text):
    reading = text(reader.get("/"))
    assert "Recent changes to this page" in reading
    assert "Corrected slips in the English of the guide's first version" in reading
    # A cause page shows only its own changes.
    assert "Recent changes to this page" not in text(reader.get("/causes/dehydration/"))


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
    assert "<feed" in body and "Corrected slips in the English of the guide's first" in body
    assert "No clinical reviewer has checked it." in body


def test_the_changes_page_never_claims_a_review_the_starting_content_did_not_have(reader, text):
    reading = text(reader.get("/changes/"))
    assert "Arnica gel or a sports cream: Corrected slips" in reading
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
