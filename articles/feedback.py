"""'Was this page helpful?': a plain POST form that works without JavaScript or cookies.

Pages carrying the form are served from a shared cache, so it cannot hold a per-visitor CSRF
token. Instead the view accepts only same-origin posts (the Origin or Referer header must be
this site: the check CSRF tokens exist to approximate), limits how often one address may post,
caps the body size, and ignores submissions that fill the hidden honeypot field.
"""

import hashlib
from urllib.parse import urlencode, urlsplit

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles.models import Cause, Feedback, MassageStep
from articles.navigation import GUIDE_PAGES

MAX_BODY_BYTES = 4096
POSTS_PER_WINDOW = 5
WINDOW_SECONDS = 10 * 60


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=200, widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )
    comment = forms.CharField(
        label="How could we improve this page? (optional)",
        help_text="Do not include your name or any personal or medical details.",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Keep it to 500 characters or fewer (you wrote %(show_value)d)."
        },
    )
    # A field people never see: bots that fill every field reveal themselves.
    website = forms.CharField(required=False, label="Leave this empty")

    def clean_page(self):
        path = self.cleaned_data["page"]
        self.page_title = page_title(path)
        if self.page_title is None:
            raise forms.ValidationError("That is not a page of this guide.")
        return path


def page_title(path):
    """The title of a public page of the guide, or None for anything else."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "articles":
        return None
    titles = {page.url_name: page.title for page in GUIDE_PAGES}
    if match.url_name in titles:
        return titles[match.url_name]
    model = {"cause-detail": Cause, "step-detail": MassageStep}.get(match.url_name)
    if model is None:
        return None
    item = model.objects.published().filter(slug=match.kwargs["slug"]).first()
    return item.title if item else None


def _client_key(request):
    # Only a hash of the address is kept, and only in the cache for the length of the window.
    address = request.META.get("REMOTE_ADDR", "")
    return "feedback-rate:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _is_same_origin(request):
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return parts.netloc == request.get_host() and parts.scheme == request.scheme


def _over_rate_limit(request):
    key = _client_key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > POSTS_PER_WINDOW


@csrf_exempt  # replaced by the same-origin check: see the module docstring
@require_POST
def submit_feedback(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return render(request, "articles/feedback_problem.html", {"reason": "too-long"}, status=413)
    if not _is_same_origin(request):
        return render(request, "articles/feedback_problem.html", {"reason": "origin"}, status=403)
    if _over_rate_limit(request):
        return render(request, "articles/feedback_problem.html", {"reason": "too-many"}, status=429)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        # Shown again with the reader's words still in it, and what to fix.
        return render(request, "articles/feedback_problem.html", {"form": form}, status=400)
    if not form.cleaned_data["website"]:
        Feedback.objects.create(
            page_path=form.cleaned_data["page"],
            page_title=form.page_title,
            helpful=form.cleaned_data["helpful"],
            comment=form.cleaned_data["comment"].strip(),
        )
    thanks = (
        reverse("articles:feedback-thanks") + "?" + urlencode({"page": form.cleaned_data["page"]})
    )
    # 303: the browser fetches the thank-you page with GET, so a reload never posts twice.
    return HttpResponseRedirect(thanks, status=303)


@require_safe
def feedback_thanks(request):
    path = request.GET.get("page", "/")
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None) or page_title(path) is None:
        raise Http404("Unknown page.")
    return render(request, "articles/feedback_thanks.html", {"back_to": path})
