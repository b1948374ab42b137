import logging
from pathlib import Path

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from articles import change_notes, checked_so_far, clinical_notes, structured_data
from articles.context_processors import guide_for, health_numbers
from articles.desk.reviews import page_review
from articles.info_pages import BUILT_IN, interval_in_words, reply_time_in_words
from articles.models import (
    AftercareNote,
    Cause,
    InfoPage,
    MassageStep,
    SafetyText,
)
from articles.page_contents import SHOWS_GUIDE_TEXT, safety_texts, safety_texts_on
from articles.page_meta import URGENT_CUE, PageMeta, absolute_url, step_description
from articles.pages import GUIDE_PAGES
from articles.safety_texts import ShownSafetyText
from articles.share_cards import SAFETY_CUE as SHARE_SAFETY_CUE
from articles.share_cards import share_card_png
from articles.source_checks import with_checks
from articles.sources import sources_of
from articles.step_pictures import card_picture
from articles.structured_data import plain_text
from articles.warning import (
    EMERGENCY_IN_A_SENTENCE,
    EMERGENCY_SIGNS,
    LEG_SIGNS,
    URGENT_SIGNS,
    DvtWarning,
)
from delivery import shared_cache
from delivery.page_cache import is_reader
from publishing import preview

logger = logging.getLogger(__name__)

# Browsers keep a 301 for as long as they are told to, or for ever when not told. Where an old
# address leads changes when an item is renamed back (a browser still holding the old 301 then
# goes round in a loop until it expires), so only briefly: the redirect itself costs nothing.
REDIRECT_CACHE_SECONDS = 60 * 5


def find_step(steps, slug):
    """Where the step with this slug is in `steps` (the routine in order), counting from 0;
    None when no step has it. Its number in the routine is this plus one."""
    return next((index for index, step in enumerate(steps) if step.slug == slug), None)


def signed_in_staff(request):
    """Staff, without loading a session for readers: asking a reader's request for its user
    would add "Vary: Cookie" to every public page."""
    return not is_reader(request.META) and request.user.is_staff


