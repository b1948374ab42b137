"""Offline reading in a real browser: once visited, the guide, the routine and the warning load
with no connection, and nothing an editor sees is ever kept by the service worker."""

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.visits import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT_ADDRESSES = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      kept.push([request.url, response.headers.get("Cache-Control")]);
    }
  }
  return kept;
}"""


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    yield context
    context.close()


# Waited for in the page (wait_for_function would need eval, which the CSP refuses).
UNTIL_CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  }
  return navigator.serviceWorker.controller.scriptURL;
}"""


def controlled(page):
    assert page.evaluate(UNTIL_CONTROLLED).endswith("/sw.js")


def test_routine_and_warning_load_offline_once_visited(context, live_server):
    page = context.new_page()
    page.goto(live_server.url + "/massage/")
    controlled(page)
    page.goto(live_server.url + "/massage/knead-the-calf/")
    controlled(page)

    context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text().endswith("Knead the calf")
    assert page.locator("#dvt-warning").is_visible()
    page.goto(live_server.url + "/massage/")
    assert page.locator(".step-list__item").count() == 6
    assert page.locator("#dvt-warning").is_visible()
    assert page.locator("link[rel=stylesheet]").first.evaluate("link => link.sheet !== null")

    # A step never opened was kept at install, with every picture and stylesheet it loads.
    page.goto(live_server.url + "/massage/find-the-knots/")
    assert page.locator("h1").inner_text().endswith("Find the knots")
    assert page.evaluate(
        """() => [...document.images].every((image) => image.complete && image.naturalWidth > 0)
          && [...document.styleSheets].every((sheet) => sheet.cssRules.length > 0)"""
    )

    # A page never kept: the offline page, which still carries the warning and the care cards.
    page.goto(live_server.url + "/changes/")
    assert page.locator("h1").inner_text() == "You are offline"
    assert page.locator("#dvt-warning").is_visible()
    assert page.locator("#emergency-signs").is_visible()


def test_editor_pages_and_previews_are_never_kept(context, live_server):
    page = context.new_page()
    page.goto(live_server.url + "/massage/")
    controlled(page)
    # A reader's address with a query string is not kept either.
    page.goto(live_server.url + "/massage/?version=1")
    sign_in(context, live_server.url)
    page.goto(live_server.url + "/admin/")
    page.goto(live_server.url + "/massage/?version=1")
    page.goto(live_server.url + "/causes/?editor-view")
    page.goto(live_server.url + "/cramp-or-clot/")

    kept = dict(page.evaluate(KEPT_ADDRESSES))
    assert live_server.url + "/massage/knead-the-calf/" in kept
    assert live_server.url + "/static/css/site.css" in kept
    assert not [url for url in kept if "/admin/" in url], kept
    assert not [url for url in kept if "?" in url], kept
    # Only what readers are sent: nothing private, nothing marked not to be stored.
    for url, cache_control in kept.items():
        if "/static/" not in url:
            assert "public" in cache_control, url
        assert "private" not in (cache_control or "") and "no-store" not in (cache_control or "")
    # The cramp-or-clot page the editor was sent (private, with drafts) did not replace the
    # reader's copy kept at install: what is kept carries no editor's toolbar or drafts.
    context.set_offline(True)
    context.clear_cookies()
    page.goto(live_server.url + "/cramp-or-clot/")
    assert page.locator("#dvt-warning").is_visible()
    assert "Draft" not in page.content()
