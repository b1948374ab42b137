"""The one way stored Markdown becomes HTML: rendered, then sanitized with nh3.

Every path to a browser (public pages and the admin's live Markdown preview) goes through
`render_markdown`, so an editor's Markdown can never carry script into a page.

No text may stall or break a page. The renderer is markdown-it-py (CommonMark, with tables),
whose parser is linear in its input and nests at most 20 levels deep, where Python-Markdown took
11 s on 10,000 `[` and crashed on deeply nested lists. Fields hold at most MAX_LENGTH
characters (validate_length), and this refuses to render more, so every render is bounded:
the worst input found, at the limit, takes about 0.15 s. Text beyond the limit, or that the
renderer fails on, is shown as plain paragraphs and logged.

`markdown_shows_words` is publishing.visible_text's "shows nothing" rule applied to what the
Markdown renders to.
"""

import functools
import logging
import threading
from html.parser import HTMLParser

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from publishing.visible_text import shows_words

logger = logging.getLogger(__name__)

# Characters in one Markdown box: twenty times the longest text in the seed, and few enough that
# the slowest text anyone has found renders in well under a second (see the module docstring).
MAX_LENGTH = 10_000


def length(text):
    """Characters as an editor counts them: a line break is one, though browsers send two."""
    return len(text) - text.count("\r\n")


def too_long_message(text):
    """What an editor is told when a text is over MAX_LENGTH; None when it is not."""
    if length(text) <= MAX_LENGTH:
        return None
    return (
        f"This text is {length(text):,} characters long; the limit is {MAX_LENGTH:,}. "
        "Split it into shorter sections (another cause, step or aftercare note), "
        "or shorten it, and save again."
    )


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


def _parser():
    # Building a parser costs more than rendering a paragraph, so each thread keeps its own.
    # Raw HTML is let through to nh3, which keeps only ALLOWED_TAGS (an editor's <abbr> works).
    if not hasattr(_local, "parser"):
        parser = MarkdownIt("commonmark", {"html": True}).enable("table")
        # nh3 alone judges addresses, by its allow-list (ALLOWED_URL_SCHEMES). markdown-it's own
        # deny-list would leave a refused link on the page as raw Markdown; this way it keeps
        # its text and loses only the address, as before.
        parser.validateLink = lambda url: True
        _local.parser = parser
    return _local.parser


def render_markdown(text):
    return _render(text or "")


# Rendering is a pure function of the text, so each worker renders a given text once: pages
# re-rendered after an edit only pay for the Markdown that changed.
@functools.lru_cache(maxsize=4096)
def _render(text):
    if length(text) > MAX_LENGTH:
        # Only text saved around the admin (the shell, loaddata) can get here.
        logger.warning(
            "Markdown of %d characters (limit %d) shown as plain text", length(text), MAX_LENGTH
        )
        return _sanitized(_as_plain_paragraphs(text))
    try:
        html = _parser().render(text)
    except Exception:
        # A page must never fail because of its text: readers get the words, unformatted.
        logger.exception("Markdown could not be rendered; shown as plain text")
        html = _as_plain_paragraphs(text)
    return _sanitized(html)


def _as_plain_paragraphs(text):
    paragraphs = (part.strip() for part in text.replace("\r\n", "\n").split("\n\n"))
    return "".join(f"<p>{escape(part)}</p>" for part in paragraphs if part)


def _sanitized(html):
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above


class _PageText(HTMLParser):
    """The text a reader gets from rendered HTML: its words and its pictures' descriptions."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_data(self, data):
        self.parts.append(data)


def text_of_markdown(markdown_text):
    """What a reader gets from `markdown_text`: rendered, sanitised, entities decoded."""
    parser = _PageText()
    parser.feed(str(render_markdown(markdown_text or "")))
    parser.close()
    return " ".join(parser.parts)


def markdown_shows_words(markdown_text):
    """Whether Markdown renders to at least one letter or digit a reader would see."""
    return shows_words(text_of_markdown(markdown_text))