class GuidePageMixin:
    """What every public page of the guide shares: its title, description, share card and
    JSON-LD (see get_page_meta), and who sees what.

    Readers see published items only. Signed-in staff also see drafts, marked as drafts, at
    their real address: the draft view, where the admin's "View on site" leads
    (NeverCacheForEditorsMiddleware keeps those pages out of every cache).
    `reviewed_items` lists the page's own items; with the guide text, the page's safety texts
    (articles.page_contents) and the clinical notes about them, they make the "Page last
    reviewed" line and the JSON-LD's review, dates and citations. `also_dated` lists items
    whose changes change the page without being reviewed content on it (the other steps, for
    a step's "step 3 of 6" and its neighbours' titles).
    """

    def visible(self, model):
        if signed_in_staff(self.request):
            return model.objects.visible_to(self.request.user)
        return model.objects.published()

    def get_context_data(self, **kwargs):
        guide = guide_for(self.request)
        previewing = preview.revision_for(self.request, signed_in_staff)
        if previewing is not None:
            places = [guide, getattr(self, "object", None), getattr(self, "object_list", None)]
            preview.show(previewing, *places, *kwargs.values())
            kwargs["previewing"] = previewing
            kwargs["previewing_admin_url"] = reverse(
                f"admin:{previewing.content_type.app_label}_{previewing.content_type.model}_change",
                args=[previewing.object_id],
            )
        context = super().get_context_data(**kwargs)
        context["guide"] = guide
        meta = self.get_page_meta(context)
        shown = self.page_items(context)
        if previewing is not None:
            preview.show(previewing, shown)
        # The guide text's own changes (its introductions) are news on the guide page only.
        about_page = shown if isinstance(self, GuideView) else [i for i in shown if i is not guide]
        context["change_notes"] = change_notes.recent(about_page)
        review = page_review(shown)
        context["page_meta"] = meta
        # The footer's review line shows the same review, on every page.
        context["page_review"] = review
        dated = [*shown, *context.get("also_dated", [])]
        # What the page shows, for the keys shared caches purge it by (delivery.shared_cache).
        shared_cache.collect(self.request, dated)
        # The page's one "Sources" list (templates/includes/sources.html), the JSON-LD's too.
        context["page_sources"] = page_sources = _sources(shown)
        context["breadcrumbs"] = self.get_visible_breadcrumbs(context)
        # The warning's "all the signs" link stays on the page where the care cards are on it.
        url_name = self.request.resolver_match.url_name
        shown_kinds = safety_texts_on(
            url_name, getattr(self, "object", None), context.get("step_number")
        )
        context["care_cards_here"] = SafetyText.Kind.URGENT_CARD in shown_kinds
        context["structured_data"] = structured_data.medical_web_page(
            meta,
            main_entity=self.get_main_entity(context),
            review=review,
            breadcrumbs=self.get_breadcrumbs(context, meta),
            date_published=_earliest(getattr(item, "created_at", None) for item in shown),
            date_modified=_latest(item.updated_at for item in dated),
            sources=page_sources,
        )
        return context

    def get_main_entity(self, context):
        return None

    def page_items(self, context):
        """Everything the page shows that is reviewed content: the guide text (its warning is on
        every page), the page's safety texts, its own items, and the clinical notes beside any
        of them."""
        url_name = self.request.resolver_match.url_name
        guide = context["guide"]
        own = list(context.get("reviewed_items", []))
        kinds = safety_texts_on(url_name, getattr(self, "object", None), context.get("step_number"))
        # Asked for only where shown: a page without one costs no query for them.
        texts = safety_texts(self.request) if kinds else {}
        shown_texts = [texts[kind] for kind in kinds]
        annotated = [*own, guide] if url_name in SHOWS_GUIDE_TEXT else own
        # Each item gets its notes to show beside it (articles.clinical_notes); the review and
        # the sources count the notes about what the page shows.
        notes = clinical_notes.attach(annotated, drafts_too=signed_in_staff(self.request))
        # The page's own items first: their reviewers and sources are named first.
        return [*own, *notes, *shown_texts, guide]

    def get_breadcrumbs(self, context, meta):
        """(name, absolute address) from the guide's front page to this one."""
        url_name = self.request.resolver_match.url_name
        trail = [(context["guide"].title, meta.home_url)]
        for page in GUIDE_PAGES[1:]:
            if url_name == page.url_name:
                return [*trail, (page.title, meta.url)]
            if url_name in page.child_url_names:
                parent = absolute_url(self.request, page.url)
                return [*trail, (page.title, parent), (self.breadcrumb_name(context), meta.url)]
        if url_name == GUIDE_PAGES[0].url_name:
            return trail
        return [*trail, (self.breadcrumb_name(context), meta.url)]

    def breadcrumb_name(self, context):
        return context["page_meta"].title

    def get_visible_breadcrumbs(self, context):
        """(label, address) of the trail shown above the page ("Home › Massage › Step 3"): the
        same places as the JSON-LD's, in the header's short names; none on the front page."""
        url_name = self.request.resolver_match.url_name
        home, *sections = GUIDE_PAGES
        if url_name == home.url_name:
            return []
        trail = [(home.label, home.url)]
        here = (self.breadcrumb_label(context), self.request.path)
        for page in sections:
            if url_name == page.url_name:
                return [*trail, (page.label, page.url)]
            if url_name in page.child_url_names:
                return [*trail, (page.label, page.url), here]
        return [*trail, here]

    def breadcrumb_label(self, context):
        return self.breadcrumb_name(context)


def _earliest(moments):
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


def _latest(moments):
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def _sources(items):
    """Every source cited by anything on the page, each address once (articles.sources), with
    its last recorded check (articles.source_checks: one query, none if it cites nothing); a
    safety text cites its editors' sources, or the built-in ones where its box is empty."""
    cited = [ShownSafetyText(item) if isinstance(item, SafetyText) else item for item in items]
    return with_checks(sources_of(cited))


class OldAddressMixin:
    """A cause or step asked for by a slug it no longer has answers with a permanent redirect
    to its current address, however many renames ago that slug was."""

    model = None

    def redirect_from_old_address(self):
        slug = self.kwargs["slug"]
        item = self.visible(self.model).filter(slug_redirects__old_slug=slug).first()
        if item is None:
            raise Http404(f"No {self.model._meta.verbose_name} has that address.")
        address = item.get_absolute_url()
        if query := self.request.META.get("QUERY_STRING"):
            address += "?" + query
        response = HttpResponsePermanentRedirect(address)
        shared = {}
        if is_reader(self.request.META):  # what an editor is sent carries no keys
            shared = shared_cache.redirect_headers(response, item)
        patch_cache_control(response, max_age=REDIRECT_CACHE_SECONDS, **shared)
        return response


