"""What the footer needs on every page, the error pages included: tags rather than context
variables, because the 500 and 503 pages render without context processors or a database."""

from django import template
from django.conf import settings

from articles.info_pages import footer_links

register = template.Library()


@register.simple_tag
def site_publisher():
    return settings.SITE_PUBLISHER


@register.simple_tag
def info_page_links():
    return footer_links()
