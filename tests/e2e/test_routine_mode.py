"""The guided routine as a mode of its own (issue 25): while it runs only the routine shows, under
a strip fixed to the top (where the reader is, the clot warning's heading and its urgent call
link, and Exit); its first screen is the "do not massage" check, and step 1 comes only when none
of it applies; the main button reads "Start timer", "Pause", then "Next step"; nothing sits
under the strip or the bar, at 320 px with 200% text too; each prompt is said once.

Time is Playwright's fake clock (page.clock), so nothing here waits for real seconds. Larger
text is the root font-size set to 200%, as tests/e2e/test_large_text.py sets it."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import MassageStep
from articles.warning import DEFAULT_HEADING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NONE_APPLIES = "None of these — start step 1"
ONE_APPLIES = "One of these applies"

# Records what the routine says, in order, instead of speaking it.
SPEECH_STUB = """
window.spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: { speak(u) { window.spoken.push(u.text); }, cancel() {}, speaking: false },
});
"""

# What of the current screen (its leaves: text, pictures, controls) is under the strip with the
# page scrolled to the top, or under the bar with it scrolled to the end: the page must be padded
# so that neither ever covers anything for good.
UNDER_THE_BARS = """(end) => {
    window.scrollTo(0, end === 'top' ? 0 : document.documentElement.scrollHeight);
    // Large text on a small phone: the strip and bar sit in the page's flow, covering nothing.
    const fixed = (el) => el && !el.hidden && getComputedStyle(el).position === 'fixed';
    const strip = document.querySelector('.routine-strip');
    const stripBottom = fixed(strip) ? strip.getBoundingClientRect().bottom : 0;
    const bar = document.querySelector('.routine-controls');
    const barTop = fixed(bar) ? bar.getBoundingClientRect().top : innerHeight;
    const screen = [...document.querySelectorAll('.routine-shown')];
    // A drawing counts as one box: its lines may run past its edges, where the drawing clips them.
    const leaves = screen.flatMap((part) => [part, ...part.querySelectorAll('*')].filter(
        (el) => (el.children.length === 0 || el.matches('svg')) && !el.closest('svg *')
            && el.checkVisibility()
            && !el.closest('.routine-controls, .visually-hidden, .step-list__number')
            && el.getBoundingClientRect().height > 1));
    const covered = leaves.filter((el) => {
        const box = el.getBoundingClientRect();
        return end === 'top' ? box.top < stripBottom - 0.5 : box.bottom > barTop + 0.5;
    });
    return covered.map((el) => el.outerHTML.slice(0, 80));
}"""


def covered(page):
    return page.evaluate(UNDER_THE_BARS, "top") + page.evaluate(UNDER_THE_BARS, "end")


# Anything of the routine that is cut off (clips its own content) or reaches past the screen's
# right edge, and how wide the page is.
CLIPPED = """(width) => {
    const parts = document.querySelectorAll(
        '.routine-strip, .routine-strip *, .routine-shown, .routine-shown *, '
        + '.routine-controls, .routine-controls *');
    const problems = [];
    for (const el of parts) {
        if (!el.checkVisibility()) continue;
        if (el.closest('.visually-hidden, .step-list__number, svg *')) continue;
        const style = getComputedStyle(el);
        const clips = [style.overflowX, style.overflowY].some((v) => v !== 'visible');
        const html = el.outerHTML.slice(0, 80);
        if (clips && el.scrollWidth > el.clientWidth + 1) problems.push('cut off: ' + html);
        if (el.getBoundingClientRect().right > width + 0.5) problems.push('past the edge: ' + html);
    }
    return {problems, pageWidth: Math.max(document.documentElement.scrollWidth, innerWidth)};
}"""


def start(browser, live_server, width=390, height=844, text_size=None, scripts=(), clock=False):
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, is_mobile=width < 800
    )
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    if clock:
        page.clock.install()
    page.goto(live_server.url + "/massage/")
    if text_size:
        page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
    page.get_by_role("link", name="Start the routine").click()
    return page


def main_button(page):
    return page.locator(".routine-controls__main")


def strip(page):
    return page.locator(".routine-strip")


def to_step(page, number):
    """From the check, to step `number`."""
    page.get_by_role("button", name=NONE_APPLIES).click()
    for _ in range(number - 1):
        main_button(page).click()
    expect(strip(page)).to_contain_text(f"Step {number} of 6")


def focused(page):
    return page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ').trim()")


def test_the_routines_first_screen_is_the_safety_check(browser, live_server):
    page = start(browser, live_server)
    heading = page.get_by_role("heading", name="Check it is safe to massage first")
    expect(heading).to_be_visible()
    expect(heading).to_be_focused()
    checks = page.locator("#before-you-massage")
    for question in ["A blood clot?", "A new strain or injury?", "A snap or pop?"]:
        expect(checks.get_by_text(question)).to_be_visible()
    # No step yet, and nothing else of the page: not the header, the warning box, the rest.
    expect(page.locator(".step-list__item:visible")).to_have_count(0)
    for selector in [".site-header", "#dvt-warning", ".breadcrumbs", ".routine-start", "footer"]:
        expect(page.locator(selector).first).not_to_be_visible()
    # The page's title stays, for screen readers only.
    assert page.locator("h1").bounding_box()["width"] <= 1
    expect(strip(page)).to_contain_text("Before you start")
    # The answers come after the questions, so step 1 is never a tap away before them.
    none = page.get_by_role("button", name=NONE_APPLIES)
    answer_top = none.evaluate("el => el.getBoundingClientRect().top + scrollY")
    checks_bottom = checks.evaluate("el => el.getBoundingClientRect().bottom + scrollY")
    assert answer_top >= checks_bottom
    expect(page.get_by_role("button", name=ONE_APPLIES)).to_be_visible()
    expect(main_button(page)).not_to_be_visible()

    none.click()
    expect(strip(page)).to_contain_text("Step 1 of 6")
    expect(page.locator(".step-list__item:visible")).to_have_count(1)
    assert focused(page) == "Step 1 of 6: Bare the leg and sit down"
    expect(checks).not_to_be_visible()
    # Back from step 1 is the check again.
    page.get_by_role("button", name="Back").click()
    expect(heading).to_be_focused()
    page.context.close()


def test_one_of_these_applies_leads_to_what_to_do_instead(browser, live_server):
    page = start(browser, live_server)
    page.get_by_role("button", name=ONE_APPLIES).click()
    expect(page.get_by_role("heading", name="What to do instead")).to_be_focused()
    expect(page.locator(".step-list__item:visible")).to_have_count(0)
    # The care cards, with their call links, and when to see a GP: the page's own wording.
    expect(page.locator("#urgent-signs")).to_be_visible()
    expect(page.locator("#emergency-signs")).to_be_visible()
    urgent_call = page.locator("#urgent-signs").get_by_role("link", name=re.compile("^Call .*111$"))
    expect(urgent_call).to_have_attribute("href", "tel:111")
    expect(page.locator("#emergency-signs").get_by_role("link", name="call 999")).to_be_visible()
    expect(page.locator("#see-a-gp")).to_be_visible()
    # Step 1 is not offered here: only Back to the check, and Exit.
    expect(page.get_by_role("button", name=NONE_APPLIES)).not_to_be_visible()
    expect(main_button(page)).not_to_be_visible()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("heading", name="Check it is safe to massage first")).to_be_focused()
    # The check's own link to the signs of a clot opens the same screen, at the signs.
    page.get_by_role("link", name="check the signs of a clot").click()
    expect(page.get_by_role("heading", name="What to do instead")).to_be_visible()
    expect(page.locator("#urgent-signs")).to_be_in_viewport()
    page.context.close()


def test_the_main_button_reads_start_timer_then_pause_then_next_step(browser, live_server):
    page = start(browser, live_server, clock=True)
    to_step(page, 1)
    # A step with no timer: straight on.
    expect(main_button(page)).to_have_text("Next step")
    expect(page.locator(".routine-controls__back")).to_have_text("Back")
    main_button(page).click()
    main_button(page).click()
    expect(strip(page)).to_contain_text("Step 3 of 6")
    timer = page.locator("#knead-the-calf .timer__value")
    expect(main_button(page)).to_have_text("Start timer")
    # One "Start timer" on the screen: the timer box's own waits until it can say "Carry on".
    expect(page.get_by_role("button", name="Start timer")).to_have_count(1)
    main_button(page).click()
    expect(main_button(page)).to_have_text("Pause")
    expect(main_button(page)).to_be_focused()
    page.clock.run_for(65_000)
    expect(timer).to_have_text("1:05")
    expect(strip(page)).to_contain_text("Step 3 of 6")  # nothing moves on by itself
    main_button(page).click()
    expect(main_button(page)).to_have_text("Next step")
    page.clock.run_for(30_000)
    expect(timer).to_have_text("1:05")
    # Paused: the timer box offers to carry on, and the main button is Pause again.
    page.get_by_role("button", name="Carry on").click()
    expect(main_button(page)).to_have_text("Pause")
    main_button(page).click()
    main_button(page).click()
    expect(strip(page)).to_contain_text("Step 4 of 6")
    for _ in range(2):
        main_button(page).click()
    expect(main_button(page)).to_have_text("Finish")
    main_button(page).click()
    # Aftercare, on the whole page again.
    expect(page.locator("#aftercare")).to_be_focused()
    expect(page.locator(".step-list__item:visible")).to_have_count(6)
    expect(page.locator("#dvt-warning")).to_be_visible()
    expect(strip(page)).to_have_count(0)
    page.context.close()


def test_a_clinicians_countdown_moves_the_main_button_on_when_time_is_up(browser, live_server):
    MassageStep.objects.filter(slug="knead-the-calf").update(target_seconds=60)
    page = start(browser, live_server, clock=True)
    to_step(page, 3)
    expect(main_button(page)).to_have_text("Start timer")
    main_button(page).click()
    expect(main_button(page)).to_have_text("Pause")
    page.clock.run_for(61_000)
    expect(page.locator("#knead-the-calf .timer__status")).to_have_text("Time is up.")
    expect(main_button(page)).to_have_text("Next step")
    expect(strip(page)).to_contain_text("Step 3 of 6")
    page.context.close()


def test_the_strip_is_fixed_at_the_top_with_the_step_the_clot_cue_and_exit(browser, live_server):
    page = start(browser, live_server)
    to_step(page, 3)
    bar = strip(page)
    expect(bar).to_contain_text("Step 3 of 6")
    # The clot warning's own heading and urgent call link, as the warning above every page has
    # them: in the mode the warning box is hidden, so the strip carries it.
    expect(bar.locator(".routine-strip__heading")).to_have_text(DEFAULT_HEADING)
    call = bar.get_by_role("link", name="Urgent: call 111")
    expect(call).to_have_attribute("href", "tel:111")
    exit_button = bar.get_by_role("button", name="Exit")
    middle = "el => (el.getBoundingClientRect().top + el.getBoundingClientRect().bottom) / 2"
    middles = [el.evaluate(middle) for el in [bar.locator(".routine-strip__where"), exit_button]]
    assert middles[0] == pytest.approx(middles[1], abs=4), "where and Exit share a row"
    assert bar.evaluate("el => getComputedStyle(el).position") == "fixed"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert bar.bounding_box()["y"] == 0, "still at the top when the step is scrolled"
    assert call.bounding_box()["height"] >= 44 and exit_button.bounding_box()["height"] >= 44
    # The strip takes no more of a 390x844 phone than the warning did.
    assert bar.bounding_box()["height"] <= 130

    exit_button.click()
    expect(bar).to_have_count(0)
    expect(page.locator("#dvt-warning")).to_be_visible()
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.locator(".step-list__item:visible")).to_have_count(6)
    assert focused(page) == "Step 3: Knead the calf", "back on the step the reader was on"
    page.context.close()


def test_escape_leaves_the_routine_from_any_screen(browser, live_server):
    page = start(browser, live_server)
    page.keyboard.press("Escape")
    expect(strip(page)).to_have_count(0)
    expect(page.get_by_role("link", name="Start the routine")).to_be_focused()
    page.get_by_role("link", name="Start the routine").click()
    to_step(page, 2)
    page.keyboard.press("Escape")
    expect(strip(page)).to_have_count(0)
    assert focused(page) == "Step 2: Stroke upward from the ankle"
    assert page.url.endswith("#stroke-upward-from-the-ankle")
    page.context.close()


def test_the_mode_is_announced(browser, live_server):
    page = start(browser, live_server)
    status = strip(page).get_by_role("status")
    expect(status).to_contain_text("The massage routine has started")
    expect(status).to_contain_text("Escape")
    page.context.close()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_nothing_sits_under_the_strip_or_the_bar(browser, live_server, width, height):
    page = start(browser, live_server, width, height, clock=True)
    assert covered(page) == [], "the check"
    for number in range(1, 7):
        if number == 1:
            page.get_by_role("button", name=NONE_APPLIES).click()
        else:
            main_button(page).click()
        expect(strip(page)).to_contain_text(f"Step {number} of 6")
        assert covered(page) == [], f"step {number}"
        if number == 3:
            # Starting the timer brings it into view, clear of both bars.
            page.evaluate("window.scrollTo(0, 0)")
            main_button(page).click()
            timer = page.locator("#knead-the-calf .timer")
            box = timer.bounding_box()
            strip_bottom = strip(page).bounding_box()["height"]
            bar_top = page.locator(".routine-controls").bounding_box()["y"]
            assert strip_bottom <= box["y"] and box["y"] + box["height"] <= bar_top, box
            main_button(page).click()  # Pause
            expect(main_button(page)).to_have_text("Next step")
    page.context.close()


@pytest.mark.parametrize(("width", "height"), [(320, 568), (390, 844)])
def test_with_200_percent_text_nothing_is_cut_off_or_scrolls_sideways(
    browser, live_server, width, height
):
    page = start(browser, live_server, width, height, text_size="200%")
    problems = []

    def check(where, selector=".routine-controls__main"):
        found = page.evaluate(CLIPPED, width)
        problems.extend(f"{where}: {problem}" for problem in found["problems"])
        if found["pageWidth"] > width:
            problems.append(f"{where}: the page scrolls sideways ({found['pageWidth']} px)")
        assert covered(page) == [], where
        # The main button can be reached and is whole on the screen once scrolled to.
        control = page.locator(selector)
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (where, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (where, box)

    check("the check", ".routine-answers__none")
    page.get_by_role("button", name=ONE_APPLIES).click()
    check("what to do instead", ".routine-controls__back")
    page.get_by_role("button", name="Back").click()
    page.get_by_role("button", name=NONE_APPLIES).click()
    for number in range(1, 7):
        expect(page.locator(".routine-strip__where")).to_have_text(f"Step {number} of 6")
        check(f"step {number}")
        if number == 3:
            main_button(page).click()
            check("step 3, timer running")
            main_button(page).click()
        if number < 6:
            main_button(page).click()
    page.context.close()
    assert not problems, "\n".join(problems)


def test_voice_is_chosen_once_and_each_prompt_is_said_once(browser, live_server):
    page = start(browser, live_server, scripts=[SPEECH_STUB], clock=True)
    # The choice is on the first screen, and only there.
    toggle = page.get_by_label("Read steps aloud")
    expect(toggle).to_be_visible()
    expect(toggle).not_to_be_checked()
    toggle.check()
    assert page.evaluate("window.spoken") == [], "the check itself is read, not spoken"
    page.get_by_role("button", name=NONE_APPLIES).click()
    expect(page.get_by_label("Read steps aloud")).not_to_be_visible()
    for _ in range(5):
        main_button(page).click()
        if main_button(page).inner_text() == "Start timer":
            main_button(page).click()
            page.clock.run_for(5_000)
            main_button(page).click()  # Pause
    spoken = page.evaluate("window.spoken")
    prompts = [said for said in spoken if said.startswith("Step ")]
    assert [p.split(".")[0] for p in prompts] == [f"Step {n} of 6" for n in range(1, 7)]
    assert len(set(spoken)) == len(spoken), "each prompt once"
    step_2 = prompts[1]
    assert step_2.startswith("Step 2 of 6. Stroke upward from the ankle. Start at your ankle")
    assert step_2.count("10 to 12 times") == 1, step_2
    step_3 = prompts[2]
    assert step_3.count("a few minutes") == 1, step_3
    # No sentence of any prompt is said twice.
    for prompt in prompts:
        sentences = [s.strip().lower() for s in re.split(r"(?<=\.)\s", prompt) if s.strip()]
        assert len(sentences) == len(set(sentences)), prompt
    page.context.close()


def test_the_voice_chosen_once_is_remembered_for_the_next_routine(browser, live_server):
    page = start(browser, live_server, scripts=[SPEECH_STUB])
    page.get_by_label("Read steps aloud").check()
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Start the routine").click()
    expect(page.get_by_label("Read steps aloud")).to_be_checked()
    page.get_by_role("button", name=NONE_APPLIES).click()
    assert page.evaluate("window.spoken")[-1].startswith("Step 1 of 6. Bare the leg")
    page.context.close()


def test_routine_step_3_screenshots(browser, live_server):
    """Step 3 at 320, 390 and 1280 for a person to look over (written to screenshots/)."""
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    for width, height in [(320, 568), (390, 844), (1280, 800)]:
        page = start(browser, live_server, width, height)
        to_step(page, 3)
        page.evaluate("document.activeElement.blur()")
        page.screenshot(path=SCREENSHOTS / f"routine-mode-step-3-{width}.png")
        expect(strip(page)).to_be_in_viewport()
        expect(main_button(page)).to_be_in_viewport()
        page.context.close()
