"""Who publishes the guide: About this guide, Privacy, Accessibility statement and Contact.

Each is an InfoPage row, edited through the review workflow; while its body is empty, readers get
the built-in wording in templates/info_pages/<kind>.html, which is written from the settings
(publisher, review interval, how long feedback is kept, contact address) so it stays true when
they change. What is here needs no database, so the footer can link the pages even on the
unavailable page (articles.views.unavailable_page).
"""

from dataclasses import dataclass

from django.urls import reverse

from articles.models import InfoPage

Kind = InfoPage.Kind


@dataclass(frozen=True)
class BuiltIn:
    kind: str
    link: str  # the footer's words for it
    description: str

    @property
    def title(self):
        return Kind(self.kind).label

    @property
    def template(self):
        return f"info_pages/{self.kind}.html"

    @property
    def url(self):
        return reverse("articles:info-page", kwargs={"kind": self.kind})


BUILT_IN = {
    page.kind: page
    for page in (
        BuiltIn(
            Kind.ABOUT,
            "About this guide",
            "Who publishes this sore calf guide, how changes are meant to be checked, what has "
            "been checked so far, and how to tell us about a mistake.",
        ),
        BuiltIn(
            Kind.PRIVACY,
            "Privacy",
            "This guide gives readers no cookies. What the feedback form keeps, and for how long.",
        ),
        BuiltIn(
            Kind.ACCESSIBILITY,
            "Accessibility",
            "How this guide is checked so everyone can use it, what we know is not perfect, and "
            "how to tell us about a problem.",
        ),
        BuiltIn(
            Kind.CONTACT,
            "Contact",
            "How to contact the people who publish this guide. It is not a medical service: in "
            "an emergency, call the emergency number.",
        ),
    )
}


def footer_links():
    """The four pages in the footer's order, by their built-in names: the footer is on pages
    rendered without the database, and a link's words should not change under a reader."""
    return list(BUILT_IN.values())


def interval_in_words(days):
    """A review interval as readers say it: 365 -> "a year", 730 -> "2 years", 182 -> "182 days"."""
    if days % 365 == 0:
        years = days // 365
        return "a year" if years == 1 else f"{years} years"
    return "a day" if days == 1 else f"{days} days"


def reply_time_in_words(working_days):
    """How soon the publisher replies, as Contact promises it; "" when no time was set."""
    if not working_days:
        return ""
    return "1 working day" if working_days == 1 else f"{working_days} working days"
