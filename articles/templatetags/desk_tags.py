"""The editor's desk in the admin's templates: who saved a version, in words
(publishing.history)."""

from django import template

from publishing import history

register = template.Library()


@register.filter
def saved_by(revision):
    return history.saved_by(revision)
