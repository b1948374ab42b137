"""What changed while an editor had a form open, worked out from the item's revisions.

The form remembers the version it was opened at: the number of the item's newest revision
(publishing.Revision), the same number the History page and the publishing panel show. Every save
makes a revision, so if the item has a newer one by the time the form is saved, a colleague saved
in between: the version opened (the base), the newest version (theirs) and the form (yours) are
compared box by box:

- a box only they changed: their text goes into the form, since the editor never touched it;
- a box you both changed: your text stays in the form and theirs is shown beside it to merge,
  with the words that differ between the two marked (`parts`, from history.word_diff: "removed"
  is only in yours, "added" only in theirs).

Either way nothing is saved until the editor has seen it, and nothing is lost: their version
is saved and in the history, and the editor's text is still in the form. Who saved, and when,
comes from each revision saved since the base (its `created_by` and `created_at`).
"""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst, get_text_list

from publishing.content import as_instance
from publishing.history import word_diff
from publishing.versions import display, normalised, person


@dataclass
class FieldChange:
    name: str
    label: str
    theirs: str
    both_changed: bool
    # Your text against theirs, word by word (history.DiffPart); only for a box you both changed.
    parts: list = field(default_factory=list)


@dataclass
class EditConflict:
    verbose_name: str
    saved_by: list = field(default_factory=list)
    saved_at: object = None
    changes: list = field(default_factory=list)
    # The item as the newest version has it, and that version's number (find_conflict).
    theirs: object = None
    number: int = 0

    @property
    def who(self):
        return get_text_list(self.saved_by, "and") if self.saved_by else "Someone"

    @property
    def both_changed(self):
        return [change for change in self.changes if change.both_changed]

    @property
    def message(self):
        when = ""
        if self.saved_at:
            when = " at " + format_date(timezone.localtime(self.saved_at), "H:i \\o\\n j F Y")
        labels = get_text_list([change.label for change in self.changes], "and") or "it"
        parts = [
            f"Nothing was saved: {self.who} saved this {self.verbose_name}{when}, after you "
            f"opened it. They changed {labels}."
        ]
        if len(self.both_changed) < len(self.changes):
            parts.append("Their changes to boxes you had not touched are now in the form.")
        if self.both_changed:
            parts.append(
                "Where you both changed a box, your text is still in it and theirs is shown "
                "above the form, to merge."
            )
        parts.append("Check the form, then save again.")
        return " ".join(parts)


def find_conflict(form, revisions, loaded_version):
    """Compare the form with what was saved since `loaded_version` (see the module docstring).

    `revisions` are the item's revisions; returns None when nobody saved a newer one. The
    conflict's `theirs` is the item as the newest revision has it."""
    newest = revisions.order_by("-number").first()
    if newest is None or newest.number <= loaded_version:
        return None
    opened = revisions.filter(number=loaded_version).first()
    later = revisions.filter(number__gt=loaded_version).select_related("created_by")
    saves = [(revision.created_by, revision.created_at) for revision in later.order_by("number")]
    theirs = as_instance(newest)
    conflict = compare(form, theirs, as_instance(opened) if opened else None, saves)
    conflict.theirs, conflict.number = theirs, newest.number
    return conflict


def compare(form, theirs, base, saves):
    """The conflict between the form and `theirs` (saved since the editor opened `base`, an
    instance, or None when the version opened is unknown); `saves` lists (user, when) of every
    save made in between, oldest first."""
    model = type(theirs)
    conflict = EditConflict(verbose_name=model._meta.verbose_name)
    for user, when in saves:
        name = person(user, missing="Someone")
        if name not in conflict.saved_by:
            conflict.saved_by.append(name)
        conflict.saved_at = when
    for name in form.fields:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field, such as the version itself
            continue
        their_value = normalised(model_field.value_from_object(theirs))
        # A box that failed validation counts as changed: the editor's input stays in it.
        yours = normalised(form.cleaned_data[name]) if name in form.cleaned_data else object()
        if base is not None:
            opened = normalised(model_field.value_from_object(base))
            if opened == their_value:
                continue
            both_changed = yours not in (opened, their_value)
        else:
            # No record of the version opened: whatever differs needs the editor's eye.
            if yours == their_value:
                continue
            both_changed = True
        theirs_text = display(theirs, model_field)
        parts = []
        if both_changed and isinstance(their_value, str) and not model_field.choices:
            # Text boxes only: a date or a choice is read whole, beside the form's own.
            parts = word_diff(_as_text(form, name, yours), their_value)
        conflict.changes.append(
            FieldChange(
                name=name,
                label=form.fields[name].label or capfirst(model_field.verbose_name),
                theirs=theirs_text,
                both_changed=both_changed,
                parts=parts,
            )
        )
    return conflict


def _as_text(form, name, yours):
    """The editor's value of a box as text to compare: what they typed if it did not validate."""
    if isinstance(yours, str):
        return yours
    if name in form.cleaned_data:
        return "" if yours is None else str(yours)
    return normalised(str(form.data.get(form.add_prefix(name), "")))
