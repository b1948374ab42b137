"""Large text on a phone (issue 25): at 320 and 390 px wide, with the text at 150% and 200%, the
blood clot warning and the navigation wrap instead of being cut off or scrolling sideways.

Larger text is emulated as tests/e2e/test_first_screen.py and tests/e2e/visits.py do it: the root
element's font-size set to 150% or 200% once the page has loaded, which is what a reader's
"larger text" setting does to a site sized in rem. (Browser zoom is a different thing: it makes
the viewport narrower, and test_accessibility.py checks it with a 640 px window.)

Each page is loaded once per width; both text sizes are measured in that one load.
"""

import pytest

from tests.e2e.visits import open_page
from tests.site_pages import READER_PAGES, page_named

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {320: 568, 390: 844}
TEXT_SIZES = ("150%", "200%")

# Within the warning, the header and the breadcrumbs: boxes that cut off their own content
# (overflow other than visible, content wider than the box), and boxes that reach past the
# right edge of the screen.
MEASURE = """(width) => {
    // Shown, and not inside a box clipped to 1px for screen readers (.visually-hidden, and a
    // phone's own crumb for the page).
    const shown = (el) => {
        if (!el.checkVisibility({ visibilityProperty: true })) return false;
        for (let node = el; node; node = node.parentElement) {
            if (node.getBoundingClientRect().width <= 1) return false;
        }
        return true;
    };
    const describe = (el) => el.outerHTML.replace(/\\s+/g, ' ').slice(0, 120);
    const parts = document.querySelectorAll(
        '#dvt-warning, #dvt-warning *, .site-header, .site-header *, .breadcrumbs, .breadcrumbs *');
    const clipped = [], pastEdge = [];
    for (const el of parts) {
        if (!shown(el)) continue;
        const style = getComputedStyle(el);
        const clips = [style.overflowX, style.overflowY].some((v) => v !== 'visible');
        if (clips && el.scrollWidth > el.clientWidth + 1) clipped.push(describe(el));
        if (el.getBoundingClientRect().right > width + 0.5) pastEdge.push(describe(el));
    }
    return {
        clipped, pastEdge,
        pageWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
    };
}"""


def open_with_text_sizes(browser, live_server, site_page, width):
    """The page at this width; a function that sets the text size and measures."""
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, device_scale_factor=1, is_mobile=True
    )
    page = context.new_page()
    open_page(page, site_page, live_server.url)

    def at(text_size):
        page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
        return page.evaluate(MEASURE, width)

    return page, at


@pytest.mark.parametrize("site_page", [pytest.param(p, id=p.name) for p in READER_PAGES])
def test_warning_and_navigation_wrap_with_large_text_on_a_phone(browser, live_server, site_page):
    problems = []
    for width in WIDTHS:
        page, at = open_with_text_sizes(browser, live_server, site_page, width)
        for text_size in TEXT_SIZES:
            where = f"{width} px, text {text_size}"
            found = at(text_size)
            problems += [f"{where}: cut off: {el}" for el in found["clipped"]]
            problems += [f"{where}: past the screen's edge: {el}" for el in found["pastEdge"]]
            # A phone's browser widens its layout to fit a page that is too wide (innerWidth
            # grows with it), so the page is held to the width the phone really has.
            wider = max(found["pageWidth"], found["innerWidth"])
            if wider > width:
                problems.append(f"{where}: the page scrolls sideways ({wider} px wide)")
        page.context.close()
    assert not problems, f"On {site_page.name}:\n" + "\n".join(f"  {p}" for p in problems)


def test_with_200_percent_text_at_390px_the_call_links_share_a_row(browser, live_server):
    """Where they fit, the two call links sit side by side; at 320 px they take a row each."""
    page, at = open_with_text_sizes(browser, live_server, page_named("step"), 390)
    at("200%")
    rows = [link.bounding_box()["y"] for link in page.locator(".dvt-warning__call").all()]
    assert rows[0] == rows[1], rows
    page.context.close()
    page, at = open_with_text_sizes(browser, live_server, page_named("step"), 320)
    at("200%")
    links = [link.bounding_box() for link in page.locator(".dvt-warning__call").all()]
    assert links[1]["y"] >= links[0]["y"] + links[0]["height"], "a row each"
    assert all(link["x"] + link["width"] <= 320 for link in links), links
    page.context.close()


def test_with_200_percent_text_the_current_section_is_in_view_not_in_a_scroller(
    browser, live_server
):
    """The sections, opened from the phone's Menu, wrap: every one is on the screen, the
    current one included (it used to sit past the edge of a sideways scroller from 150% text)."""
    for width in WIDTHS:
        page, at = open_with_text_sizes(browser, live_server, page_named("step"), width)
        at("200%")
        page.locator(".site-nav__toggle").click()
        sections = page.get_by_role("navigation", name="Guide sections").get_by_role("link")
        for link in sections.all():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, link.inner_text())
        current = page.locator(".site-nav__link[aria-current]")
        assert current.inner_text() == "Massage"
        page.context.close()


def test_with_200_percent_text_at_390x844_the_step_title_starts_above_y_500(browser, live_server):
    """Issue 25: it started at y = 617, under three rows of section links. The sections fold
    into the Menu beside the name, so the header is one row."""
    page, at = open_with_text_sizes(browser, live_server, page_named("step"), 390)
    at("200%")
    top = page.locator(".step__title").bounding_box()["y"]
    assert top < 500, top
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 80, f"the header is one row: {header['height']}px"
    page.context.close()
