import json
import re
from functools import cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.markdown import render_markdown
from articles.step_pictures import inline_drawing

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag
def site_name():
    """The site's name (settings.SITE_NAME). A tag rather than a context variable because the
    error pages render base.html without context processors, or without a request at all."""
    return settings.SITE_NAME


# The name static/img/wordmark.svg draws. A site renamed (DJANGO_SITE_NAME) shows its name as
# text instead: a drawing of another name would be wrong, to eyes and to screen readers alike.
WORDMARK_NAME = "calfcare"


@cache
def _wordmark_parts():
    """The wordmark file's root attributes (its size, stroke and colour) and its paths, read
    once per process; its comments are for whoever edits the file, not for every page."""
    with open(finders.find("img/wordmark.svg"), encoding="utf-8") as file:
        markup = file.read()
    root = (
        re.search(r"<svg ([^>]*)>", markup)
        .group(1)
        .replace('xmlns="http://www.w3.org/2000/svg" ', "")
    )
    paths = "".join(re.findall(r"<path [^>]*/>", markup))
    return root, paths


@register.simple_tag
def wordmark(css_class):
    """The site's name as drawn (static/img/wordmark.svg), inline so its strokes take the text
    colour in light, dark, forced colours and print, named for screen readers as it reads; the
    name as text when the site has been given another name."""
    if settings.SITE_NAME != WORDMARK_NAME:
        return format_html('<span class="{}">{}</span>', css_class, settings.SITE_NAME)
    root, paths = _wordmark_parts()
    return format_html(
        '<svg class="{}" {} role="img" aria-label="{}" focusable="false">{}</svg>',
        css_class,
        mark_safe(root),
        WORDMARK_NAME,
        mark_safe(paths),
    )


@register.filter(name="json_ld")
def json_ld(data):
    """A JSON-LD block. Like Django's json_script, <, > and & are escaped so the data can
    never close the script element early, whatever an editor typed."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def step_drawing(step, decorative=False, number=None):
    """The step's line drawing as inline SVG (articles.step_pictures), so it takes the page's
    text and brand colours, its badge showing `number` (none without one); "" when the step
    has none."""
    return inline_drawing(step.drawing, step.picture_alt, decorative=decorative, number=number)
