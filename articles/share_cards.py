"""Share cards: the picture (og:image) a chat app shows with a shared link, 1200×630, drawn with
Pillow: one per massage step and per cause (drawn on request), and the site's own
(static/img/share-card.png, drawn by tools/make_share_card.py with the same function).

Drawn on first request and kept in the cache, keyed by what is drawn on it, so an edited title
gets a new image and an unchanged one is never drawn twice.

Chat apps crop: some show the card whole, some a square from its middle. Everything that says
something (the name, the step, its title, the safety cue) sits in the centre 630×630; the sides
carry only the background and the band, so a square crop loses nothing.

A step's card also shows its picture (issue 25): the project's line drawing, rendered from its
SVG with CairoSVG (which needs the system's libcairo2), or the editor's upload, on a white panel
between the step number and its title, so a preview shows what the step looks like.
"""

import functools
import hashlib
import textwrap
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# The square a chat app may crop to, in the middle of the card.
SAFE_LEFT = (WIDTH - HEIGHT) // 2
SAFE_WIDTH = HEIGHT
MARGIN = 36
# The site's palette (static/css/site.css): brand teal, the emergency red, white.
BRAND = "#0c6b62"
BAND = "#b3261e"
WHITE = "#ffffff"
SOFT = "#cde8e4"  # white seen through the teal, for the quieter lines
SAFETY_CUE = "Check first it is not a blood clot"
LOGO = settings.BASE_DIR / "static" / "img" / "icons" / "icon-192.png"
# The picture's panel: the drawings' 4:3, with room around them.
PANEL_WIDTH, PANEL_HEIGHT, PANEL_PADDING = 344, 258, 12
INK = "#1b2630"  # the drawings' lines (`currentColor`), as the light page draws them (--ink)
VERSION = "4"  # bump when the drawing changes, so cached cards are drawn again


# The site's name as drawn (the header's wordmark), used while the site keeps that name.
WORDMARK = settings.BASE_DIR / "static" / "img" / "wordmark.svg"
WORDMARK_NAME = "calfcare"


@functools.cache
def _logo_digest():
    # A new logo (tools/make_icons.py) or wordmark draws every card again, as a new title does.
    return hashlib.sha256(LOGO.read_bytes() + WORDMARK.read_bytes()).hexdigest()[:12]


def _svg_image(markup, height, colour):
    """SVG markup as an RGBA image `height` pixels tall, its `currentColor` lines in `colour`.
    CairoSVG is imported here, not at the top: cairocffi loads libcairo2 as it is imported."""
    import cairosvg

    markup = markup.replace(b"<svg ", f'<svg color="{colour}" '.encode(), 1)
    png = cairosvg.svg2png(bytestring=markup, output_height=height)
    with Image.open(BytesIO(png)) as image:
        return image.convert("RGBA")


