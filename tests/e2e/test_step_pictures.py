"""Every massage step shows its picture at phone size, named for screen readers, and its lines
stay visible in the dark scheme (they follow the text colour)."""

import pytest
from playwright.sync_api import expect

from articles.models import MassageStep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The contrast of a drawing's lines and accents against what is behind them, as the browser
# paints them (WCAG's formula; 3:1 is the minimum for graphics a reader must make out).
CONTRAST = """figure => {
  const rgb = value => value.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const behind = element => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map(c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const svg = figure.querySelector("svg");
  const background = behind(figure);
  const accent = figure.querySelector(".step-picture__accent");
  return {
    lines: ratio(rgb(getComputedStyle(svg).color), background),
    accent: ratio(rgb(getComputedStyle(accent).stroke), background),
  };
}"""


def steps():
    return list(MassageStep.objects.published().values_list("slug", "picture_alt"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_step_page_shows_its_picture_named_and_visible(
    live_server, browser, screenshots_dir, scheme
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, color_scheme=scheme
    )
    page = context.new_page()
    shown = steps()
    assert len(shown) == 6
    for slug, alt in shown:
        assert alt.strip(), slug
        page.goto(f"{live_server.url}/massage/{slug}/")
        figure = page.locator(".step-picture")
        expect(figure).to_have_count(1)
        picture = figure.get_by_role("img")
        expect(picture).to_have_accessible_name(alt)
        picture.scroll_into_view_if_needed()
        expect(picture).to_be_visible()
        box = picture.bounding_box()
        # Big enough to read on a phone, and never wider than the screen.
        assert 280 <= box["width"] <= 390, (slug, box)
        contrast = figure.evaluate(CONTRAST)
        assert contrast["lines"] >= 3, (slug, scheme, contrast)
        assert contrast["accent"] >= 3, (slug, scheme, contrast)
        figure.screenshot(path=screenshots_dir / f"step-picture-{slug}-{scheme}.png")
    context.close()


def test_the_routine_page_names_every_steps_picture(live_server, phone_page):
    phone_page.goto(f"{live_server.url}/massage/")
    for slug, alt in steps():
        picture = phone_page.locator(f"#{slug} .step-picture").get_by_role("img")
        expect(picture).to_have_accessible_name(alt)
