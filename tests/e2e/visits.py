"""Every page opened once per width, with everything measured in that one visit.

Opening a page in Chromium and running axe-core is most of the browser suite's time, so the
checks share visits: the first test that needs a page at a width opens it, takes every
measurement and the screenshots, and keeps the results; every other test of that page at that
width reads them. A test that fails says which check failed, on which page, at which width.
"""

from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings

from tests.e2e.probes import measure
from tests.site_pages import (
    FAILING_URLCONF,
    FEEDBACK_WITHOUT_AN_ANSWER,
    SERVER_ERROR,
    ScriptedState,
)


@dataclass(frozen=True)
class Width:
    name: str
    width: int
    height: int
    is_mobile: bool = False

    @property
    def viewport(self):
        return {"width": self.width, "height": self.height}


PHONE = Width("phone", 390, 844, is_mobile=True)
DESKTOP = Width("desktop", 1280, 900)
WIDTHS = (PHONE, DESKTOP)
# WCAG 1.4.10 Reflow: content fits 320 CSS px without scrolling sideways.
NARROWEST = 320
# Browser zoom at 200% on a 1280 px wide window lays the page out exactly as a 640 px wide
# window at 100% does (zoom doubles the size of a CSS pixel, so half as many fit across); the
# device pixel ratio changes only how sharp it is drawn. So a 640 px viewport is the 200% zoom.
ZOOMED_200 = {"width": DESKTOP.width // 2, "height": DESKTOP.height // 2}

AXE = Axe()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

EDITOR = {"username": "visiting-editor", "email": "editor@example.com", "password": "not-used"}


@dataclass
class Visit:
    """What one page showed at one width."""

    status: int
    url: str
    axe: list
    axe_dark: list
    targets: dict
    overflow: dict
    screenshots: list
    # Phone only: the warning on the first screen, and the page at the narrowest width.
    warning: dict | None = None
    narrowest: dict | None = None
    # Desktop only: where the warning sits, the keyboard walk, and the page at 200% zoom and
    # with 200% text.
    warning_above: dict | None = None
    keyboard: dict | None = None
    zoomed: dict | None = None
    text_zoomed: dict | None = None


@dataclass
class NoScriptVisit:
    """What a reader page showed with JavaScript off."""

    status: int
    hidden_text: list
    links: list
    ids: list = field(default_factory=list)


def axe_violations(page):
    """axe-core's violations, each summed up as rule, impact, help and the elements at fault."""
    results = AXE.run(page, options=AXE_OPTIONS).response
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "elements": [node["html"][:160] for node in violation["nodes"]],
        }
        for violation in results["violations"]
    ]


def open_page(page, site_page, base_url):
    """Go to the page the way a reader gets there; the HTTP status of what arrived."""
    path = site_page.url_path()
    if site_page.arrival == FEEDBACK_WITHOUT_AN_ANSWER:
        cache.clear()  # the feedback rate limit counts every post from this address
        page.goto(base_url + "/")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Send feedback").click()
        return navigation.value.status
    if site_page.arrival == SERVER_ERROR:
        with override_settings(ROOT_URLCONF=FAILING_URLCONF):
            return page.goto(base_url + path).status
    return page.goto(base_url + path).status


def open_target(page, target, base_url):
    if isinstance(target, ScriptedState):
        status = open_page(page, target.page, base_url)
        page.get_by_role(target.control_role, name=target.control_name).click()
        return status
    return open_page(page, target, base_url)


def sign_in(context, base_url):
    """Give the browser an editor's session, as if they had signed in."""
    user_model = get_user_model()
    editor = user_model.objects.filter(username=EDITOR["username"]).first()
    if editor is None:
        editor = user_model.objects.create_superuser(**EDITOR)
    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def keyboard_walk(page):
    """Tab through the page from where focus starts, once round every control, noting where
    focus lands and how each control looks with and without it."""
    stops = measure(page, "tabStops")
    reached = []
    first = None
    # Leaving the last control takes focus out of the page; the next Tab comes back in at the
    # top. A page that focuses a field itself (the admin's sign-in) starts part-way down. A date
    # box (the publishing panel's next review) takes a Tab for each of its day, month and year.
    for _ in range(2 * len(stops) + 10):
        page.keyboard.press("Tab")
        focused = measure(page, "focused")
        if not reached and first is None:
            first = focused or {"target": "nothing: focus left the page"}
        if focused is None:
            continue
        if reached and focused["key"] == reached[-1]["key"]:
            continue  # still inside the same control
        if any(focused["key"] == seen["key"] for seen in reached):
            break
        reached.append(focused)
    return {"first": first, "stops": stops, "reached": reached}


