"""WCAG 2.2 AA in a real browser, for every page in tests/site_pages.py at phone and desktop width.

Each page is opened once per width (tests/e2e/visits.py); these tests read what that visit saw.
"""

import re
from urllib.parse import urlsplit

import pytest

from tests.e2e.visits import DESKTOP, NARROWEST, PHONE, WIDTHS, ZOOMED_200
from tests.site_pages import ALL_PAGES, READER_PAGES, SCRIPTED_STATES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERYTHING = ALL_PAGES + SCRIPTED_STATES
READER_VIEWS = READER_PAGES + tuple(state for state in SCRIPTED_STATES if state.for_readers)


def at_each_width(targets):
    return pytest.mark.parametrize(
        "target,width",
        [pytest.param(t, w, id=f"{t.name}-{w.name}") for t in targets for w in WIDTHS],
    )


def each(targets):
    return pytest.mark.parametrize("target", [pytest.param(t, id=t.name) for t in targets])


def listed(items):
    return "\n".join(f"  {item}" for item in items)


def axe_report(violations):
    return "\n".join(
        f"{v['rule']} ({v['impact']}): {v['help']}\n{listed(v['elements'])}" for v in violations
    )


@at_each_width(EVERYTHING)
def test_page_arrives_as_a_reader_reaches_it(visits, target, width):
    """The checks below are only worth something if they ran on the page they name (an admin
    page that sent the browser to the sign-in form would otherwise pass as the sign-in form)."""
    site_page = getattr(target, "page", target)
    visit = visits.of(target, width)
    assert visit.status == site_page.status
    arrived, expected = urlsplit(visit.url), urlsplit(site_page.url_path())
    assert (arrived.path, arrived.query) == (expected.path, expected.query)


@at_each_width(EVERYTHING)
def test_axe_finds_no_violations(visits, target, width):
    violations = visits.of(target, width).axe
    assert not violations, f"axe-core, light scheme:\n{axe_report(violations)}"


@at_each_width(EVERYTHING)
def test_axe_finds_no_violations_in_the_dark_scheme(visits, target, width):
    """The dark scheme changes every colour, so contrast is proven again."""
    violations = visits.of(target, width).axe_dark
    assert not violations, f"axe-core, dark scheme:\n{axe_report(violations)}"


@at_each_width(READER_VIEWS)
def test_tap_targets_are_at_least_24px_and_do_not_overlap(visits, target, width):
    """Stricter than WCAG 2.5.8, which also lets a small target pass with space around it: on
    reader pages every target outside a sentence is full size. Django's admin is held to the
    criterion itself, by axe-core's target-size rule above."""
    targets = visits.of(target, width).targets
    small = [f"{t['width']} x {t['height']} px: {t['target']}" for t in targets["tooSmall"]]
    assert not small, "Smaller than 24 x 24 CSS px and not in a sentence:\n" + listed(small)
    assert not targets["overlapping"], "Overlapping targets:\n" + listed(targets["overlapping"])


@at_each_width(EVERYTHING)
def test_no_sideways_scrolling(visits, target, width):
    overflow = visits.of(target, width).overflow
    assert overflow["pageWidth"] <= width.width
    assert not overflow["clipped"], "Text cut off:\n" + listed(overflow["clipped"])


@each(EVERYTHING)
def test_no_sideways_scrolling_at_320px(visits, target):
    narrowest = visits.of(target, PHONE).narrowest
    assert narrowest["pageWidth"] <= NARROWEST, "the page scrolls sideways at 320 CSS px"
    assert not narrowest["clipped"], "Text cut off:\n" + listed(narrowest["clipped"])


@each(ALL_PAGES)
def test_text_fits_at_200_percent_zoom(visits, target):
    zoomed = visits.of(target, DESKTOP).zoomed
    assert zoomed["pageWidth"] <= ZOOMED_200["width"], "the page scrolls sideways at 200% zoom"
    assert not zoomed["clipped"], "Text cut off at 200% zoom:\n" + listed(zoomed["clipped"])


@each(ALL_PAGES)
def test_text_fits_when_the_reader_doubles_the_text_size(visits, target):
    text_zoomed = visits.of(target, DESKTOP).text_zoomed
    assert text_zoomed["pageWidth"] <= DESKTOP.width, "the page scrolls sideways"
    assert not text_zoomed["clipped"], "Text cut off:\n" + listed(text_zoomed["clipped"])


