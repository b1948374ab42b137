"""The guided routine, the share control and #step links, in a real browser."""

import pytest
from playwright.sync_api import expect

from articles.models import MassageStep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guided_routine_walks_one_step_at_a_time(live_server, phone_page, screenshots_dir):
    page = phone_page
    page.goto(live_server.url + "/massage/")
    page.get_by_role("link", name="Start the routine").click()
    # The check comes first; step 1 only when none of it applies.
    assert page.locator(".step-list__item:visible").count() == 0
    page.get_by_role("button", name="None of these — start step 1").click()
    number = page.locator(".routine-strip__where")
    assert number.inner_text() == "Step 1 of 6"
    assert page.locator(".step-list__item:visible").count() == 1
    assert (
        page.evaluate("document.activeElement.textContent")
        .strip()
        .endswith("Bare the leg and sit down")
    )
    assert page.url.endswith("#bare-the-leg")
    # The clot warning's urgent call stays in reach on every step.
    assert page.get_by_role("link", name="Urgent: call 111").is_visible()

    page.get_by_role("button", name="Next step").click()
    assert number.inner_text() == "Step 2 of 6"
    page.screenshot(path=screenshots_dir / "routine-step-2-phone.png", full_page=False)
    # Repetitions are a target to read, not taps to count with oily hands.
    assert page.get_by_role("button", name="Count one").count() == 0
    expect(page.locator("#stroke-upward-from-the-ankle .step-facts")).to_contain_text(
        "10 to 12 times"
    )

    page.get_by_role("button", name="Next step").click()
    assert number.inner_text() == "Step 3 of 6"
    # "A few minutes": the reader's own timer, from 0:00, not a countdown the site made up.
    assert page.locator("#knead-the-calf .timer__value").inner_text() == "0:00"
    page.screenshot(path=screenshots_dir / "routine-step-3-phone.png", full_page=False)

    page.get_by_role("button", name="Back").click()
    assert number.inner_text() == "Step 2 of 6"
    page.get_by_role("button", name="Next step").click()
    # Step 3's timer: the main button starts it, pauses it, then moves on.
    for label in ["Start timer", "Pause", "Next step", "Next step", "Next step"]:
        page.get_by_role("button", name=label, exact=True).click()
    assert number.inner_text() == "Step 6 of 6"
    page.get_by_role("button", name="Finish").click()
    assert page.locator(".routine-controls").count() == 0
    assert page.locator(".step-list__item:visible").count() == 6
    assert page.url.endswith("#aftercare")
    assert page.evaluate("document.activeElement.id") == "aftercare"


def test_a_steps_own_page_gives_the_reader_a_timer_and_a_clinicians_countdown(
    live_server, phone_page
):
    page = phone_page
    page.clock.install()
    page.goto(live_server.url + "/massage/knead-the-calf/")
    timer = page.locator(".timer__value")
    expect(timer).to_have_text("0:00")
    page.get_by_role("button", name="Start timer").click()
    page.clock.run_for(65_000)
    expect(timer).to_have_text("1:05")
    # A countdown only where a clinician set one (a clinical box).
    MassageStep.objects.filter(slug="knead-the-calf").update(target_seconds=180)
    page.goto(live_server.url + "/massage/knead-the-calf/")
    countdown = page.locator(".timer__value")
    expect(countdown).to_have_text("3:00")
    page.get_by_role("button", name="Start countdown").click()
    page.clock.run_for(65_000)
    expect(countdown).to_have_text("1:55")
    # Its Next is the pager's link: the page never moves on by itself.
    assert page.get_by_label("Move on by itself when time is up").count() == 0


def test_start_the_routine_without_javascript_opens_step_one(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/massage/")
    page.get_by_role("link", name="Start the routine").click()
    assert page.locator(".step__counter").inner_text() == "Step 1 of 6"
    context.close()


def test_copy_link_copies_the_steps_address(live_server, browser, screenshots_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/massage/knead-the-calf/")
    # Chromium on Linux has no Web Share API, so the control falls back to copying.
    page.get_by_role("button", name="Copy link").click()
    status = page.locator(".share__status")
    expect(status).to_have_text("Link copied. You can paste it into a message.")
    assert status.get_attribute("role") == "status"
    assert page.evaluate("navigator.clipboard.readText()") == (
        live_server.url + "/massage/knead-the-calf/"
    )
    page.screenshot(path=screenshots_dir / "step-shared-phone.png", full_page=True)
    context.close()


def test_share_uses_the_web_share_api_where_the_browser_has_it(live_server, browser):
    context = browser.new_context()
    context.add_init_script(
        "navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };"
    )
    page = context.new_page()
    page.goto(live_server.url + "/massage/knead-the-calf/")
    page.get_by_role("button", name="Share this step").click()
    page.wait_for_function("window.sharedData !== undefined")
    shared = page.evaluate("window.sharedData")
    assert shared["url"] == live_server.url + "/massage/knead-the-calf/"
    assert shared["title"].startswith("Step 3: Knead the calf")
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_step_anchor_links_scroll_to_and_mark_the_step(live_server, browser, javascript):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(live_server.url + "/massage/#find-the-knots")
    step = page.locator("#find-the-knots")
    assert page.evaluate("document.querySelector(':target').id") == "find-the-knots"
    assert step.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    box = step.bounding_box()
    assert -5 <= box["y"] < 844, "the step is scrolled into view"
    context.close()


def test_routine_prints_every_step_with_the_warning(live_server, browser, screenshots_dir):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/massage/")
    page.get_by_role("link", name="Start the routine").click()
    page.get_by_role("button", name="None of these — start step 1").click()  # five steps hidden
    page.emulate_media(media="print")
    assert page.locator(".step-list__item:visible").count() == 6
    assert page.locator("#dvt-warning").is_visible()
    assert page.locator("#urgent-signs").is_visible()
    assert not page.locator(".contents").is_visible()
    assert not page.locator(".routine-controls").is_visible()
    assert not page.locator(".timer").first.is_visible()
    link_after = page.evaluate(
        "getComputedStyle(document.querySelector('main a[href^=\"/\"]'), '::after').content"
    )
    assert link_after.startswith('" (')
    pdf = page.pdf(format="A4")
    (screenshots_dir / "massage-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    context.close()


def test_dark_scheme_is_applied(live_server, browser):
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/massage/knead-the-calf/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(15, 23, 25)"
    context.close()