class Visits:
    def __init__(self, browser, base_url, screenshots_dir):
        self.browser = browser
        self.base_url = base_url
        self.screenshots_dir = screenshots_dir
        self._visits = {}
        self._no_script = {}

    def of(self, target, width):
        key = (target.name, width.name)
        if key not in self._visits:
            try:
                self._visits[key] = self._visit(target, width)
            except Exception as error:  # every test of this page then fails at once
                self._visits[key] = error
                raise
        visit = self._visits[key]
        if isinstance(visit, Exception):
            raise RuntimeError(f"Opening {target.name} at {width.name} width failed") from visit
        return visit

    def without_javascript(self, site_page):
        if site_page.name not in self._no_script:
            self._no_script[site_page.name] = self._visit_without_javascript(site_page)
        return self._no_script[site_page.name]

    def _visit(self, target, width):
        context = self.browser.new_context(
            viewport=width.viewport, is_mobile=width.is_mobile, device_scale_factor=1
        )
        try:
            site_page = target.page if isinstance(target, ScriptedState) else target
            if getattr(site_page, "signed_in", False):
                sign_in(context, self.base_url)
            page = context.new_page()
            status = open_target(page, target, self.base_url)
            return self._measure(page, target, width, status)
        finally:
            context.close()

    def _screenshot(self, page, name):
        path = self.screenshots_dir / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def _measure(self, page, target, width, status):
        shot_name = f"{target.name}-{width.name}"
        visit = Visit(
            status=status,
            url=page.url,
            axe=axe_violations(page),
            axe_dark=[],
            targets=measure(page, "tapTargets"),
            overflow=measure(page, "overflow"),
            screenshots=[self._screenshot(page, shot_name)],
        )
        # The warning box is measured on pages; a state such as the guided routine may hide it
        # (the routine's strip carries the warning's heading and urgent call instead, checked
        # by tests/e2e/test_routine_mode.py).
        whole_page = not isinstance(target, ScriptedState)
        if width is PHONE and target.for_readers and whole_page:
            warning = page.locator("#dvt-warning")
            visit.warning = {
                "box": warning.bounding_box(),
                "accessibility_tree": warning.aria_snapshot(),
                "headings": measure(page, "headings"),
                "call_links": [
                    {"text": link.inner_text(), **link.bounding_box()}
                    for link in warning.locator(".dvt-warning__call").all()
                ],
            }
        if width is DESKTOP and target.for_readers and whole_page:
            visit.warning_above = {
                "warning": page.locator("#dvt-warning").bounding_box(),
                "main": page.locator("main").bounding_box(),
            }
        page.emulate_media(color_scheme="dark")
        measure(page, "finishTransitions")
        visit.axe_dark = axe_violations(page)
        if width is PHONE:
            visit.screenshots.append(self._screenshot(page, f"{shot_name}-dark"))
        page.emulate_media(color_scheme="light")
        measure(page, "finishTransitions")

        if width is PHONE:
            page.set_viewport_size({"width": NARROWEST, "height": PHONE.height})
            visit.narrowest = measure(page, "overflow")
        if width is DESKTOP and not isinstance(target, ScriptedState):
            visit.keyboard = keyboard_walk(page)
            page.evaluate("document.activeElement.blur()")  # no focus ring in the screenshot
            page.set_viewport_size(ZOOMED_200)
            visit.zoomed = measure(page, "overflow")
            self._screenshot(page, f"{target.name}-zoom-200")
            # Text alone at twice the size, as when a reader sets a larger default font size:
            # calfcare sizes everything in rem, so it all follows the root font size.
            page.set_viewport_size(DESKTOP.viewport)
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            visit.text_zoomed = measure(page, "overflow")
        return visit

    def _visit_without_javascript(self, site_page):
        context = self.browser.new_context(java_script_enabled=False, viewport=PHONE.viewport)
        try:
            page = context.new_page()
            status = open_page(page, site_page, self.base_url)
            return NoScriptVisit(
                status=status,
                hidden_text=measure(page, "hiddenText"),
                links=measure(page, "links"),
                ids=measure(page, "elementIds"),
            )
        finally:
            context.close()