# What each part of the guide holds, in one line: its page's description, and its card on the
# home page.
CAUSES_DESCRIPTION = (
    "The usual causes of a sore calf muscle, one by one, and the one that needs a doctor: a "
    "blood clot (DVT)."
)
CRAMP_OR_CLOT_DESCRIPTION = (
    "Is a sore calf a cramp (a charley horse) or a blood clot (DVT)? Three things to check, and "
    "when to get medical advice."
)


def routine_description(step_count):
    return f"A {step_count}-step self-massage for a sore calf muscle, with aftercare."


class GuideView(GuidePageMixin, TemplateView):
    """The home page, an overview: the guide's summary and a card for each part (cramp or clot,
    the massage routine, the causes). The guide's full text is on those parts' own pages."""

    template_name = "articles/guide.html"

    def get_context_data(self, **kwargs):
        # Counted for the routine's card ("A 6-step self-massage"): no step is shown here.
        step_count = self.visible(MassageStep).count()
        cards = [
            ("Cramp or clot?", reverse("articles:cramp-or-clot"), CRAMP_OR_CLOT_DESCRIPTION),
            ("The massage routine", reverse("articles:step-list"), routine_description(step_count)),
            ("Causes", reverse("articles:cause-list"), CAUSES_DESCRIPTION),
        ]
        return super().get_context_data(cards=cards, **kwargs)

    def get_page_meta(self, context):
        guide = context["guide"]
        return PageMeta.build(self.request, guide.title, guide.description, og_type="article")


class CauseListView(GuidePageMixin, ListView):
    context_object_name = "causes"
    template_name = "articles/cause_list.html"

    def get_queryset(self):
        return list(self.visible(Cause))

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviewed_items=self.object_list, **kwargs)

    def get_page_meta(self, context):
        return PageMeta.build(self.request, "What causes a sore calf muscle", CAUSES_DESCRIPTION)


class CauseDetailView(GuidePageMixin, OldAddressMixin, DetailView):
    model = Cause
    context_object_name = "cause"
    template_name = "articles/cause_detail.html"

    def get_queryset(self):
        return self.visible(Cause)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return self.redirect_from_old_address()

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviewed_items=[self.object], **kwargs)

    def get_page_meta(self, context):
        cause = context["cause"]
        kicker, cue = cause_card_words(cause)
        return PageMeta.build(
            self.request,
            f"{cause.title}: a cause of a sore calf muscle",
            cause.summary,
            "article",
            image_path=reverse("articles:cause-share-card", kwargs={"slug": cause.slug}),
            image_alt=f"{kicker}: {cause.title}. {cue}",
            # An urgent cause's preview says to get advice today, not "check first".
            cue=URGENT_CUE if cause.is_urgent else None,
        )

    def get_main_entity(self, context):
        if context["cause"].is_urgent:
            return structured_data.medical_condition(context["cause"], context["page_meta"].url)
        return None

    def breadcrumb_name(self, context):
        return context["cause"].title


class CrampOrClotView(GuidePageMixin, TemplateView):
    template_name = "articles/cramp_or_clot.html"

    def get_page_meta(self, context):
        return PageMeta.build(
            self.request,
            "Cramp or blood clot? How to tell",
            CRAMP_OR_CLOT_DESCRIPTION,
        )


class StepListView(GuidePageMixin, ListView):
    context_object_name = "steps"
    template_name = "articles/massagestep_list.html"

    def get_queryset(self):
        return list(self.visible(MassageStep))

    def get_context_data(self, **kwargs):
        aftercare_notes = list(self.visible(AftercareNote))
        return super().get_context_data(
            aftercare_notes=aftercare_notes,
            reviewed_items=[*self.object_list, *aftercare_notes],
            **kwargs,
        )

    def get_page_meta(self, context):
        return PageMeta.build(
            self.request,
            "How to massage a sore calf, step by step",
            routine_description(len(context["steps"])),
            og_type="article",
        )

    def get_main_entity(self, context):
        steps = [
            (number, (step, absolute_url(self.request, step.get_absolute_url())))
            for number, step in enumerate(context["steps"], start=1)
        ]
        return structured_data.how_to(
            "How to massage a sore calf",
            plain_text(context["guide"].massage_intro),
            steps,
            context["page_meta"].url,
        )


