"""Printing: the routine with its red flags on at most two A4 pages, a single step on one, each
with the site's name, the page's address, the date and every link's full address."""

import re
from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_pages(page):
    pdf = page.pdf(format="A4", print_background=False)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def printed_link_addresses(page):
    """What each link in the page's main text prints after it."""
    page.emulate_media(media="print")
    return page.evaluate(
        """() => [...document.querySelectorAll("main a[href]")]
          .filter((link) => link.offsetParent !== null)
          .map((link) => getComputedStyle(link, "::after").content)"""
    )


def today():
    return f"{date.today().day} {date.today():%B %Y}"


@pytest.mark.parametrize(
    ("path", "most_pages"), [("/massage/", 2), ("/massage/knead-the-calf/", 1)]
)
def test_routine_prints_on_two_pages_and_a_step_on_one(browser, live_server, path, most_pages):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + path)
    pages = pdf_pages(page)
    context.close()
    assert 1 <= pages <= most_pages


@pytest.mark.parametrize("path", ["/massage/", "/massage/knead-the-calf/"])
def test_printed_page_names_the_site_its_address_and_the_date(desktop_page, live_server, path):
    page = desktop_page
    page.goto(live_server.url + path)
    page.emulate_media(media="print")
    header = page.locator(".print-header")
    assert header.is_visible()
    text = header.inner_text()
    assert "calfcare" in text
    assert live_server.url + path in text
    assert today() in text
    page.emulate_media(media="screen")
    assert not header.is_visible()


def test_printed_links_carry_their_full_address(desktop_page, live_server):
    page = desktop_page
    page.goto(live_server.url + "/massage/knead-the-calf/")
    printed = printed_link_addresses(page)
    assert f'" ({live_server.url}/massage/#knead-the-calf)"' in printed, printed
    assert not [content for content in printed if "(/" in content], printed


def test_printed_routine_hides_navigation_and_controls(desktop_page, live_server):
    page = desktop_page
    page.goto(live_server.url + "/massage/")
    page.emulate_media(media="print")
    for selector in [".skip-link", ".site-header", ".feedback", ".routine-start", ".contents"]:
        for element in page.locator(selector).all():
            assert not element.is_visible(), selector
    assert page.locator("#dvt-warning").is_visible()
    assert page.locator("#emergency-signs").is_visible()
    assert page.locator(".step-list__item").nth(5).is_visible()


def test_routine_started_on_screen_still_prints_every_step_on_two_pages(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/massage/")
    page.get_by_role("link", name="Start the routine").click()
    page.emulate_media(media="print")
    assert page.locator(".step-list__item").nth(5).is_visible()
    assert not page.locator(".routine-controls").first.is_visible()
    pages = pdf_pages(page)
    context.close()
    assert pages <= 2


@pytest.mark.parametrize("path", ["/", "/massage/knead-the-calf/"])
def test_printed_warning_carries_its_full_sentences_not_the_tap_to_open(
    desktop_page, live_server, path
):
    """On screen the signs wait behind "Signs of a blood clot"; on paper nobody can tap."""
    page = desktop_page
    page.goto(live_server.url + path)
    page.emulate_media(media="print")
    signs = page.locator(".dvt-warning__more")
    assert signs.is_visible()
    assert "Emergency:" in signs.inner_text()
    assert not page.locator(".dvt-warning__summary").is_visible()
    page.emulate_media(media="screen")
    assert not signs.is_visible()
