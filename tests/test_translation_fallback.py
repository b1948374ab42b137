"""What a reader of Welsh, Polish or Arabic is shown of an item (translations.fallback): the
approved, up-to-date translation; otherwise the current English, marked "not translated yet".
An outdated translation is never shown alone, and the warning and the care cards are never
missing: when theirs is missing or outdated the reader gets the English beside it."""

import pytest

from articles.models import Cause, Guide, SafetyText
from articles.warning import DvtWarning
from publishing import workflow
from tests.translation_steps import reviewer_reading, submitted, translated, translator
from translations.fallback import for_reader
from translations.models import Translation

pytestmark = pytest.mark.django_db

WARNING = ["warning_heading", "warning_urgent", "warning_emergency"]
WELSH_WARNING = {
    "warning_heading": "Gallai fod yn glot gwaed?",
    "warning_urgent": "Os oes gan eich coes chwydd, peidiwch â'i thylino. Cewch gyngor heddiw:",
    "warning_emergency": "Os oes gennych boen yn y frest hefyd, ffoniwch",
}


@pytest.fixture
def people(django_user_model):
    return translator(django_user_model), reviewer_reading(django_user_model, "gwen", "cy")


@pytest.fixture
def dehydration():
    return Cause.objects.get(slug="dehydration")


def english_warning():
    shown = DvtWarning.for_guide(Guide.load())
    return {
        "warning_heading": shown.heading,
        "warning_urgent": shown.urgent,
        "warning_emergency": shown.emergency,
    }


def change_the_english_warning(publish, author):
    guide = Guide.load()
    guide.warning_heading = "Could this be a blood clot?"
    workflow.save_draft(guide, author)
    publish(guide)


def test_english_readers_see_the_english(dehydration):
    shown = for_reader(dehydration, "en")
    assert shown.translation is None
    assert shown.english["title"] == "Dehydration"
    assert not shown.not_translated_yet


def test_an_up_to_date_approved_translation_is_shown_alone(dehydration, people):
    translated(dehydration, "cy", {"title": "Diffyg hylif", "summary": "Yn Gymraeg."}, *people)
    shown = for_reader(dehydration, "cy", boxes=["title", "summary"])
    assert shown.translation == {"title": "Diffyg hylif", "summary": "Yn Gymraeg."}
    assert shown.english is None
    assert not shown.not_translated_yet
    assert shown.checked_by_clinician


def test_a_missing_translation_shows_the_current_english_marked(dehydration):
    shown = for_reader(dehydration, "pl")
    assert shown.translation is None
    assert shown.english["title"] == "Dehydration"
    assert shown.not_translated_yet


def test_a_translation_still_in_review_is_not_shown(dehydration, people):
    submitted(dehydration, "cy", {"title": "Diffyg hylif"}, people[0])
    shown = for_reader(dehydration, "cy", boxes=["title"])
    assert shown.translation is None and shown.not_translated_yet


def test_an_outdated_translation_is_never_shown_alone(dehydration, people, publish):
    translated(dehydration, "cy", {"title": "Diffyg hylif", "summary": "Yn Gymraeg."}, *people)
    dehydration.summary = "A new English summary."
    workflow.save_draft(dehydration, people[0])
    publish(dehydration)
    shown = for_reader(dehydration, "cy", boxes=["title", "summary"])
    assert shown.translation is None
    assert shown.english["summary"] == "A new English summary."
    assert shown.not_translated_yet


def test_the_warning_with_an_up_to_date_translation_is_shown_in_welsh(people):
    translated(Guide.load(), "cy", WELSH_WARNING, *people)
    shown = for_reader(Guide.load(), "cy", boxes=WARNING)
    assert shown.translation == WELSH_WARNING
    assert shown.english is None


def test_an_outdated_warning_shows_the_translation_and_the_current_english_beside_it(
    people, publish
):
    translated(Guide.load(), "cy", WELSH_WARNING, *people)
    change_the_english_warning(publish, people[0])
    shown = for_reader(Guide.load(), "cy", boxes=WARNING)
    assert shown.translation == WELSH_WARNING
    assert shown.english == english_warning()
    assert shown.english["warning_heading"] == "Could this be a blood clot?"
    assert shown.english_beside
    assert shown.state == "outdated"


def test_a_missing_warning_translation_shows_the_english_warning(people):
    Translation.objects.filter(language="pl").delete()
    shown = for_reader(Guide.load(), "pl", boxes=WARNING)
    assert shown.translation is None
    assert shown.english == english_warning()
    assert shown.not_translated_yet


def test_an_outdated_care_card_keeps_its_translation_with_the_english_beside(settings):
    card = SafetyText.objects.get(kind=SafetyText.Kind.EMERGENCY_CARD)
    before = for_reader(card, "ar")
    assert before.state == "up to date" and before.english is None
    # The English card is built from the settings' numbers: a new number changes the English.
    settings.EMERGENCY_NUMBER = "112"
    shown = for_reader(card, "ar")
    assert shown.state == "outdated"
    assert shown.translation == before.translation
    assert shown.english["heading"] == "Call 112 or go to A&E now if:"


def test_an_outdated_cramp_or_clot_comparison_is_english_only(settings, people):
    comparison = SafetyText.objects.get(kind=SafetyText.Kind.CRAMP_OR_CLOT)
    translated(comparison, "cy", {"heading": "Cramp neu glot gwaed?"}, *people)
    comparison.heading = "Cramp or clot: how to tell"
    comparison.save()
    shown = for_reader(comparison, "cy", boxes=["heading"])
    assert shown.translation is None
    assert shown.english == {"heading": "Cramp or clot: how to tell"}