class StepDetailView(GuidePageMixin, OldAddressMixin, TemplateView):
    """One step on its own page, with its place in the routine and the steps either side.

    All visible steps are fetched in one query (there are a handful), so "step N of M" and
    previous/next cost nothing extra and always follow the current order.
    """

    model = MassageStep
    template_name = "articles/massagestep_detail.html"

    def get(self, request, *args, **kwargs):
        steps = list(self.visible(MassageStep))
        index = find_step(steps, self.kwargs["slug"])
        if index is None:
            return self.redirect_from_old_address()
        context = self.get_context_data(
            step=steps[index],
            # Its page holds the checks in full; the other steps link to them there.
            first_step=steps[0],
            step_number=index + 1,
            step_count=len(steps),
            previous_step=steps[index - 1] if index > 0 else None,
            next_step=steps[index + 1] if index + 1 < len(steps) else None,
            reviewed_items=[steps[index]],
            also_dated=steps,
            **kwargs,
        )
        return self.render_to_response(context)

    def get_page_meta(self, context):
        step, number = context["step"], context["step_number"]
        return PageMeta.build(
            self.request,
            f"Step {number}: {step.title} – How to massage a sore calf",
            # A shared step may be all someone reads: its preview says where it is, and warns.
            step_description(number, context["step_count"], step.summary),
            og_type="article",
            image_path=reverse("articles:step-share-card", kwargs={"slug": step.slug}),
            image_alt=f"Step {number} of {context['step_count']}: {step.title}",
        )

    def breadcrumb_name(self, context):
        return f"Step {context['step_number']}: {context['step'].title}"

    def breadcrumb_label(self, context):
        # The title is the page's heading, just below: the trail names only the place.
        return f"Step {context['step_number']}"

    def get_main_entity(self, context):
        step = context["step"]
        return structured_data.how_to_step(
            step, absolute_url(self.request, step.get_absolute_url()), context["step_number"]
        )


class InfoPageView(GuidePageMixin, TemplateView):
    """About this guide, Privacy, Accessibility statement or Contact (articles.info_pages): the
    editors' published text, or the built-in wording while the page's body is empty.

    The built-in wording is written from the settings it describes (who publishes, how often
    pages are checked, how long feedback is kept, the contact address), so it stays true when a
    deployment changes them.
    """

    template_name = "articles/info_page.html"

    def get_context_data(self, **kwargs):
        page = InfoPage.load(self.kwargs["kind"])
        if page.kind == InfoPage.Kind.ABOUT:
            # What has been checked on this site, from its records (articles.checked_so_far):
            # shown under whatever the page says, editors' wording included.
            kwargs["checked_so_far"] = checked_so_far.so_far()
        context = super().get_context_data(
            info_page=page,
            built_in=BUILT_IN[page.kind],
            # A page readers have only ever seen in its built-in wording has no review to show.
            reviewed_items=[page] if page.pk else [],
            publisher=settings.SITE_PUBLISHER,
            publisher_address=settings.SITE_PUBLISHER_ADDRESS,
            review_interval=interval_in_words(settings.REVIEW_INTERVAL_DAYS),
            feedback_kept_for=interval_in_words(settings.FEEDBACK_KEEP_DAYS),
            feedback_counted_for=f"{settings.FEEDBACK_WINDOW_SECONDS // 60} minutes",
            contact_email=settings.CONTACT_EMAIL,
            reply_within=reply_time_in_words(settings.CONTACT_REPLY_WORKING_DAYS),
            **kwargs,
        )
        if "checked_so_far" in context:
            # Its counts change with any review of anything: purged by every content change.
            shared_cache.collect_everything(self.request)
        return context

    def get_page_meta(self, context):
        page, built_in = context["info_page"], context["built_in"]
        return PageMeta.build(self.request, page.title or built_in.title, built_in.description)


def cause_card_words(cause):
    """What a cause's share card says above and below its title: what the page is, and what to
    do (an urgent cause: get medical advice today)."""
    if cause.is_urgent:
        return "Urgent: a cause of a sore calf", "Get medical advice today"
    return "A cause of a sore calf", SHARE_SAFETY_CUE


