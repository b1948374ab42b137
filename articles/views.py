from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from articles import structured_data
from articles.context_processors import guide_for, health_numbers
from articles.models import AftercareNote, Cause, MassageStep
from articles.page_meta import PageMeta, absolute_url
from articles.previews import preview_png
from articles.structured_data import plain_text
from articles.warning import DvtWarning


class GuidePageMixin:
    """Gives a page its title, description, link preview and JSON-LD (see get_page_meta)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guide"] = guide_for(self.request)
        meta = self.get_page_meta(context)
        context["page_meta"] = meta
        context["structured_data"] = structured_data.medical_web_page(
            meta, main_entity=self.get_main_entity(context)
        )
        return context

    def get_main_entity(self, context):
        return None


class GuideView(GuidePageMixin, TemplateView):
    """The whole guide in reading order: introduction, causes, massage routine, aftercare."""

    template_name = "articles/guide.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            causes=Cause.objects.published(),
            steps=MassageStep.objects.published(),
            aftercare_notes=AftercareNote.objects.published(),
            **kwargs,
        )

    def get_page_meta(self, context):
        guide = context["guide"]
        return PageMeta.build(self.request, guide.title, guide.description, og_type="article")


class CauseListView(GuidePageMixin, ListView):
    queryset = Cause.objects.published()
    context_object_name = "causes"

    def get_page_meta(self, context):
        return PageMeta.build(
            self.request,
            "What causes a sore calf muscle",
            "The usual causes of a sore calf muscle, one by one, and the one that needs a "
            "doctor: a blood clot (DVT).",
        )


class CauseDetailView(GuidePageMixin, DetailView):
    queryset = Cause.objects.published()
    context_object_name = "cause"

    def get_page_meta(self, context):
        cause = context["cause"]
        return PageMeta.build(
            self.request, f"{cause.title}: a cause of a sore calf muscle", cause.summary, "article"
        )

    def get_main_entity(self, context):
        if context["cause"].is_urgent:
            return structured_data.medical_condition(context["cause"])
        return None


class CrampOrClotView(GuidePageMixin, TemplateView):
    template_name = "articles/cramp_or_clot.html"

    def get_page_meta(self, context):
        return PageMeta.build(
            self.request,
            "Cramp or blood clot? How to tell",
            "Is a sore calf a cramp (a charley horse) or a blood clot (DVT)? Three things to "
            "check, and when to get medical advice.",
        )


class StepListView(GuidePageMixin, ListView):
    queryset = MassageStep.objects.published()
    context_object_name = "steps"

    def get_context_data(self, **kwargs):
        return super().get_context_data(aftercare_notes=AftercareNote.objects.published(), **kwargs)

    def get_page_meta(self, context):
        return PageMeta.build(
            self.request,
            "How to massage a sore calf, step by step",
            f"A {len(context['steps'])}-step self-massage for a sore calf muscle, with "
            "aftercare. Check first that it is not a blood clot.",
            og_type="article",
        )

    def get_main_entity(self, context):
        steps = [
            (number, (step, absolute_url(self.request, step.get_absolute_url())))
            for number, step in enumerate(context["steps"], start=1)
        ]
        return structured_data.how_to(
            "How to massage a sore calf", plain_text(context["guide"].massage_intro), steps
        )


class StepDetailView(GuidePageMixin, TemplateView):
    """One step on its own page, with its place in the routine and the steps either side.

    All published steps are fetched in one query (there are a handful), so "step N of M" and
    previous/next cost nothing extra and always follow the current order.
    """

    template_name = "articles/massagestep_detail.html"

    def get_context_data(self, **kwargs):
        steps = list(MassageStep.objects.published())
        slug = self.kwargs["slug"]
        index = next((i for i, step in enumerate(steps) if step.slug == slug), None)
        if index is None:
            raise Http404("No published massage step has that address.")
        return super().get_context_data(
            step=steps[index],
            step_number=index + 1,
            step_count=len(steps),
            previous_step=steps[index - 1] if index > 0 else None,
            next_step=steps[index + 1] if index + 1 < len(steps) else None,
            **kwargs,
        )

    def get_page_meta(self, context):
        step, number = context["step"], context["step_number"]
        return PageMeta.build(
            self.request,
            f"Step {number}: {step.title} – How to massage a sore calf",
            step.summary,
            og_type="article",
            image_path=reverse("articles:step-preview", kwargs={"slug": step.slug}),
            image_alt=f"Step {number} of {context['step_count']}: {step.title}",
        )

    def get_main_entity(self, context):
        step = context["step"]
        return structured_data.how_to_step(
            step, absolute_url(self.request, step.get_absolute_url()), context["step_number"]
        )


def step_preview_image(request, slug):
    """The step's link-preview picture: its number and title, as chat apps show them."""
    steps = list(MassageStep.objects.published().only("slug", "title"))
    index = next((i for i, step in enumerate(steps) if step.slug == slug), None)
    if index is None:
        raise Http404("No published massage step has that address.")
    png = preview_png(f"Step {index + 1} of {len(steps)}", steps[index].title)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def server_error(request):
    """The 500 page, rendered without the database (which may be why we are here).

    A plain context, not a RequestContext: context processors would query the database.
    """
    context = {"dvt_warning": DvtWarning.for_guide(None), **health_numbers()}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


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
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        # Nothing is hidden from crawlers; naming the admin's address here would only advertise it.
        "Allow: /",
        f"Sitemap: {absolute_url(request, reverse('articles:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever a page links to; point them at the
    icon rather than filling the logs with "not found"."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
