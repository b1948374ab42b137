"""The guide's public pages, listed once: each page's URL name, its title in the navigation, and
what it shows. Every part of the site that needs to know a page reads it from here:

- navigation (articles.navigation): the contents, previous/next and the breadcrumbs follow the
  pages with a `title`, in this order;
- what a page shows besides its own items (articles.page_contents): its safety texts and whether
  the guide text's introductions are on it, for the review line and the sitemap's dates;
- the sitemap (articles.sitemaps) and the offline worker's first download (articles.offline):
  every page, with an `item` page once per published item;
- the feedback form (feedback.forms): a page's title, to say which page an answer is about;
- the shared caches' purge keys (delivery.shared_cache, told by articles.apps): the kinds of item
  a page lists in full, so a newly published item appears there.

Each content model says which pages list it in full (`listed_on`, in articles.models), so a
new kind of item names its pages where it is defined. To add a page: its view and URL
(articles.urls, wrapped in `public_page`), then a `Page` here.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Cause, InfoPage, MassageStep, SafetyText, SlugRedirect
from delivery import declared

Kind = SafetyText.Kind
CARE_CARDS = (Kind.URGENT_CARD, Kind.EMERGENCY_CARD)
# In a model's `listed_on`: every page of the guide lists it (the footer's information pages).
EVERY_PAGE = "*"


@dataclass(frozen=True)
class Page:
    url_name: str
    # In the contents, previous/next and breadcrumbs; a page without one is not in them.
    title: str = ""
    # The short name the header's section links and the breadcrumbs use ("Home › Massage").
    label: str = ""
    # The page this one sits under (a cause under the causes page, a step under the routine).
    parent: str = ""
    # One page per published item of this model (by its slug), or per kind of information page.
    item: type | None = None
    # The safety texts on the page, on top of the guide text's warning (which is on every page).
    # An urgent cause's page adds the care cards (page_contents.safety_texts_on).
    safety_texts: tuple = ()
    # The guide text's introductions are on the page, so clinical notes about the guide are too.
    shows_guide_text: bool = False
    # Built from every kind of content at once (a change to anything changes it).
    shows_everything: bool = False
    # Kept by the offline worker from the first visit (articles.offline).
    offline: bool = True
    # A file rather than a page a reader reads (the feed, the sitemap, a share card): it has no
    # navigation, no feedback form and no place in the sitemap.
    file: bool = False

    @property
    def url(self):
        return reverse(f"articles:{self.url_name}")

    @property
    def child_url_names(self):
        return tuple(page.url_name for page in PAGES if page.parent == self.url_name)

    @property
    def lists(self):
        """The models this page lists in full, as each model says (`listed_on`)."""
        return tuple(
            model
            for model in apps.get_app_config("articles").get_models()
            if self.url_name in getattr(model, "listed_on", ())
        )

    def addresses(self):
        """The page's addresses as readers reach them: one, or one per published item (per
        kind, for the information pages)."""
        name = f"articles:{self.url_name}"
        if self.item is InfoPage:
            return [reverse(name, kwargs={"kind": kind}) for kind in InfoPage.Kind.values]
        if self.item is not None:
            return [
                reverse(name, kwargs={"slug": item.slug}) for item in self.item.objects.published()
            ]
        return [self.url]


PAGES = (
    # An overview: the guide's summary and a card per part, no safety text of its own.
    Page("guide", "Sore calf muscle: overview", "Home", shows_guide_text=True),
    Page("cause-list", "What causes a sore calf", "Causes", shows_guide_text=True),
    Page("cause-detail", parent="cause-list", item=Cause),
    Page(
        "cramp-or-clot",
        "Cramp or blood clot?",
        "Cramp or clot?",
        safety_texts=(Kind.CRAMP_OR_CLOT, *CARE_CARDS),
    ),
    Page(
        "step-list",
        "How to massage a sore calf",
        "Massage",
        safety_texts=(*CARE_CARDS, Kind.DO_NOT_MASSAGE),
        shows_guide_text=True,
    ),
    Page("step-detail", parent="step-list", item=MassageStep, safety_texts=(Kind.DO_NOT_MASSAGE,)),
    Page("changes", shows_everything=True, offline=False),
    Page("info-page", item=InfoPage),
    Page("offline"),
    Page("step-share-card", item=MassageStep, file=True, offline=False),
    Page("cause-share-card", item=Cause, file=True, offline=False),
    Page("changes-feed", file=True, offline=False),
    Page("sitemap", file=True, offline=False),
)
BY_URL_NAME = {page.url_name: page for page in PAGES}
# The pages in the contents, in reading order.
GUIDE_PAGES = tuple(page for page in PAGES if page.title)


def public_paths():
    """Every public page's path, each published item's and information page's included."""
    return [path for page in PAGES for path in page.addresses()]


def old_addresses(instance, pk):
    """The paths a renamed item had (articles.models.SlugRedirect): each may still hold its old
    page in a shared cache, and now leads here."""
    if not hasattr(instance, "url_for_slug"):
        return []
    old_slugs = SlugRedirect.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=pk
    ).values_list("old_slug", flat=True)
    return [instance.url_for_slug(slug) for slug in old_slugs]


def tell_delivery():
    """Declare to delivery (delivery.declared) what each page lists in full, what every page
    lists, and how to find every page's address: called once, by ArticlesConfig.ready()."""
    everywhere = [
        model
        for model in apps.get_app_config("articles").get_models()
        if EVERY_PAGE in getattr(model, "listed_on", ())
    ]
    for page in PAGES:
        lists = [model._meta.label_lower for model in page.lists]
        declared.page(page.url_name, lists=lists, everything=page.shows_everything)
    declared.on_every_page(*(model._meta.label_lower for model in everywhere))
    declared.addresses(public_paths)
    declared.old_addresses(old_addresses)
