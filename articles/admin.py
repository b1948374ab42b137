from django.contrib import admin
from django.db.models import Count, Q
from markdownx.admin import MarkdownxModelAdmin

from articles.models import AftercareNote, Cause, Feedback, Guide, MassageStep


class GuideItemAdmin(MarkdownxModelAdmin):
    list_display = ["title", "position", "is_published", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Cause)
class CauseAdmin(GuideItemAdmin):
    list_display = ["title", "severity", "position", "is_published", "updated_at"]
    list_filter = ["is_published", "severity"]
    search_fields = ["title", "slug", "summary", "body"]
    fields = [
        "title", "slug", "summary", "severity", "body", "related", "position", "is_published",
    ]  # fmt: skip


@admin.register(MassageStep)
class MassageStepAdmin(GuideItemAdmin):
    list_display = ["title", "position", "repetitions", "duration", "is_published", "updated_at"]
    search_fields = ["title", "slug", "summary", "instruction"]
    fields = [
        "title", "slug", "summary", "instruction", "repetitions", "duration", "position",
        "is_published",
    ]  # fmt: skip


@admin.register(AftercareNote)
class AftercareNoteAdmin(GuideItemAdmin):
    list_display = ["title", "is_caution", "position", "is_published", "updated_at"]
    list_filter = ["is_published", "is_caution"]
    search_fields = ["title", "slug", "body"]
    fields = ["title", "slug", "body", "is_caution", "position", "is_published"]


@admin.register(Guide)
class GuideAdmin(MarkdownxModelAdmin):
    """The guide's own text. There is exactly one, so it can be neither added nor deleted."""

    list_display = ["title", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "description", "introduction"]}),
        ("Section introductions", {"fields": ["causes_intro", "massage_intro", "aftercare_intro"]}),
        (
            "Blood clot (DVT) warning",
            {
                "description": (
                    "The warning shows on every page whatever is written here. Reword it if you "
                    "need to; an empty box brings back the built-in wording."
                ),
                "fields": ["warning_heading", "warning_urgent", "warning_emergency"],
            },
        ),
    ]

    def has_add_permission(self, request):
        return not Guide.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Readers' answers, read-only: a summary per page above the list of answers."""

    list_display = ["page_title", "page_path", "helpful", "comment", "created_at"]
    list_filter = ["helpful", "page_title"]
    search_fields = ["page_title", "page_path", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = ["page_path", "page_title", "helpful", "comment", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        summary = (
            Feedback.objects.values("page_path", "page_title")
            .annotate(
                answers=Count("pk"),
                helpful_count=Count("pk", filter=Q(helpful=True)),
                not_helpful_count=Count("pk", filter=Q(helpful=False)),
            )
            .order_by("-answers", "page_title")
        )
        extra_context = {**(extra_context or {}), "feedback_summary": summary}
        return super().changelist_view(request, extra_context=extra_context)
