"""One headless Chromium for the whole browser suite, against pytest-django's live server."""

import importlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.visits import Visits
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


@pytest.fixture(scope="session")
def browser():
    program_or_fail(CHROMIUM, "chromium", "The browser tests", " or set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


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


# The data migrations that make a fresh install's Editor and Clinical reviewer groups, re-run
# after each flush.
GROUP_MIGRATIONS = [
    ("articles", "0002_create_editor_group", "create_editor_group"),
    ("feedback", "0002_editors_read_feedback", "let_editors_read_feedback"),
    ("publishing", "0002_roles", "create_roles"),
    ("publishing", "0003_roles_for_trust_content", "grant_new_content"),
]


@pytest.fixture(autouse=True)
def seed_content(transactional_db):
    """Browser tests are transactional (the live server reads through its own connection), and
    Django empties the tables after each one; put the group and the starting content back
    before each test, as a new site gets them (migrate, then load_initial_content)."""
    from django.apps import apps
    from django.core.management import call_command

    for app, migration, function in GROUP_MIGRATIONS:
        getattr(importlib.import_module(f"{app}.migrations.{migration}"), function)(apps, None)
    call_command("load_initial_content", verbosity=0)


@pytest.fixture(scope="session")
def visits(browser, live_server, screenshots_dir):
    """Pages opened once per width, shared by every check (see tests/e2e/visits.py)."""
    return Visits(browser, live_server.url, screenshots_dir)
