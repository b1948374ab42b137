"""The guided routine as a hands-free mode: the step's number and title first and large, a
timer the reader starts for a step timed in words, a clinician's countdown where one is set,
nothing that moves on by itself, a large main button on the lower half of a phone's screen,
optional spoken prompts, the screen kept awake, and focus that is never lost. The mode itself
(the safety check first, the strip, the button's words) is tests/e2e/test_routine_mode.py's.

Time is Playwright's fake clock (page.clock), so nothing here waits for real seconds."""

import pytest
from playwright.sync_api import expect

from articles.models import MassageStep
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records what the routine asks of the Screen Wake Lock API; Chromium headless has none to test.
WAKE_LOCK_STUB = """
window.wakeLockCalls = [];
window.wakeLockReleases = 0;
Object.defineProperty(navigator, "wakeLock", {
  configurable: true,
  value: {
    request(type) {
      window.wakeLockCalls.push(type);
      const sentinel = {
        released: false,
        release() { this.released = true; window.wakeLockReleases += 1; return Promise.resolve(); },
        addEventListener() {},
      };
      window.lastWakeLock = sentinel;
      return Promise.resolve(sentinel);
    },
  },
});
"""

NO_WAKE_LOCK = (
    'Object.defineProperty(navigator, "wakeLock", {configurable: true, value: undefined});'
)

# Records what the routine says, in order, instead of speaking it.
SPEECH_STUB = """
window.spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: {
    speak(utterance) { window.spoken.push(utterance.text); },
    cancel() {},
    speaking: false,
  },
});
"""

NO_SPEECH = (
    'Object.defineProperty(window, "speechSynthesis", {configurable: true, value: undefined});'
)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    context.errors = []  # uncaught page errors, filled by open_routine
    yield context
    context.close()


def open_routine(context, live_server, scripts=(), clock=False):
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    page.on("pageerror", lambda error: context.errors.append(str(error)))
    if clock:
        page.clock.install()
    page.goto(live_server.url + "/massage/")
    page.get_by_role("link", name="Start the routine").click()
    page.get_by_role("button", name="None of these — start step 1").click()
    return page


def visible_step(page):
    return page.locator(".step-list__item:visible")


def next_button(page):
    return page.get_by_role("button", name="Next step")


def where(page):
    """Where the routine is, as its strip says."""
    return page.locator(".routine-strip__where")


def go_to_step(page, number):
    """Press the main button until the routine shows step `number` (counting on from the
    current step): on a step with a timer it starts it and pauses it before it moves on."""
    for _ in range(10):
        if where(page).inner_text() == f"Step {number} of 6":
            break
        page.locator(".routine-controls__main").click()
    expect(where(page)).to_have_text(f"Step {number} of 6")


def test_step_number_and_a_large_title_come_first(live_server, phone):
    page = open_routine(phone, live_server)
    step = visible_step(page)
    number = where(page)
    expect(number).to_have_text("Step 1 of 6")
    title = step.locator(".step-list__title")
    instruction = step.locator(".step-list__instruction p").first
    # Number (on the strip) above the title, the title above the instruction, on the phone's
    # first screen.
    assert number.bounding_box()["y"] < title.bounding_box()["y"]
    assert title.bounding_box()["y"] < instruction.bounding_box()["y"]
    assert instruction.bounding_box()["y"] < PHONE["height"] / 2
    title_size = title.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    body_size = instruction.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert title_size >= 1.25 * body_size, "the title is larger than the instruction"
    # Leaving the routine puts the list's own numbering back.
    page.get_by_role("button", name="Exit").click()
    expect(page.locator("#bare-the-leg .step-list__number")).to_have_text("Step 1:")


