"""'Was this page helpful?': a plain POST form that works without JavaScript or cookies.

Pages carrying the form are served from the public page cache, so the form cannot hold a
per-visitor CSRF token. It is the one public form exempt from Django's CSRF check, with an
equivalent guard in its place: only same-origin posts are accepted (the Origin header, or the
Referer where a browser sends no Origin, must be this site; a cross-site page cannot forge
either). delivery.public_posts limits its size and how often one address may post, and a hidden
honeypot field quietly drops what bots fill in.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from delivery.public_posts import guard_public_post
from feedback.forms import FeedbackForm, page_title
from feedback.models import Feedback

MAX_BODY_BYTES = 4096
POSTS_PER_WINDOW = settings.FEEDBACK_POSTS_PER_WINDOW
WINDOW_SECONDS = settings.FEEDBACK_WINDOW_SECONDS


def _is_same_origin(request):
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return parts.netloc == request.get_host() and parts.scheme == request.scheme


def _page_came_from(request):
    """The guide page the reader came from (by the Referer), or None: only a page of this site
    that the form could have been on, so the link back can never lead elsewhere."""
    source = urlsplit(request.headers.get("Referer", ""))
    if source.netloc != request.get_host() or source.scheme != request.scheme:
        return None
    return source.path if page_title(source.path) is not None else None


@csrf_exempt  # replaced by the same-origin check: see the module docstring
@require_http_methods(["GET", "HEAD", "POST"])
@guard_public_post(max_bytes=MAX_BODY_BYTES, limit=POSTS_PER_WINDOW, per_seconds=WINDOW_SECONDS)
def submit_feedback(request):
    if request.method != "POST":
        return feedback_address(request)
    if not _is_same_origin(request):
        return render(request, "feedback/problem.html", {"reason": "origin"}, status=403)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        # Shown again with the reader's words still in it, and what to fix.
        return render(request, "feedback/problem.html", {"form": form}, status=400)
    if not form.cleaned_data["website"]:
        Feedback.objects.create(
            page_path=form.cleaned_data["page"],
            page_title=form.page_title,
            helpful=form.cleaned_data["helpful"],
            comment=form.cleaned_data["comment"].strip(),
        )
    thanks = reverse("feedback:thanks") + "?" + urlencode({"page": form.cleaned_data["page"]})
    # 303: the browser fetches the thank-you page with GET, so a reload never posts twice.
    return HttpResponseRedirect(thanks, status=303)


def feedback_address(request):
    """What a reader gets who opens the form's address itself (a bookmark, the address bar, a
    reload after going back): a page with the warning and a link back, never a blank "method not
    allowed". It has no form, so there is nothing to send again."""
    return render(request, "feedback/address.html", {"back_to": _page_came_from(request)})


@require_safe
def feedback_thanks(request):
    path = request.GET.get("page", "/")
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None) or page_title(path) is None:
        raise Http404("Unknown page.")
    return render(request, "feedback/thanks.html", {"back_to": path})
