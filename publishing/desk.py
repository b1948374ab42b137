"""The publishing workflow in the admin: every content admin saves drafts, not live text.

`WorkflowAdminMixin` goes first in each content admin's bases. It

- opens the change form on the pending draft (if any), so editors continue where the last
  save left off;
- turns each save into a new revision (publishing.workflow.save_draft), and a new item into a
  row readers cannot see plus its first revision;
- adds the "Publishing" panel above the form: the item's state, what the pending version
  changes (word by word, and in plain words for a severity change), and the buttons the
  signed-in person may use (submit, approve, reject, publish or schedule, publish without
  review, record a clinical review, take off the site, outside review links, versions): those
  publishing.transitions' table allows, the same table the workflow's steps check; and what
  outside reviewers said about the pending version through their links (read-only);
- makes the admin's History page the list of the item's revisions, the same numbers the panel
  shows, the live one marked in both; compare and revert there are the panel's own;
- handles those buttons at <item>/publishing/ (POST only, staff, CSRF; each step refuses what
  the table does not allow);
- shows each item's state in the list, without a query per row.
"""

import re

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.forms import DateField
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from publishing import audit, dates, links, transitions, workflow
from publishing.consequences import publication_change, severity_change
from publishing.content import apply, as_instance, can_be_taken_off, on_the_site, snapshot
from publishing.history import change_sentences, differences
from publishing.models import AuditEvent, Revision
from publishing.versions import person

Status = Revision.Status


SENT_BACK = (
    "Version {number} is back in review: its change note is part of what the reviewer "
    "approved, so the new one needs their approval too. Nothing was published."
)


def preview_url(item, revision):
    """The item's real public address, showing `revision` to signed-in staff."""
    address, _, fragment = item.get_absolute_url().partition("#")
    return f"{address}?version={revision.pk}" + (f"#{fragment}" if fragment else "")


def content_models(site=None):
    """The kinds of content: every model whose admin takes part in the workflow (this mixin),
    in the order of their names. Asked of the admin, since publishing imports no content app."""
    site = site or admin.site
    models = [model for model, model_admin in site._registry.items() if is_workflow(model_admin)]
    return sorted(models, key=lambda model: model._meta.verbose_name_plural)


def is_workflow(model_admin):
    return isinstance(model_admin, WorkflowAdminMixin)


