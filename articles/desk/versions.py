"""One box of an item as the editor's desk compares and shows it, whichever version it comes from.

Shared by conflicts.py (the form against what a colleague saved) and history.py (a past version
against the current one), so both agree on when a box has changed and on how its value reads.
"""

from datetime import date

from django.db import models
from django.utils.dateformat import format as format_date


def normalised(value):
    """Values as the form and the database hold them, made comparable: browsers send text
    boxes back with \\r\\n line ends, forms strip outer spaces, related objects become keys."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def display(obj, model_field):
    if model_field.choices:
        return getattr(obj, f"get_{model_field.name}_display")()
    value = getattr(obj, model_field.name)
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return format_date(value, "j F Y")
    return str(value)
