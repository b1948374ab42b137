"""The admin's "Sources checked" page: every address that what readers see now cites, with its
last recorded check (who, when) or "Not checked yet", and a button per address, "I checked this
source today", that records the check (articles.source_checks.record) and logs it.

It is the SourceCheck model's list in the admin, so the admin's index and its side navigation
link it as they link every list, for whoever may see it. Checks are only ever added, by that
button: there is no add form (a check is of a cited address, today, by whoever presses it) and
no change or delete (the record is what readers' "checked <date>" rests on).

- Seeing the page takes `articles.view_sourcecheck`; recording a check `articles.add_sourcecheck`
  (Editor and Clinical reviewer groups have both, Viewer the first: publishing migration 0008).
- The button posts, with the admin's CSRF check, to `check/`; anything but a POST is refused
  (405). The address must be one live content cites now: a check of anything else would show
  nowhere, and is refused in words.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_POST

from articles import source_checks

NOT_CITED = (
    "Nothing readers see now cites that address, so there is nothing to record: reload the "
    "page to see the sources cited now."
)


class SourceCheckAdmin(admin.ModelAdmin):
    def get_urls(self):
        # Only this page and its button: no add, change, delete or history pages for a record.
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("", self.admin_site.admin_view(self.changelist_view), name=f"{name}_changelist"),
            path(
                "check/",
                self.admin_site.admin_view(require_POST(self.check_view)),
                name=f"{name}_check",
            ),
        ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_model_perms(self, request):
        # The index links the page for whoever may see it, with no "Add" link: a check is
        # recorded from the page's buttons.
        return {
            "add": False,
            "change": False,
            "delete": False,
            "view": self.has_view_permission(request),
        }

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Sources checked",
            "subtitle": None,
            "opts": self.opts,
            "sources": source_checks.cited_now(),
            "may_record": self.has_add_permission(request),
            "check_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_check"),
            "today": timezone.localdate(),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/sourcecheck/sources_checked.html", context)

    def check_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        url = request.POST.get("url", "")
        entry = next((e for e in source_checks.cited_now() if e.source.url == url), None)
        back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        if entry is None:
            self.message_user(request, NOT_CITED, messages.ERROR)
            return HttpResponseRedirect(back)
        check = source_checks.record(entry.source, request.user)
        day = format_date(check.checked_on, "j F Y")
        self.message_user(
            request,
            f"Recorded: you checked “{entry.source.publisher}: {entry.source.title}” today. "
            f"Readers now see “checked {day}” beside it.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(back)
