"""Focus you can see (issue 25): Tab through every reader page at phone width, in the light and
the dark colour scheme, and measure each control as it has focus.

- Its text against its focused background: at least 4.5:1 (WCAG 1.4.3). A focus style that
  leaves a control's own colour in place fails here: the warning's amber "call 111" on the focus
  yellow read 1.02:1 in the dark scheme.
- Its focus indicator against what is around it: at least 3:1 (WCAG 2.4.13) for one of its
  parts, the fill, the outline or a box-shadow bar.

The measurements are made in the page (tests/e2e/focus_contrast.js): WCAG's relative luminance
of the computed colours, the background found by walking up to the first opaque one. Each page
is loaded once per scheme; tests/e2e/test_accessibility.py checks separately that every control
is reached and that its look changes with focus.
"""

from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.visits import open_target
from tests.site_pages import READER_PAGES, SCRIPTED_STATES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROBE = Path(__file__).with_name("focus_contrast.js").read_text()
SCHEMES = ("light", "dark")
TEXT_CONTRAST = 4.5
INDICATOR_CONTRAST = 3.0
READER_VIEWS = READER_PAGES + tuple(state for state in SCRIPTED_STATES if state.for_readers)


def focus_walk(page, presses=300):
    """Tab from where focus is once round every control; what each looked like focused. A state
    that puts focus part-way down (the guided routine, on its screen's heading) is walked on
    past the end of the page, where the next Tab comes back in at the top."""
    reached = []
    left = False
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(PROBE)
        if focused is None:
            if left:
                return reached  # out of the page a second time: nothing came round
            left = bool(reached)
            continue
        if any(focused["key"] == seen["key"] for seen in reached):
            return reached  # round to the first control again
        reached.append(focused)
    pytest.fail(f"Tab did not come round to the first control in {presses} presses")


def faults(reached):
    found = []
    for focused in reached:
        text, indicator = focused["text"], focused["indicator"]
        if text and text["ratio"] < TEXT_CONTRAST:
            found.append(
                f"text {text['ratio']}:1 ({text['colour']} on {text['background']}, "
                f"{text['text']!r}): {focused['target']}"
            )
        if indicator is None or indicator["ratio"] < INDICATOR_CONTRAST:
            best = "none"
            if indicator:
                best = f"{indicator['part']} {indicator['colour']}, {indicator['ratio']}:1"
            found.append(f"indicator ({best}) on {focused['around']}: {focused['target']}")
    return found


@pytest.mark.parametrize("target", [pytest.param(t, id=t.name) for t in READER_VIEWS])
def test_every_focused_control_reads_clearly_in_both_schemes(browser, live_server, target):
    problems = []
    for scheme in SCHEMES:
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=1, is_mobile=True, color_scheme=scheme
        )
        page = context.new_page()
        open_target(page, target, live_server.url)
        reached = focus_walk(page)
        context.close()
        assert len(reached) >= 5, f"{scheme}: Tab reached only {reached}"
        problems += [f"{scheme} scheme, {problem}" for problem in faults(reached)]
    heading = (
        f"On {target.name}, focused controls below {TEXT_CONTRAST}:1 (text) "
        f"or {INDICATOR_CONTRAST}:1 (indicator):"
    )
    assert not problems, "\n".join([heading, *(f"  {p}" for p in problems)])


def test_the_measurement_fails_a_focus_style_that_keeps_the_controls_own_colour(
    browser, live_server
):
    """The detector can fail: the warning's call links as they were before issue 25, keeping
    their tier colour on the focus yellow, are caught in both schemes."""
    for scheme, lowest in (("light", 4.5), ("dark", 1.5)):
        # The site's CSP refuses inline styles; this test's own style is let in.
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, color_scheme=scheme, bypass_csp=True
        )
        page = context.new_page()
        page.goto(live_server.url + "/causes/")
        page.add_style_tag(
            content=".dvt-warning__tier--urgent .dvt-warning__call:focus-visible "
            "{ color: var(--urgent) !important; background-color: #ffbf47 !important; }"
        )
        page.locator(".dvt-warning__tier--urgent .dvt-warning__call").focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus from the keyboard, so :focus-visible applies
        problems = faults([page.evaluate(PROBE)])
        context.close()
        assert len(problems) == 1 and "tel:111" in problems[0], (scheme, problems)
        ratio = float(problems[0].split("text ")[1].split(":1")[0])
        assert ratio < lowest, (scheme, problems)
