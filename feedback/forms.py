"""The "Was this page helpful?" form, and which pages it may be sent from (the pages of the
guide's page registry, articles.pages)."""

from django import forms
from django.urls import Resolver404, resolve

from articles.info_pages import BUILT_IN
from articles.models import InfoPage
from articles.pages import BY_URL_NAME


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
    page = BY_URL_NAME.get(match.url_name)
    if page is None or page.file:
        return None
    if page.title:
        return page.title
    if page.item is InfoPage:
        kind = match.kwargs["kind"]
        return InfoPage.load(kind).title or BUILT_IN[kind].title
    if page.item is None:
        return None
    item = page.item.objects.published().filter(slug=match.kwargs["slug"]).first()
    return item.title if item else None