@each(READER_PAGES)
def test_warning_is_on_the_first_phone_screen(visits, target):
    box = visits.of(target, PHONE).warning["box"]
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE.height, "the whole warning fits the first screen"


@each(READER_PAGES)
def test_warning_call_links_are_full_size_tap_targets(visits, target):
    """WCAG exempts links in a sentence, but these are the links a reader in pain taps."""
    links = visits.of(target, PHONE).warning["call_links"]
    assert [link["text"].split() for link in links] == [
        ["Urgent:", "call", "111"],
        ["Emergency:", "999", "now"],
    ]
    assert all(link["height"] >= 44 and link["width"] >= 44 for link in links), links


@each(READER_PAGES)
def test_warning_comes_before_the_main_content_on_desktop(visits, target):
    boxes = visits.of(target, DESKTOP).warning_above
    assert boxes["warning"]["y"] + boxes["warning"]["height"] <= boxes["main"]["y"]


@each(READER_PAGES)
def test_warning_is_announced_as_an_urgent_blood_clot_warning(visits, target):
    """A screen reader announces the warning's region by its heading, and its heading comes
    first in the page's list of headings; the urgency is in the words, not only the colour."""
    warning = visits.of(target, PHONE).warning
    region = re.match(r'\W*region "([^"]*)"', warning["accessibility_tree"])
    assert region, warning["accessibility_tree"]
    assert region[1].startswith("Urgent warning:") and "blood clot" in region[1], region[1]
    first_heading = warning["headings"][0]
    assert first_heading["insideWarning"]
    assert first_heading["text"].startswith("Urgent warning:")
    tree = warning["accessibility_tree"]
    assert "Urgent:" in tree and "Emergency:" in tree


# Django's sign-in page puts focus in the user name box itself, so Tab starts from there.
STARTING_AT_THE_TOP = tuple(page for page in ALL_PAGES if page.name != "admin-login")


@each(STARTING_AT_THE_TOP)
def test_first_tab_reaches_the_skip_link(visits, target):
    first = visits.of(target, DESKTOP).keyboard["first"]
    assert first["text"] == "Skip to main content"
    assert first["shown"], "the skip link shows when it has focus"


def same_control(stop, focused):
    if stop["radioGroup"]:
        return stop["radioGroup"] == focused["radioGroup"]
    return stop["key"] == focused["key"]


@each(ALL_PAGES)
def test_every_control_is_reachable_by_keyboard(visits, target):
    walk = visits.of(target, DESKTOP).keyboard
    missed = [
        stop["target"]
        for stop in walk["stops"]
        if not any(same_control(stop, focused) for focused in walk["reached"])
    ]
    assert not missed, "Tab never reaches:\n" + listed(missed)
    unseen = [focused["target"] for focused in walk["reached"] if not focused["shown"]]
    assert not unseen, "Tab lands on something the reader cannot see:\n" + listed(unseen)


def _transparent(colour):
    return colour == "transparent" or bool(re.search(r",\s*0\)$", colour))


def shows_focus(unfocused, focused):
    """An outline (the browser's own ring, or a drawn one at least 2px wide), or a change of
    shadow, background or border, is a focus indicator a sighted keyboard user can follow."""
    if focused["outlineStyle"] == "auto":
        return True
    if (
        focused["outlineStyle"] not in ("none", "hidden")
        and focused["outlineWidth"] >= 2
        and not _transparent(focused["outlineColor"])
    ):
        return True
    return any(
        focused[look] != unfocused[look] for look in ("boxShadow", "backgroundColor", "borderColor")
    )


@each(ALL_PAGES)
def test_every_control_shows_where_the_keyboard_is(visits, target):
    walk = visits.of(target, DESKTOP).keyboard
    unmarked = [
        focused["target"]
        for focused in walk["reached"]
        for stop in walk["stops"]
        if same_control(stop, focused) and not shows_focus(stop["look"], focused["look"])
    ]
    assert not unmarked, "No visible focus indicator:\n" + listed(unmarked)


@at_each_width(EVERYTHING)
def test_screenshots_are_written(visits, target, width):
    for path in visits.of(target, width).screenshots:
        assert path.read_bytes().startswith(b"\x89PNG"), path
