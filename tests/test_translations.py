"""A translation is content: each item's translation into a language is a version in the same
workflow as the English (draft, review, approval, change note, audit log), approved only by a
clinical reviewer who reads that language, and it records the English it was translated from,
so its status is missing, up to date, or outdated since the English changed."""

import re

import pytest
from django.conf import settings
from django.utils.translation import get_language_bidi, override

from articles.models import Cause
from publishing import transitions, workflow
from publishing.models import AuditEvent, Revision
from tests.translation_steps import reviewer_reading, submitted, translated, translator
from translations import status
from translations.models import Translation

pytestmark = pytest.mark.django_db

WELSH_DEHYDRATION = {"title": "Diffyg hylif", "summary": "Crynodeb yn Gymraeg."}
TRANSLATED = list(WELSH_DEHYDRATION)


@pytest.fixture
def dehydration():
    return Cause.objects.get(slug="dehydration")


@pytest.fixture
def tomos(django_user_model):
    return translator(django_user_model)


@pytest.fixture
def welsh_reviewer(django_user_model):
    return reviewer_reading(django_user_model, "gwen", "cy")


@pytest.fixture
def polish_reviewer(django_user_model):
    return reviewer_reading(django_user_model, "piotr", "pl")


# The languages ---------------------------------------------------------------------------------


def test_the_site_knows_english_welsh_polish_and_arabic_and_that_arabic_reads_right_to_left():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "cy", "pl", "ar"]
    with override("ar"):
        assert get_language_bidi()
    with override("cy"):
        assert not get_language_bidi()


def test_a_welsh_browser_still_gets_the_english_pages_at_their_addresses(client):
    english = client.get("/causes/dehydration/")
    welsh_browser = client.get("/causes/dehydration/", HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5")
    assert welsh_browser.status_code == 200
    assert welsh_browser.content == english.content
    assert "Accept-Language" not in welsh_browser.get("Vary", "")


# A version in the workflow ---------------------------------------------------------------------


def test_a_translation_is_a_draft_until_reviewed_and_readers_see_no_translation(dehydration, tomos):
    revision = submitted(dehydration, "cy", WELSH_DEHYDRATION, tomos)
    assert revision.status == Revision.Status.IN_REVIEW
    assert revision.change_note == "Translated the page"
    assert status.status_of(dehydration, "cy").state == status.MISSING
    actions = set(
        AuditEvent.objects.filter(content_type__model="translation").values_list(
            "action", flat=True
        )
    )
    assert {AuditEvent.Action.DRAFT_SAVED, AuditEvent.Action.SUBMITTED} <= actions


def test_the_audit_log_names_the_translation_by_its_language_and_item(dehydration, tomos):
    submitted(dehydration, "cy", WELSH_DEHYDRATION, tomos)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SUBMITTED).first()
    assert event.item_label == "Welsh translation of “Dehydration”"


def test_a_translation_records_the_english_version_it_was_translated_from(
    dehydration, tomos, welsh_reviewer
):
    english_version = workflow.live_revision(dehydration).number
    translated(dehydration, "cy", WELSH_DEHYDRATION, tomos, welsh_reviewer)
    translation = Translation.objects.of(dehydration, "cy").get()
    assert translation.source_version == english_version
    assert translation.source["title"] == "Dehydration"
    assert translation.boxes["title"] == "Diffyg hylif"
    assert status.status_of(dehydration, "cy", boxes=TRANSLATED).state == status.UP_TO_DATE


def test_changing_the_english_makes_its_translation_outdated(
    dehydration, tomos, welsh_reviewer, publish
):
    translated(dehydration, "cy", WELSH_DEHYDRATION, tomos, welsh_reviewer)
    dehydration.summary = "A new English summary."
    workflow.save_draft(dehydration, tomos)
    # A draft of the English changes nothing readers see, so nothing is outdated yet.
    as_readers_see_it = Cause.objects.get(pk=dehydration.pk)
    assert status.status_of(as_readers_see_it, "cy", boxes=TRANSLATED).state == status.UP_TO_DATE
    publish(dehydration)
    as_readers_see_it = Cause.objects.get(pk=dehydration.pk)
    assert status.status_of(as_readers_see_it, "cy").state == status.OUTDATED
    # Only what changed is outdated: the title still says what the English title says.
    assert status.status_of(as_readers_see_it, "cy", boxes=["title"]).state == status.UP_TO_DATE


def test_a_translation_of_some_boxes_is_missing_the_rest(dehydration, tomos, welsh_reviewer):
    translated(dehydration, "cy", {"title": "Diffyg hylif"}, tomos, welsh_reviewer)
    found = status.status_of(dehydration, "cy")
    assert found.state == status.MISSING
    assert found.translated == 1 and found.total > 1


def test_every_translation_is_clinical_so_it_is_never_published_without_review(
    dehydration, tomos, django_user_model
):
    boss = django_user_model.objects.create_superuser("boss", password="pw")
    revision = submitted(dehydration, "cy", WELSH_DEHYDRATION, tomos)
    with pytest.raises(transitions.WorkflowError, match="clinical reviewer"):
        workflow.publish_unreviewed(revision, boss, "urgent", change_note="Welsh")


