"""The editors' desk: the guide's content in Django's admin.

Every content type gets the Markdown editor with live preview, its history (its publishing
revisions, listed, compared and reverted through publishing.desk), forms that stop a save over a
colleague's newer one, review dates, and editors' notes. Causes, steps and notes are also
reordered by drag and drop (django-admin-sortable2), with "Move up" and "Move down" actions and
the position box in the form for anyone not using a mouse.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Max
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from markdownx.admin import MarkdownxModelAdmin

from articles import safety_texts
from articles.desk.forms import FORM_STATE, ClinicalNoteForm, EditorForm, GuideForm, StepForm
from articles.desk.notes import EditorNoteInline
from articles.desk.ordering import ReorderRefused, move_one_place
from articles.desk.reorder import ReorderButtonsMixin
from articles.desk.reviews import ReviewState, review_state_filter
from articles.desk.sortable import SortableGuideItemMixin
from articles.desk.source_checks import SourceCheckAdmin
from articles.models import (
    AftercareNote,
    Cause,
    ClinicalNote,
    EditorNote,
    Guide,
    InfoPage,
    MassageStep,
    SafetyText,
    SlugRedirect,
    SourceCheck,
)
from publishing.desk import WorkflowAdminMixin
from translations.admin import TranslatableAdminMixin

REVIEW_FIELDSET = (
    "Clinical review",
    {
        "fields": ["last_reviewed", "next_review_due", "reviewed_by"],
        "description": (
            "Recorded when a clinical reviewer approves a version or reviews the live one, in "
            "the publishing panel above. Public pages show the oldest review of anything on "
            "them."
        ),
    },
)
REVIEW_FIELDS = ["last_reviewed", "next_review_due", "reviewed_by"]


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return ReviewState.choices

    def queryset(self, request, queryset):
        if self.value() in ReviewState.values:
            return queryset.filter(review_state_filter(ReviewState(self.value())))
        return queryset


class ContentAdmin(TranslatableAdminMixin, WorkflowAdminMixin, MarkdownxModelAdmin):
    """What every kind of guide content shares in the admin. Saves make drafts: the publishing
    workflow (publishing.desk) takes a change to readers."""

    form = EditorForm
    inlines = [EditorNoteInline]
    actions = []

    class Media:
        css = {"all": ["admin-extra/editor.css", "admin-extra/publishing.css"]}
        js = ["admin-extra/markdownx-formsets.js"]

    @admin.display(description="Review", ordering="next_review_due")
    def review_status(self, item):
        state = item.review_state
        if state == ReviewState.NOT_REVIEWED:
            text = "Not reviewed"
        elif state == ReviewState.OVERDUE:
            text = f"Overdue since {format_date(item.next_review_due, 'j M Y')}"
        else:
            text = f"Next due {format_date(item.next_review_due, 'j M Y')}"
        if caveat := self.review_caveat(item):
            text = f"{text}; {caveat}"
        return format_html('<span class="review-state review-state--{}">{}</span>', state, text)

    @admin.display(description="Last saved", ordering="updated_at")
    def last_saved(self, item):
        return format_date(timezone.localtime(item.updated_at), "j M Y, H:i")

    def _names(self, count):
        opts = self.model._meta
        return opts.verbose_name if count == 1 else opts.verbose_name_plural

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, EditorNote) and note.pk is None and note.author_id is None:
                note.author = request.user
            note.save()
        for note in formset.deleted_objects:
            note.delete()
        formset.save_m2m()


class GuideItemAdmin(ReorderButtonsMixin, SortableGuideItemMixin, ContentAdmin):
    # Kept short: the sidebar, drag handles and filters share the width. When and by whom an
    # item was saved is on its history page.
    list_display = ["title", "publishing_state", "review_status"]
    list_display_links = ["title"]
    list_filter = ["is_published", ReviewStateFilter]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["move_up", "move_down"]
    main_fields = []

    def get_fieldsets(self, request, obj=None):
        # The order is changed in the list (drag, or Move up/down) and saved at once; a new
        # item's place is chosen here.
        publishing = ["is_published"] if obj is not None else ["is_published", "position"]
        if self.model.keeps_old_addresses:
            publishing.append("old_addresses")
        return [
            (None, {"fields": [*self.main_fields, *FORM_STATE]}),
            ("Publishing and order", {"fields": publishing}),
            REVIEW_FIELDSET,
        ]

    def get_readonly_fields(self, request, obj=None):
        extra = ["old_addresses"] if self.model.keeps_old_addresses else []
        return [*REVIEW_FIELDS, *extra]

    def get_changeform_initial_data(self, request):
        # A new item goes last unless the editor says otherwise.
        highest = self.model.objects.aggregate(highest=Max("position"))["highest"] or 0
        return {"position": highest + 1, **super().get_changeform_initial_data(request)}

    @admin.display(description="Old addresses (they redirect here)")
    def old_addresses(self, item):
        if item.pk is None:
            return "None yet."
        redirects = item.slug_redirects.order_by("created_at")
        if not redirects:
            return "None: this item has never been renamed."
        return format_html(
            '<ul class="old-addresses">{}</ul>',
            format_html_join(
                "",
                "<li><code>{}</code></li>",
                ((item.url_for_slug(r.old_slug),) for r in redirects),
            ),
        )

    @admin.action(
        description="Move selected %(verbose_name_plural)s up one place", permissions=["change"]
    )
    def move_up(self, request, queryset):
        self._move(request, queryset, -1)

    @admin.action(
        description="Move selected %(verbose_name_plural)s down one place", permissions=["change"]
    )
    def move_down(self, request, queryset):
        self._move(request, queryset, +1)

    def _move(self, request, queryset, step):
        selected = set(queryset.values_list("pk", flat=True))
        try:
            moved = move_one_place(self.model, selected, step, request.user)
        except ReorderRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        if moved:
            direction = "up" if step < 0 else "down"
            names = self._names(len(selected))
            self.message_user(
                request, f"Moved {len(selected)} {names} {direction} one place.", messages.SUCCESS
            )
        else:
            end = "top" if step < 0 else "bottom"
            self.message_user(request, f"Nothing moved: already at the {end}.", messages.WARNING)


@admin.register(Cause)
class CauseAdmin(GuideItemAdmin):
    list_display = ["title", "severity_short", "publishing_state", "review_status"]
    list_filter = ["is_published", ReviewStateFilter, "severity"]
    search_fields = ["title", "slug", "summary", "body"]
    main_fields = ["title", "slug", "summary", "severity", "body", "related", "sources"]

    @admin.display(description="Severity", ordering="severity")
    def severity_short(self, cause):
        return format_html("<strong>{}</strong>", "Urgent") if cause.is_urgent else "Self-care"


@admin.register(MassageStep)
class MassageStepAdmin(GuideItemAdmin):
    form = StepForm
    search_fields = ["title", "slug", "summary", "instruction"]
    main_fields = [
        "title",
        "slug",
        "summary",
        "instruction",
        "repetitions",
        "duration",
        "target_seconds",
        "drawing",
        "current_picture",
        "upload_picture",
        "remove_picture",
        "picture_alt",
        "sources",
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "current_picture"]

    @admin.display(description="Picture in this version")
    def current_picture(self, step):
        """A thumbnail of the picture of the version in the form (the pending draft, if any):
        the upload, else the drawing. Readers see it once that version is published."""
        if step.picture_id:
            picture = step.picture
            return format_html(
                '<img class="step-picture-preview" src="{}" width="{}" height="{}" alt="{}">'
                "<br>Uploaded picture, {}×{} pixels.",
                picture.url,
                160,
                round(160 * picture.height / picture.width),
                step.picture_alt,
                picture.width,
                picture.height,
            )
        if step.drawing:
            return format_html(
                '<img class="step-picture-preview" src="{}" width="160" height="120" alt="{}">'
                "<br>The drawing “{}”.",
                static(f"img/steps/{step.drawing}.svg"),
                step.picture_alt,
                step.get_drawing_display(),
            )
        return "None: choose a drawing or upload a picture."


@admin.register(AftercareNote)
class AftercareNoteAdmin(GuideItemAdmin):
    list_display = ["title", "is_caution", "publishing_state", "review_status"]
    list_filter = ["is_published", ReviewStateFilter, "is_caution"]
    search_fields = ["title", "slug", "body"]
    main_fields = ["title", "slug", "body", "is_caution", "sources"]


@admin.register(Guide)
class GuideAdmin(ContentAdmin):
    """The guide's own text. There is exactly one, so it can be neither added nor deleted."""

    form = GuideForm
    list_display = ["title", "review_status", "last_saved"]
    list_filter = [ReviewStateFilter]
    fieldsets = [
        (
            None,
            {"fields": ["title", "description", "summary", "introduction", "sources", *FORM_STATE]},
        ),
        ("Section introductions", {"fields": ["causes_intro", "massage_intro", "aftercare_intro"]}),
        (
            "Blood clot (DVT) warning",
            {
                "description": (
                    "The warning shows on every page whatever is written here. Reword it if you "
                    "need to. Empty a box completely to bring back the built-in wording."
                ),
                "fields": ["warning_heading", "warning_urgent", "warning_emergency"],
            },
        ),
        REVIEW_FIELDSET,
    ]

    def get_readonly_fields(self, request, obj=None):
        return REVIEW_FIELDS

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Guide.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Old addresses, for looking up where a shared link goes. Made by renames, never by hand."""

    list_display = ["old_slug", "item", "content_type", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["old_slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClinicalNote)
class ClinicalNoteAdmin(GuideItemAdmin):
    """Clinicians' notes beside the seed's doubtful or incomplete words. Every change to one is
    a clinical change (the model says so: `every_box_clinical`)."""

    form = ClinicalNoteForm
    list_display = ["title", "about_label", "publishing_state", "review_status"]
    search_fields = ["title", "slug", "quote", "body"]
    main_fields = ["title", "slug", "about", "quote", "body", "sources"]

    def get_form(self, request, obj=None, **kwargs):
        # "about" is the form's own list (the model's about_type and about_id behind it), so
        # it is not asked of the model.
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        readonly = self.get_readonly_fields(request, obj)
        kwargs["fields"] = [f for f in fields if f != "about" and f not in readonly]
        return super().get_form(request, obj, **kwargs)

    @admin.display(description="About")
    def about_label(self, note):
        about = note.about
        return f"{about._meta.verbose_name.capitalize()}: {about}" if about else "(deleted item)"


@admin.register(InfoPage)
class InfoPageAdmin(ContentAdmin):
    """About this guide, Privacy, Accessibility statement, Contact: one of each, made by
    load_initial_content, so they can be neither added nor deleted. An empty body shows readers
    the built-in wording (templates/info_pages/)."""

    list_display = ["__str__", "kind", "publishing_state", "review_status"]
    list_filter = [ReviewStateFilter]
    search_fields = ["title", "body"]
    readonly_fields = ["kind", *REVIEW_FIELDS]
    fieldsets = [
        (
            None,
            {
                "fields": ["kind", "title", "body", *FORM_STATE],
                "description": (
                    "Leave the body empty to show readers the built-in wording, which follows the "
                    "site's settings (publisher, review interval, how long feedback is kept). "
                    "Once you write a body, readers see only what you wrote: keep every promise "
                    "in it true."
                ),
            },
        ),
        REVIEW_FIELDSET,
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SafetyText)
class SafetyTextAdmin(ContentAdmin):
    """The care cards, the cramp-or-clot comparison and the "do not massage" notice. One of each
    kind, made by the starting content, so none can be added or deleted. The form shows the
    built-in wording each empty box stands for (articles.safety_texts), to start from."""

    list_display = ["__str__", "publishing_state", "review_status"]
    list_display_links = ["__str__"]
    list_filter = [ReviewStateFilter]
    fieldsets = [
        (None, {"fields": ["kind", *FORM_STATE]}),
        (
            "Wording",
            {
                "description": (
                    "Empty a box to use the built-in wording shown under it. What you write "
                    "replaces that part whole. The care cards always end with the numbers to "
                    "call, from the site's settings."
                ),
                "fields": [
                    "heading",
                    "built_in_heading",
                    "body",
                    "built_in_body",
                    "sources",
                    "built_in_sources",
                ],
            },
        ),
        REVIEW_FIELDSET,
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["kind", "built_in_heading", "built_in_body", "built_in_sources", *REVIEW_FIELDS]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Built-in heading")
    def built_in_heading(self, text):
        return safety_texts.built_in_heading(text.kind)

    @admin.display(description="Built-in wording (Markdown)")
    def built_in_body(self, text):
        return _lines(safety_texts.built_in_body(text.kind))

    @admin.display(description="Built-in sources")
    def built_in_sources(self, text):
        return _lines(safety_texts.sources_text(safety_texts.BUILT_IN_SOURCES[text.kind]))


def _lines(text):
    """Text shown line for line, wrapped to the form's width, ready to copy into a box."""
    return format_html_join("", "{}<br>", ((line,) for line in text.splitlines()))


# The "Sources checked" page: a check is recorded there, never through a form.
admin.site.register(SourceCheck, SourceCheckAdmin)
