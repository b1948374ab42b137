"""Translations in the admin: each content list shows its items' status per language and exports
the ticked items for translators ("Export Welsh translations (PO)"); each translation has its
own page with the publishing panel, where a reviewer who reads its language approves it."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils.html import format_html_join

from publishing import workflow
from publishing.desk import WorkflowAdminMixin
from publishing.languages import other_languages
from translations import status
from translations.files import export_po
from translations.models import Translatable, Translation


def _export_action(language, language_name):
    def export(model_admin, request, queryset):
        response = HttpResponse(
            export_po(language, queryset.order_by("pk")), content_type="text/x-gettext-translation"
        )
        response["Content-Disposition"] = f'attachment; filename="calfcare-{language}.po"'
        return response

    name = f"export_translations_{language}"
    export.__name__ = name
    return export, name, f"Export {language_name} translations (PO)"


class TranslatableAdminMixin:
    """For the admin of a content model that declares `Translatable`: a "Translations" column
    (each language's status) and an export action per language."""

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [*shown, "translation_status"] if self._translatable else shown

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._translatable:
            return actions
        for language, language_name in other_languages():
            action = _export_action(language, language_name)
            actions[action[1]] = action
        return actions

    @property
    def _translatable(self):
        return issubclass(self.model, Translatable)

    @admin.display(description="Translations")
    def translation_status(self, item):
        found = status.statuses(item, [code for code, _name in other_languages()])
        names = dict(other_languages())
        return format_html_join(
            "",
            '<span class="translation-state translation-state--{}">{}: {}</span><br>',
            (
                (found[code].state.replace(" ", "-"), names[code], _words(found[code]))
                for code in found
            ),
        )


def _words(found):
    if found.state == status.MISSING and found.translated:
        return f"{found.state} ({found.translated} of {found.total} parts translated)"
    if found.state == status.UP_TO_DATE and found.translation.reviewed_by_id is None:
        # As readers are told (translations.fallback.NOT_CHECKED): the starting translations.
        return f"{found.state}, not checked by a clinician"
    return found.state


@admin.register(Translation)
class TranslationAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    """Translations come from translators' files (`import_translations`): the admin shows them
    and takes them through review; a correction is typed in `boxes` and saved as a draft."""

    list_display = ["__str__", "language", "translation_state", "publishing_state"]
    list_filter = ["language", "content_type"]
    fields = ["language", "boxes", "source", "source_version"]
    readonly_fields = ["language", "source", "source_version"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Status")
    def translation_state(self, translation):
        item = translation.item
        if item is None:
            return "its item was deleted"
        return _words(status.status_of(item, translation.language, translation=translation))

    def save_model(self, request, obj, form, change):
        # A box typed here is a translation of the English readers see now: record that.
        item = obj.item
        english = item.english_boxes() if item is not None else {}
        before = form.initial.get("boxes") or {}
        changed = {box for box, text in obj.boxes.items() if before.get(box) != text}
        obj.source = {**obj.source, **{box: english[box] for box in changed if box in english}}
        if changed and item is not None:
            live = workflow.live_revision(item)
            obj.source_version = live.number if live is not None else None
        obj.is_published = True
        super().save_model(request, obj, form, change)
