"""The safety texts (the care cards, the cramp-or-clot comparison, the "do not massage" notice)
as readers see them: the built-in wording with the clinical read's corrections, an editor's
reviewed wording once it is published, and the sources each rests on."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import strip_tags

from articles import safety_texts, source_checks
from articles.models import MassageStep, SafetyText
from tools.admin_forms import save_in_admin

pytestmark = pytest.mark.django_db

DVT_PAGE = "/causes/deep-vein-thrombosis/"
# Every public page that shows a safety text, and so must carry the corrected wording.
SAFETY_PAGES = ["/", DVT_PAGE, "/cramp-or-clot/", "/massage/", "/massage/knead-the-calf/"]


def reading(fragment):
    return re.sub(r"\s+", " ", html.unescape(strip_tags(fragment))).strip()


def element(response, tag, element_id):
    """The HTML of the <tag> with this id (safety texts never nest their own tag)."""
    page = response.content.decode()
    match = re.search(rf'<{tag}\b[^>]*\bid="{element_id}".*?</{tag}>', page, re.DOTALL)
    assert match, f'no <{tag} id="{element_id}"> on the page'
    return match.group(0)


def emergency_card(response):
    return element(response, "section", "emergency-signs")


def urgent_card(response):
    return element(response, "section", "urgent-signs")


def notice(response):
    return element(response, "div", "before-you-massage")


def published(publish, client, kind, **changes):
    """An editor's wording for `kind`, saved in the admin and taken live through review."""
    text = SafetyText.objects.get(kind=kind)
    response = save_in_admin(client, text, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    return publish(text)


# The emergency card -----------------------------------------------------------------------


def test_the_emergency_card_stands_alone_with_every_sign_in_full(client):
    card = reading(emergency_card(client.get(DVT_PAGE)))
    assert "above" not in card
    assert "Call 999 or go to A&E now if:" in card
    assert "you have pain or swelling in your leg and:" in card
    for sign in [
        "you are breathless, or struggling to breathe",
        "you have chest pain, often sharp and worse when you breathe in",
        "you are coughing up blood",
        "you pass out (collapse)",
    ]:
        assert sign in card
    # red-flags.md: "or someone has passed out": the card says what a person with them does.
    assert "If someone with these signs has passed out (collapsed), call an ambulance" in card


def test_the_emergency_card_says_do_not_drive_yourself_and_how_to_get_there(client):
    card = reading(emergency_card(client.get("/massage/")))
    assert "life-threatening" in card
    assert "Do not drive yourself." in card
    assert "Ask someone to drive you, or call 999 for an ambulance." in card


def test_the_emergency_card_links_nowhere_but_the_phone(client):
    card = emergency_card(client.get(DVT_PAGE))
    assert re.findall(r'href="([^"]*)"', card) == ["tel:999"]


def test_the_cards_numbers_come_from_settings(client, settings):
    settings.EMERGENCY_NUMBER = "112"
    settings.URGENT_CARE_NUMBER = "116117"
    settings.URGENT_CARE_NAME = "the on-call doctor line"
    response = client.get(DVT_PAGE)
    emergency, urgent = reading(emergency_card(response)), urgent_card(response)
    assert "Call 112 or go to A&E now if:" in emergency
    assert "call 112 for an ambulance" in emergency
    assert "999" not in emergency
    assert 'href="tel:116117"' in urgent
    assert "Call the on-call doctor line" in reading(urgent)


# The urgent card --------------------------------------------------------------------------


def test_the_urgent_card_offers_111_online_beside_the_phone_number(client):
    card = urgent_card(client.get(DVT_PAGE))
    assert "Call NHS 111 or get help from NHS 111 online." in reading(card)
    assert '<a href="tel:111">Call NHS 111</a>' in card
    assert '<a href="https://111.nhs.uk/">NHS 111 online</a>' in card


def test_the_urgent_cards_online_service_comes_from_settings(client, settings):
    settings.URGENT_CARE_ONLINE_URL = "https://help.example.org/urgent/"
    card = urgent_card(client.get("/massage/"))
    assert 'href="https://help.example.org/urgent/"' in card
    assert "111.nhs.uk" not in card


def test_the_urgent_card_lists_every_urgent_sign(client):
    card = reading(urgent_card(client.get("/cramp-or-clot/")))
    assert "you have any of these, usually in one leg (rarely both):" in card
    assert "swelling of the leg" in card
    # red-flags.md: "veins that are swollen, hard or sore when touched" (any one of the three):
    # pain on touch explains "sore", it is not a condition for a swollen or hard vein.
    assert "swollen, hard or sore veins (sore means they hurt when you touch them)" in card
    assert "sore veins that hurt when you touch them" not in card
    assert "Do not massage a leg that may have a clot." in card


@pytest.mark.parametrize("path", [*SAFETY_PAGES, "/test-only/unavailable/"])
def test_life_threatening_is_hyphenated_everywhere(client, text, path, settings):
    settings.ROOT_URLCONF = "tests.failing_urls"
    reading_page = text(client.get(path))
    assert "life threatening" not in reading_page.lower()


# Cramp or clot ----------------------------------------------------------------------------


def compare_row(response, heading):
    table = element(response, "table", "cramp-or-clot-table")
    rows = re.findall(r"<tr>.*?</tr>", table, re.DOTALL)
    found = [reading(row) for row in rows if heading in reading(row)]
    assert found, f"no row {heading!r}"
    return found[0]


def test_cramp_or_clot_answers_one_leg_or_both_for_a_cramp(client):
    row = compare_row(client.get("/cramp-or-clot/"), "One leg or both?")
    assert "It can happen in either leg, or both." in row
    assert "Usually in one leg (rarely both)" in row


def test_cramp_or_clot_says_the_signs_can_be_a_clot_not_that_they_are(client):
    row = compare_row(client.get("/cramp-or-clot/"), "Do you have swelling, warm skin")
    assert "can be signs of a clot" in row
    assert "are signs of a clot" not in row


def test_cramp_or_clot_gives_no_timing_red_flags_does_not_and_says_when_to_get_advice(client, text):
    # red-flags.md: a cramp passes within minutes; pain that lasts and builds can be a clot. It
    # gives no "10 minutes" and no "sore for up to a day" (docs/clinical-read.md).
    response = client.get("/cramp-or-clot/")
    row = compare_row(response, "Does it pass within minutes?")
    assert "Yes: a cramp passes within minutes." in row
    assert "No: the pain lasts and builds." in row
    page = text(response)
    assert "10 minutes" not in page
    assert "up to a day" not in page
    assert (
        "If your pain does not pass within minutes, or it lasts and builds, do not massage your "
        "leg. Get medical advice today." in page
    )


# Before the first step --------------------------------------------------------------------

NOTICE_FACTS = [
    "Do not massage a leg that may have a blood clot.",
    "Do not massage it for the first couple of days.",
    "Heat, alcohol and massage can make swelling worse.",
    "Rest, ice, compression and raising the leg (elevation) help instead.",
    "a sudden snap or pop at the back of your leg or heel",
    "It may feel as if someone kicked you in the calf.",
    "It may be hard to walk or stand on tiptoe.",
    "This can be a torn Achilles tendon.",
    "Go to an urgent treatment centre or A&E.",
]


def test_the_massage_pages_opening_claim_carries_the_do_not_massage_note(client, text):
    page = text(client.get("/massage/"))
    claim = page.index("Massage can be the most effective way to relieve a sore calf muscle")
    first_step = page.index("Step 1:")
    for fact in NOTICE_FACTS:
        assert claim < page.index(fact) < first_step, fact
    # Next to the claim: nothing else comes between them but the guide's own lead-in.
    assert page.index("Check it is safe to massage first") < page.index("Before you start")


def test_every_single_step_page_leads_to_the_notice_before_the_step(client):
    """Step 1 holds the notice in full, before its instruction: the routine starts with the
    checks. A later step's instruction starts on the first screen (issue 15), so it has one line
    before it, under the title, that leads to the notice on step 1 (issue 25: the full notice on
    every step pushed "Next" 2 to 4 screens down)."""
    first, *later = MassageStep.objects.all()
    response = client.get(first.get_absolute_url())
    box = reading(notice(response))
    for fact in NOTICE_FACTS:
        assert fact in box, (first.slug, fact)
    page = response.content.decode()
    assert page.index('id="before-you-massage"') < page.index('class="step__instruction"')
    link = f'href="{first.get_absolute_url()}#before-you-massage"'
    for step in later:
        page = client.get(step.get_absolute_url()).content.decode()
        assert page.index(link) < page.index('class="step__instruction"'), step.slug
        assert 'id="before-you-massage"' not in page


def test_the_notice_links_to_the_signs_of_a_clot(client):
    for path in ["/massage/", "/massage/bare-the-leg/"]:
        assert 'href="/massage/#urgent-signs"' in notice(client.get(path))


# Sources ----------------------------------------------------------------------------------


def sources_after(response, element_id):
    """The page's "Sources" list, after the element with this id: each page lists everything it
    rests on once, at its end (templates/includes/sources.html); the unavailable page, which has
    no such list, keeps each text's own small one."""
    page = response.content.decode()
    start = page.index(f'id="{element_id}"')
    pattern = re.compile(r'<(section|div) class="sources[^"]*".*?</\1>', re.DOTALL)
    match = pattern.search(page, start)
    assert match, f"no sources after #{element_id}"
    return match.group(0)


def test_the_care_cards_cite_the_nhs_dvt_pages_once_under_both_cards(client):
    response = client.get(DVT_PAGE)
    sources = sources_after(response, "emergency-signs")
    assert "Sources" in reading(sources)
    assert (
        '<a href="https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/">NHS: DVT (deep vein '
        "thrombosis)</a>" in sources
    )
    assert "NHS inform: Deep vein thrombosis" in reading(sources)
    assert reading(sources).count("NHS: DVT (deep vein thrombosis)") == 1
    # Typed 2 December 2026 beside them, but nobody has recorded opening them.
    assert "NHS: DVT (deep vein thrombosis), not checked yet" in reading(sources)
    assert "2 December 2026" not in reading(sources)


def test_the_care_cards_sources_show_the_day_someone_recorded_checking_them(client, editor):
    source_checks.record(safety_texts.NHS_INFORM_DVT, editor)
    sources = reading(sources_after(client.get(DVT_PAGE), "emergency-signs"))
    today = format_date(timezone.localdate(), "j F Y")
    assert f"NHS inform: Deep vein thrombosis, checked {today}" in sources
    assert "NHS: DVT (deep vein thrombosis), not checked yet" in sources


def test_cramp_or_clot_cites_nhs_leg_cramps_and_dvt(client):
    sources = reading(sources_after(client.get("/cramp-or-clot/"), "cramp-or-clot-table"))
    assert "NHS: Leg cramps" in sources
    assert "NHS: DVT (deep vein thrombosis)" in sources


def test_the_notice_cites_sprains_and_strains_and_achilles_tendon_rupture(client):
    for path in ["/massage/", "/massage/bare-the-leg/"]:
        sources = sources_after(client.get(path), "before-you-massage")
        assert 'href="https://www.nhs.uk/conditions/sprains-and-strains/"' in sources
        assert "NHS: Achilles tendon rupture" in reading(sources)


def test_the_unavailable_page_keeps_the_full_cards_and_their_sources(client, settings):
    settings.ROOT_URLCONF = "tests.failing_urls"
    response = client.get("/test-only/unavailable/")
    card = reading(emergency_card(response))
    assert "you are coughing up blood" in card and "Do not drive yourself." in card
    assert "NHS 111 online" in reading(urgent_card(response))
    sources = reading(sources_after(response, "emergency-signs"))
    assert "NHS inform: Deep vein thrombosis" in sources
    # Rendered without the database, it cannot know whether anyone checked them: it says neither.
    assert "checked" not in sources


# An editor's wording ----------------------------------------------------------------------


def test_an_editors_published_card_wording_replaces_the_built_in_but_keeps_the_numbers(
    client, editor_client, publish
):
    published(
        publish,
        editor_client,
        "emergency-card",
        heading="Get help straight away if:",
        body="- your chest **hurts** and your leg is swollen",
        sources="NHS: Blood clots | https://www.nhs.uk/conditions/blood-clots/ | 2026-12-01",
    )
    response = client.get(DVT_PAGE)
    card = emergency_card(response)
    assert "Get help straight away if:" in reading(card)
    assert "<strong>hurts</strong>" in card
    assert "coughing up blood" not in card
    # What to do, and the number to call, come from settings whatever the wording.
    assert "Do not drive yourself." in reading(card)
    assert 'href="tel:999"' in card
    sources = reading(sources_after(response, "emergency-signs"))
    assert "NHS: Blood clots, not checked yet" in sources
    assert "1 December 2026" not in sources
    # The urgent card's own sources are still cited.
    assert "NHS inform: Deep vein thrombosis" in sources


def test_a_saved_but_unpublished_wording_changes_nothing_readers_see(client, editor_client):
    text = SafetyText.objects.get(kind="do-not-massage")
    assert save_in_admin(editor_client, text, heading="Draft heading").status_code == 302
    assert "Draft heading" not in client.get("/massage/").content.decode()


def test_an_editors_comparison_replaces_the_built_in_table(client, editor_client, publish):
    published(
        publish,
        editor_client,
        "cramp-or-clot",
        heading="Cramp or clot?",
        body="| Check | Cramp | Clot |\n|---|---|---|\n| Legs | either | one |",
    )
    response = client.get("/cramp-or-clot/")
    page = response.content.decode()
    assert "<h1>Cramp or clot?</h1>" in page
    assert "<td>either</td>" in page
    assert "It can happen in either leg, or both." not in page
    # Still cited, by the built-in sources when the editor gives none.
    assert "NHS: Leg cramps" in reading(sources_after(response, "cramp-or-clot-text"))


def test_an_editors_notice_replaces_the_built_in_wherever_it_is_shown(
    client, editor_client, publish
):
    published(
        publish,
        editor_client,
        "do-not-massage",
        heading="Stop and check first",
        body="Not if it is **swollen**.<script>alert(1)</script>",
    )
    for path in ["/massage/", "/massage/bare-the-leg/"]:
        box = notice(client.get(path))
        assert "Stop and check first" in reading(box)
        assert "<strong>swollen</strong>" in box
        assert "<script" not in box
        assert "torn Achilles tendon" not in box


def test_text_only_invisible_characters_counts_as_empty(client):
    SafetyText.objects.filter(kind="do-not-massage").update(heading="\u200b ", body="\u00ad")
    box = reading(notice(client.get("/massage/bare-the-leg/")))
    assert "Check it is safe to massage first" in box
    assert "This can be a torn Achilles tendon." in box


def test_a_missing_row_shows_the_built_in_wording(client):
    SafetyText.objects.all().delete()
    response = client.get(DVT_PAGE)
    assert "you are coughing up blood" in reading(emergency_card(response))


def test_staff_preview_a_pending_safety_text_at_the_page(editor_client):
    text = SafetyText.objects.get(kind="emergency-card")
    save_in_admin(editor_client, text, heading="Previewed heading")
    from publishing import workflow

    revision = workflow.pending(text)
    page = editor_client.get(f"/massage/?version={revision.pk}").content.decode()
    assert "Previewed heading" in reading(emergency_card_html(page))


def emergency_card_html(page):
    return re.search(r'<section\b[^>]*id="emergency-signs".*?</section>', page, re.DOTALL)[0]


def test_all_safety_texts_on_a_page_come_from_one_query(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/massage/").status_code == 200
    safety_queries = [q for q in captured if "articles_safetytext" in q["sql"]]
    assert len(safety_queries) == 1


def test_pages_without_a_safety_text_never_ask_for_one(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/causes/").status_code == 200
    assert not [q for q in captured if "articles_safetytext" in q["sql"]]


# The admin --------------------------------------------------------------------------------


def test_the_admin_lists_one_safety_text_of_each_kind_with_state_and_review(editor_client, text):
    response = editor_client.get("/admin/articles/safetytext/")
    assert response.status_code == 200
    page = text(response)
    for kind in SafetyText.Kind:
        assert kind.label in page
    assert "Not reviewed" in page
    assert "/admin/articles/safetytext/add/" not in response.content.decode()


def test_safety_texts_cannot_be_added_or_deleted(admin_client):
    text = SafetyText.objects.get(kind="urgent-card")
    assert admin_client.get("/admin/articles/safetytext/add/").status_code == 403
    assert admin_client.get(f"/admin/articles/safetytext/{text.pk}/delete/").status_code == 403


def test_the_change_form_shows_the_built_in_wording_an_empty_box_stands_for(editor_client, text):
    safety_text = SafetyText.objects.get(kind="emergency-card")
    page = text(editor_client.get(f"/admin/articles/safetytext/{safety_text.pk}/change/"))
    assert "Call 999 or go to A&E now if:" in page
    assert "you are coughing up blood" in page
    assert "NHS inform: Deep vein thrombosis |" in page


# Feedback: the address the form posts to ---------------------------------------------------


def test_opening_the_feedback_address_shows_a_page_with_the_warning(client, text):
    response = client.get("/feedback/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="dvt-warning"' in page
    assert "Could it be a blood clot?" in text(response)
    # Nothing to resubmit: the page carries no form.
    assert "<form" not in page


def test_the_feedback_address_links_back_to_the_page_the_reader_came_from(client):
    came_from = {"Referer": "http://testserver/massage/knead-the-calf/"}
    page = client.get("/feedback/", headers=came_from).content.decode()
    assert 'href="/massage/knead-the-calf/">Go back to the page you were reading' in page


def test_the_feedback_address_links_back_to_the_guide_from_anywhere_else(client):
    page = client.get("/feedback/", headers={"Referer": "https://evil.example/"}).content
    assert 'href="/">Go to the sore calf guide' in page.decode()
    assert "evil.example" not in page.decode()


def test_the_feedback_address_answers_head_too(client):
    assert client.head("/feedback/").status_code == 200


def test_view_on_site_leads_to_a_page_that_shows_the_text(client):
    for text in SafetyText.objects.all():
        page = client.get(text.get_absolute_url())
        shown = {
            "urgent-card": 'id="urgent-signs"',
            "emergency-card": 'id="emergency-signs"',
            "cramp-or-clot": 'id="cramp-or-clot-text"',
            "do-not-massage": 'id="before-you-massage"',
        }[text.kind]
        assert shown in page.content.decode(), text.kind


def test_the_ice_advice_says_how(client, text):
    """Ice wrapped in a towel, for up to 20 minutes, never on bare skin (red-flags.md)."""
    box = reading(notice(client.get("/massage/")))
    assert "wrap an ice pack or a bag of frozen peas in a towel" in box
    assert "Hold it on for up to 20 minutes, every 2 to 3 hours." in box
    assert "Never put ice straight on your skin." in box


def test_each_clot_sign_has_one_wording_on_every_page_that_names_it(client, text):
    """articles.warning words each sign once; the warning, the care cards, cramp-or-clot and
    the notice before the steps all use it, so no sign is worded two ways."""
    from articles.warning import CLOT_SIGNS, DEFAULT_URGENT, LEG_SIGNS

    pages = {
        path: text(client.get(path))
        for path in ("/cramp-or-clot/", "/massage/", "/massage/knead-the-calf/")
    }
    for sign in CLOT_SIGNS:
        assert sign.full in pages["/cramp-or-clot/"], sign  # the urgent card lists each in full
    assert LEG_SIGNS in DEFAULT_URGENT
    for path, page in pages.items():
        assert LEG_SIGNS in page, path  # the warning's and the notice's short list
    # The wordings the site used before it had one source are gone.
    for old in ("swollen, warm, red or darkened", "Is the skin warm", "veins that are swollen"):
        assert all(old not in page for page in pages.values()), old
