"""The reader's pages in a real browser: the clot warning on the first phone screen, no sideways
scrolling, and a screenshot of each page type at phone and desktop width for a person to check."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE_TYPES = {
    "guide": "/",
    "causes": "/causes/",
    "cause": "/causes/deep-vein-thrombosis/",
    "massage": "/massage/",
    "step": "/massage/knead-the-calf/",
    "not-found": "/massage/no-such-step/",
}


@pytest.mark.parametrize("name,path", PAGE_TYPES.items())
def test_warning_is_on_the_first_phone_screen(live_server, phone_page, screenshots_dir, name, path):
    phone_page.goto(live_server.url + path)
    warning = phone_page.locator("#dvt-warning")
    box = warning.bounding_box()
    assert warning.is_visible()
    assert box["y"] + box["height"] <= 844, "the whole warning fits on a phone's first screen"
    assert "blood clot" in warning.inner_text().lower()
    page_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, "no sideways scrolling on a phone"
    phone_page.screenshot(path=screenshots_dir / f"{name}-phone.png", full_page=True)


@pytest.mark.parametrize("name,path", PAGE_TYPES.items())
def test_desktop_layout(live_server, desktop_page, screenshots_dir, name, path):
    desktop_page.goto(live_server.url + path)
    warning_top = desktop_page.locator("#dvt-warning").bounding_box()["y"]
    main_top = desktop_page.locator("main").bounding_box()["y"]
    assert warning_top < main_top, "the warning comes before the main content"
    desktop_page.screenshot(path=screenshots_dir / f"{name}-desktop.png", full_page=True)


def test_first_tab_reaches_the_skip_link(live_server, desktop_page):
    desktop_page.goto(live_server.url + "/massage/")
    desktop_page.keyboard.press("Tab")
    focused = desktop_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    desktop_page.keyboard.press("Enter")
    assert desktop_page.evaluate("document.activeElement.id") == "main-content"


def test_pages_work_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/massage/")
    page.get_by_role("link", name="Step 3 on its own page").click()
    assert page.locator("h1").inner_text() == "Knead the calf"
    page.get_by_role("link", name="Next step").click()
    assert page.locator(".step__counter").inner_text() == "Step 4 of 6"
    context.close()
