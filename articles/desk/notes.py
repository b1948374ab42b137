"""Editors' notes in the admin: an inline under each item that keeps every note's author, records
who edited it last and when, and stops an edit made over a colleague's newer one.

Each note's form carries the version the editor opened it at (a hidden input), as the item's own
form does (articles.desk.forms). When the editor has changed a note that a colleague saved after
it was opened, nothing is saved: the note shows an error naming the colleague and when they
saved, with their text and the words that differ from the editor's, and the editor's own text
stays in the box. Their next save is made over what they have now seen. A note the editor left
alone is never saved, so a colleague's newer text is never overwritten by an old copy.
"""

from django import forms
from django.contrib.contenttypes.admin import GenericStackedInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.desk.forms import UnlabelledHiddenInput
from articles.models import EditorNote
from publishing import audit
from publishing.history import word_diff
from publishing.models import AuditEvent
from publishing.versions import DELETED_ACCOUNT, normalised, person


class EditorNoteForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=UnlabelledHiddenInput, required=False)

    # Set when a colleague saved this note after it was opened (see the module docstring).
    conflict = None
    untouched = False

    class Meta:
        model = EditorNote
        fields = ["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = (
                self._stored().values_list("version", flat=True).first()
            )

    def _stored(self):
        return EditorNote.objects.filter(pk=self.instance.pk)

    def has_changed(self):
        # The form is built from the note as stored now, so a colleague's newer text makes an
        # untouched note look changed; it is not, and saving it would sign it with this editor.
        return not self.untouched and super().has_changed()

    def clean(self):
        cleaned_data = super().clean()
        loaded_version = cleaned_data.get("loaded_version")
        if self.instance.pk is None or loaded_version is None:
            return cleaned_data
        stored = self._stored()
        if transaction.get_connection().in_atomic_block:
            # No third save slips in before this one commits. `of=("self",)`: PostgreSQL locks
            # no row on the nullable side of the people joined below.
            stored = stored.select_for_update(of=("self",))
        stored = stored.select_related("edited_by", "author").first()
        if stored is None or stored.version == loaded_version:
            return cleaned_data
        # Seen now: the editor's next save is made over the version they were shown.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(stored.version)
        yours, theirs = normalised(cleaned_data.get("text", "")), normalised(stored.text)
        opened = EditorNote.history.filter(id=stored.pk, version=loaded_version)
        opened = opened.order_by("-history_date").values_list("text", flat=True).first()
        if yours == theirs or (opened is not None and normalised(opened) == yours):
            # The editor left this note alone (the form still holds the text it was opened
            # with): the colleague's text stands, and this note is not saved again.
            self.untouched = True
            self.data[self.add_prefix("text")] = stored.text
            return cleaned_data
        self.conflict = NoteConflict(stored, word_diff(yours, theirs))
        self.add_error("text", self.conflict.message)
        return cleaned_data


class NoteConflict:
    """A colleague's newer save of a note: who, when, their text, and how it differs."""

    def __init__(self, stored, parts):
        self.theirs = stored.text
        self.parts = parts
        saver = stored.edited_by if stored.edited_at else stored.author
        self.who = person(saver) if saver else DELETED_ACCOUNT.capitalize()
        when = stored.edited_at or stored.created_at
        self.when = format_date(timezone.localtime(when), "H:i \\o\\n j F Y")

    @property
    def message(self):
        return (
            f"Nothing was saved: {self.who} saved this note at {self.when}, after you opened "
            f"it. Your text is still in the box. Theirs is: “{self.theirs.strip()}” Merge the "
            "two, then save again."
        )


def may_change(editor, note):
    """A note is its author's: only they, or a superuser, may reword or delete it. A note whose
    author's account is gone is anyone's to tidy."""
    return editor is not None and (
        editor.is_superuser or note.author_id is None or note.author_id == editor.pk
    )


class EditorNoteFormSet(BaseGenericInlineFormSet):
    """Signs new notes with their author and edited ones with who edited them and when; shows a
        colleague's note read-only, with no delete box; puts every addition, edit and deletion in
        the audit log (the note's own history keeps every version of its text). A colleague's note's
    boxes are disabled, so the admin shows them read-only and ignores what a crafted POST sends.

        The editor is set by EditorNoteInline.get_formset. The admin's save_formset saves each note
        after this has stamped it (formset.save(commit=False) still calls save_new/save_existing).
    """

    editor = None

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is not None and not may_change(self.editor, form.instance):
            # Disabled: whatever a crafted POST sends, the stored text is kept and the note
            # stays (a disabled box's value is its initial one).
            for name in ("text", "DELETE"):
                if name in form.fields:
                    form.fields[name].disabled = True

    def save_new(self, form, commit=True):
        form.instance.author = self.editor
        note = super().save_new(form, commit=commit)
        self._record(AuditEvent.Action.NOTE_ADDED, note, note.text)
        return note

    def save_existing(self, form, obj, commit=True):
        obj.edited_by, obj.edited_at = self.editor, timezone.now()
        note = super().save_existing(form, obj, commit=commit)
        self._record(AuditEvent.Action.NOTE_EDITED, note, note.text)
        return note

    def delete_existing(self, obj, commit=True):
        if not may_change(self.editor, obj):
            return  # never offered; a crafted request gets nothing
        self._record(AuditEvent.Action.NOTE_DELETED, obj, obj.text)
        super().delete_existing(obj, commit=commit)

    def _record(self, action, note, text):
        audit.record(self.editor, action, item=note.item, detail=text[:2000])


class EditorNoteInline(GenericStackedInline):
    """Notes between editors about an item. Readers never see them."""

    model = EditorNote
    form = EditorNoteForm
    formset = EditorNoteFormSet
    extra = 0
    fields = ["text", "loaded_version"]
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    verbose_name_plural = "editors' notes (never shown to readers)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"editor": request.user})
