"""`{% safety_texts as safety %}`: the safety texts a template shows (articles.safety_texts).

A tag rather than a context variable, so the pages that show a safety text (and only they) ask
for them, and so the unavailable page, rendered at start-up without a request or the database,
gets the built-in wording from the same templates.
"""

from django import template

from articles.safety_texts import built_in_safety_texts, safety_texts_for
from publishing import preview

register = template.Library()


@register.simple_tag(takes_context=True)
def safety_texts(context):
    request = context.get("request")
    if request is None:
        return built_in_safety_texts()
    texts = safety_texts_for(request)
    # A clinical reviewer previewing a safety text's pending version sees it where it shows.
    if (revision := context.get("previewing")) is not None:
        preview.show(revision, *texts.rows)
    return texts
