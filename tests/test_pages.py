"""Every public page answers with the starting content, in order, with the clot warning first."""

import re

import pytest
from django.test import override_settings

from articles.models import Cause, Guide, MassageStep

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/causes/",
    "/causes/dehydration/",
    "/causes/deep-vein-thrombosis/",
    "/massage/",
    "/massage/knead-the-calf/",
]


def body_before_main(response):
    html = response.content.decode()
    return html[: html.index("<main")]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_page_has_warning_before_main_content(client, path):
    response = client.get(path)
    assert response.status_code == 200
    before_main = body_before_main(response)
    assert 'id="dvt-warning"' in before_main
    assert "Could it be a blood clot?" in before_main
    assert 'href="tel:999"' in before_main
    assert 'href="tel:111"' in before_main


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_page_has_the_essentials_of_a_good_page(client, path):
    html = client.get(path).content.decode()
    assert '<html lang="en-GB">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert 'href="#main-content">Skip to main content</a>' in html
    for landmark in ("<header", "<nav", '<main id="main-content"', "<footer"):
        assert landmark in html
    assert html.count("<h1") == 1


def test_every_page_has_its_own_title_and_description(client):
    titles, descriptions = set(), set()
    for path in PUBLIC_PAGES:
        html = client.get(path).content.decode()
        titles.add(re.search(r"<title>(.*?)</title>", html).group(1))
        descriptions.add(re.search(r'<meta name="description" content="(.*?)">', html).group(1))
    assert len(titles) == len(PUBLIC_PAGES)
    assert len(descriptions) == len(PUBLIC_PAGES)


# The home page's cards, in order: the safety question first (issue 25's overview).
HOME_CARDS = [
    ("Cramp or clot?", "/cramp-or-clot/"),
    ("The massage routine", "/massage/"),
    ("Causes", "/causes/"),
]


def test_home_page_is_a_two_sentence_summary_and_a_card_for_each_part(client, text):
    response = client.get("/")
    reading = text(response)
    html = response.content.decode()
    summary = Guide.load().summary
    assert summary.count(". ") == 1 and summary.endswith("."), "two sentences"
    assert summary in reading
    assert html.index(summary) < html.index('class="overview-card')
    links = re.findall(r'<a class="overview-card__link" href="([^"]+)">([^<]+)</a>', html)
    assert [(title, href) for href, title in links] == HOME_CARDS
    # Each card says in one line what its page holds, in that page's own words.
    lines = re.findall(r'<p class="overview-card__line">(.*?)</p>', html)
    for line, (_title, href) in zip(lines, HOME_CARDS, strict=True):
        description = re.search(
            r'<meta name="description" content="(.*?)">', client.get(href).content.decode()
        ).group(1)
        assert description.startswith(line), href


def test_home_page_no_longer_repeats_the_guide(client, text):
    reading = text(client.get("/"))
    assert "Nearly everyone who walks or runs for exercise" not in reading
    assert "Bare the leg and sit down" not in reading
    assert "you could try arnica gel" not in reading
    for cause in Cause.objects.all():
        assert cause.body.split(".")[0] not in reading


def test_an_empty_summary_leaves_the_home_page_with_the_guides_description(client, text):
    Guide.objects.update(summary="")
    reading = text(client.get("/"))
    assert Guide.load().description in reading


def test_what_left_the_home_page_is_on_the_guides_own_pages(client, text):
    """The guide's full text, section by section, on the page that is about it: nothing the
    home page used to show is lost from the site."""
    causes = text(client.get("/causes/"))
    massage = text(client.get("/massage/"))
    guide = Guide.load()
    order = [
        "Nearly everyone who walks or runs for exercise",
        "It can have many causes",
        "Incorrect posture",
        "Deep vein thrombosis (DVT)",
        "See a GP or physiotherapist",
    ]
    position = 0
    for phrase in order:  # each phrase must come after the one before it
        position = causes.index(phrase, position)
    assert "Some athletes take a bit of pain as a sign of a good workout" in causes
    for cause in Cause.objects.all():
        assert text_of(cause.body).split(".")[0] in causes
    order = [
        text_of(guide.massage_intro).split(".")[0],
        "Do not massage a leg that may have a blood clot.",
        "Bare the leg and sit down",
        "Work the sore spots with your fist",
        "Aftercare",
        "you could try arnica gel",
        "menthol or heat activated",
        "See a GP or physiotherapist",
        "Sources",
    ]
    position = 0
    for phrase in order:
        position = massage.index(phrase, position)


def text_of(markdown_source):
    without_addresses = re.sub(r"\]\([^)]*\)", "]", markdown_source)
    return re.sub(r"[*_`\[\]]", "", without_addresses)


def test_causes_page_has_every_cause_with_an_anchor(client, text):
    response = client.get("/causes/")
    html = response.content.decode()
    for cause in Cause.objects.all():
        assert f'id="{cause.slug}"' in html
        # Its own words once: the body, not the summary that says its first sentence again.
        assert cause.body.split(".")[0] in text(response)
        assert f'href="/causes/{cause.slug}/"' in html