def test_next_is_a_large_target_on_the_lower_half_of_a_phone(live_server, phone, screenshots_dir):
    page = open_routine(phone, live_server)
    box = next_button(page).bounding_box()
    assert box["y"] >= PHONE["height"] / 2, "Next is on the lower half of the screen"
    assert box["y"] + box["height"] <= PHONE["height"], "and on the screen"
    assert box["width"] >= 0.4 * PHONE["width"]
    assert box["height"] >= 64
    previous = page.get_by_role("button", name="Back")
    expect(previous).to_be_visible()
    assert previous.bounding_box()["y"] >= PHONE["height"] / 2
    page.screenshot(path=screenshots_dir / "routine-step-1-phone.png")
    # The bar never covers content: at the very bottom of the page the footer ends above it.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = page.locator("body > *:visible").last
    bar_top = next_button(page).evaluate(
        "el => el.closest('.routine-controls').getBoundingClientRect().top"
    )
    assert last.bounding_box()["y"] + last.bounding_box()["height"] <= bar_top + 1


def test_focus_goes_to_each_new_steps_heading_and_after_finish_to_aftercare(live_server, phone):
    page = open_routine(phone, live_server)
    active = "document.activeElement"
    assert page.evaluate(f"{active}.matches('#bare-the-leg .step-list__title')")
    next_button(page).click()
    assert page.evaluate(f"{active}.matches('#stroke-upward-from-the-ankle .step-list__title')")
    page.get_by_role("button", name="Back").click()
    assert page.evaluate(f"{active}.matches('#bare-the-leg .step-list__title')")
    go_to_step(page, 6)
    page.get_by_role("button", name="Finish").click()
    expect(page.locator(".step-list__item:visible")).to_have_count(6)
    assert page.evaluate(f"{active}.id") == "aftercare", "focus lands on the aftercare heading"
    assert page.url.endswith("#aftercare")


def test_a_step_timed_in_words_gets_the_readers_own_timer_counting_up(live_server, phone):
    """The seed says "a few minutes": the site makes no countdown of it. The reader starts and
    stops a timer that counts up, and the routine never moves on by itself."""
    page = open_routine(phone, live_server, clock=True)
    go_to_step(page, 3)
    timer = page.locator("#knead-the-calf .timer__value")
    expect(timer).to_have_text("0:00")
    assert timer.get_attribute("role") == "timer"
    status = page.locator("#knead-the-calf .timer__status")
    page.get_by_role("button", name="Start timer").click()
    expect(status).to_have_text("Timer started.")
    page.clock.run_for(65_000)
    expect(timer).to_have_text("1:05")
    page.get_by_role("button", name="Pause").click()
    expect(status).to_have_text("Timer stopped at 1 minute and 5 seconds.")
    page.clock.run_for(30_000)
    expect(timer).to_have_text("1:05")
    page.get_by_role("button", name="Carry on").click()
    page.clock.run_for(600_000)
    expect(timer).to_have_text("11:05")
    # However long it runs, the reader moves on.
    expect(where(page)).to_have_text("Step 3 of 6")
    expect(page.get_by_label("Move on by itself when time is up")).to_have_count(0)
    page.get_by_role("button", name="Reset timer").click()
    expect(timer).to_have_text("0:00")
    assert phone.errors == []


def test_a_countdown_a_clinician_set_counts_down_and_waits_for_the_reader(live_server, phone):
    MassageStep.objects.filter(slug="knead-the-calf").update(target_seconds=180)
    page = open_routine(phone, live_server, clock=True)
    go_to_step(page, 3)
    countdown = page.locator("#knead-the-calf .timer__value")
    expect(countdown).to_have_text("3:00")
    assert countdown.get_attribute("role") == "timer"
    status = page.locator("#knead-the-calf .timer__status")
    page.get_by_role("button", name="Start timer").click()
    expect(status).to_have_text("Countdown started: 3 minutes.")
    page.clock.run_for(65_000)
    expect(countdown).to_have_text("1:55")
    expect(status).to_have_text("2 minutes left.")
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(30_000)
    expect(countdown).to_have_text("1:55")
    page.get_by_role("button", name="Carry on").click()
    page.clock.run_for(106_000)
    expect(countdown).to_have_text("0:09")
    expect(status).to_have_text("10 seconds left.")
    page.clock.run_for(10_000)
    expect(countdown).to_have_text("0:00")
    expect(status).to_contain_text("Time is up.")
    # The routine waits on the step: there is no way to make it move on by itself.
    page.clock.run_for(60_000)
    expect(where(page)).to_have_text("Step 3 of 6")
    expect(page.get_by_label("Move on by itself when time is up")).to_have_count(0)
    page.get_by_role("button", name="Reset countdown").click()
    expect(countdown).to_have_text("3:00")


