"""One headless Chromium for the whole browser suite, against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.visits import Visits
from tests.live_server_gate import LiveServerGate
from tests.programs import program_or_fail

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

# The live server runs in a thread of this process; Playwright's sync API runs an event loop in
# it too, which Django would otherwise refuse to touch the database from.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects: `-m "not browser"` must see the mark
def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test (`make test-fast` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


class TestBrowser:
    """The session's Chromium, handing out browser contexts that cannot outlive their test.

    Each context blocks service workers unless a test asks for them (`service_workers="allow"`,
    as the offline tests do): every page registers the guide's worker, which would go on
    precaching some thirty addresses after the test that opened the page has ended. Contexts a
    test leaves open are closed when it ends (`close_contexts`), so nothing of one test's browser
    is still asking the live server for pages while the database is emptied."""

    def __init__(self, chromium):
        self._chromium = chromium
        self._open = []

    def new_context(self, **options):
        options.setdefault("service_workers", "block")
        context = self._chromium.new_context(**options)
        self._open.append(context)
        context.on("close", lambda closed: closed in self._open and self._open.remove(closed))
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def close_contexts(self):
        for context in list(self._open):
            context.close()
        self._open.clear()


@pytest.fixture(scope="session")
def browser():
    program_or_fail(CHROMIUM, "chromium", "The browser tests", " or set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield TestBrowser(chromium)
        chromium.close()


@pytest.fixture(scope="session")
def live_server_gate(live_server):
    """pytest-django's live server behind a gate that serves only while a test runs (see
    tests/live_server_gate.py). Fails the session if a page was asked for after the last test.

    The gate stands in front of the static files handler too: a missing static file gets
    Django's 404 page, which reads the database. Static files asked for after a test are refused
    without failing anything: Chromium fetches some (the favicon, after a page has loaded) on
    its own, at moments no test controls."""
    httpd = live_server.thread.httpd
    static_files = httpd.get_app()
    gate = LiveServerGate(static_files, quiet=static_files._should_handle)
    httpd.set_app(gate)
    yield gate
    late = gate.take_late_requests()
    assert not late, f"Requests reached the live server after their test ended: {late}"


@pytest.fixture(autouse=True)
def live_server_idle_after_test(request, seed_content, browser, live_server_gate):
    """The live server serves this test only, and is idle before its tables are emptied.

    Set up after the database and torn down before it is flushed (it depends on seed_content,
    which depends on transactional_db), and after the test's own context fixtures are closed."""
    late = live_server_gate.open()
    assert not late, (
        "Requests reached the live server after the previous test ended, while its database "
        f"was being emptied (a browser context or service worker left running): {late}"
    )
    yield
    browser.close_contexts()
    live_server_gate.close(after=request.node.nodeid)


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def seed_content(fresh_site):
    """Every browser test starts on a site as a new install has it (tests/conftest.py)."""


@pytest.fixture(scope="session")
def visits(browser, live_server, screenshots_dir):
    """Pages opened once per width, shared by every check (see tests/e2e/visits.py)."""
    return Visits(browser, live_server.url, screenshots_dir)
