from django import template

from articles.markdown import render_markdown
from articles.reviews import page_review as review_of_page

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag
def page_review(guide, items):
    """The review line for a page showing `items`, around the guide text's warning."""
    return review_of_page([guide, *items])
