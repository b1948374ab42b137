"""The one way stored Markdown becomes HTML: rendered, then sanitized with nh3.

Every path to a browser (public pages and the admin's live preview) goes through
`render_markdown`, so an editor's Markdown can never carry script into a page.
"""

import functools
import threading

import markdown as python_markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "img",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


_local = threading.local()


def _converter():
    # Building a Markdown converter costs more than converting a paragraph, so each thread keeps
    # one and resets it between uses.
    if not hasattr(_local, "converter"):
        _local.converter = python_markdown.Markdown(extensions=["sane_lists", "tables"])
    return _local.converter.reset()


def render_markdown(text):
    return _render(text or "")


# Rendering is a pure function of the text, so each worker renders a given text once: pages
# re-rendered after an edit only pay for the Markdown that changed.
@functools.lru_cache(maxsize=4096)
def _render(text):
    html = _converter().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
