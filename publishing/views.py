"""The page an outside clinical reviewer opens from a signed link (publishing.links), and the
comment they can leave on it.

- GET shows the pending version beside the live text, logs the opening, and tells the reviewer
  whom to reply to: the person who made the link.
- POST keeps a comment (publishing.links.comment) while the link still works, then sends the
  reviewer back to the page (so reloading it does not send the comment twice). A link that no
  longer works refuses it in plain words and saves nothing. The site's CSRF middleware checks
  the token the page put in the form, as for every form. Like every public form it is limited
  in size and rate (delivery.public_posts): a link can be passed on, and each comment is an
  email to the authors.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from delivery.public_posts import guard_public_post
from publishing import links
from publishing.content import as_instance
from publishing.history import differences
from publishing.models import ReviewComment
from publishing.versions import person
from publishing.visible_text import shows_words
from publishing.workflow import live_revision

# Room for the longest comment in any script (up to 4 bytes a character), URL-encoded, and its
# name; a reviewer writes a few comments, not dozens in ten minutes.
MAX_BODY_BYTES = 12 * ReviewComment.MAX_LENGTH
COMMENTS_PER_WINDOW = 10
WINDOW_SECONDS = 600

SAVED = "Thank you: your comment is saved with this version, and its authors have been emailed."


class OutsideCommentForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "feedback__comment", "autocomplete": "name"}),
        error_messages={"required": "Write your name, so the authors know whose comment it is."},
    )
    text = forms.CharField(
        label="Your comment on this draft",
        max_length=ReviewComment.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "class": "feedback__comment"}),
        error_messages={
            "required": "Write your comment before sending it: the box is empty.",
            "max_length": (
                "Your comment is %(show_value)d characters long; the limit is %(limit_value)d. "
                "Shorten it, or send the rest as a second comment."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength on the box: a browser cuts a long paste short without a word, where the
        # server's error says how long it is and keeps all of it to shorten.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def _post_clean(self):
        super()._post_clean()
        # A screen reader reads a box's error with it, not only in the summary above.
        for name in self._errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"

    def clean_text(self):
        text = self.cleaned_data["text"]
        # Spaces, zero-width and filler characters alone look like a comment and say nothing.
        if not shows_words(text):
            raise forms.ValidationError("Write your comment before sending it: the box is empty.")
        return text


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@guard_public_post(max_bytes=MAX_BODY_BYTES, limit=COMMENTS_PER_WINDOW, per_seconds=WINDOW_SECONDS)
def outside_review(request, token):
    if request.method == "POST":
        link = links.usable(token)
        if link is None:
            return _gone(request, comment_refused=True)
        form = OutsideCommentForm(request.POST)
        if form.is_valid():
            links.comment(link, form.cleaned_data["name"], form.cleaned_data["text"])
            messages.success(request, SAVED)
            return HttpResponseRedirect(request.path + "#comment")
        return _page(request, link, form)
    link = links.open_link(token)
    if link is None:
        return _gone(request)
    return _page(request, link, OutsideCommentForm(initial={"name": link.reviewer_name}))


def _gone(request, comment_refused=False):
    context = {"comment_refused": comment_refused}
    response = render(request, "publishing/outside_review_gone.html", context, status=410)
    response["X-Robots-Tag"] = "noindex"
    return response


def _page(request, link, form):
    revision = link.revision
    model = revision.content_type.model_class()
    item = model._default_manager.filter(pk=revision.object_id).first()
    live = live_revision(item) if item is not None else None
    then = item if live is not None else model()
    draft = as_instance(revision, item)
    maker = link.created_by if link.created_by is not None and link.created_by.is_active else None
    context = {
        "link": link,
        "revision": revision,
        "kind": model._meta.verbose_name,
        "is_new": live is None,
        "differences": differences(then, draft),
        "form": form,
        "reply_to_name": person(maker) if maker is not None else "",
        "reply_to_email": maker.email if maker is not None else "",
    }
    response = render(request, "publishing/outside_review.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
