"""Draw the site's own share card, static/img/share-card.png, as the step cards are drawn.

    .venv/bin/python tools/make_share_card.py

Run it again when the logo (and so its icons: tools/make_icons.py first), the palette or the
drawing in articles/share_cards.py changes.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    sys.path.insert(0, str(ROOT))
    # The drawing needs only the site's name from the settings, not a database or a secret.
    os.environ.setdefault("DJANGO_SECRET_KEY", "only-for-drawing-the-share-card")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calfcare.settings")
    import django

    django.setup()
    from articles.share_cards import draw_card

    out = ROOT / "static" / "img" / "share-card.png"
    out.write_bytes(draw_card("A self-help guide", "How to massage a sore calf muscle"))
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
