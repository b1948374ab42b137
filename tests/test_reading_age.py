"""The site's own wording stays at a reading age of 9 to 11, and the editor's Markdown preview
shows the reading age of what they are writing."""

from importlib.metadata import version

import pytest
import textstat
from django.db import models

from articles.models import CONTENT_MODELS
from articles.reading_age import as_sentences, reading_age, text_blocks
from tests.site_pages import READER_PAGES, fetch

pytestmark = pytest.mark.django_db

PREVIEW = "/markdownx/markdownify/"
PROSE_WORDS = 4
PLAIN = (
    "Sit on the floor with your leg out in front of you. Rub the back of your calf. "
    "Start at the ankle and move up to the knee. Do this ten times."
)
# The seed's own sentence: long, with long words.
HARD = (
    "Quite a few people will unconsciously engage in an abnormal foot motion when they walk "
    "which is referred to as hyperpronation. This is characterized by rolling the foot inward "
    "which constantly places a strain on calf muscles that are trying to compensate."
)


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ed", password="pw", is_staff=True))
    return client


def test_the_preview_shows_the_reading_age_under_the_text(staff_client):
    html = staff_client.post(PREVIEW, {"content": PLAIN}).content.decode()
    assert html.index("<p>Sit on the floor") < html.index("Reading age about")
    age = round(reading_age(PLAIN))
    assert f"Reading age about {age} (aim for 9 to 11).</small></p>" in html
    assert "Try shorter sentences" not in html


def test_hard_text_gets_a_plain_hint(staff_client):
    html = staff_client.post(PREVIEW, {"content": HARD}).content.decode()
    assert reading_age(HARD) > 11
    assert "(aim for 9 to 11). Try shorter sentences and everyday words.</small></p>" in html


def test_the_preview_is_still_sanitised_with_the_estimate(staff_client):
    html = staff_client.post(
        PREVIEW, {"content": f"{PLAIN} <script>alert(1)</script> <img src=x onerror=alert(1)>"}
    ).content.decode()
    assert "<script" not in html
    assert "onerror" not in html
    assert "Reading age about" in html


def test_a_few_words_get_no_estimate(staff_client):
    response = staff_client.post(PREVIEW, {"content": "Rub the calf."})
    assert response.status_code == 200
    assert response.content.decode() == "<p>Rub the calf.</p>\n"


def test_readers_never_see_a_reading_age(client):
    for path in ("/", "/causes/", "/massage/", "/causes/deep-vein-thrombosis/"):
        assert "Reading age" not in client.get(path).content.decode()


def test_headings_and_list_items_count_as_sentences_of_their_own():
    blocks = text_blocks(
        "<h2>Before you start</h2><ul><li>Sit down</li><li>Bare the leg.</li></ul>"
        "<script>var long_words_here = 1;</script><p>Rub <a href='/'>the calf</a> gently.</p>"
    )
    assert blocks == ["Before you start", "Sit down", "Bare the leg.", "Rub the calf gently."]
    assert as_sentences(blocks) == (
        "Before you start. Sit down. Bare the leg. Rub the calf gently."
    )


def blank_the_content():
    """Every content box emptied: what is left on the pages is the site's own wording (the
    templates', and the built-in wording of the warning, the care cards and the notices)."""
    for model in CONTENT_MODELS:
        blank = {
            field.name: ""
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField)
            and not field.choices
        }
        model.objects.update(**blank)


def test_the_sites_own_wording_reads_at_11_or_under(client):
    blank_the_content()
    blocks = {}  # each block once: the warning is on every page, and is read once
    for page in READER_PAGES:
        response = fetch(page, client)
        assert response.status_code == page.status, page.name
        blocks.update(dict.fromkeys(text_blocks(response.content.decode())))
    # Sentences, not labels: "Yes", "Next step" or "Step 3:" would make it look easier than it is.
    text = as_sentences(block for block in blocks if len(block.split()) >= PROSE_WORDS)
    age = reading_age(text)
    print(
        f"\nReading age of the site's own wording: {age} (Flesch-Kincaid grade + 5, textstat "
        f"{version('textstat')}; {textstat.lexicon_count(text)} words in blocks of "
        f"{PROSE_WORDS} or more, from {len(READER_PAGES)} reader pages)"
    )
    assert age <= 11, text