def test_dvt_cause_page_is_marked_urgent_and_carries_both_care_cards(client, text):
    response = client.get("/causes/deep-vein-thrombosis/")
    reading = text(response)
    assert "Urgent: get medical advice, do not massage" in reading
    assert "Ask for medical advice today from NHS 111 or a doctor if:" in reading
    assert "Call 999 or go to A&E now if:" in reading
    assert "Do not drive yourself." in reading


def test_self_care_cause_page_is_not_marked_urgent(client, text):
    reading = text(client.get("/causes/hyperpronation/"))
    assert "Urgent: get medical advice" not in reading
    assert "rolling the foot inward" in reading


def test_massage_page_numbers_steps_and_puts_care_cards_before_the_first(client, text):
    response = client.get("/massage/")
    reading = text(response)
    html = response.content.decode()
    assert reading.index("Call 999 or go to A&E now if:") < reading.index("Step 1: Bare the leg")
    assert reading.index("Before you start: the signs of a blood clot") < reading.index("Step 1:")
    for number, step in enumerate(MassageStep.objects.all(), start=1):
        assert f'id="{step.slug}"' in html
        assert f"Step {number}: {step.title}" in reading
        assert f'href="/massage/{step.slug}/"' in html
    assert reading.index("Step 6:") < reading.index("you could try arnica gel")


def test_step_page_shows_its_place_and_neighbours(client, text):
    response = client.get("/massage/knead-the-calf/")
    reading = text(response)
    html = response.content.decode()
    assert "Step 3 of 6" in reading
    assert "Knead the calf" in reading
    assert "Keep going for a few minutes" in reading
    assert 'rel="prev" href="/massage/stroke-upward-from-the-ankle/"' in html
    assert 'rel="next" href="/massage/shake-out-the-calf/"' in html
    assert 'href="/massage/#knead-the-calf"' in html


def test_the_check_it_is_safe_is_in_full_on_step_one_and_one_line_on_the_others(client, text):
    first = client.get("/massage/bare-the-leg/")
    assert 'id="before-you-massage"' in first.content.decode()
    assert "Do not massage a leg that may have a blood clot." in text(first)
    # The check comes before the step's instruction: it is what the reader does first.
    html = first.content.decode()
    assert html.index('id="before-you-massage"') < html.index('class="step__instruction"')
    for slug in ["stroke-upward-from-the-ankle", "knead-the-calf", "work-the-sore-spots"]:
        response = client.get(f"/massage/{slug}/")
        html = response.content.decode()
        assert 'id="before-you-massage"' not in html
        assert "A snap or pop?" not in text(response)
        line = re.findall(r'<p class="safety-line">(.*?)</p>', html)
        assert line == [
            '<a href="/massage/bare-the-leg/#before-you-massage">'
            "Check it is safe to massage first</a>"
        ], slug


def test_the_step_navigation_says_where_the_reader_is_right_after_the_picture(client, text):
    html = client.get("/massage/knead-the-calf/").content.decode()
    picture = html.index('class="step-picture')
    navigation = html.index('aria-label="Steps"')
    assert picture < navigation < html.index("Keep going for")
    steps_nav = html[navigation : html.index("</nav>", navigation)]
    assert "Step 3 of 6" in steps_nav
    label = r'">\s*<span class="pager__label">'
    back = r'rel="prev" href="/massage/stroke-upward-from-the-ankle/' + label + "Back<"
    assert re.search(back, steps_nav)
    assert re.search(r'rel="next" href="/massage/shake-out-the-calf/' + label + "Next<", steps_nav)


def test_the_starting_content_sets_no_countdown_and_no_count(client):
    """The seed says "a few minutes" and "10 to 12 times": no page turns them into a number of
    seconds or a count to 12 (guide.js offers the reader their own timer, data-duration)."""
    html = client.get("/massage/").content.decode()
    assert "data-target-seconds" not in html
    assert "data-repetitions" not in html
    step = client.get("/massage/knead-the-calf/").content.decode()
    assert "data-target-seconds" not in step
    assert 'data-duration="a few minutes"' in step


def test_a_countdown_a_clinician_set_reaches_the_routine_in_seconds(client):
    MassageStep.objects.filter(slug="knead-the-calf").update(target_seconds=180)
    html = client.get("/massage/").content.decode()
    assert html.count("data-target-seconds=") == 1
    assert 'data-target-seconds="180"' in client.get("/massage/knead-the-calf/").content.decode()
    assert "data-target-seconds" not in client.get("/massage/bare-the-leg/").content.decode()


def test_a_countdown_without_words_for_its_time_reads_it_in_minutes(client, text):
    MassageStep.objects.filter(slug="knead-the-calf").update(duration="", target_seconds=120)
    assert "Keep going for 2 minutes" in text(client.get("/massage/knead-the-calf/"))
    MassageStep.objects.filter(slug="knead-the-calf").update(target_seconds=45)
    assert "Keep going for 45 seconds" in text(client.get("/massage/knead-the-calf/"))


