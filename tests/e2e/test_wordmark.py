"""The drawn wordmark (issue 25) as a browser shows it: the header link named "calfcare", the
drawing at the size of the text it replaced, its lines in the text colour in the light and dark
schemes, and black on paper."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEP = "/massage/knead-the-calf/"
DRAWN = """selector => {
    const drawing = document.querySelector(selector);
    const box = drawing.getBoundingClientRect();
    return {
        width: box.width, height: box.height,
        stroke: getComputedStyle(drawing).stroke,
        text: getComputedStyle(drawing.parentElement).color,
    };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_header_wordmark_is_drawn_in_the_text_colour_and_named_calfcare(
    browser, live_server, scheme, width
):
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(live_server.url + STEP)
    # The drawing is an image named "calfcare"; the link adds the hidden words after it (Chromium
    # joins an image's name to the text after it with a space).
    home = page.get_by_role("link", name=re.compile(r"^calfcare ?: sore calf muscle guide, home$"))
    assert home.is_visible()
    assert home.get_by_role("img", name="calfcare", exact=True).is_visible()
    drawn = page.evaluate(DRAWN, ".site-header__name")
    # As tall as the name's letters were (1.375rem on phones, 1.625rem wider), and as wide as
    # its 181×36 drawing makes it: the browser draws the lines at this size, sharp at any scale.
    assert 20 <= drawn["height"] <= 28, drawn
    assert drawn["width"] == pytest.approx(drawn["height"] * 181 / 36, abs=1), drawn
    assert drawn["stroke"] == drawn["text"], "the wordmark's lines are not the text colour"
    page.context.close()


def test_on_paper_the_footer_wordmark_prints_black(browser, live_server):
    page = browser.new_page()
    page.goto(live_server.url + STEP)
    page.emulate_media(media="print", color_scheme="dark")
    drawn = page.evaluate(DRAWN, ".site-footer__name")
    assert drawn["height"] > 10 and drawn["stroke"] == "rgb(0, 0, 0)", drawn
    assert "not part of the NHS" in page.locator(".site-footer").inner_text()
    page.context.close()
