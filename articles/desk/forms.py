"""The admin's forms for guide content: messages in the editor's language, and a save made over
a colleague's newer one is stopped (see articles.desk.conflicts)."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.desk.conflicts import find_conflict
from articles.models import PICTURE_ALT_REQUIRED, AftercareNote, Cause, Guide, MassageStep
from articles.step_pictures import checked_upload, store
from articles.warning import DEFAULTS, validate_visible_warning
from publishing import workflow
from publishing.dates import uk_datetime
from publishing.visible_text import shows_words


class UnlabelledHiddenInput(forms.HiddenInput):
    """A hidden input the admin's field row cannot point a <label> at (a label for a hidden
    control is invalid HTML, and there is nothing for a person to read)."""

    def id_for_label(self, id_):
        return ""


# What the form carries between the editor's saves, hidden: every change form's fieldsets list it.
FORM_STATE = ["loaded_version", "schedule_seen"]


class EditorForm(forms.ModelForm):
    # The version the editor opened. Carried in the form, so the check needs no lock held open.
    loaded_version = forms.IntegerField(widget=UnlabelledHiddenInput, required=False)
    # The approved, scheduled version the editor has been told their save would replace.
    schedule_seen = forms.IntegerField(widget=UnlabelledHiddenInput, required=False)

    conflict = None

    class Meta:
        error_messages = {
            "title": {"required": "Give it a title: readers see it as the heading."},
            "slug": {
                "required": "Fill in the slug, the last part of the web address.",
                "invalid": "Use only letters, numbers and hyphens, like knead-the-calf.",
            },
            "summary": {"required": "Write the one-sentence summary shown in lists and links."},
            "description": {"required": "Write the one sentence search results show."},
            "introduction": {"required": "Write the introduction: it opens the guide."},
            "instruction": {
                "required": "A step needs its instruction: write what the reader should do."
            },
            "body": {"required": "Write the text readers will see."},
            "position": {"required": "Give it a position: lower numbers come first."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_published" in self.fields:
            self.fields["is_published"].label = "Shown to readers"
            self.fields["is_published"].help_text = (
                "Ticked: readers see it once this version is approved and published. Untick to "
                "propose taking it off the site (that needs approval too)."
            )
        if not self.is_bound and self.instance.pk is not None:
            newest = workflow.latest(self.instance)
            self.fields["loaded_version"].initial = newest.number if newest else 0

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        claimant = workflow.draft_claiming(type(self.instance), slug, self.instance.pk)
        if claimant is not None:
            raise ValidationError(
                f"“{claimant}” has a version waiting to be published that takes the address "
                f"{claimant.url_for_slug(slug)}. Choose a different slug."
            )
        return slug

    def clean(self):
        """Stop a save over a version a colleague saved after this form was opened.

        Versions are the item's revisions (publishing.workflow): every save makes one, so the
        newest revision is what a colleague last saved, published or not."""
        cleaned_data = super().clean()
        loaded_version = cleaned_data.get("loaded_version")
        if self.instance.pk is None or loaded_version is None:
            return cleaned_data
        revisions = workflow.revisions_of(self.instance)
        if transaction.get_connection().in_atomic_block:
            # Hold the item's row (the lock for its versions, see publishing.workflow) until
            # this save commits, so no third save slips in between.
            model = type(self.instance)
            model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        conflict = find_conflict(self, revisions, loaded_version)
        if conflict is None:
            self._ask_before_replacing_a_schedule(cleaned_data)
            return cleaned_data
        # Once the editor has seen the conflict, their next save is made over the newest.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(conflict.number)
        if not conflict.changes:
            return cleaned_data
        self.conflict = conflict
        for change in conflict.changes:
            if change.both_changed:
                self.add_error(
                    change.name,
                    f"{conflict.who} changed this too. Their version is shown above the form.",
                )
            else:
                self._take_stored_value(change.name, conflict.theirs)
        raise ValidationError(conflict.message, code="edit_conflict")

    def _ask_before_replacing_a_schedule(self, cleaned_data):
        """A save replaces the pending version with a new draft: if that version is approved
        and scheduled, say so first and go ahead only on the second Save."""
        pending = workflow.pending(self.instance)
        if pending is None or pending.status != pending.Status.APPROVED or not pending.publish_at:
            return
        if cleaned_data.get("schedule_seen") == pending.number:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("schedule_seen")] = str(pending.number)
        raise ValidationError(
            "Nothing was saved yet. Version %(number)s is approved and goes live on %(when)s. "
            "Saving your change makes a new draft that needs review again, and cancels that "
            "schedule (the reviewer who scheduled it is told). Press Save again to go ahead, "
            "or leave this page to keep the schedule.",
            code="replaces_schedule",
            params={"number": pending.number, "when": uk_datetime(pending.publish_at)},
        )

    def _post_clean(self):
        super()._post_clean()
        # A box taken from the colleague's save was checked as the editor's stale copy (say a
        # position a colleague's move has since given to another item): that complaint is about
        # text no longer in the form, so it is dropped. The next save checks the box afresh.
        for name in self.taken_from_stored:
            self._errors.pop(name, None)

    taken_from_stored = ()

    def _take_stored_value(self, name, stored):
        self.taken_from_stored = [*self.taken_from_stored, name]
        value = stored._meta.get_field(name).value_from_object(stored)
        if isinstance(self.fields[name], forms.BooleanField):
            data = "true" if value else "false"
        else:
            data = "" if value is None else str(value)
        self.data[self.add_prefix(name)] = data


class GuideForm(EditorForm):
    """The guide text's form. An empty warning box means "the built-in wording" (see
    articles.warning); the box shows that wording rather than nothing, so the editor reads and
    edits the text readers actually get."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, default in DEFAULTS.items():
            if name in self.fields and not shows_words(self.initial.get(name)):
                self.initial[name] = default

    def _clean_warning(self, name):
        # The raw text, before the form strips whitespace: " \u00a0 " would otherwise pass as an
        # empty box. Only a box emptied completely asks for the built-in wording.
        validate_visible_warning(self.data.get(self.add_prefix(name), ""))
        value = self.cleaned_data[name]
        # The built-in wording saved unchanged is stored as empty, not copied: the guide then
        # keeps following the built-in wording when a later release improves it. An editor who
        # wants their own wording changes the text, and that is stored as written.
        return "" if value.strip() == DEFAULTS[name] else value

    def clean_warning_heading(self):
        return self._clean_warning("warning_heading")

    def clean_warning_urgent(self):
        return self._clean_warning("warning_urgent")

    def clean_warning_emergency(self):
        return self._clean_warning("warning_emergency")


