"""'Was this page helpful?': a plain POST form that works without JavaScript or cookies.

Pages carrying the form are served from the public page cache, so the form cannot hold a
per-visitor CSRF token. It is the one public form exempt from Django's CSRF check, with an
equivalent guard in its place: only same-origin posts are accepted (the Origin header, or the
Referer where a browser sends no Origin, must be this site; a cross-site page cannot forge
either). articles.public_posts limits its size and how often one address may post, and a hidden
honeypot field quietly drops what bots fill in.
"""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles.models import Cause, Feedback, MassageStep
from articles.navigation import GUIDE_PAGES
from articles.public_posts import guard_public_post

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


def _is_same_origin(request):
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return parts.netloc == request.get_host() and parts.scheme == request.scheme


@csrf_exempt  # replaced by the same-origin check: see the module docstring
@require_POST
@guard_public_post(max_bytes=MAX_BODY_BYTES, limit=POSTS_PER_WINDOW, per_seconds=WINDOW_SECONDS)
def submit_feedback(request):
    if not _is_same_origin(request):
        return render(request, "articles/feedback_problem.html", {"reason": "origin"}, status=403)
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
