"""The skip link, the guided routine and the share control, by keyboard alone: Tab to a
control and press Enter or Space, as a reader who cannot use a mouse does."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, role, name, presses=80):
    """Press Tab until the named control has focus, as a keyboard user would."""
    control = page.get_by_role(role, name=name, exact=True)
    for _ in range(presses):
        page.keyboard.press("Tab")
        if control.evaluate("(el) => el === document.activeElement"):
            return control
    pytest.fail(f"Tab never reaches the {role} {name!r}")


def focused_text(page):
    return page.evaluate("document.activeElement.textContent").strip()


def test_skip_link_moves_focus_to_the_main_content(live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/massage/")
    page.keyboard.press("Tab")
    assert focused_text(page) == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_guided_routine_works_by_keyboard_alone(live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/massage/")
    number = page.locator(".routine-strip__where")

    tab_to(page, "link", "Start the routine")
    page.keyboard.press("Enter")
    # The check first: focus on its heading, then the answer after the questions.
    expect(page.get_by_role("heading", name="Check it is safe to massage first")).to_be_focused()
    tab_to(page, "button", "None of these — start step 1")
    page.keyboard.press("Enter")
    expect(number).to_have_text("Step 1 of 6")
    assert focused_text(page).endswith("Bare the leg and sit down"), "focus moves to the step"

    tab_to(page, "button", "Next step")
    page.keyboard.press("Enter")
    expect(number).to_have_text("Step 2 of 6")
    assert focused_text(page).endswith("Stroke upward from the ankle")

    tab_to(page, "button", "Next step")
    page.keyboard.press("Enter")
    expect(number).to_have_text("Step 3 of 6")
    tab_to(page, "button", "Start timer")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    tab_to(page, "button", "Reset timer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()

    tab_to(page, "button", "Back")
    page.keyboard.press("Enter")
    expect(number).to_have_text("Step 2 of 6")
    # On the step's heading, the arrow keys move through the routine too.
    page.keyboard.press("ArrowRight")
    expect(number).to_have_text("Step 3 of 6")

    tab_to(page, "button", "Exit the routine")
    page.keyboard.press("Enter")
    expect(page.locator(".step-list__item:visible")).to_have_count(6)
    assert focused_text(page).endswith("Knead the calf"), (
        "focus stays on the step the reader was on"
    )


def test_share_control_works_by_keyboard_alone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/massage/knead-the-calf/")
    # Chromium on Linux has no Web Share API, so the control offers to copy the link.
    tab_to(page, "button", "Copy link")
    page.keyboard.press("Enter")
    expect(page.locator(".share__status")).to_have_text(
        "Link copied. You can paste it into a message."
    )
    assert page.evaluate("navigator.clipboard.readText()") == (
        live_server.url + "/massage/knead-the-calf/"
    )
    context.close()
