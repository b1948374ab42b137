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


# Where each arrow starts, how far that is from the nearest hand, and whether each hand touches
# what the step works on, in the drawing's own units (320 across), as the browser lays it out.
GEOMETRY = """svg => {
  const toDrawing = svg.getScreenCTM().inverse();
  const inDrawing = (element, point) =>
    point.matrixTransform(element.getScreenCTM()).matrixTransform(toDrawing);
  const outline = element => {
    const points = [];
    const length = element.getTotalLength();
    for (let i = 0; i <= 60; i++) {
      points.push(inDrawing(element, element.getPointAtLength((length * i) / 60)));
    }
    return points;
  };
  const inside = (element, point) =>
    element.isPointInFill(point.matrixTransform(svg.getScreenCTM())
      .matrixTransform(element.getScreenCTM().inverse()));
  const hands = [...svg.querySelectorAll(".step-picture__hand")].map(hand => ({
    shape: hand.querySelector("path"),
    points: [...hand.querySelectorAll("path")].flatMap(outline),
  }));
  const targets = [...svg.querySelectorAll(".step-picture__target")];
  const arrows = [...svg.querySelectorAll(".step-picture__arrow")].map(arrow => {
    const line = arrow.querySelector("path");
    const start = inDrawing(line, line.getPointAtLength(0));
    const end = inDrawing(line, line.getPointAtLength(line.getTotalLength()));
    const fromHand = Math.min(...hands.flatMap(hand =>
      hand.points.map(p => Math.hypot(p.x - start.x, p.y - start.y))));
    return { start: [start.x, start.y], end: [end.x, end.y], fromHand };
  });
  const touching = hands.map(hand =>
    targets.some(target => hand.points.some(p => inside(target, p))
      || outline(target).some(p => inside(hand.shape, p))));
  return { arrows, touching };
}"""


def test_every_arrow_starts_at_a_hand_and_every_hand_touches_where_the_step_works(
    live_server, phone_page
):
    problems = []
    for slug, _ in steps():
        phone_page.goto(f"{live_server.url}/massage/{slug}/")
        geometry = phone_page.locator(".step-picture svg").evaluate(GEOMETRY)
        if not geometry["arrows"]:
            problems.append((slug, "no arrow"))
        # 6 units is two line widths: the arrow leaves from the hand's edge.
        problems += [(slug, arrow) for arrow in geometry["arrows"] if arrow["fromHand"] > 6]
        if not geometry["touching"] or not all(geometry["touching"]):
            problems.append((slug, "a hand off the part it works on", geometry["touching"]))
    assert not problems


def test_the_stroke_goes_up_the_calf_towards_the_knee(live_server, phone_page):
    phone_page.goto(f"{live_server.url}/massage/stroke-upward-from-the-ankle/")
    [arrow] = phone_page.locator(".step-picture svg").evaluate(GEOMETRY)["arrows"]
    (_, start_y), (_, end_y) = arrow["start"], arrow["end"]
    # From the ankle (low in the picture) to the back of the knee, most of the lower leg's height.
    assert start_y - end_y >= 50, arrow