class ClinicalNoteForm(EditorForm):
    """A clinical note's form: the item it is about is chosen by name from one list, not
    typed as a kind and a number."""

    about = forms.ChoiceField(
        label="About",
        help_text="The item whose words this note corrects or completes. Readers see the note "
        "beside that item's text.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "Choose an item"), *annotated_items()]
        if self.instance.about_id:
            self.initial["about"] = f"{self.instance.about_type_id}:{self.instance.about_id}"

    def clean_about(self):
        value = self.cleaned_data["about"]
        if value not in dict(annotated_items()):
            raise ValidationError("Choose the item this note is about from the list.")
        type_id, item_id = (int(part) for part in value.split(":"))
        self.instance.about_type_id, self.instance.about_id = type_id, item_id
        return value


def annotated_items():
    """Every item a clinical note can be about, as (value, "Kind: title") choices."""
    choices = []
    for model in (Guide, Cause, MassageStep, AftercareNote):
        type_id = ContentType.objects.get_for_model(model).pk
        kind = str(model._meta.verbose_name).capitalize()
        for item in model._default_manager.order_by(*model._meta.ordering or ["pk"]):
            choices.append((f"{type_id}:{item.pk}", f"{kind}: {item}"))
    return choices


class StepForm(EditorForm):
    """A massage step's form, with its picture: the drawing chosen from the project's own, or
    an uploaded picture that replaces it. The upload is checked while the form is cleaned and
    stored when it is saved (articles.step_pictures); the step's draft then holds it by its id,
    so readers see it only once that version is published."""

    upload_picture = forms.FileField(
        label="Upload a picture",
        required=False,
        help_text=(
            "A PNG, JPEG or WebP, at most 2 MB and 4000 pixels a side. It replaces the drawing. "
            "Hidden details (such as where a photo was taken) are removed."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_picture = forms.BooleanField(
        label="Remove the uploaded picture",
        required=False,
        help_text="Tick to show the drawing again (or nothing, if no drawing is chosen).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "picture_alt" in self.fields:
            # A sentence about a movement: room to read it whole while writing it.
            self.fields["picture_alt"].widget = forms.Textarea(
                attrs={"rows": 2, "cols": 60, "maxlength": 250}
            )

    def clean_upload_picture(self):
        upload = self.cleaned_data.get("upload_picture")
        if not upload:
            return None
        return checked_upload(upload)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("upload_picture") is not None:
            # The step's own check (MassageStep.clean) cannot see a picture not yet stored;
            # when it will complain anyway (a drawing or a stored picture), once is enough.
            has_alt = cleaned_data.get("picture_alt", "").strip()
            will_complain = cleaned_data.get("drawing") or self.instance.picture_id
            if not has_alt and not will_complain and "picture_alt" in self.fields:
                self.add_error("picture_alt", PICTURE_ALT_REQUIRED)
        elif cleaned_data.get("remove_picture"):
            self.instance.picture = None
        return cleaned_data

    def save(self, commit=True):
        # Stored only now, once the whole form is valid: a refused form leaves no picture behind.
        picture = self.cleaned_data.get("upload_picture")
        if picture is not None:
            self.instance.picture = store(picture)
        return super().save(commit)
