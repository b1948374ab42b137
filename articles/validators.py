"""Checks on editors' Markdown, worded for the person writing it.

First its length; the others work on the rendered, sanitized HTML (the same `render_markdown`
the pages use), so they judge what readers would actually get, whichever Markdown or HTML
spelling the editor used.
"""

from html.parser import HTMLParser

from django.core.exceptions import ValidationError

from articles.markdown import markdown_shows_words, render_markdown, too_long_message
from publishing.visible_text import shows_words

# The placeholder the image upload puts in the text (see articles.desk.endpoints.image_upload).
UPLOAD_ALT_PLACEHOLDER = "Describe this image"


class _RenderedContent(HTMLParser):
    """Collects the visible text and the images of a piece of rendered HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attributes = dict(attrs)
            self.images.append((attributes.get("src") or "", attributes.get("alt")))

    def handle_data(self, data):
        self.text.append(data)


def validate_length(markdown_text):
    """At most markdown.MAX_LENGTH characters, so every page renders fast (see articles.markdown).

    The textarea has no `maxlength` on purpose: a browser would silently cut a long paste at the
    limit, and the editor might never notice the missing end. This says how long it is instead.
    """
    message = too_long_message(markdown_text)
    if message:
        raise ValidationError(message, code="too_long")


def _rendered(markdown_text):
    parser = _RenderedContent()
    parser.feed(str(render_markdown(markdown_text)))
    parser.close()
    return parser


def validate_image_alt_text(markdown_text):
    """Every image needs a description for readers who cannot see it (WCAG 1.1.1)."""
    if too_long_message(markdown_text):
        return  # validate_length has said what to fix first.
    missing = [
        src
        for src, alt in _rendered(markdown_text).images
        if not (alt or "").strip() or alt.strip() == UPLOAD_ALT_PLACEHOLDER
    ]
    if missing:
        raise ValidationError(
            "Every picture needs a short description (alt text) for readers who cannot see it. "
            "Write it between the square brackets, for example "
            "![Two hands kneading the back of the calf](%(example)s). "
            "Missing for: %(images)s.",
            code="image_without_alt_text",
            params={
                "example": missing[0] or "…",
                "images": ", ".join(src or "?" for src in missing),
            },
        )


def validate_has_visible_text(markdown_text):
    """Formatting alone ("##", "**", an empty list), a comment, an invisible character or an
    entity for one renders to nothing a reader could use (publishing.visible_text)."""
    if too_long_message(markdown_text):
        return  # validate_length has said what to fix first.
    if not markdown_shows_words(markdown_text):
        raise ValidationError(
            "This has formatting but no words a reader would see. Write the text itself.",
            code="no_visible_text",
        )


def validate_shows_words(text):
    """A one-line box that is either empty (the built-in wording) or shows a reader words: not
    only blank-looking characters (U+3164, U+2800, a zero-width space) or punctuation."""
    if text and not shows_words(text):
        raise ValidationError(
            "This box has no words readers would see (only spaces, invisible or blank-looking "
            "characters, or punctuation). Write the wording, or empty the box completely to use "
            "the built-in wording.",
            code="no_visible_text",
        )