@require_safe
def cause_share_card(request, slug):
    """The cause's share card: what the page is, its title, and what to do."""
    cause = Cause.objects.published().filter(slug=slug).only("slug", "title", "severity").first()
    if cause is None:
        raise Http404("No published cause has that address.")
    kicker, cue = cause_card_words(cause)
    response = HttpResponse(share_card_png(kicker, cause.title, cue), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def step_share_card(request, slug):
    """The step's share card: its number, its picture and its title, the picture chat apps show
    with its link."""
    steps = list(MassageStep.objects.published().only("slug", "title", "drawing", "picture"))
    index = find_step(steps, slug)
    if index is None:
        raise Http404("No published massage step has that address.")
    step = steps[index]
    png = share_card_png(
        f"Step {index + 1} of {len(steps)}", step.title, picture=card_picture(step, index + 1)
    )
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def server_error(request):
    """The 500 page, rendered without the database (which may be why we are here)."""
    return HttpResponseServerError(loader.get_template("500.html").render(_no_database_context()))


def unavailable_page():
    """The page readers get when the site cannot render a page and no copy of it was ever kept
    (delivery.page_cache): rendered once, when the process starts, from settings and built-in
    wording only, so it needs neither the database nor any cache. It carries the warning and
    both care cards in full, since a reader may have come for exactly that."""
    try:
        return loader.get_template("503.html").render(_no_database_context()).encode()
    except Exception:  # noqa: BLE001 - e.g. no collected static files: never leave readers with nothing
        logger.exception("the unavailable page could not be rendered; using its plain version")
        return _plain_unavailable_page()


def _plain_unavailable_page():
    warning, numbers = DvtWarning.for_guide(None), health_numbers()
    return (
        '<!doctype html><html lang="en-GB"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Sorry, this page is not available right now – {escape(settings.SITE_NAME)}</title>"
        f'<section id="dvt-warning"><h2>{escape(warning.heading)}</h2>'
        f"<p><strong>Urgent:</strong> {escape(warning.urgent)} "
        f"call {escape(numbers['urgent_care_name'])} ({escape(numbers['urgent_care_number'])}).</p>"
        f"<p><strong>Emergency:</strong> {escape(warning.emergency)} "
        f"{escape(numbers['emergency_number'])} now.</p>"
        f"<p>These numbers are for readers in {escape(numbers['service_area'])}. "
        f"{escape(numbers['service_area_note'])}</p></section>"
        "<h1>Sorry, this page is not available right now</h1><p>Try again in a minute.</p>"
    ).encode()


def _no_database_context():
    # A plain context, not a RequestContext: context processors would query the database.
    return {
        "dvt_warning": DvtWarning.for_guide(None),
        "urgent_signs": URGENT_SIGNS,
        "emergency_signs": EMERGENCY_SIGNS,
        "leg_signs": LEG_SIGNS,
        "emergency_in_a_sentence": EMERGENCY_IN_A_SENTENCE,
        **health_numbers(),
    }


@require_safe
# Whatever an image file turns out to hold, opened on its own it can run nothing and load nothing.
# The one allowance is for the browser's own image viewer, which styles the image it shows.
@csp({"default-src": [NONE], "style-src-attr": [UNSAFE_INLINE], "sandbox": True})
def uploaded_image(request, name):
    """An editor's uploaded image. Names are random and always end in .jpg or .png (the URL
    pattern allows nothing else), so the content type follows from the name and never from the
    file, and nosniff stops a browser guessing otherwise."""
    path = Path(settings.MEDIA_ROOT) / settings.MARKDOWNX_MEDIA_PATH / name
    if not path.is_file():
        raise Http404("No such image.")
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        # Nothing is hidden from crawlers; naming the admin's address here would only advertise it.
        "Allow: /",
        f"Sitemap: {absolute_url(request, reverse('articles:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever a page links to; point them at the
    icon rather than filling the logs with "not found"."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


class ChangeListView(GuidePageMixin, ListView):
    """/changes/: every published change note, newest first, with a link to what it changed."""

    template_name = "articles/change_list.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        return change_notes.published_notes().select_related("content_type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # This page lists changes; the per-page "Recent changes" box would repeat them.
        context["change_notes"] = None
        for change in context["changes"]:
            change.link = change_notes.live_address(change)
            change.review_words = change_notes.review_words(change)
        return context

    def get_page_meta(self, context):
        return PageMeta.build(
            self.request,
            "What changed in the guide",
            "Every change to the sore calf guide, newest first, with a note saying what changed.",
        )