def test_repetitions_show_the_target_with_no_taps_to_count(live_server, phone):
    page = open_routine(phone, live_server)
    go_to_step(page, 2)
    step = visible_step(page)
    expect(step.locator(".step-facts")).to_contain_text("10 to 12 times")
    assert step.get_by_role("button").count() == 0, "nothing asks for a tap mid-massage"
    assert step.locator(".counter").count() == 0, "no count the site made up from 10 to 12"
    size = step.locator(".step-facts dd").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    body = step.locator(".step-list__instruction p").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size >= body


def test_the_screen_is_kept_awake_while_the_routine_runs(live_server, phone):
    page = open_routine(phone, live_server, scripts=[WAKE_LOCK_STUB])
    page.wait_for_function("window.wakeLockCalls.length === 1")
    assert page.evaluate("window.wakeLockCalls") == ["screen"]
    # A browser drops the lock when the tab is hidden; coming back asks for it again.
    page.evaluate(
        """() => {
            window.lastWakeLock.released = true;
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    page.wait_for_function("window.wakeLockCalls.length === 2")
    go_to_step(page, 6)
    page.get_by_role("button", name="Finish").click()
    page.wait_for_function("window.wakeLockReleases === 1")
    assert page.evaluate("window.lastWakeLock.released")
    assert phone.errors == []


def test_the_routine_runs_without_wake_lock_or_speech(live_server, phone):
    page = open_routine(phone, live_server, scripts=[NO_WAKE_LOCK, NO_SPEECH])
    expect(page.get_by_label("Read steps aloud")).to_have_count(0)
    go_to_step(page, 6)
    page.get_by_role("button", name="Finish").click()
    assert page.evaluate("document.activeElement.id") == "aftercare"
    assert phone.errors == []


def test_spoken_prompts_are_off_until_the_reader_turns_them_on(live_server, phone):
    page = open_routine(phone, live_server, scripts=[SPEECH_STUB], clock=True)
    next_button(page).click()
    assert page.evaluate("window.spoken") == [], "silent by default"
    # The reader chooses once, on the routine's first screen (the check), not on a step.
    expect(page.get_by_label("Read steps aloud")).not_to_be_visible()
    page.get_by_role("button", name="Exit").click()
    page.get_by_role("link", name="Start the routine").click()
    toggle = page.get_by_label("Read steps aloud")
    expect(toggle).not_to_be_checked()
    toggle.check()
    page.get_by_role("button", name="None of these — start step 1").click()
    assert page.evaluate("window.spoken")[-1].startswith("Step 1 of 6. Bare the leg")

    next_button(page).click()
    spoken = page.evaluate("window.spoken")
    assert spoken[-1].startswith("Step 2 of 6. Stroke upward from the ankle. Start at your ankle")
    assert "10 to 12 times" in spoken[-1]
    # No count the site made up: the prompt says the seed's "10 to 12 times", nothing more.
    page.clock.run_for(60_000)
    assert page.evaluate("window.spoken") == spoken

    page.locator(".routine-controls__main").click()
    prompt = page.evaluate("window.spoken")[-1]
    assert prompt.startswith("Step 3 of 6. Knead the calf.")
    assert "a few minutes" in prompt
    # The reader's own timer says nothing as time passes: it sets no time to be up.
    page.get_by_role("button", name="Start timer").click()
    page.clock.run_for(300_000)
    assert page.evaluate("window.spoken")[-1] == prompt

    page.get_by_role("button", name="Pause").click()
    go_to_step(page, 6)
    page.get_by_role("button", name="Finish").click()
    assert page.evaluate("window.spoken")[-1] == (
        "You have finished the routine. Aftercare is next."
    )

    # Remembered: the next routine reads aloud from its first step.
    page.reload()
    page.get_by_role("link", name="Start the routine").click()
    expect(page.get_by_label("Read steps aloud")).to_be_checked()
    page.get_by_role("button", name="None of these — start step 1").click()
    assert page.evaluate("window.spoken")[-1].startswith("Step 1 of 6. Bare the leg")