def share_card_png(kicker, title, cue=SAFETY_CUE, picture=b""):
    """The card as PNG bytes. `picture`: an SVG drawing's markup or an uploaded picture's bytes
    (PNG, JPEG or WebP), shown above the title; its digest is part of the key, so a redrawn
    picture draws the card again."""
    picture_digest = hashlib.sha256(picture).hexdigest()
    drawn = f"{VERSION}\n{_logo_digest()}\n{kicker}\n{title}\n{cue}\n{picture_digest}"
    key = "share-card:" + hashlib.sha256(drawn.encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        png = draw_card(kicker, title, cue, picture)
        cache.set(key, png, timeout=60 * 60 * 24 * 30)
    return png


def _font(size):
    # Pillow's built-in scalable font: no font files to install on the server.
    return ImageFont.load_default(size=size)


def _centred(draw, y, text, font, fill, bold=0):
    width = draw.textlength(text, font=font)
    x = SAFE_LEFT + (SAFE_WIDTH - width) / 2
    # The built-in font has no bold; a stroke in the text's own colour makes it one.
    draw.text((x, y), text, font=font, fill=fill, stroke_width=bold, stroke_fill=fill)


def _wrapped(draw, text, font, width, most_lines):
    """`text` in lines no wider than `width`, at most `most_lines`, the last cut with "…"."""
    for chars in range(40, 5, -1):
        lines = textwrap.wrap(text, width=chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            break
    if len(lines) > most_lines:
        lines = lines[:most_lines]
        lines[-1] = lines[-1].rstrip(" ,;:.") + "…"
    return lines


def _title_lines(draw, title, sizes=(72, 64, 56, 50), most_lines=3):
    """The biggest type the title fits in `most_lines` lines at."""
    usable = SAFE_WIDTH - 2 * MARGIN
    for size in sizes:
        font = _font(size)
        lines = _wrapped(draw, title, font, usable, most_lines=99)
        if len(lines) <= most_lines:
            return font, size, lines
    return font, size, _wrapped(draw, title, font, usable, most_lines=most_lines)


def _picture_image(picture, width, height):
    """`picture` (SVG markup, or a PNG, JPEG or WebP) as an RGB image of `width`×`height`: the
    picture as large as fits, centred, on white."""
    panel = Image.new("RGB", (width, height), WHITE)
    if picture.lstrip()[:4] in (b"<svg", b"<?xm"):
        # The lines in the page's ink, as on screen; the drawings are 4:3, as the panel is.
        image = _svg_image(picture, height, INK)
    else:
        with Image.open(BytesIO(picture)) as opened:
            image = opened.convert("RGBA")
    image.thumbnail((width, height), Image.LANCZOS)
    panel.paste(image, ((width - image.width) // 2, (height - image.height) // 2), image)
    return panel


def _name_mark(image, draw, top, logo_size, name_size):
    """The logo and the site's name (the wordmark, or text for a renamed site), side by side,
    centred, their top at `top`."""
    name_font = _font(name_size)
    if settings.SITE_NAME == WORDMARK_NAME:
        # The wordmark's x-height (20 of its 36 units) about the height of the text's.
        name = _svg_image(WORDMARK.read_bytes(), round(name_size * 1.05), WHITE)
        name_width = name.width
    else:
        name = None
        name_width = draw.textlength(settings.SITE_NAME, font=name_font)
    left = round(SAFE_LEFT + (SAFE_WIDTH - (logo_size + 18 + name_width)) / 2)
    with Image.open(LOGO) as logo:
        logo = logo.convert("RGBA").resize((logo_size, logo_size), Image.LANCZOS)
        image.paste(logo, (left, top), logo)
    # A thin white ring: teal on teal would vanish.
    draw.rounded_rectangle(
        (left, top, left + logo_size, top + logo_size),
        radius=round(logo_size * 0.22),
        outline=WHITE,
        width=3,
    )
    if name is not None:
        image.paste(name, (left + logo_size + 18, top + (logo_size - name.height) // 2), name)
        return
    name_top = top + (logo_size - name_size) / 2 - 6
    draw.text(
        (left + logo_size + 18, name_top), settings.SITE_NAME, font=name_font, fill=WHITE,
        stroke_width=1, stroke_fill=WHITE,
    )  # fmt: skip


def draw_card(kicker, title, cue=SAFETY_CUE, picture=b""):
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    draw = ImageDraw.Draw(image)

    if picture:
        # Name, step, then the picture on a white panel with the title under it: all smaller,
        # so all of it still fits the centre square above the band.
        _name_mark(image, draw, top=22, logo_size=52, name_size=38)
        _centred(draw, 86, kicker, _font(32), SOFT)
        left, top = (WIDTH - PANEL_WIDTH) // 2, 130
        draw.rounded_rectangle(
            (left, top, left + PANEL_WIDTH, top + PANEL_HEIGHT), radius=18, fill=WHITE
        )
        inner = (PANEL_WIDTH - 2 * PANEL_PADDING, PANEL_HEIGHT - 2 * PANEL_PADDING)
        image.paste(_picture_image(picture, *inner), (left + PANEL_PADDING, top + PANEL_PADDING))
        font, size, lines = _title_lines(draw, title, sizes=(46, 42, 38), most_lines=2)
        space_top, space = top + PANEL_HEIGHT + 6, HEIGHT - 120 - (top + PANEL_HEIGHT + 6)
    else:
        _name_mark(image, draw, top=40, logo_size=72, name_size=48)
        _centred(draw, 142, kicker, _font(38), SOFT)
        font, size, lines = _title_lines(draw, title)
        space_top, space = 200, 290  # between the kicker and the band

    line_height = round(size * 1.18)
    block = line_height * len(lines)
    top = space_top + (space - block) / 2
    for number, line in enumerate(lines):
        _centred(draw, top + number * line_height, line, font, WHITE, bold=2)

    # The safety cue, on the emergency red, across the whole card (a crop keeps its middle).
    draw.rectangle((0, HEIGHT - 120, WIDTH, HEIGHT), fill=BAND)
    cue_font = _font(36)
    cue_lines = _wrapped(draw, cue.rstrip(".") + ".", cue_font, SAFE_WIDTH - 2 * MARGIN, 2)
    cue_top = HEIGHT - 60 - 22 * len(cue_lines)
    for number, line in enumerate(cue_lines):
        _centred(draw, cue_top + number * 44, line, cue_font, WHITE, bold=1)

    output = BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
