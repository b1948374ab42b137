"""The Content-Security-Policy in a real browser: pages and the admin work, and nothing is refused.

Chromium reports each blocked script, style, image or connection as a `securitypolicyviolation`
event and on the console; every test here collects both and expects neither.
"""

import base64
import io
import re

import pytest
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC_PAGES = ["/", "/causes/", "/causes/deep-vein-thrombosis/", "/massage/",
                "/massage/knead-the-calf/", "/no-such-page/"]  # fmt: skip
PASSWORD = "a long and careful pass phrase"
# Collects violations from the first moment of every document (injected by the browser itself,
# so the page's own policy does not apply to it).
COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy",
                "Refused to")  # fmt: skip


class Watched:
    """A page whose policy complaints, from events and the console, are kept for the test."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", lambda message: self.console.append(message.text))

    def complaints(self):
        events = self.page.evaluate("window.__violations || []")
        console = [text for text in self.console if any(w in text for w in POLICY_WORDS)]
        return events + console


@pytest.fixture
def watched(desktop_page):
    return Watched(desktop_page)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def sign_in(watched, live_server):
    page = watched.page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def png_base64():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 40, 40)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_load_everything_under_the_strict_policy(live_server, watched, path):
    watched.page.goto(live_server.url + path)
    warning = watched.page.locator("#dvt-warning")
    # The stylesheet applied: the warning has its own background, not the page's transparent one.
    background = warning.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert watched.complaints() == []


def test_the_admin_works_under_its_own_policy(live_server, watched, editor, screenshots_dir):
    page = watched.page
    sign_in(watched, live_server)
    page.goto(live_server.url + "/admin/articles/massagestep/")
    page.get_by_role("link", name="Knead the calf").click()
    instruction = page.locator("textarea#id_instruction")
    preview = page.locator("#id_instruction").locator("xpath=..").locator(".markdownx-preview")
    # Type only once markdownx has shown the stored text: it listens for typing only after its
    # script has set the box up, and it shows whichever preview answer comes back last, so an
    # early answer for the stored text could land after (and over) the one for the typing.
    expect(preview).to_contain_text("Rest the middle of your sore calf")
    instruction.fill("Knead **slowly**, then [read more](https://www.nhs.uk/).")
    preview.locator("strong", has_text="slowly").wait_for()
    assert preview.locator('a[href="https://www.nhs.uk/"]').count() == 1
    page.screenshot(path=screenshots_dir / "admin-change-form-desktop.png", full_page=True)
    page.goto(live_server.url + "/admin/articles/guide/")
    page.goto(live_server.url + "/admin/articles/cause/")
    page.locator("#action-toggle").check()  # Django's own admin JavaScript still runs.
    assert page.locator("input.action-select:checked").count() > 1
    assert watched.complaints() == []


def test_an_image_dropped_into_the_editor_uploads_and_shows(live_server, watched, editor):
    page = watched.page
    sign_in(watched, live_server)
    page.goto(live_server.url + "/admin/articles/aftercarenote/")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_url("**/change/")
    page.locator("textarea#id_body[data-markdownx-init]").wait_for()
    page.evaluate(
        """(data) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], "calf.png", {type: "image/png"}));
          document.querySelector("textarea#id_body").dispatchEvent(
            new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        png_base64(),
    )
    # Playwright's own waits, not wait_for_function: that evaluates a string, which the admin's
    # policy rightly refuses.
    uploaded = re.compile(r"!\[Describe this image\]\(/media/uploads/[0-9a-f]{32}\.png\)")
    expect(page.locator("#id_body")).to_have_value(uploaded)
    image = page.locator(".markdownx-preview img")
    expect(image).to_have_js_property("naturalWidth", 120)
    source = image.get_attribute("src")
    assert watched.complaints() == []

    # Opened on its own, the image still shows, in a sandbox that lets it do nothing else. The
    # test server answers /media/ itself (Django's live server does), so the browser is handed
    # exactly what the site's own view answers.
    served = Client().get(source)
    body = b"".join(served.streaming_content)
    assert "sandbox" in served["Content-Security-Policy"]
    page.route(
        live_server.url + source,
        lambda route: route.fulfill(status=200, headers=dict(served.items()), body=body),
    )
    page.goto(live_server.url + source)
    assert page.evaluate("document.images[0].naturalWidth") == 120
    assert watched.complaints() == []


def test_a_locked_out_editor_sees_a_clear_admin_page(live_server, watched, editor, screenshots_dir):
    page = watched.page
    for _ in range(5):
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "wrong password")
        page.click("input[type=submit]")
    assert "Too many failed attempts to sign in as editor." in page.locator("#content").inner_text()
    assert page.get_by_role("link", name="try again").is_visible()
    page.screenshot(path=screenshots_dir / "admin-locked-out-desktop.png", full_page=True)
    assert watched.complaints() == []
