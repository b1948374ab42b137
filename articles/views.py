from pathlib import Path

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseServerError
from django.template import loader
from django.views.generic import DetailView, ListView, TemplateView

from articles.context_processors import health_numbers
from articles.models import AftercareNote, Cause, MassageStep
from articles.warning import DvtWarning


class GuideView(TemplateView):
    """The whole guide in reading order: introduction, causes, massage routine, aftercare."""

    template_name = "articles/guide.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            causes=Cause.objects.published(),
            steps=MassageStep.objects.published(),
            aftercare_notes=AftercareNote.objects.published(),
            **kwargs,
        )


class CauseListView(ListView):
    queryset = Cause.objects.published()
    context_object_name = "causes"


class CauseDetailView(DetailView):
    queryset = Cause.objects.published()
    context_object_name = "cause"


class StepListView(ListView):
    queryset = MassageStep.objects.published()
    context_object_name = "steps"

    def get_context_data(self, **kwargs):
        return super().get_context_data(aftercare_notes=AftercareNote.objects.published(), **kwargs)


class StepDetailView(TemplateView):
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


def server_error(request):
    """The 500 page, rendered without the database (which may be why we are here).

    A plain context, not a RequestContext: context processors would query the database.
    """
    context = {"dvt_warning": DvtWarning.for_guide(None), **health_numbers()}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


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
