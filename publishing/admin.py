"""The audit log and the list of changes waiting, in the admin. Both are read-only for everyone:
the log is written by the workflow (publishing.audit), and changes are decided in each item's
publishing panel."""

import csv
from datetime import UTC

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Subquery, Value, When
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst

from publishing import role_changes, roles
from publishing.desk import content_models
from publishing.languages import other_languages
from publishing.models import AuditEvent, ReviewerProfile, Revision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class Echo:
    def write(self, value):
        return value


class ContentKindFilter(admin.RelatedFieldListFilter):
    """The kinds of content (causes, steps, the guide text…), named as editors know them:
    not every type Django keeps (users, sessions, permissions), which no editor looks for."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "kind of content"

    @property
    def include_empty_choice(self):
        # Entries about no content (a role given) are found by their action instead.
        return False

    def field_choices(self, field, request, model_admin):
        models = content_models()
        types = ContentType.objects.get_for_models(*models)
        return [(types[model].pk, capfirst(model._meta.verbose_name_plural)) for model in models]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "item_link", "revision_number", "detail"]
    list_filter = ["action", ("content_type", ContentKindFilter), "at"]
    list_select_related = ["content_type"]
    search_fields = ["actor_name", "item_label", "detail"]
    date_hierarchy = "at"
    list_per_page = 50
    change_list_template = "admin/publishing/auditevent/change_list.html"

    def get_queryset(self, request):
        # Whether each entry's item still exists, in the list's one query: an entry outlives
        # its item (the log keeps the item's name), and a link to a deleted item is a 404.
        types = ContentType.objects.get_for_models(*content_models())
        exists = [
            When(
                content_type=content_type,
                then=Exists(model._default_manager.filter(pk=OuterRef("object_id"))),
            )
            for model, content_type in types.items()
        ]
        return (
            super()
            .get_queryset(request)
            .annotate(item_exists=Case(*exists, default=Value(False), output_field=BooleanField()))
        )

    @admin.display(description="item", ordering="item_label")
    def item_link(self, event):
        if not getattr(event, "item_exists", False):
            return event.item_label
        opts = event.content_type.model_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[event.object_id])
        return format_html('<a href="{}">{}</a>', url, event.item_label)

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="publishing_auditevent_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The log as CSV, with the filters and search of the list it was asked from."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        events = changelist.get_queryset(request).order_by("at", "pk")
        writer = csv.writer(Echo())
        header = ["when (UTC)", "who", "what", "item", "version", "reason or comment"]

        def rows():
            yield writer.writerow(header)
            for event in events.iterator():
                yield writer.writerow(
                    [
                        event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                        _cell(event.actor_name),
                        event.get_action_display(),
                        _cell(event.item_label),
                        event.revision_number or "",
                        _cell(event.detail),
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        return response

    def changelist_view(self, request, extra_context=None):
        query = request.GET.urlencode()
        export = reverse("admin:publishing_auditevent_export") + (f"?{query}" if query else "")
        return super().changelist_view(request, {**(extra_context or {}), "export_url": export})


def _cell(value):
    # A spreadsheet runs a cell starting with = + - @ as a formula: the log is text.
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


class AwaitingReviewFilter(admin.SimpleListFilter):
    """Versions a superuser put live without review that readers still see and no clinical
    reviewer has yet reviewed (publishing.workflow.record_review ends the wait). One replaced on
    the site keeps its flag but waits for no one: its text is no longer what readers get."""

    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("awaiting", "Published without review, awaiting a review")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            # live_number is RevisionAdmin.get_queryset's: the item's live version.
            return queryset.filter(published_without_review=True, number=F("live_number"))
        return queryset


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Changes across the guide, so reviewers see what waits for them in one place. Each item's
    live version is marked, as on its History page and in its panel."""

    list_display = ["item_link", "number", "state", "created_by", "created_at", "change_note"]
    list_filter = [AwaitingReviewFilter, "status", ("content_type", ContentKindFilter)]
    search_fields = ["change_note", "label"]
    list_select_related = ["created_by", "content_type"]

    def get_queryset(self, request):
        # The item's newest published version is the live one (publishing.workflow.live_revision).
        live = Revision.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            status=Revision.Status.PUBLISHED,
        ).order_by("-number")
        return (
            super().get_queryset(request).annotate(live_number=Subquery(live.values("number")[:1]))
        )

    @admin.display(description="State", ordering="status")
    def state(self, revision):
        if revision.number == revision.live_number:
            return format_html(
                '{} <strong class="version-live">live: readers see this</strong>',
                revision.get_status_display(),
            )
        return revision.get_status_display()

    @admin.display(description="Item")
    def item_link(self, revision):
        opts = revision.content_type.model_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.object_id])
        return format_html('<a href="{}#publishing">{}</a>', url, revision.item_label)


class ReviewerProfileForm(forms.ModelForm):
    # Ticked, not typed: a code mistyped ("wl" for Welsh) would let nobody approve Welsh.
    languages = forms.MultipleChoiceField(
        label="Languages they read besides English",
        choices=other_languages,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="They may approve and review translations into these languages.",
    )

    class Meta:
        model = ReviewerProfile
        fields = ["user", "role", "show_name", "public_name", "languages"]


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    """Reviewers' professions, whether each agreed to be named on the pages they review, and the
    languages they read (publishing.languages)."""

    form = ReviewerProfileForm
    list_display = ["user", "role", "show_name", "public_name", "languages"]
    list_filter = ["show_name"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "role"]
    autocomplete_fields = ["user"]


# Who gives whom a role is on the record: the user and group pages of the admin audit every
# change to someone's roles (publishing.role_changes). Django's own admins, extended.
User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class RoleAuditingUserAdmin(UserAdmin):
    # Someone the log or a version names is deactivated (untick "Active"), never deleted: the
    # two-person rule reads who appointed whom, and who wrote what, from those records
    # (publishing.roles.on_record). The bulk delete, which asks about no one, is gone.
    def has_delete_permission(self, request, obj=None):
        if obj is not None and roles.on_record(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        # The roles as stored, before this save: the form has already put the new superuser
        # status on `obj`, and the groups are saved after the row (save_related).
        stored = User.objects.filter(pk=obj.pk).first() if change else None
        obj._roles_before = role_changes.roles_of(stored) if stored is not None else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        before = getattr(user, "_roles_before", set())
        role_changes.record_changes(request.user, user, before, role_changes.roles_of(user))


@admin.register(Group)
class RoleAuditingGroupAdmin(GroupAdmin):
    def save_related(self, request, form, formsets, change):
        members = list(form.instance.user_set.all()) if change else []
        before = {member.pk: role_changes.roles_of(member) for member in members}
        super().save_related(request, form, formsets, change)
        for member in members:
            after = role_changes.roles_of(member)
            role_changes.record_changes(request.user, member, before[member.pk], after)
