"""One rule for "shows nothing" (publishing.visible_text), over generated Unicode, and where it
guards what readers see: the warning, the safety texts and every Markdown box."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.markdown import markdown_shows_words
from articles.models import Guide, SafetyText
from publishing import workflow
from publishing.history import differences
from publishing.visible_text import BLANK_LOOKING, INVISIBLE_CATEGORIES, shows_words
from tests.test_safety_texts import urgent_card
from tools.admin_forms import save_in_admin

# Every character that draws nothing: the invisible categories, and the fillers filed as letters.
blank_characters = st.one_of(
    st.characters(categories=sorted(INVISIBLE_CATEGORIES), exclude_characters="\x00"),
    st.sampled_from(sorted(BLANK_LOOKING)),
)
blank_texts = st.text(blank_characters, min_size=1, max_size=20)
# A letter or digit of any script, never one of the fillers.
word_characters = st.characters(categories=["L", "N"]).filter(lambda c: c not in BLANK_LOOKING)


@given(blank_texts)
def test_text_of_blank_looking_characters_alone_shows_no_words(text):
    assert not shows_words(text)
    assert not markdown_shows_words(text)


@given(st.lists(st.sampled_from(sorted(BLANK_LOOKING)) | blank_characters, min_size=1))
def test_the_same_characters_written_as_entities_show_no_words(characters):
    markdown = "".join(f"&#{ord(char)};" for char in characters)
    assert not markdown_shows_words(markdown)


@given(blank_texts, word_characters, blank_texts)
def test_one_letter_or_digit_among_blank_characters_shows_words(before, word, after):
    assert shows_words(before + word + after)


@given(st.text(st.characters(categories=["P", "S"]).filter(lambda c: c not in BLANK_LOOKING)))
def test_punctuation_and_symbols_alone_are_not_wording(text):
    assert not shows_words(text)


@pytest.mark.parametrize(
    "markdown",
    ["&#8203;", "<!-- comment -->", "**", "##", "- ", "&nbsp;", "&#x3164;", "<p>\u3164</p>"],
)
def test_markdown_that_renders_to_nothing_shows_no_words(markdown):
    assert not markdown_shows_words(markdown)


def test_a_picture_with_a_description_shows_words():
    assert markdown_shows_words("![Two hands on the calf](/media/calf.png)")


def test_every_filler_really_is_outside_the_invisible_categories():
    """BLANK_LOOKING lists only what a check of categories would let through as a letter or
    symbol (so the list stays short and each entry earns its place)."""
    for char in BLANK_LOOKING:
        assert unicodedata.category(char) not in INVISIBLE_CATEGORIES, hex(ord(char))


# Where the rule guards readers --------------------------------------------------------------

FILLERS = ["\u3164", "\u2800", "\u115f", "\u1160", "\uffa0", "\u3164\u200b\u2800"]


@pytest.mark.django_db
@pytest.mark.parametrize("filler", FILLERS)
def test_a_warning_of_blank_looking_characters_is_refused_in_the_admin(editor_client, filler):
    guide = Guide.objects.get()
    response = save_in_admin(editor_client, guide, warning_heading=filler)
    assert response.status_code == 200
    assert "no words readers would see" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("filler", FILLERS)
def test_a_warning_stored_as_blank_looking_characters_shows_the_built_in_wording(client, filler):
    Guide.objects.update(warning_heading=filler, warning_urgent=filler)
    page = client.get("/").content.decode()
    assert "Could it be a blood clot?" in page
    assert filler not in page


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["&#8203;", "<!-- comment -->", "\u3164", "&#x2800;"])
def test_a_safety_text_body_that_renders_to_nothing_is_refused_in_the_admin(editor_client, body):
    card = SafetyText.objects.get(kind=SafetyText.Kind.URGENT_CARD)
    response = save_in_admin(editor_client, card, body=body)
    assert response.status_code == 200
    assert "no words a reader would see" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["&#8203;", "<!-- comment -->", "\u3164"])
def test_a_care_card_stored_with_a_body_that_shows_nothing_keeps_its_built_in_signs(client, body):
    SafetyText.objects.filter(kind=SafetyText.Kind.URGENT_CARD).update(body=body)
    card = urgent_card(client.get("/causes/deep-vein-thrombosis/"))
    assert card.count("<li") >= 3, card


@pytest.mark.django_db
def test_a_safety_text_heading_of_blank_looking_characters_is_refused(editor_client):
    card = SafetyText.objects.get(kind=SafetyText.Kind.URGENT_CARD)
    response = save_in_admin(editor_client, card, heading="\u3164")
    assert response.status_code == 200
    assert "no words readers would see" in response.content.decode()


# What the reviewer compares ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_reviewer_reads_the_built_in_warning_wording_a_change_replaces(
    editor_client, make_reviewer, text
):
    """An empty warning box stands for the built-in wording: the comparison says so, rather
    than "(empty)", so the reviewer knows what readers are about to lose."""
    guide = Guide.objects.get()
    Guide.objects.filter(pk=guide.pk).update(warning_heading="")
    save_in_admin(editor_client, guide, warning_heading="Maybe a clot")
    draft = workflow.pending(guide)
    reviewer = make_reviewer()
    editor_client.force_login(reviewer)
    reading = text(
        editor_client.get(f"/admin/articles/guide/{guide.pk}/publishing/compare/{draft.number}/")
    )
    assert "(built-in wording) Could it be a blood clot?" in reading
    assert "Maybe a clot" in reading
    assert "(empty)" not in reading


@pytest.mark.django_db
def test_a_stored_box_of_fillers_reads_as_the_built_in_wording_readers_still_get():
    card = SafetyText.objects.get(kind=SafetyText.Kind.URGENT_CARD)
    then = SafetyText(kind=card.kind, heading="", body="")
    now = SafetyText(kind=card.kind, heading="\u3164", body="&#8203;")
    by_label = {difference.label: difference for difference in differences(then, now)}
    assert by_label["Heading"].now.startswith("(built-in wording) ")
    assert "\u3164" not in by_label["Heading"].now
    assert by_label["Heading"].sentence == (
        "Heading: readers still see the built-in wording (the box shows no words)"
    )
    assert by_label["Body"].now.startswith("(built-in wording) ")
