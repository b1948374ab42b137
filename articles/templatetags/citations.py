"""`{% sources_of ... as sources %}`: what a page's "Sources" section lists
(templates/includes/sources.html)."""

from django import template

from articles import sources

register = template.Library()


@register.simple_tag
def sources_of(*cited):
    return sources.sources_of(*cited)
