"""Draw the home-screen icons (PNG) from the logo mark, static/img/logo.svg.

    .venv/bin/python tools/make_icons.py

Pillow cannot draw SVG, so headless Chromium (Playwright, as the browser tests use it) renders
the logo at each size, and the PNGs are committed beside it: run this again whenever the logo
changes. What each icon is for:
- icon-192.png, icon-512.png: the manifest's "any" icons, the logo as drawn (transparent corners).
- icon-maskable-512.png: Android crops it to any shape, so the teal fills the square and the mark
  sits inside the central 80% safe zone.
- apple-touch-icon.png (180): iOS fills transparency with black and rounds the corners itself, so
  the square is filled too.
"""

import base64
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
LOGO = ROOT / "static" / "img" / "logo.svg"
OUT = ROOT / "static" / "img" / "icons"
BRAND_TEAL = "#0c6b62"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu"]

# name, size in pixels, the logo's share of the width, whether the square is filled with teal
ICONS = [
    ("icon-192.png", 192, 1.0, False),
    ("icon-512.png", 512, 1.0, False),
    ("icon-maskable-512.png", 512, 0.8, True),
    ("apple-touch-icon.png", 180, 0.9, True),
]


def page_html(logo_uri, size, share, filled):
    logo = round(size * share)
    background = BRAND_TEAL if filled else "transparent"
    return (
        "<!doctype html><html><head><style>"
        f"html,body{{margin:0;width:{size}px;height:{size}px;background:{background};}}"
        "body{display:grid;place-items:center;}"
        f"img{{width:{logo}px;height:{logo}px;display:block;}}"
        f'</style></head><body><img src="{logo_uri}" alt=""></body></html>'
    )


def main():
    logo_uri = "data:image/svg+xml;base64," + base64.b64encode(LOGO.read_bytes()).decode()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name, size, share, filled in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_html(logo_uri, size, share, filled))
            page.wait_for_function("document.images[0].complete")
            page.screenshot(path=OUT / name, omit_background=not filled)
            page.close()
            print(f"wrote {(OUT / name).relative_to(ROOT)} ({size}×{size})")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
