"""The seed article arrives whole through load_initial_content: its own words are each item's
version 1, and readers see version 2 where content/corrected/ corrects it."""

import pytest
from django.core.management import call_command

from articles.models import AftercareNote, Cause, Guide, MassageStep
from publishing import workflow

pytestmark = pytest.mark.django_db


def seed(item):
    """The item's version 1: the seed's words, as they were given."""
    return workflow.revisions_of(item).get(number=1).content


def test_guide_text_is_loaded():
    guide = Guide.objects.get()
    assert guide.introduction.startswith("Nearly everyone who walks or runs for exercise")
    assert "even climbing the stairs can be an ordeal" in guide.introduction
    assert "severe pain can be a sign of a serious problem" in guide.causes_intro
    assert guide.massage_intro.startswith("Massage can be the most effective way")
    assert "Massage is not safe for every sore calf." in guide.massage_intro
    assert "a dreaded ordeal" in seed(guide)["introduction"]
    assert seed(guide)["massage_intro"].startswith("The most effective way to relieve")


def test_every_cause_is_loaded_in_order():
    assert list(Cause.objects.values_list("title", flat=True)) == [
        "Incorrect posture",
        "Dehydration",
        "Hyperpronation",
        "Leg cramp (charley horse)",
        "Deep vein thrombosis (DVT)",
    ]
    assert seed(Cause.objects.get(slug="charley-horse"))["title"] == "Charley horse"
    assert Cause.objects.get(slug="deep-vein-thrombosis").is_urgent
    assert Cause.objects.filter(severity="urgent").count() == 1


def test_every_step_keeps_the_seeds_instruction_text():
    steps = list(MassageStep.objects.all())
    assert [step.slug for step in steps] == [
        "bare-the-leg",
        "stroke-upward-from-the-ankle",
        "knead-the-calf",
        "shake-out-the-calf",
        "find-the-knots",
        "work-the-sore-spots",
    ]
    assert steps[0].instruction.startswith("Remove any socks, shoes, etc")
    # The seed's slip stays in version 1; readers see it corrected (red-flags.md).
    assert (
        "on the back of your thigh upward in a stroking position" in (seed(steps[1])["instruction"])
    )
    assert "on the back of your calf, and stroke upward" in steps[1].instruction
    assert steps[1].repetitions == "10 to 12 times"
    assert steps[2].duration == "a few minutes"
    # The seed gives no number of seconds: the starting content sets no countdown.
    assert [step.target_seconds for step in steps] == [None] * 6
    assert steps[5].instruction.endswith("to loosen up the muscle.")


def test_every_aftercare_sentence_is_loaded():
    notes = list(AftercareNote.objects.all())
    assert [note.is_caution for note in notes] == [False, True]
    assert "consider applying Arnica Gel or a sports cream" in seed(notes[0])["body"]
    assert "you could try arnica gel or a sports cream" in notes[0].body
    assert "Ask a pharmacist" in notes[0].body
    assert (
        "menthol or heat activated, never apply directly after showering"
        in (seed(notes[1])["body"])
    )
    assert "skin that is still warm or damp" in notes[1].body


def test_rerunning_the_seed_never_overwrites_an_editors_work():
    MassageStep.objects.filter(slug="knead-the-calf").update(title="Knead gently", position=9)
    Guide.objects.update(title="Edited title")
    call_command("load_initial_content", verbosity=0)
    assert MassageStep.objects.get(slug="knead-the-calf").title == "Knead gently"
    assert MassageStep.objects.get(slug="knead-the-calf").position == 9
    assert Guide.objects.get().title == "Edited title"
    assert MassageStep.objects.count() == 6
