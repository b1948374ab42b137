"""Every page the accessibility, HTML and browser checks cover, listed once.

Add a page here and it is validated as HTML, checked with axe-core at phone and desktop width in
light and dark colour schemes, walked by keyboard, measured for tap targets and sideways
scrolling, screenshotted, and (for reader pages) opened without JavaScript with every link
followed. Most pages are a plain GET; the few a reader reaches another way say how.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.test import Client, override_settings

# How a reader arrives at a page, when it is not by following a link.
GET = "get"
FEEDBACK_WITHOUT_AN_ANSWER = "feedback-without-an-answer"  # "Send feedback" with nothing chosen
SERVER_ERROR = "server-error"  # a view that fails: tests/failing_urls.py adds one
FAILING_URLCONF = "tests.failing_urls"


@dataclass(frozen=True)
class SitePage:
    name: str  # names the tests and the screenshots
    path: str
    status: int = 200
    arrival: str = GET
    # Reader pages carry the blood clot warning, and must work without JavaScript.
    for_readers: bool = True

    def url_path(self):
        return self.path


@dataclass(frozen=True)
class AdminPage(SitePage):
    for_readers: bool = False
    signed_in: bool = True

    def url_path(self):
        """An admin address names its object by <slug>: the id is looked up as the page is
        opened, because ids change each time the browser tests reload the seed content."""
        found = re.fullmatch(r"/admin/(\w+)/(\w+)/<([\w-]+)>/(.*)", self.path)
        if found is None:
            return self.path
        app, model, slug, rest = found.groups()
        pk = apps.get_model(app, model).objects.get(slug=slug).pk
        return f"/admin/{app}/{model}/{pk}/{rest}"


READER_PAGES = (
    SitePage("guide", "/"),
    SitePage("causes", "/causes/"),
    SitePage("cause", "/causes/dehydration/"),
    # An urgent cause: it adds the urgent and emergency care cards.
    SitePage("urgent-cause", "/causes/deep-vein-thrombosis/"),
    SitePage("cramp-or-clot", "/cramp-or-clot/"),
    SitePage("massage", "/massage/"),
    SitePage("step", "/massage/knead-the-calf/"),
    # Who publishes the guide: linked from every page's footer.
    SitePage("about", "/about/"),
    SitePage("privacy", "/privacy/"),
    SitePage("accessibility", "/accessibility/"),
    SitePage("contact", "/contact/"),
    # What the service worker shows offline for a page it has not kept (articles.offline).
    SitePage("offline", "/offline/"),
    SitePage("feedback-thanks", "/feedback/thanks/?page=/"),
    SitePage("feedback-problem", "/feedback/", status=400, arrival=FEEDBACK_WITHOUT_AN_ANSWER),
    # The form's own address, opened directly: a page with the warning, not a blank 405.
    SitePage("feedback-address", "/feedback/"),
    SitePage("not-found", "/massage/no-such-step/", status=404),
    SitePage("server-error", "/test-only/fail/", status=500, arrival=SERVER_ERROR),
    # What the page cache sends when the site cannot answer and kept no copy of the page.
    SitePage("unavailable", "/test-only/unavailable/", status=503, arrival=SERVER_ERROR),
)

ADMIN_PAGES = (
    AdminPage("admin-login", "/admin/login/", signed_in=False),
    AdminPage("admin-index", "/admin/"),
    AdminPage("admin-change-list", "/admin/articles/massagestep/"),
    AdminPage("admin-change-form", "/admin/articles/massagestep/<knead-the-calf>/change/"),
    AdminPage("admin-safety-texts", "/admin/articles/safetytext/"),
    # Every cited address, its last check, and a button per row (articles.desk.source_checks).
    AdminPage("admin-sources-checked", "/admin/articles/sourcecheck/"),
)

ALL_PAGES = READER_PAGES + ADMIN_PAGES


@dataclass(frozen=True)
class ScriptedState:
    """A state a reader reaches with JavaScript on a page, checked like a page of its own."""

    name: str
    page: SitePage
    # The accessible name of the control that opens the state, and its role.
    control_role: str
    control_name: str

    @property
    def for_readers(self):
        return self.page.for_readers


def page_named(name):
    return next(page for page in ALL_PAGES if page.name == name)


SCRIPTED_STATES = (
    # The guided routine: one step at a time, with its own controls.
    ScriptedState("routine", page_named("massage"), "link", "Start the routine"),
)


def fetch(page, client):
    """The page's response through Django's test client, reached the way a reader reaches it.
    `client` is signed in already for admin pages that need it."""
    path = page.url_path()
    if page.arrival == FEEDBACK_WITHOUT_AN_ANSWER:
        cache.clear()  # the feedback rate limit counts every post from this address
        return client.post(path, {"page": "/"}, HTTP_ORIGIN="http://testserver")
    if page.arrival == SERVER_ERROR:
        with override_settings(ROOT_URLCONF=FAILING_URLCONF):
            return Client(raise_request_exception=False).get(path)
    return client.get(path)
