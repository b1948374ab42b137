"""Share cards, Open Graph tags, structured data, sitemap and robots: what chat apps and
crawlers read."""

import json
import re
from html.parser import HTMLParser

import pytest

from articles.models import Cause, MassageStep
from articles.page_meta import CLOT_WARNING, DESCRIPTION_LIMIT, SAFETY_CUE, URGENT_CUE
from articles.warning import URGENT_SIGNS

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


def read(response):
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def test_every_step_is_shared_as_itself(client):
    seen_titles = set()
    for number, step in enumerate(MassageStep.objects.all(), start=1):
        meta = read(client.get(step.get_absolute_url())).meta
        url = f"http://testserver/massage/{step.slug}/"
        assert meta["og:title"] == f"Step {number}: {step.title} – How to massage a sore calf"
        assert meta["og:description"] == f"Step {number} of 6. {CLOT_WARNING} {step.summary}"
        assert meta["og:url"] == url
        assert meta["og:type"] == "article"
        assert meta["og:site_name"] == "calfcare"
        assert meta["og:image"] == f"{url}card.png"
        assert meta["og:image:alt"] == f"Step {number} of 6: {step.title}"
        assert meta["twitter:card"] == "summary_large_image"
        seen_titles.add(meta["og:title"])
    assert len(seen_titles) == 6


def test_step_share_card_is_a_real_png(client):
    response = client.get("/massage/knead-the-calf/card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(response.content)) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def card_image(response):
    from io import BytesIO

    from PIL import Image

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    with Image.open(BytesIO(response.content)) as image:
        assert image.format == "PNG"
        return image.convert("RGB")


# Where a step card's picture panel sits (articles.share_cards): inside the centre square.
PANEL = (428, 130, 772, 388)


def rgb(colour):
    from PIL import Image

    return Image.new("RGB", (1, 1), colour).getpixel((0, 0))


def ink_pixels(image):
    """How many pixels of `image` are dark: the lines of a drawing, not the card's teal or
    white (the teal's brightest channel is 0x6b)."""
    return sum(1 for pixel in image.get_flattened_data() if max(pixel) < 0x60)


def test_every_step_card_shows_that_steps_drawing(client):
    from articles.share_cards import BRAND

    brand = rgb(BRAND)
    panels = {}
    for step in MassageStep.objects.published():
        card = card_image(client.get(f"/massage/{step.slug}/card.png"))
        assert card.size == (1200, 630)
        panel = card.crop(PANEL)
        # A white panel with the drawing's dark lines on it, where a card without a picture
        # has only the teal background.
        assert panel.getpixel((4, 129)) == (255, 255, 255) != brand
        assert ink_pixels(panel) > 2000, f"{step.slug}: no drawing on its card"
        panels[step.slug] = panel.tobytes()
    assert len(set(panels.values())) == len(panels), "two steps' cards show the same picture"


def test_a_step_without_a_picture_gets_a_card_without_one(client):
    from articles.share_cards import BRAND

    MassageStep.objects.filter(slug="knead-the-calf").update(drawing="", picture_alt="")
    card = card_image(client.get("/massage/knead-the-calf/card.png"))
    assert ink_pixels(card.crop(PANEL)) == 0
    assert card.getpixel((PANEL[0] + 4, PANEL[1] + 129)) == rgb(BRAND)


def test_an_uploaded_picture_replaces_the_drawing_on_the_card(client):
    from io import BytesIO

    from PIL import Image

    from articles.models import StepPicture

    before = card_image(client.get("/massage/knead-the-calf/card.png")).crop(PANEL)
    photo = BytesIO()
    Image.new("RGB", (400, 300), "#000000").save(photo, "PNG")
    picture = StepPicture.objects.create(
        data=photo.getvalue(), content_type="image/png", width=400, height=300, sha256="0" * 64
    )
    MassageStep.objects.filter(slug="knead-the-calf").update(picture=picture)
    after = card_image(client.get("/massage/knead-the-calf/card.png")).crop(PANEL)
    assert after.tobytes() != before.tobytes()
    # The black upload fills the panel's inside, as large as it fits.
    assert after.getpixel((172, 129)) == (0, 0, 0)


def test_share_card_changes_when_the_title_does(client):
    before = client.get("/massage/knead-the-calf/card.png").content
    MassageStep.objects.filter(slug="knead-the-calf").update(title="Knead the calf slowly")
    assert client.get("/massage/knead-the-calf/card.png").content != before


def test_share_card_of_a_draft_or_unknown_step_is_404(client):
    MassageStep.objects.filter(slug="knead-the-calf").update(is_published=False)
    assert client.get("/massage/knead-the-calf/card.png").status_code == 404
    assert client.get("/massage/nope/card.png").status_code == 404


@pytest.mark.parametrize("path", ["/", "/causes/", "/cramp-or-clot/", "/massage/"])
def test_every_page_has_a_share_card_that_answers(client, path):
    meta = read(client.get(path)).meta
    image_path = meta["og:image"].removeprefix("http://testserver")
    assert meta["og:image:alt"]
    assert client.get(image_path).status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/causes/", "/causes/dehydration/", "/cramp-or-clot/", "/massage/"]
)
def test_every_page_is_a_medical_web_page(client, path):
    response = client.get(path)
    (data,) = read(response).json_ld
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == f"http://testserver{path}"
    assert data["name"] in response.content.decode()


