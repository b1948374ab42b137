"""The home page as an overview and a step's way on (issue 25), measured in the browser.

- The home page is a summary and three cards, at most about 4,000 px tall on a 390 px phone
  (it was about 9,400: the whole guide again), each card one large tap target.
- A step's "Step 3 of 6 · Back | Next" follows its picture, and Next ends within two screens of
  a 390 by 844 phone (y <= 1688; it was 1.7 to 3.7 screens down, under the full checks).
- On a desktop, Back and Next are cards of one height.
- Phones fold the guide's sections into "Menu" beside the name: one header row.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
STEP_3 = "/massage/knead-the-calf/"
HOME_CARDS = {
    "Cramp or clot?": "/cramp-or-clot/",
    "The massage routine": "/massage/",
    "Causes": "/causes/",
}


def opened(browser, live_server, path, viewport, **options):
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 800, **options)
    page = context.new_page()
    page.goto(live_server.url + path)
    return page


@pytest.mark.parametrize("width", [320, 390])
def test_the_home_page_is_an_overview_of_at_most_about_4000px_on_a_phone(
    browser, live_server, width
):
    page = opened(browser, live_server, "/", {"width": width, "height": 844})
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 4000, f"{height}px at {width}px wide"
    cards = page.locator(".overview-card")
    assert [card.get_by_role("link").inner_text() for card in cards.all()] == list(HOME_CARDS)
    page.context.close()


@pytest.mark.parametrize("title", HOME_CARDS)
def test_a_tap_anywhere_on_a_home_card_opens_its_part(browser, live_server, title):
    page = opened(browser, live_server, "/", PHONE)
    card = page.locator(".overview-card").filter(has=page.get_by_role("link", name=title))
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    assert box["height"] >= 88 and box["width"] >= 300, box
    # Its bottom-right corner, well away from the title's words.
    page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] - 8)
    page.wait_for_url(live_server.url + HOME_CARDS[title])
    page.context.close()


def test_step_3s_next_link_ends_within_two_screens_of_a_phone_right_after_the_picture(
    browser, live_server
):
    page = opened(browser, live_server, STEP_3, PHONE)
    picture = page.locator(".step-picture").bounding_box()
    steps = page.get_by_role("navigation", name="Steps")
    assert "Step 3 of 6" in steps.inner_text()
    nav = steps.bounding_box()
    assert 0 <= nav["y"] - (picture["y"] + picture["height"]) <= 48, (picture, nav)
    next_link = steps.get_by_role("link", name="Next")
    bottom = next_link.bounding_box()["y"] + next_link.bounding_box()["height"]
    assert bottom <= 2 * PHONE["height"], f"Next ends at y = {bottom}"
    back = steps.get_by_role("link", name="Back").bounding_box()
    assert back["y"] == next_link.bounding_box()["y"], "Back and Next side by side"
    page.context.close()


@pytest.mark.parametrize(
    "path",
    ["/massage/stroke-upward-from-the-ankle/", STEP_3, "/massage/find-the-knots/"],
)
def test_back_and_next_are_cards_of_one_height_on_a_desktop(browser, live_server, path):
    page = opened(browser, live_server, path, DESKTOP)
    steps = page.get_by_role("navigation", name="Steps")
    back = steps.locator("a[rel=prev]").bounding_box()
    next_card = steps.locator("a[rel=next]").bounding_box()
    assert back["height"] == next_card["height"], (back, next_card)
    assert back["y"] == next_card["y"]
    page.context.close()


def test_the_full_check_is_open_on_step_1_and_one_line_leads_there_from_the_others(
    browser, live_server
):
    page = opened(browser, live_server, STEP_3, PHONE)
    assert page.locator("#before-you-massage").count() == 0
    page.get_by_role("link", name="Check it is safe to massage first").click()
    page.wait_for_url("**/massage/bare-the-leg/#before-you-massage")
    check = page.locator("#before-you-massage")
    assert check.is_visible()
    assert check.get_by_text("A snap or pop?").is_visible()
    # The anchor brings the check to the top of the screen.
    assert -1 <= check.bounding_box()["y"] < 100
    page.context.close()


def test_on_a_phone_the_sections_fold_into_a_menu_beside_the_name(browser, live_server):
    page = opened(browser, live_server, STEP_3, PHONE)
    brand = page.locator(".site-header__brand").bounding_box()
    toggle = page.locator(".site-nav__toggle")
    assert toggle.inner_text() == "Menu"
    assert abs(toggle.bounding_box()["y"] - brand["y"]) < 10, "one row"
    sections = page.get_by_role("navigation", name="Guide sections").get_by_role("link")
    assert not sections.first.is_visible()
    toggle.click()
    assert [link.inner_text() for link in sections.all()] == ["Causes", "Cramp or clot?", "Massage"]
    for link in sections.all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    sections.filter(has_text="Causes").click()
    page.wait_for_url("**/causes/")
    page.context.close()


def test_on_a_desktop_the_sections_show_with_no_menu(browser, live_server):
    page = opened(browser, live_server, STEP_3, DESKTOP)
    assert not page.locator(".site-nav__toggle").is_visible()
    current = page.locator(".site-nav__link[aria-current]")
    assert current.is_visible() and current.inner_text() == "Massage"
    page.context.close()


def test_without_javascript_the_menu_still_opens(browser, live_server):
    page = opened(browser, live_server, STEP_3, PHONE, java_script_enabled=False)
    page.locator(".site-nav__toggle").click()
    assert page.locator(".site-nav__link[aria-current]").is_visible()
    page.context.close()
