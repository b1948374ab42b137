"""The QR code a printed page carries to its own address: a reader with the sheet in hand scans
it to get back to the page (its timer, read-aloud and any later corrections).

Made by segno (pure Python) while the page renders, as inline SVG: no network, no image file to
keep in step with the content, and the address is the page's public one (`page_meta.url`, from
DJANGO_SITE_URL or a host that ALLOWED_HOSTS has already vetted), never what a stranger typed.
"""

from functools import lru_cache

import segno
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# Error correction M (15% of the code may be smudged): a scan still works off a creased sheet or
# a poor printer. segno raises it further for free when the address leaves room in the version.
ERROR_CORRECTION = "m"


def qr_for(address):
    """The QR code (a segno QRCode, never a Micro QR, which phone cameras do not all read)."""
    return segno.make_qr(address, error=ERROR_CORRECTION)


@lru_cache(maxsize=128)
def qr_svg(address):
    """`address` as an inline SVG QR code with its quiet zone, sized by CSS (print.css)."""
    label = escape(f"QR code that opens {address}")
    svg = qr_for(address).svg_inline(
        scale=1, border=4, dark="#000", svgclass="print-qr__code", lineclass=None, omitsize=True
    )
    # An image with a name: the label says what the squares are for, to anyone who cannot see them.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


@register.simple_tag
def qr_code(address):
    return mark_safe(qr_svg(address))