def test_massage_page_is_a_how_to_matching_the_visible_steps(client):
    response = client.get("/massage/")
    (data,) = read(response).json_ld
    how_to = data["mainEntity"]
    assert how_to["@type"] == "HowTo"
    steps = list(MassageStep.objects.all())
    assert [s["name"] for s in how_to["step"]] == [step.title for step in steps]
    assert [s["position"] for s in how_to["step"]] == list(range(1, 7))
    assert how_to["step"][2]["url"] == "http://testserver/massage/knead-the-calf/"
    html = response.content.decode()
    for how_to_step in how_to["step"]:
        assert how_to_step["text"] in html.replace("&#x27;", "'")


def test_step_page_carries_its_how_to_step(client):
    (data,) = read(client.get("/massage/knead-the-calf/")).json_ld
    step = data["mainEntity"]
    assert step["@type"] == "HowToStep"
    assert step["position"] == 3
    assert step["url"] == "http://testserver/massage/knead-the-calf/"
    assert step["text"].startswith("Rest the middle of your sore calf")


def test_dvt_page_carries_the_medical_condition_it_shows(client):
    response = client.get("/causes/deep-vein-thrombosis/")
    (data,) = read(response).json_ld
    condition = data["mainEntity"]
    assert condition["@type"] == "MedicalCondition"
    assert condition["alternateName"] == "DVT"
    signs = [sign["name"] for sign in condition["signOrSymptom"]]
    assert signs == list(URGENT_SIGNS)
    html = response.content.decode()
    for sign in signs:
        assert f"<li>{sign}</li>" in html
    assert condition["possibleComplication"].startswith("Pulmonary embolism")


