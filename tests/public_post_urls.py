"""The site's URLs plus a form guarded as a public form (the feedback form's stand-in)."""

from django.http import HttpResponse
from django.urls import include, path

from delivery.public_posts import guard_public_post

LIMIT = 3
WINDOW_SECONDS = 600
MAX_BYTES = 2000


@guard_public_post(max_bytes=MAX_BYTES, limit=LIMIT, per_seconds=WINDOW_SECONDS)
def guarded_form(request):
    if request.method == "POST":
        return HttpResponse(f"Thank you ({len(request.POST.get('message', ''))} characters).")
    return HttpResponse("The form.")


urlpatterns = [
    path("guarded-form/", guarded_form),
    path("", include("calfcare.urls")),
]