def test_first_and_last_steps_have_no_dead_ends(client, text):
    first = client.get("/massage/bare-the-leg/").content.decode()
    last = client.get("/massage/work-the-sore-spots/")
    assert 'rel="prev"' not in first
    assert 'rel="next" href="/massage/stroke-upward-from-the-ankle/"' in first
    assert "Step 6 of 6" in text(last)
    assert 'href="/massage/#aftercare"' in last.content.decode()


def test_reordering_steps_keeps_links_and_renumbers(client, text):
    knead = MassageStep.objects.get(slug="knead-the-calf")
    knead.position = 0
    knead.save()
    response = client.get("/massage/knead-the-calf/")
    assert response.status_code == 200
    assert "Step 1 of 6" in text(response)


def test_unpublished_items_are_hidden(client):
    MassageStep.objects.filter(slug="shake-out-the-calf").update(is_published=False)
    Cause.objects.filter(slug="hyperpronation").update(is_published=False)
    assert client.get("/massage/shake-out-the-calf/").status_code == 404
    assert client.get("/causes/hyperpronation/").status_code == 404
    assert "Shake out the calf" not in client.get("/massage/").content.decode()
    assert "Hyperpronation" not in client.get("/causes/").content.decode()
    assert "Step 4 of 5" in client.get("/massage/find-the-knots/").content.decode()


@pytest.mark.parametrize("path", ["/nope/", "/causes/nope/", "/massage/nope/", "/massage/1/"])
def test_unknown_addresses_get_a_helpful_404_with_the_warning(client, path, text):
    response = client.get(path)
    assert response.status_code == 404
    assert 'id="dvt-warning"' in body_before_main(response)
    reading = text(response)
    assert "Page not found" in reading
    html = response.content.decode()
    assert 'href="/massage/"' in html and 'href="/causes/"' in html


def test_editors_rewording_of_the_warning_is_shown(client):
    Guide.objects.update(warning_heading="Is it a clot? Check before you massage")
    before_main = body_before_main(client.get("/"))
    assert "Is it a clot? Check before you massage" in before_main
    assert "Could it be a blood clot?" not in before_main


def test_empty_warning_falls_back_to_the_built_in_text(client):
    Guide.objects.update(warning_heading="  ", warning_urgent="", warning_emergency="")
    before_main = body_before_main(client.get("/massage/"))
    assert "Could it be a blood clot?" in before_main
    assert "do not massage it" in before_main
    # Every emergency sign, as the emergency card has them (red-flags.md): none left out.
    assert (
        "If you also have chest pain, are breathless or cough up blood, or someone passes out, "
        "call 999 now." in " ".join(before_main.split())
    )


def test_warning_survives_the_guide_text_being_deleted(client):
    Guide.objects.all().delete()
    response = client.get("/causes/")
    assert response.status_code == 200
    assert "Could it be a blood clot?" in body_before_main(response)


@override_settings(
    EMERGENCY_NUMBER="911",
    URGENT_CARE_NUMBER="1-800-555-0100",
    URGENT_CARE_NAME="your doctor's advice line",
)
def test_health_numbers_come_from_settings(client, text):
    response = client.get("/massage/")
    reading = text(response)
    assert 'href="tel:911"' in response.content.decode()
    assert "Call 911 or go to A&E now if:" in reading
    assert "call your doctor's advice line" in reading
    assert "999" not in reading


def test_server_error_page_has_the_warning_without_touching_the_database(
    rf, django_assert_num_queries
):
    from articles.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert html.index('id="dvt-warning"') < html.index("<main")
    assert "Sorry, there is a problem with the service" in html
    assert 'href="tel:999"' in html


def test_server_errors_use_the_custom_page(client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(views.CauseListView, "get", broken)
    client.raise_request_exception = False
    response = client.get("/causes/")
    assert response.status_code == 500
    assert 'id="dvt-warning"' in response.content.decode()


def test_stylesheet_is_served(client):
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_dehydration_and_dvt_link_to_each_other(client):
    dehydration = client.get("/causes/dehydration/").content.decode()
    dvt = client.get("/causes/deep-vein-thrombosis/").content.decode()
    assert "Dehydration also raises the risk of a blood clot" in dehydration
    assert 'href="/causes/deep-vein-thrombosis/"' in dehydration
    assert 'href="/causes/dehydration/"' in dvt


def test_pages_name_the_site_icon_and_favicon_ico_leads_to_it(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert client.get(response["Location"]).status_code == 200


def test_the_site_name_is_one_setting(client, settings):
    settings.SITE_NAME = "Leg & Co"
    # The publisher's default follows DJANGO_SITE_NAME when settings load (test_info_pages).
    settings.SITE_PUBLISHER = "the Leg & Co editors"
    html = client.get("/massage/").content.decode()
    assert "</title>" in html and "– Leg &amp; Co</title>" in html
    assert '<meta property="og:site_name" content="Leg &amp; Co">' in html
    assert '>Leg &amp; Co</span><span class="visually-hidden">' in html
    assert '"@type": "WebSite", "name": "Leg \\u0026 Co"' in html
    assert "calfcare" not in html
