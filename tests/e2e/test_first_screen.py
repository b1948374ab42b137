"""The first screen is for the reader's task (issue 15): the clot warning first but compact, a
shared step's number, title and instruction, and "Start the routine" all in view without
scrolling; breadcrumbs on inner pages; a desktop that uses its width.

Sizes come from getBoundingClientRect at the top of a freshly loaded page, so "on the first
screen" means the element's top edge (for a block of text: its first line) is above the fold."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEP = "/massage/knead-the-calf/"
PHONES = {"390x844": (390, 844), "375x667": (375, 667), "320x568": (320, 568)}
# The largest share of the screen height the warning may take at each size.
WARNING_SHARE = {"390x844": 0.20, "375x667": 0.30, "320x568": 0.30}

BOXES = """selectors => Object.fromEntries(selectors.map(selector => {
    const element = document.querySelector(selector);
    const box = element && element.getBoundingClientRect();
    return [selector, box && {top: box.top, bottom: box.bottom, height: box.height}];
}))"""

# The first line of the instruction: the top of its first text line, plus one line's height.
FIRST_LINE_BOTTOM = """selector => {
    const paragraph = document.querySelector(selector);
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    return range.getClientRects()[0].bottom;
}"""


def open_page(browser, live_server, path, size, text_zoom=None):
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + path)
    if text_zoom:
        # What a reader's "larger text" setting does: every rem grows with the root's size.
        page.evaluate(f"document.documentElement.style.fontSize = '{text_zoom}'")
    return page


@pytest.mark.parametrize("size", PHONES)
@pytest.mark.parametrize("path", ["/", STEP, "/massage/", "/causes/deep-vein-thrombosis/"])
def test_warning_is_first_and_compact(browser, live_server, path, size):
    page = open_page(browser, live_server, path, PHONES[size])
    boxes = page.evaluate(BOXES, ["#dvt-warning", "main"])
    warning = boxes["#dvt-warning"]
    assert warning["top"] == 0, "the warning is the first thing on the screen"
    assert warning["bottom"] <= boxes["main"]["top"]
    limit = WARNING_SHARE[size] * PHONES[size][1]
    assert warning["height"] <= limit, f"{warning['height']}px of {PHONES[size][1]}px at {size}"
    page.context.close()


def test_warning_stays_compact_with_text_at_150_percent(browser, live_server):
    page = open_page(browser, live_server, STEP, PHONES["390x844"], text_zoom="150%")
    height = page.evaluate(BOXES, ["#dvt-warning"])["#dvt-warning"]["height"]
    assert height <= 0.30 * 844, f"{height}px of 844px"
    # The text did grow: the call links are at least half as tall again.
    link = page.locator(".dvt-warning__call").first.bounding_box()
    assert link["height"] >= 1.5 * 44
    page.context.close()


def test_warning_keeps_every_word_and_both_numbers_one_tap_away(browser, live_server):
    page = open_page(browser, live_server, STEP, PHONES["320x568"])
    warning = page.locator("#dvt-warning")
    assert warning.get_by_role("link", name="Urgent: call 111").is_visible()
    assert warning.get_by_role("link", name="Emergency: 999 now").is_visible()
    assert not warning.get_by_text("do not massage it").is_visible()
    warning.get_by_text("Signs of a blood clot").click()
    assert warning.get_by_text("do not massage it").is_visible()
    assert warning.get_by_role("link", name="All the signs, and what to do").is_visible()
    page.context.close()


@pytest.mark.parametrize("size", ["390x844", "375x667"])
def test_shared_step_shows_number_title_and_instruction_on_the_first_screen(
    browser, live_server, size
):
    page = open_page(browser, live_server, STEP, PHONES[size])
    height = PHONES[size][1]
    boxes = page.evaluate(BOXES, [".step__counter", ".step__title"])
    assert boxes[".step__counter"]["bottom"] <= height
    assert boxes[".step__title"]["bottom"] <= height
    assert page.evaluate(FIRST_LINE_BOTTOM, ".step__instruction p") <= height
    page.context.close()


def test_shared_step_title_is_on_the_first_screen_of_a_small_phone(browser, live_server):
    page = open_page(browser, live_server, STEP, PHONES["320x568"])
    assert page.evaluate(BOXES, [".step__title"])[".step__title"]["bottom"] <= 568
    page.context.close()


def test_start_the_routine_is_on_the_massage_pages_first_screen(browser, live_server):
    page = open_page(browser, live_server, "/massage/", PHONES["390x844"])
    start = page.get_by_role("link", name="Start the routine").bounding_box()
    assert start["y"] + start["height"] <= 844
    # Above it, one line leads to the checks; the care cards still come before the steps.
    check = page.get_by_role("link", name="Do not massage if you might have a clot")
    assert check.bounding_box()["y"] < start["y"]
    order = page.evaluate(
        """() => ['[data-routine-start]', '#urgent-signs', '[data-routine]'].map(
            selector => document.querySelector(selector).getBoundingClientRect().top)"""
    )
    assert order == sorted(order)
    page.context.close()


@pytest.mark.parametrize(
    ("path", "trail"),
    [
        (STEP, ["Home", "Massage", "Step 3"]),
        ("/massage/", ["Home", "Massage"]),
        ("/causes/dehydration/", ["Home", "Causes", "Dehydration"]),
        ("/about/", ["Home", "About this guide"]),
    ],
)
def test_inner_pages_have_breadcrumbs(browser, live_server, path, trail):
    page = open_page(browser, live_server, path, (1280, 900))
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.locator("ol > li").all_inner_texts() == trail
    assert crumbs.locator("[aria-current=page]").inner_text() == trail[-1]
    page.context.close()
    # A phone shows only the way back up: the page's own crumb repeats the title just below.
    page = open_page(browser, live_server, path, PHONES["390x844"])
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    shown = [
        item.inner_text()
        for item in crumbs.locator("ol > li").all()
        if item.bounding_box()["width"] > 1  # the page's own crumb is for screen readers only
    ]
    assert shown == trail[:-1]
    # ...and the way back up ends with its last link, not a separator pointing at nothing.
    last_shown = crumbs.locator("ol > li").nth(len(trail) - 2)
    assert last_shown.evaluate("item => getComputedStyle(item, '::after').content") == "none"
    page.context.close()


@pytest.mark.parametrize("size", PHONES)
def test_with_text_at_150_percent_a_shared_step_still_starts_with_its_title_in_view(
    browser, live_server, size
):
    """The call links stay side by side and the sections wrap, so the title is reached."""
    page = open_page(browser, live_server, STEP, PHONES[size], text_zoom="150%")
    width, height = PHONES[size]
    title = page.evaluate(BOXES, [".step__title"])[".step__title"]
    assert page.evaluate(FIRST_LINE_BOTTOM, ".step__title") <= height, title
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    calls = [link.bounding_box()["y"] for link in page.locator(".dvt-warning__call").all()]
    assert calls[0] == calls[1], "the two call links sit side by side"
    page.context.close()


def test_front_page_has_no_breadcrumbs(browser, live_server):
    page = open_page(browser, live_server, "/", PHONES["390x844"])
    assert page.get_by_role("navigation", name="Breadcrumb").count() == 0
    page.context.close()


@pytest.mark.parametrize("path", ["/", STEP, "/causes/"])
def test_desktop_puts_the_contents_beside_the_text(browser, live_server, path):
    page = open_page(browser, live_server, path, (1280, 900))
    main = page.locator("main").bounding_box()
    contents = page.get_by_role("navigation", name="Guide contents").bounding_box()
    assert contents["x"] >= main["x"] + main["width"], "the contents are in a column of their own"
    assert contents["y"] < 900, "and beside the text, not below it"
    h1_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert 40 <= h1_size <= 48
    # The measure: 60 to 75 characters of running body text to a line of the text column.
    characters = page.evaluate(
        """() => {
            const main = document.querySelector('main');
            const probe = document.createElement('span');
            const sample = 'the quick brown fox jumps over the lazy dog ';
            probe.textContent = sample;
            probe.style.whiteSpace = 'nowrap';
            main.appendChild(probe);
            const perCharacter = probe.getBoundingClientRect().width / sample.length;
            probe.remove();
            const style = getComputedStyle(main);
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            const width = main.clientWidth - padding;
            return width / perCharacter;
        }"""
    )
    assert 60 <= characters <= 75, characters
    page.context.close()


def test_header_names_the_site_and_its_sections(browser, live_server):
    page = open_page(browser, live_server, STEP, PHONES["320x568"])
    header = page.locator("header")
    assert header.get_by_role("link", name="calfcare").is_visible()
    sections = header.get_by_role("navigation", name="Guide sections")
    # On a phone the sections are one tap away, under "Menu" beside the name (issue 25).
    sections.get_by_text("Menu").click()
    assert sections.get_by_role("link").all_inner_texts() == ["Causes", "Cramp or clot?", "Massage"]
    assert sections.get_by_role("link", name="Massage").get_attribute("aria-current") == "true"
    page.context.close()
