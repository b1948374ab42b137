from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView

from articles.context_processors import health_numbers
from articles.models import AftercareNote, Cause, MassageStep
from articles.warning import DvtWarning

# Browsers keep a 301 for as long as they are told to, or for ever when not told. A day is
# enough to spare the server, and lets a renamed-back address work again for everyone.
REDIRECT_CACHE_SECONDS = 60 * 60 * 24


class GuidePageMixin:
    """What every public page of the guide shares.

    Readers see published items only. Signed-in staff also see drafts, marked as drafts, so
    they can preview them at their real address; those pages are never stored by a shared cache.
    `reviewed_items` lists what is on the page, for the "Page last reviewed" line.
    """

    def visible(self, model):
        return model.objects.visible_to(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.user.is_authenticated and request.user.is_staff:
            patch_cache_control(response, private=True, no_store=True)
        return response


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
        patch_cache_control(response, max_age=REDIRECT_CACHE_SECONDS)
        return response


class GuideView(GuidePageMixin, TemplateView):
    """The whole guide in reading order: introduction, causes, massage routine, aftercare."""

    template_name = "articles/guide.html"

    def get_context_data(self, **kwargs):
        causes = list(self.visible(Cause))
        steps = list(self.visible(MassageStep))
        aftercare_notes = list(self.visible(AftercareNote))
        return super().get_context_data(
            causes=causes,
            steps=steps,
            aftercare_notes=aftercare_notes,
            reviewed_items=[*causes, *steps, *aftercare_notes],
            **kwargs,
        )


class CauseListView(GuidePageMixin, ListView):
    context_object_name = "causes"
    template_name = "articles/cause_list.html"

    def get_queryset(self):
        return list(self.visible(Cause))

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviewed_items=self.object_list, **kwargs)


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


class StepDetailView(GuidePageMixin, OldAddressMixin, TemplateView):
    """One step on its own page, with its place in the routine and the steps either side.

    All visible steps are fetched in one query (there are a handful), so "step N of M" and
    previous/next cost nothing extra and always follow the current order.
    """

    model = MassageStep
    template_name = "articles/massagestep_detail.html"

    def get(self, request, *args, **kwargs):
        steps = list(self.visible(MassageStep))
        slug = self.kwargs["slug"]
        index = next((i for i, step in enumerate(steps) if step.slug == slug), None)
        if index is None:
            return self.redirect_from_old_address()
        context = self.get_context_data(
            step=steps[index],
            step_number=index + 1,
            step_count=len(steps),
            previous_step=steps[index - 1] if index > 0 else None,
            next_step=steps[index + 1] if index + 1 < len(steps) else None,
            reviewed_items=[steps[index]],
            **kwargs,
        )
        return self.render_to_response(context)


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