class WorkflowAdminMixin:
    change_form_template = "admin/articles/change_form.html"

    # The list -------------------------------------------------------------------------------

    def get_queryset(self, request):
        newest = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        ).order_by("-number")
        live = newest.filter(status=Status.PUBLISHED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                newest_status=Subquery(newest.values("status")[:1]),
                newest_publish_at=Subquery(newest.values("publish_at")[:1]),
                live_reviewed_on=Subquery(live.values("reviewed_on")[:1]),
                live_unreviewed=Subquery(live.values("published_without_review")[:1]),
            )
        )

    def review_caveat(self, item):
        """What the review dates alone do not say: the live text was published without
        review, or changed after the review they record."""
        if getattr(item, "live_unreviewed", False):
            return "published without review"
        reviewed_on = getattr(item, "live_reviewed_on", None)
        if item.last_reviewed and (reviewed_on is None or reviewed_on != item.last_reviewed):
            return "changed since review"
        return ""

    @admin.display(description="State")
    def publishing_state(self, item):
        newest = None
        status = getattr(item, "newest_status", None)
        if status:
            newest = Revision(status=status, publish_at=item.newest_publish_at)
        return workflow.editor_state(item, newest)

    # The form opens on the pending draft ----------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        match = getattr(request, "resolver_match", None)
        if item is not None and match is not None and match.url_name.endswith("_change"):
            workflow.ensure_baseline(item)
            draft = workflow.pending(item)
            if draft is not None:
                apply(item, draft.content)
        return item

    # Saving makes a draft -------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        user = request.user
        if not change:
            proposed = obj.is_published if can_be_taken_off(obj) else None
            if proposed is not None:
                # New items start off the site; publishing their first version puts them on.
                obj.is_published = False
            super().save_model(request, obj, form, change)
            content = snapshot(obj)
            if proposed is not None:
                content["is_published"] = proposed
            revision = Revision.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                number=1,
                content=content,
                label="New",
                created_by=user,
            )
        else:
            # A save is a change, whichever form it comes from.
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            revision = workflow.save_draft(obj, user)
        request._publishing_saved = revision

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's "was changed successfully" would tell the editor readers see it now.
        if hasattr(request, "_publishing_saved") and level == messages.SUCCESS:
            revision = request.__dict__.pop("_publishing_saved")
            if revision is None:
                message = (
                    "Nothing to save: the text is the same as readers see now, and no draft "
                    "is waiting."
                )
                level = messages.INFO
            else:
                message = (
                    f"Saved as version {revision.number}, a draft. Readers still see the live "
                    "version: submit this one for review below when it is ready."
                )
        return super().message_user(request, message, level, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        super().response_add(request, obj, post_url_continue)
        return HttpResponseRedirect(self._change_url(obj) + "#publishing")

    def response_change(self, request, obj):
        if "_addanother" in request.POST or "_saveasnew" in request.POST:
            return super().response_change(request, obj)
        super().response_change(request, obj)
        return HttpResponseRedirect(self._change_url(obj) + "#publishing")

    # Deleting a live item is a change like any other: take it off the site first -------

    def has_delete_permission(self, request, obj=None):
        if obj is not None and on_the_site(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        audit.record(request.user, AuditEvent.Action.DELETED, item=obj)
        workflow.withdraw_pending(obj)
        super().delete_model(request, obj)

    # The panel -------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if request.method == "GET" or request.method == "POST":
            # The row as stored (get_object would give the form's draft). An address that is no
            # id at all ("7/change/x.css") finds nothing; the admin then answers as for any
            # missing item.
            try:
                stored = self.model._default_manager.filter(pk=unquote(object_id)).first()
            except (ValueError, ValidationError):
                stored = None
            if stored is not None and self.has_view_or_change_permission(request, stored):
                extra_context["publishing"] = self.panel(request, stored)
        return super().change_view(request, object_id, form_url, extra_context)

    def panel(self, request, item):
        user = request.user
        workflow.ensure_baseline(item)
        draft = workflow.pending(item)
        live = workflow.live_revision(item)
        versions = list(
            workflow.revisions_of(item)
            .select_related("created_by", "published_by", "decided_by", "reviewed_by")
            .order_by("-number")[:30]
        )
        context = {
            "item": item,
            "state": workflow.editor_state(item),
            "draft": draft,
            "live": live,
            "action_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_publishing", args=[item.pk]
            ),
            "versions": versions,
            # The buttons: what publishing.transitions allows this person, nothing else.
            "offers": transitions.offered(draft, user, live),
            "live_offers": transitions.offered(live, user, live),
            "revertable": {
                v.number for v in versions if transitions.refusal("revert", v, user, live) is None
            },
            "today": timezone.localdate(),
        }
        if live is not None:
            context["live_review"] = live.reviewed_on and live
            context["unreviewed_publication"] = live.published_without_review
        if draft is not None:
            live_copy = item if live else self.model()
            draft_copy = as_instance(draft, item)
            context.update(
                preview_url=preview_url(item, draft),
                differences=differences(live_copy, draft_copy),
                consequences=self._consequences(item, live, draft),
                is_clinical=workflow.is_clinical(draft),
                authors=sorted(
                    person(u)
                    for u in get_user_model().objects.filter(pk__in=workflow.authors(draft))
                ),
                approval_refusal=self._approval_refusal(draft, user, live),
                links=[(link, links.address(link, request)) for link in draft.links.all()],
                outside_comments=list(draft.outside_comments.select_related("link__created_by")),
            )
        return context

    def _approval_refusal(self, draft, user, live):
        """Why a clinical reviewer may not approve the version in review (their own work, or
        their appointer's), for the panel to say in place of the buttons. None for anyone
        else: the panel says it is waiting for a clinical reviewer."""
        if draft.status != Status.IN_REVIEW:
            return None
        refusal = transitions.refusal("approve", draft, user, live)
        return None if refusal == transitions.NOT_A_REVIEWER else refusal

    def _consequences(self, item, live, draft):
        old = snapshot(item) if live else {}
        sentences = severity_change(old.get("severity"), draft.content.get("severity"))
        if "is_published" in draft.content:
            sentences += publication_change(
                old.get("is_published", False),
                draft.content["is_published"],
                self.opts.verbose_name,
            )
        return sentences

    # The buttons -----------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/publishing/",
                self.admin_site.admin_view(self.publishing_view),
                name=f"{opts.app_label}_{opts.model_name}_publishing",
            ),
            path(
                "<path:object_id>/publishing/compare/<int:number>/",
                self.admin_site.admin_view(self.compare_revision_view),
                name=f"{opts.app_label}_{opts.model_name}_compare_revision",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, item):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[item.pk])

    def publishing_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        item = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if item is None:
            raise Http404("No such item.")
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        action = request.POST.get("action", "")
        handler = getattr(self, f"do_{action.replace('-', '_')}", None)
        if handler is None:
            messages.error(request, "That is not something the publishing panel can do.")
        else:
            try:
                done = handler(request, item)
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if done:
                    messages.success(request, done)
        return HttpResponseRedirect(self._change_url(item) + "#publishing")

    def _revision(self, request, item):
        """The pending revision the person was looking at; refused if it has since changed.
        Whether the button applies to it is the workflow step's to check (the table)."""
        draft = workflow.pending(item)
        asked = request.POST.get("version", "")
        if draft is None or str(draft.number) != asked:
            now = f" It is now at version {draft.number}." if draft else ""
            raise workflow.WorkflowError(
                f"Version {asked or '?'} is no longer the one waiting: someone saved or "
                f"decided on it while you were reading.{now} Check it, then try again."
            )
        return draft

    def do_submit(self, request, item):
        draft = self._revision(request, item)
        workflow.submit(
            draft,
            request.user,
            request.POST.get("change_note", ""),
            minor=request.POST.get("minor") == "on",
        )
        return f"Version {draft.number} is submitted: clinical reviewers have been told."

    def do_discard(self, request, item):
        draft = self._revision(request, item)
        workflow.discard(draft, request.user)
        return f"Version {draft.number} is discarded: the form shows what readers see."

    def do_approve(self, request, item):
        draft = self._revision(request, item)
        due = _date(request.POST.get("next_review_due"), "next review due")
        workflow.approve(draft, request.user, request.POST.get("comment", ""), due)
        return f"Version {draft.number} is approved. Publish it now or choose a time."

    def do_reject(self, request, item):
        draft = self._revision(request, item)
        workflow.reject(draft, request.user, request.POST.get("comment", ""))
        return f"Version {draft.number} is rejected; its author has been told why."

    def do_publish(self, request, item):
        draft = self._revision(request, item)
        draft = workflow.publish(draft, request.user, change_note=request.POST.get("change_note"))
        if draft.status == Status.IN_REVIEW:
            return SENT_BACK.format(number=draft.number)
        return f"Version {draft.number} is live: readers see it now."

    def do_schedule(self, request, item):
        draft = self._revision(request, item)
        at = _datetime(request.POST.get("publish_on"), request.POST.get("publish_time"))
        if at <= timezone.now():
            raise workflow.WorkflowError("Choose a time in the future, or use “Publish now”.")
        draft = workflow.publish(
            draft, request.user, at=at, change_note=request.POST.get("change_note")
        )
        if draft.status == Status.IN_REVIEW:
            return SENT_BACK.format(number=draft.number)
        when = dates.uk_datetime(at)
        return f"Version {draft.number} will go live on {when}."

    def do_cancel_schedule(self, request, item):
        draft = self._revision(request, item)
        workflow.cancel_schedule(draft, request.user)
        return f"Version {draft.number} is no longer scheduled. It stays approved."

    def do_force(self, request, item):
        # Not a rejected version: a reviewer has said no to it, and force is not for overruling.
        draft = self._revision(request, item)
        workflow.publish_unreviewed(
            draft,
            request.user,
            request.POST.get("reason", ""),
            request.POST.get("change_note", ""),
            minor=request.POST.get("minor") == "on",
        )
        return (
            f"Version {draft.number} is live without review. It is flagged until a clinical "
            "reviewer reviews it."
        )

    def do_review(self, request, item):
        due = _date(request.POST.get("next_review_due"), "next review due")
        live = workflow.record_review(item, request.user, due, request.POST.get("comment", ""))
        return (
            f"Your review of version {live.number} is recorded. Next review due "
            f"{format_date(live.next_review_due, 'j F Y')}."
        )

    def do_unpublish(self, request, item):
        draft = workflow.propose_unpublishing(item, request.user)
        return (
            f"Version {draft.number} takes it off the site once approved and published. "
            "Submit it for review."
        )

    def do_revert(self, request, item):
        asked = request.POST.get("number", "")
        if not asked.isdecimal():
            raise Http404("There is no such version.")
        number = int(asked)
        self._check_nothing_saved_since(request, item, number)
        draft = workflow.revert(item, number, request.user)
        if draft is None:
            return f"Version {number} is what readers see now: nothing to revert."
        return f"Version {draft.number} is a draft with the text of version {number}."

    def _check_nothing_saved_since(self, request, item, number):
        """A revert replaces the pending version: refuse it if a colleague saved a version
        after the page with the button was opened (its forms send the newest number they
        showed, `seen`), as the item's own form refuses a save (articles.desk.conflicts)."""
        seen = request.POST.get("seen", "")
        if not seen.isdecimal():
            return
        since = (
            workflow.revisions_of(item)
            .filter(number__gt=int(seen))
            .select_related("created_by")
            .order_by("number")
        )
        if not since:
            return
        who = sorted({person(revision.created_by, missing="Someone") for revision in since})
        raise workflow.WorkflowError(
            f"Nothing was reverted: {' and '.join(who)} saved version {since.last().number} of "
            f"this {self.opts.verbose_name} after you opened the page. Check what it says, then "
            f"revert to version {number} again if you still want to."
        )

    def do_link_create(self, request, item):
        draft = self._revision(request, item)
        transitions.check("link-create", draft, request.user)
        link = links.create(draft, request.user, request.POST.get("reviewer_name", ""))
        return (
            f"Link for {link.reviewer_name} made; it works until "
            f"{format_date(timezone.localtime(link.expires_at), 'j F Y, H:i')}. Copy it below."
        )

    def do_link_revoke(self, request, item):
        link = get_object_or_404(
            links.ReviewLink,
            pk=request.POST.get("link"),
            revision__content_type=ContentType.objects.get_for_model(item),
            revision__object_id=item.pk,
        )
        links.revoke(link, request.user)
        return f"The link for {link.reviewer_name} no longer works."

    # The History page: the same versions as the panel ------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        """Every version of the item (its revisions, the one history of content), newest first,
        numbered as the publishing panel numbers them, the live one marked: who saved it, what
        it changed from the version before, its review. Each is compared with the live text by
        the panel's compare page and reverted by the panel's revert (a new draft)."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        workflow.ensure_baseline(item)
        live = workflow.live_revision(item)
        revisions = list(
            workflow.revisions_of(item)
            .select_related("created_by", "reviewed_by")
            .order_by("number")
        )
        versions, before = [], None
        for revision in revisions:
            now = as_instance(revision, item)
            versions.append(
                {
                    "revision": revision,
                    "is_live": live is not None and revision.pk == live.pk,
                    "sentences": change_sentences(before, now) if before is not None else [],
                }
            )
            before = now
        versions.reverse()
        moves = [
            (event, _move_sentence(event.detail))
            for event in AuditEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(item),
                object_id=item.pk,
                action=AuditEvent.Action.REORDERED,
            ).order_by("-at")
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {item}",
            "subtitle": None,
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "object": item,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            "versions": versions,
            "newest": revisions[-1] if revisions else None,
            "live": live,
            "moves": moves,
            "may_edit": self.has_change_permission(request, item),
            "action_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_publishing", args=[item.pk]
            ),
            "change_url": self._change_url(item),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publishing/history.html", context)

    def compare_revision_view(self, request, object_id, number):
        item = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if item is None or not self.has_view_or_change_permission(request, item):
            raise Http404("No such item.")
        revision = get_object_or_404(workflow.revisions_of(item), number=number)
        live = workflow.live_revision(item)
        then = item if live else self.model()
        context = {
            **self.admin_site.each_context(request),
            "title": f"Version {number} of “{revision.item_label}” beside the live text",
            "opts": self.opts,
            "object": item,
            "revision": revision,
            "live": live,
            "differences": differences(then, as_instance(revision, item)),
            "outside_comments": list(
                revision.outside_comments.select_related("link__created_by").order_by("-created_at")
            ),
            "change_url": self._change_url(item),
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[item.pk]
            ),
        }
        return TemplateResponse(request, "admin/publishing/compare_revision.html", context)


