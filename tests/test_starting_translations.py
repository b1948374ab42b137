"""The starting translations of the highest-stakes text, the blood clot warning and the two care
cards, into Welsh, Polish and Arabic: loaded from content/<language>/ by the same loader as the
English, published as the English starting content is, and on record as checked by no
clinician (readers are told so), until a reviewer who reads the language reviews them."""

import re
import unicodedata

import pytest
from django.core.management import call_command

from articles.initial_content import CONTENT_DIR
from articles.models import Guide, SafetyText
from publishing import workflow
from publishing.changes import SignOff, sign_off
from translations.fallback import for_reader
from translations.models import Translation

pytestmark = pytest.mark.django_db

LANGUAGES = ["cy", "pl", "ar"]
WARNING = ["warning_heading", "warning_urgent", "warning_emergency"]
CARDS = [SafetyText.Kind.URGENT_CARD, SafetyText.Kind.EMERGENCY_CARD]


def safety_items():
    return [(Guide.load(), WARNING)] + [(SafetyText.load(kind), None) for kind in CARDS]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_warning_and_both_care_cards_are_shown_translated_and_up_to_date(language):
    for item, boxes in safety_items():
        shown = for_reader(item, language, boxes=boxes)
        assert shown.state == "up to date", (item, language)
        assert shown.translation and shown.english is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_starting_translations_are_on_record_as_checked_by_no_clinician(language):
    for item, boxes in safety_items():
        shown = for_reader(item, language, boxes=boxes)
        assert not shown.checked_by_clinician
        translation = Translation.objects.get(
            content_type__model=item._meta.model_name, object_id=item.pk, language=language
        )
        live = workflow.live_revision(translation)
        assert live.published_without_review
        assert sign_off(live) == SignOff.FIRST_VERSION


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_numbers_stay_the_uks_in_western_digits(language):
    for item, boxes in safety_items():
        english = for_reader(item, "en", boxes=boxes).english
        translation = for_reader(item, language, boxes=boxes).translation
        for box, text in translation.items():
            for number in re.findall(r"\d+", english[box]):
                assert number in text, (item, box, number)
            if "A&E" in english[box]:
                assert "A&E" in text, (item, box)
            digits = {c for c in text if unicodedata.category(c) == "Nd"}
            assert digits <= set("0123456789"), (item, box, digits)


def test_nothing_else_is_translated_at_the_start():
    assert not Translation.objects.exclude(content_type__model__in=["guide", "safetytext"]).exists()
    kinds = set(
        SafetyText.objects.filter(
            pk__in=Translation.objects.filter(content_type__model="safetytext").values("object_id")
        ).values_list("kind", flat=True)
    )
    assert kinds == set(CARDS)


def test_every_language_folder_has_the_warning_and_both_cards():
    for language in LANGUAGES:
        folder = CONTENT_DIR / language
        assert (folder / "guide.md").exists()
        for kind in CARDS:
            assert (folder / "safety-texts" / f"{kind}.md").exists()


def test_loading_again_adds_no_translation_and_no_version(capsys):
    before = list(Translation.objects.order_by("pk").values())
    call_command("load_initial_content")
    assert list(Translation.objects.order_by("pk").values()) == before


def test_a_translation_an_editor_deleted_stays_deleted():
    Translation.objects.filter(language="pl").delete()
    call_command("load_initial_content", verbosity=0)
    assert not Translation.objects.filter(language="pl").exists()
