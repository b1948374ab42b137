"""The editor's desk in the admin's templates: history read as sentences (articles.desk.history)."""

from django import template

from articles.desk import history

register = template.Library()


@register.filter
def what_changed(record):
    """The sentences for what this saved version changed since the one before it."""
    previous = record.prev_record
    if previous is None:
        return []
    return history.change_sentences(previous.instance, record.instance)


@register.filter
def saved_by(record):
    return history.saved_by(record)