def _move_sentence(detail):
    """A move as the audit log keeps it ("Position 3 → 4. To undo, …", articles.desk.ordering)
    in words."""
    match = re.match(r"Position (\d+) → (\d+)", detail)
    return f"Position: moved from {match[1]} to {match[2]}" if match else detail


def _date(value, name):
    if not value:
        return None
    try:
        return DateField().clean(value)
    except ValidationError:
        raise workflow.WorkflowError(
            f"The {name} date is not a date (use the date picker)."
        ) from None


def _datetime(day_text, time_text):
    """The schedule box's day and time, typed the UK way, in UK time."""
    day = dates.parse_uk_date(day_text)
    if day is None:
        raise workflow.WorkflowError(
            f"Write the day it should go live as day, month and year, for example "
            f"{dates.DATE_EXAMPLE}."
        )
    at = dates.parse_24_hour_time(time_text)
    if at is None:
        raise workflow.WorkflowError(
            f"Write the time it should go live in 24-hour UK time, for example "
            f"{dates.TIME_EXAMPLE}."
        )
    return dates.uk_moment(day, at)


def waiting_changes(user):
    """The admin home page's "Changes waiting" lines: how many pending versions in each state,
    each a link to them in the Revisions list. None for someone who may not read versions."""
    if not user.has_perm("publishing.view_revision"):
        return None
    counts = {
        row["status"]: row["count"]
        for row in Revision.objects.filter(
            status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.REJECTED]
        )
        .values("status")
        .annotate(count=Count("pk"))
    }
    listing = reverse("admin:publishing_revision_changelist")
    lines = []
    for status, words in [
        (Status.IN_REVIEW, "waiting for clinical review"),
        (Status.APPROVED, "approved, to publish or scheduled"),
        (Status.REJECTED, "rejected, to rework"),
        (Status.DRAFT, "drafts not yet submitted"),
    ]:
        if counts.get(status):
            lines.append((f"{counts[status]} {words}", f"{listing}?status__exact={status.value}"))
    return lines
