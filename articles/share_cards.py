"""Share cards: the picture (og:image) a chat app shows when a step's link is shared, a 1200×630
card per massage step, drawn with Pillow.

Drawn on first request and kept in the cache, keyed by what is drawn on it, so an edited title
gets a new image and an unchanged one is never drawn twice.
"""

import hashlib
import textwrap
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BACKGROUND = "#005eb8"
BAND = "#b3261e"
WHITE = "#ffffff"


def share_card_png(kicker, title):
    key = "share-card:" + hashlib.sha256(f"{kicker}\n{title}".encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        png = _draw(kicker, title)
        cache.set(key, png, timeout=60 * 60 * 24 * 30)
    return png


def _draw(kicker, title):
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    # Pillow's built-in scalable font: no font files to install on the server.
    kicker_font = ImageFont.load_default(size=48)
    title_font = ImageFont.load_default(size=84)
    small_font = ImageFont.load_default(size=36)

    draw.text((80, 80), kicker, font=kicker_font, fill=WHITE)
    lines = textwrap.wrap(title, width=22)[:3]
    y = 170
    for line in lines:
        draw.text((80, y), line, font=title_font, fill=WHITE)
        y += 100
    draw.rectangle((0, HEIGHT - 110, WIDTH, HEIGHT), fill=BAND)
    draw.text(
        (80, HEIGHT - 78),
        f"{settings.SITE_NAME}: sore calf self-massage. Check first it is not a blood clot.",
        font=small_font,
        fill=WHITE,
    )
    output = BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
