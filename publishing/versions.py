"""One box of an item as the editor's desk compares and shows it, whichever version it comes from.

Shared by conflicts.py (the form against what a colleague saved) and history.py (a past version
against the current one), so both agree on when a box has changed and on how its value reads.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.dateformat import format as format_date

# How a person no longer in the database reads, wherever the desk names one.
DELETED_ACCOUNT = "someone whose account was deleted"


def normalised(value):
    """Values as the form and the database hold them, made comparable: browsers send text
    boxes back with \\r\\n line ends, forms strip outer spaces, related objects become keys."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def person(user, missing=DELETED_ACCOUNT):
    """A user as editors know them: their full name, else their username; `missing` when
    there is nobody to name (an account deleted since, or nobody signed in)."""
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()


def display(obj, model_field):
    """The box's value as an editor reads it: "(empty)", "Yes", "1 December 2026", a name."""
    if model_field.choices:
        return getattr(obj, f"get_{model_field.name}_display")()
    if model_field.is_relation:
        # A past version can point at a row deleted since (history keeps the bare key).
        if getattr(obj, model_field.attname) is None:
            return "(empty)"
        try:
            value = getattr(obj, model_field.name)
        except ObjectDoesNotExist:
            return DELETED_ACCOUNT if model_field.related_model is get_user_model() else "(deleted)"
        return person(value) if isinstance(value, get_user_model()) else str(value)
    value = getattr(obj, model_field.name)
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return format_date(value, "j F Y")
    return str(value)
