from django.contrib import admin
from django.db.models import Count, Q

from feedback.models import Feedback


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