# Who approves ----------------------------------------------------------------------------------


def test_a_reviewer_who_does_not_read_welsh_cannot_approve_a_welsh_translation(
    dehydration, tomos, polish_reviewer
):
    revision = submitted(dehydration, "cy", WELSH_DEHYDRATION, tomos)
    with pytest.raises(transitions.WorkflowError) as refused:
        workflow.approve(revision, polish_reviewer)
    assert str(refused.value) == (
        "This is the Welsh translation: only a clinical reviewer who reads Welsh can approve "
        "or reject it, or record its review. If you read Welsh, ask whoever manages reviewers "
        "to add it to the languages on your reviewer profile."
    )
    assert "approve" not in transitions.offered(revision, polish_reviewer)


def test_a_reviewer_with_no_profile_cannot_approve_a_translation(dehydration, tomos, make_reviewer):
    revision = submitted(dehydration, "pl", {"title": "Odwodnienie"}, tomos)
    with pytest.raises(transitions.WorkflowError, match="reads Polish"):
        workflow.reject(revision, make_reviewer("nolang"), "No")


def test_a_reviewer_who_reads_welsh_approves_and_it_goes_live(dehydration, tomos, welsh_reviewer):
    revision = submitted(dehydration, "cy", WELSH_DEHYDRATION, tomos)
    assert "approve" in transitions.offered(revision, welsh_reviewer)
    workflow.approve(revision, welsh_reviewer)
    revision.refresh_from_db()
    workflow.publish(revision, welsh_reviewer)
    translation = Translation.objects.of(dehydration, "cy").get()
    assert translation.is_published
    assert translation.reviewed_by == welsh_reviewer


def test_the_translator_cannot_approve_their_own_translation_even_reading_the_language(
    dehydration, django_user_model
):
    both = reviewer_reading(django_user_model, "bilingual", "cy")
    revision = submitted(dehydration, "cy", WELSH_DEHYDRATION, both)
    with pytest.raises(transitions.WorkflowError, match="nobody approves their own work"):
        workflow.approve(revision, both)


def test_english_versions_need_no_language_on_the_reviewers_profile(
    dehydration, tomos, polish_reviewer
):
    dehydration.summary = "A new English summary."
    draft = workflow.save_draft(dehydration, tomos)
    workflow.submit(draft, tomos, "Clearer summary")
    assert workflow.approve(draft, polish_reviewer).status == Revision.Status.APPROVED


def test_recording_a_review_of_a_live_translation_needs_the_language_too(
    dehydration, tomos, welsh_reviewer, polish_reviewer
):
    translated(dehydration, "cy", WELSH_DEHYDRATION, tomos, welsh_reviewer)
    translation = Translation.objects.of(dehydration, "cy").get()
    with pytest.raises(transitions.WorkflowError, match="reads Welsh"):
        workflow.record_review(translation, polish_reviewer)


def test_only_reviewers_who_read_the_language_are_emailed_to_review_it(
    smtp_server,
    dehydration,
    tomos,
    welsh_reviewer,
    polish_reviewer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = submitted(dehydration, "cy", WELSH_DEHYDRATION, tomos)
    assert [r for m in smtp_server.messages for r in m.recipients] == [welsh_reviewer.email]
    (email,) = smtp_server.to(welsh_reviewer.email)
    # (The test server's decoding of a subject with “quotes” starts it with a space.)
    assert email.subject.strip() == (
        f"For review: Welsh translation of “Dehydration” (version {revision.number})"
    )
    assert (
        f"version {revision.number} of the Welsh translation of “Dehydration” for clinical review"
        in email.body
    )


# In the admin -----------------------------------------------------------------------------------


def approve_button(client, translation):
    page = client.get(f"/admin/translations/translation/{translation.pk}/change/")
    assert page.status_code == 200
    return 'name="action" value="approve"' in page.content.decode()


def test_the_translations_page_offers_approval_only_to_a_reviewer_who_reads_it(
    client, dehydration, tomos, welsh_reviewer, polish_reviewer
):
    submitted(dehydration, "cy", WELSH_DEHYDRATION, tomos)
    translation = Translation.objects.of(dehydration, "cy").get()
    client.force_login(polish_reviewer)
    assert not approve_button(client, translation)
    client.force_login(welsh_reviewer)
    assert approve_button(client, translation)


def test_the_reviewer_profile_says_which_languages_they_read(admin_client, welsh_reviewer):
    profile = welsh_reviewer.reviewer_profile
    page = admin_client.get(f"/admin/publishing/reviewerprofile/{profile.pk}/change/")
    text = page.content.decode()
    assert "Languages they read besides English" in text
    ticked = re.findall(r'name="languages" value="(\w+)"[^>]* checked>', text)
    assert ticked == ["cy"]
    response = admin_client.post(
        f"/admin/publishing/reviewerprofile/{profile.pk}/change/",
        {"user": welsh_reviewer.pk, "role": "GP", "languages": ["cy", "ar"], "public_name": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile.refresh_from_db()
    assert profile.languages == ["cy", "ar"]
