"""Printing: the routine with its red flags on at most two A4 pages, its six steps as cards with
their drawings at 11pt; a single step and cramp or clot on one page; each with the site's name,
the page's address, the date, every link's full address, the review line and a QR code that a
phone camera would read as the page's address."""

import io
import math
import re
from datetime import date

import pytest
from PIL import Image

from articles.templatetags.qr_code import qr_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 96 / 25.4  # CSS px in a millimetre


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
    ("path", "most_pages"),
    [("/massage/", 2), ("/massage/knead-the-calf/", 1), ("/cramp-or-clot/", 1)],
)
def test_routine_prints_on_two_pages_a_step_and_cramp_or_clot_on_one(
    browser, live_server, screenshots_dir, path, most_pages
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + path)
    pdf = page.pdf(format="A4", print_background=False)
    name = path.strip("/").replace("/", "-")
    (screenshots_dir / f"print-{name}.pdf").write_bytes(pdf)  # for a person to look over
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    context.close()
    assert 1 <= pages <= most_pages


def test_printed_routine_is_six_step_cards_each_with_its_drawing(desktop_page, live_server):
    page = desktop_page
    page.goto(live_server.url + "/massage/")
    page.emulate_media(media="print")
    cards = page.locator(".step-list__item")
    assert cards.count() == 6
    for number in range(6):
        card = cards.nth(number)
        assert card.is_visible()
        assert card.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
        assert card.locator(".step-list__title").inner_text().startswith(f"Step {number + 1}:")
        drawing = card.locator(".step-picture svg, .step-picture img")
        assert drawing.count() == 1 and drawing.is_visible(), f"step {number + 1} has no drawing"
        box, inside = drawing.bounding_box(), card.bounding_box()
        assert box["width"] >= 25 * MM, f"step {number + 1}'s drawing is {box['width']}px wide"
        assert inside["x"] <= box["x"] and box["x"] + box["width"] <= inside["x"] + inside["width"]
        assert (
            inside["y"] <= box["y"] and box["y"] + box["height"] <= inside["y"] + inside["height"]
        )
    page.emulate_media(media="screen")
    assert cards.first.locator(".step-picture svg, .step-picture img").is_visible()


# What a reader reads on the routine's sheet, as opposed to what they look up (sources, the
# address after a link, the footer's small print, which country the numbers are for).
READ_TEXT = [
    ".dvt-warning__more p",
    ".prose > p:not(.service-area)",
    ".inset-warning li",
    ".care-card__content li",
    ".care-card__content p",
    ".step-list__instruction p",
    ".step-facts dd",
    ".aftercare-note p",
    ".page-review",
]


def printed_sizes_in_points(page, selectors):
    page.emulate_media(media="print")
    return page.evaluate(
        """(selectors) => Object.fromEntries(selectors.map((selector) => [selector,
             [...document.querySelectorAll(selector)]
               .filter((el) => el.offsetParent !== null || el.getClientRects().length)
               .map((el) => Math.round(parseFloat(getComputedStyle(el).fontSize) * 7.5) / 10)]))""",
        selectors,
    )


def test_printed_routine_reads_at_11_to_12_points(desktop_page, live_server):
    page = desktop_page
    page.goto(live_server.url + "/massage/")
    sizes = printed_sizes_in_points(page, READ_TEXT)
    for selector, points in sizes.items():
        assert points, f"nothing printed for {selector}"
        assert all(11 <= size <= 12 for size in points), (selector, points)


def test_printed_cramp_or_clot_fits_one_sheet_at_10_points_or_more(desktop_page, live_server):
    """One page, so a reader compares the signs without turning over: a point smaller than the
    routine's sheet (print.css says why), never smaller than 10pt."""
    page = desktop_page
    page.goto(live_server.url + "/cramp-or-clot/")
    sizes = printed_sizes_in_points(
        page, [".compare td", ".compare th", ".care-card__content li", ".page-review"]
    )
    for selector, points in sizes.items():
        assert points and all(10 <= size <= 12 for size in points), (selector, points)


@pytest.mark.parametrize("path", ["/massage/", "/cramp-or-clot/"])
def test_printed_sheet_carries_the_review_line_and_claims_no_review(
    desktop_page, live_server, path
):
    page = desktop_page
    page.goto(live_server.url + path)
    page.emulate_media(media="print")
    review = page.locator(".page-review")
    assert review.is_visible()
    assert review.inner_text() == "This page has not yet been reviewed by a clinician."


def qr_modules(page, code, size):
    """The dark and light modules of a `size` by `size` QR code on the page: the colour at each
    module's centre, as a phone's decoder samples it. The picture is taken a little larger than
    the code, from whole pixels, and each centre is found from the code's own box."""
    box = code.bounding_box()
    clip = {
        "x": math.floor(box["x"]) - 2,
        "y": math.floor(box["y"]) - 2,
        "width": math.ceil(box["width"]) + 4,
        "height": math.ceil(box["height"]) + 4,
    }
    image = Image.open(io.BytesIO(page.screenshot(clip=clip, full_page=True))).convert("L")
    scale = image.width / clip["width"]
    module = box["width"] / size

    def dark(x, y):
        left = (box["x"] - clip["x"] + (x + 0.5) * module) * scale
        top = (box["y"] - clip["y"] + (y + 0.5) * module) * scale
        return image.getpixel((int(left), int(top))) < 128

    return [[dark(x, y) for x in range(size)] for y in range(size)]


@pytest.mark.parametrize("path", ["/massage/", "/cramp-or-clot/"])
def test_printed_qr_code_reads_as_the_pages_address(browser, live_server, path):
    """No QR decoder is installed: the code printed is compared, module by module from a
    screenshot, with the one segno makes for the page's canonical address, so a wrong address,
    a squashed code or a missing quiet zone all fail."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=4)
    page = context.new_page()
    page.goto(live_server.url + path)
    address = page.locator("link[rel=canonical]").get_attribute("href")
    assert address == live_server.url + path
    code = page.locator(".print-qr svg")
    assert not code.is_visible(), "the QR code is for paper, not the screen"
    page.emulate_media(media="print")
    assert code.is_visible()
    assert code.get_attribute("role") == "img"
    assert code.get_attribute("aria-label") == f"QR code that opens {address}"
    box = code.bounding_box()
    assert 18 * MM <= box["width"] == box["height"] <= 30 * MM
    expected = [[bool(module) for module in row] for row in qr_for(address).matrix_iter(border=4)]
    assert qr_modules(page, code, len(expected)) == expected
    context.close()


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
    page.get_by_role("button", name="None of these — start step 1").click()
    page.emulate_media(media="print")
    assert page.locator(".step-list__item").nth(5).is_visible()
    assert not page.locator(".routine-controls").first.is_visible()
    # Paper gets the whole page again: the warning, not the screen's strip.
    assert not page.locator(".routine-strip").is_visible()
    assert page.locator("#dvt-warning").is_visible()
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
