import json

from django import template
from django.conf import settings
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


@register.filter(name="json_ld")
def json_ld(data):
    """A JSON-LD block. Like Django's json_script, <, > and & are escaped so the data can
    never close the script element early, whatever an editor typed."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def step_drawing(step, decorative=False):
    """The step's line drawing as inline SVG (articles.step_pictures), so it takes the page's
    text and brand colours; "" when the step has none."""
    return inline_drawing(step.drawing, step.picture_alt, decorative=decorative)