def test_json_ld_cannot_be_broken_out_of_by_an_editor(client):
    MassageStep.objects.filter(slug="knead-the-calf").update(
        title="</script><script>alert(1)</script>"
    )
    html = client.get("/massage/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["mainEntity"]["step"][2]["name"].startswith("</script>")


def test_sitemap_lists_every_published_page_with_lastmod(client):
    MassageStep.objects.filter(slug="find-the-knots").update(is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert "http://testserver/" in locations
    assert "http://testserver/cramp-or-clot/" in locations
    assert "http://testserver/causes/deep-vein-thrombosis/" in locations
    assert "http://testserver/massage/knead-the-calf/" in locations
    assert "http://testserver/massage/find-the-knots/" not in locations
    assert len(locations) == 4 + 5 + 5 + 4  # guide pages, causes, steps, information pages
    assert xml.count("<lastmod>") >= 4 + 5 + 5 - 1


def test_robots_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_print_stylesheet_is_linked_and_hides_controls(client):
    html = client.get("/massage/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/print.css")).read()
    assert ".step-list__item[hidden]" in css
    assert 'content: " (" attr(href) ")"' in css
    assert ".routine-controls" in css


def test_contents_mark_the_current_page_and_its_parent(client):
    html = client.get("/causes/").content.decode()
    assert 'href="/causes/" aria-current="page"' in html
    assert '<nav class="contents" aria-label="Guide contents">' in html
    step_html = client.get("/massage/knead-the-calf/").content.decode()
    assert 'href="/massage/" aria-current="true"' in step_html


def test_guide_pages_link_to_the_next_and_previous_page(client):
    html = client.get("/cramp-or-clot/").content.decode()
    assert 'rel="prev" href="/causes/"' in html
    assert 'rel="next" href="/massage/"' in html


def test_cramp_or_clot_compares_the_three_checks_and_links_to_the_warning(client, text):
    response = client.get("/cramp-or-clot/")
    reading = text(response)
    for check in [
        "One leg or both? What does it feel like?",
        "Does it pass within minutes?",
        "Do you have swelling, warm skin, red or darkened skin, or swollen, hard or sore veins?",
    ]:
        assert check in reading
    assert 'href="#dvt-warning"' in response.content.decode()
    assert "Call 999 or go to A&E now if:" in reading


def test_dvt_cause_links_to_both_tiers(client):
    html = client.get("/causes/deep-vein-thrombosis/").content.decode()
    assert 'href="#urgent-signs"' in html and 'id="urgent-signs"' in html
    assert 'href="#emergency-signs"' in html and 'id="emergency-signs"' in html


def test_step_page_has_a_plain_share_link(client):
    html = client.get("/massage/knead-the-calf/").content.decode()
    assert (
        '<a class="share__link" href="http://testserver/massage/knead-the-calf/">'
        "http://testserver/massage/knead-the-calf/</a>"
    ) in html


def test_routine_start_works_without_javascript(client):
    html = client.get("/massage/").content.decode()
    assert 'href="/massage/bare-the-leg/" data-routine-start>Start the routine</a>' in html


def test_json_ld_carries_the_page_review_shown_in_the_footer(client, admin_user):
    from datetime import date

    from articles.models import Guide, SafetyText

    Guide.objects.update(
        last_reviewed=date(2026, 3, 2), next_review_due=date(2027, 3, 2), reviewed_by=admin_user
    )
    # The step page also shows the "do not massage" notice.
    SafetyText.objects.filter(kind="do-not-massage").update(
        last_reviewed=date(2026, 4, 1), next_review_due=date(2027, 4, 1), reviewed_by=admin_user
    )
    MassageStep.objects.filter(slug="knead-the-calf").update(
        last_reviewed=date(2026, 5, 9), next_review_due=date(2027, 1, 9), reviewed_by=admin_user
    )
    response = client.get("/massage/knead-the-calf/")
    (data,) = read(response).json_ld
    assert data["lastReviewed"] == "2026-03-02", "the oldest review on the page counts"
    assert data["reviewedBy"] == [{"@type": "Person", "jobTitle": "Clinical reviewer"}]
    html = response.content.decode()
    assert "Page last reviewed: 2 March 2026" in html
    assert "Next review due: 9 January 2027" in html


def test_json_ld_claims_no_review_that_never_happened(client):
    (data,) = read(client.get("/massage/")).json_ld
    assert "lastReviewed" not in data and "reviewedBy" not in data


PREVIEWED_PAGES = [
    "/", "/causes/", "/causes/dehydration/", "/causes/deep-vein-thrombosis/", "/cramp-or-clot/",
    "/massage/", "/massage/knead-the-calf/", "/about/", "/changes/",
]  # fmt: skip


@pytest.mark.parametrize("path", PREVIEWED_PAGES)
def test_every_link_preview_carries_the_safety_cue_within_the_limit(client, path):
    meta = read(client.get(path)).meta
    # The DVT page's preview says what it is: the page that sends you for advice today.
    cue = URGENT_CUE if path == "/causes/deep-vein-thrombosis/" else SAFETY_CUE
    for description in (meta["og:description"], meta["description"]):
        assert cue.rstrip(".") in description
        assert description.count("blood clot") <= 2
        assert len(description) <= DESCRIPTION_LIMIT


def test_a_long_description_is_shortened_so_the_safety_cue_survives(client):
    # The longest summary the box takes (200 characters), which leaves no room for the cue.
    longest = ("Drink water " * 17)[: Cause._meta.get_field("summary").max_length].strip()
    Cause.objects.filter(slug="dehydration").update(summary=longest)
    meta = read(client.get("/causes/dehydration/")).meta
    assert len(meta["og:description"]) <= DESCRIPTION_LIMIT
    shortened, cue = meta["og:description"].split("… ")
    assert cue == SAFETY_CUE
    assert longest.startswith(shortened) and shortened.split()[-1] in ("Drink", "water")


def test_share_cards_are_in_the_brand_teal_with_the_cue_inside_a_square_crop(client):
    from io import BytesIO

    from PIL import Image

    from articles.share_cards import BRAND

    brand = Image.new("RGB", (1, 1), BRAND).getpixel((0, 0))
    for response in (
        client.get("/massage/knead-the-calf/card.png"),
        client.get("/static/img/share-card.png"),
    ):
        png = b"".join(response.streaming_content) if response.streaming else response.content
        with Image.open(BytesIO(png)) as card:
            card = card.convert("RGB")
            assert card.size == (1200, 630)
            assert card.getpixel((10, 10)) == brand
            # Whatever a chat app crops to a square is inside the centre 630×630: the left
            # and right 285 pixels carry nothing but the background.
            for side in (card.crop((0, 0, 285, 630)), card.crop((915, 0, 1200, 630))):
                assert len(side.getcolors(maxcolors=4096) or range(5000)) <= 2


def test_the_dvt_pages_preview_and_share_card_say_get_advice_today(client):
    meta = read(client.get("/causes/deep-vein-thrombosis/")).meta
    assert meta["og:description"].endswith("get medical advice today.")
    assert meta["og:image"].endswith("/causes/deep-vein-thrombosis/card.png")
    assert meta["og:image:alt"] == (
        "Urgent: a cause of a sore calf: Deep vein thrombosis (DVT). Get medical advice today"
    )
    card = client.get("/causes/deep-vein-thrombosis/card.png")
    assert card.status_code == 200 and card["Content-Type"] == "image/png"
    # A self-care cause's card says what it is and keeps the safety cue.
    alt = read(client.get("/causes/dehydration/")).meta["og:image:alt"]
    assert alt == f"A cause of a sore calf: Dehydration. {SAFETY_CUE.rstrip('.')}"
