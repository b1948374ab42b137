"""Stored Markdown reaches browsers only through the sanitizer."""

import re

import pytest

from articles.markdown import render_markdown
from tests.factories import CauseFactory, MassageStepFactory

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<iframe src="https://example.com"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onclick="alert(1)">click</div>',
    "<object data='x.swf'></object>",
    '<form action="https://example.com"><input name="q"></form>',
]
# The site's own inline SVG: the step drawings, the wordmark (articles_tags.wordmark) and
# the printed page's QR code.
OWN_SVG = ("step-picture__drawing", "site-header__name", "site-footer__name", "print-qr__code")
OTHER_SVG = re.compile(rf'<svg(?![^>]*class="(?:{"|".join(OWN_SVG)})")')
DANGEROUS = ["<script", "onerror", "onload", "onclick", "javascript:", "data:text", "<iframe",
             "<svg", "style=", "<object", "<form", "<input"]  # fmt: skip


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitizer_removes_script_and_dangerous_markup(payload):
    html = render_markdown(payload).lower()
    for marker in DANGEROUS:
        assert marker not in html


def test_ordinary_markdown_still_renders():
    html = render_markdown(
        "Press **gently**.\n\n- one\n- two\n\n[NHS](https://www.nhs.uk/) ![A calf](/media/a.png)"
    )
    assert "<strong>gently</strong>" in html
    assert "<ul>\n<li>one</li>" in html
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>' in html
    assert '<img src="/media/a.png" alt="A calf">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_saved_by_an_editor_never_reaches_a_public_page(client, payload):
    cause = CauseFactory(body=payload)
    step = MassageStepFactory(instruction=payload)
    for path in ["/", "/causes/", cause.get_absolute_url(), "/massage/", step.get_absolute_url()]:
        html = client.get(path).content.decode().lower()
        for marker in ["<script>alert", "onerror=", "onload=", "onclick=", 'href="javascript:',
                       "<iframe", "<object"]:  # fmt: skip
            assert marker not in html, f"{marker} survived on {path}"
        # The step drawings, the wordmark and the QR code are the site's own SVG; any other
        # came from content.
        assert not OTHER_SVG.search(html), f"<svg survived on {path}"
