"""The review line at the foot of every public page: when everything on the page was last
checked by a clinician, who checked it (their profession; their name only if they agreed), or,
plainly, that the page has not been checked yet. The JSON-LD says the same."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from articles.models import CONTENT_MODELS, Cause, ClinicalNote, Guide, SafetyText
from publishing import workflow
from publishing.models import ReviewerProfile
from tests.test_queries import PAGES
from tests.test_sharing import read

pytestmark = pytest.mark.django_db

# Every kind of public page, as the query-count test lists them.
NOT_REVIEWED = "This page has not yet been reviewed by a clinician."


def review_everything(reviewer, last=date(2026, 12, 1), due=date(2027, 6, 1)):
    for model in CONTENT_MODELS:
        model.objects.update(last_reviewed=last, next_review_due=due, reviewed_by=reviewer)


@pytest.fixture
def physio(make_reviewer):
    reviewer = make_reviewer("amina", "Amina", "Shah")
    ReviewerProfile.objects.create(user=reviewer, role="Physiotherapist")
    return reviewer


@pytest.mark.parametrize("path", PAGES)
def test_a_fresh_install_says_plainly_that_no_clinician_has_reviewed_the_page(reader, text, path):
    reading = text(reader.get(path))
    assert NOT_REVIEWED in reading
    assert "Page last reviewed" not in reading


@pytest.mark.parametrize("path", PAGES)
def test_a_reviewed_page_shows_its_dates_and_the_reviewers_profession(reader, text, physio, path):
    review_everything(physio)
    reading = text(reader.get(path))
    assert (
        "Page last reviewed: 1 December 2026 Next review due: 1 June 2027 "
        "Reviewed by a physiotherapist" in reading
    )
    assert NOT_REVIEWED not in reading
    assert "Amina" not in reading, "no name without their consent"


def test_a_reviewer_who_agreed_is_named_with_their_profession(reader, text, physio):
    ReviewerProfile.objects.filter(user=physio).update(show_name=True, public_name="Dr Amina Shah")
    review_everything(physio)
    assert "Reviewed by Dr Amina Shah, physiotherapist" in text(reader.get("/massage/"))


def test_a_reviewer_with_no_profile_is_a_clinical_reviewer(reader, text, make_reviewer):
    review_everything(make_reviewer())
    assert "Reviewed by a clinical reviewer" in text(reader.get("/causes/"))


def test_an_acronym_profession_keeps_its_capitals_and_article(reader, text, make_reviewer):
    reviewer = make_reviewer()
    ReviewerProfile.objects.create(user=reviewer, role="GP")
    review_everything(reviewer)
    assert "Reviewed by a GP" in text(reader.get("/causes/"))


def test_two_reviewers_on_one_page_are_both_named(reader, text, physio, make_reviewer):
    review_everything(physio)
    gp = make_reviewer("gita", "Gita", "Patel")
    ReviewerProfile.objects.create(user=gp, role="GP")
    Cause.objects.filter(slug="dehydration").update(reviewed_by=gp)
    assert "Reviewed by a physiotherapist and a GP" in text(reader.get("/causes/"))
    assert "Reviewed by a physiotherapist and" not in text(reader.get("/massage/"))


def test_the_oldest_review_on_the_page_counts_safety_texts_included(reader, text, physio):
    review_everything(physio)
    SafetyText.objects.filter(kind=SafetyText.Kind.CRAMP_OR_CLOT).update(
        last_reviewed=date(2026, 2, 3), next_review_due=date(2027, 2, 3)
    )
    assert "Page last reviewed: 3 February 2026" in text(reader.get("/cramp-or-clot/"))
    assert "Page last reviewed: 1 December 2026" in text(reader.get("/causes/"))


@pytest.mark.parametrize(
    "kind, path",
    [
        ("cramp-or-clot", "/cramp-or-clot/"),
        ("emergency-card", "/cramp-or-clot/"),
        ("urgent-card", "/causes/deep-vein-thrombosis/"),
        ("urgent-card", "/massage/"),
        # The notice is in full on step 1 and the routine's page; later steps link to it.
        ("do-not-massage", "/massage/bare-the-leg/"),
        ("do-not-massage", "/massage/"),
    ],
)
def test_an_unreviewed_safety_text_leaves_the_page_unreviewed(reader, text, physio, kind, path):
    review_everything(physio)
    SafetyText.objects.filter(kind=kind).update(
        last_reviewed=None, next_review_due=None, reviewed_by=None
    )
    assert NOT_REVIEWED in text(reader.get(path))


def test_a_page_without_care_cards_does_not_wait_for_their_review(reader, text, physio):
    review_everything(physio)
    SafetyText.objects.filter(kind=SafetyText.Kind.URGENT_CARD).update(last_reviewed=None)
    assert "Page last reviewed: 1 December 2026" in text(reader.get("/causes/dehydration/"))


def test_a_later_step_does_not_wait_for_the_review_of_the_notice_it_only_links_to(
    reader, text, physio
):
    review_everything(physio)
    SafetyText.objects.filter(kind=SafetyText.Kind.DO_NOT_MASSAGE).update(last_reviewed=None)
    assert "Page last reviewed: 1 December 2026" in text(reader.get("/massage/knead-the-calf/"))
    assert NOT_REVIEWED in text(reader.get("/massage/bare-the-leg/"))


def test_a_clinical_note_no_clinician_approved_is_not_on_the_page_nor_in_its_review(
    reader, text, physio
):
    """Readers never see a note a clinical reviewer has not approved (articles.clinical_notes),
    so it cannot make the page they see unreviewed, nor pass for part of its review."""
    review_everything(physio)
    dvt = Cause.objects.get(slug="deep-vein-thrombosis")
    ClinicalNote.objects.create(
        title="Who is more likely to get a clot",
        slug="who-gets-clots",
        about_type=ContentType.objects.get_for_model(Cause),
        about_id=dvt.pk,
        body="Clots are more likely after an operation.",
    )
    reading = text(reader.get("/causes/deep-vein-thrombosis/"))
    assert "Clots are more likely after an operation." not in reading
    assert "Page last reviewed" in reading
    assert "Page last reviewed" in text(reader.get("/causes/dehydration/"))


def test_a_review_recorded_in_the_workflow_shows_on_the_page(reader, text, physio):
    review_everything(physio)
    guide = Guide.load()
    Guide.objects.update(last_reviewed=None, next_review_due=None, reviewed_by=None)
    assert NOT_REVIEWED in text(reader.get("/causes/"))
    workflow.record_review(guide, physio, next_review_due=date(2027, 3, 1))
    reading = text(reader.get("/causes/"))
    assert "Next review due: 1 March 2027" in reading
    assert "Reviewed by a physiotherapist" in reading


def test_json_ld_names_the_review_the_footer_shows(client, physio):
    review_everything(physio)
    (data,) = read(client.get("/massage/")).json_ld
    assert data["lastReviewed"] == "2026-12-01"
    assert data["reviewedBy"] == [{"@type": "Person", "jobTitle": "Physiotherapist"}]
    ReviewerProfile.objects.filter(user=physio).update(show_name=True, public_name="Dr Amina Shah")
    (data,) = read(client.get("/massage/")).json_ld
    assert data["reviewedBy"] == [
        {"@type": "Person", "jobTitle": "Physiotherapist", "name": "Dr Amina Shah"}
    ]


def test_json_ld_of_an_unreviewed_page_claims_no_review(client, physio):
    review_everything(physio)
    SafetyText.objects.filter(kind="do-not-massage").update(last_reviewed=None)
    (data,) = read(client.get("/massage/bare-the-leg/")).json_ld
    assert "lastReviewed" not in data and "reviewedBy" not in data


@pytest.mark.parametrize("path", ["/no-such-page/", "/test-only/fail/"])
def test_error_pages_make_no_claim_about_review(client, text, path, settings):
    settings.ROOT_URLCONF = "tests.failing_urls"
    client.raise_request_exception = False
    reading = text(client.get(path))
    assert "Page last reviewed" not in reading
    assert NOT_REVIEWED not in reading


def test_an_admin_can_record_a_reviewers_profession_and_consent(admin_client, physio):
    response = admin_client.get("/admin/publishing/reviewerprofile/")
    assert response.status_code == 200
    assert "Physiotherapist" in response.content.decode()
    assert admin_client.get("/admin/publishing/reviewerprofile/add/").status_code == 200


def test_a_reviewed_page_costs_one_query_more_however_many_reviewers(client, physio, make_reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    unreviewed = count()
    review_everything(physio)
    assert count() == unreviewed + 1
    for number, cause in enumerate(Cause.objects.all()):
        Cause.objects.filter(pk=cause.pk).update(reviewed_by=make_reviewer(f"reviewer{number}"))
    assert count() == unreviewed + 1
