"""The guide's pages in reading order: the "contents" mini-hub, previous/next between pages and
the sitemap's fixed pages."""

from dataclasses import dataclass

from django.urls import reverse

from articles.models import AftercareNote, Cause, Guide, MassageStep


@dataclass(frozen=True)
class GuidePage:
    url_name: str
    title: str
    # The short name the header's section links and the breadcrumbs use ("Home › Massage").
    label: str
    # Pages that sit under this one (a cause under the causes page, a step under the routine).
    child_url_names: tuple = ()
    # The content the page shows: the sitemap dates the page by the newest change to any of it.
    shows: tuple = ()

    @property
    def url(self):
        return reverse(f"articles:{self.url_name}")


GUIDE_PAGES = (
    GuidePage(
        "guide",
        "Sore calf muscle: overview",
        "Home",
        shows=(Guide, Cause, MassageStep, AftercareNote),
    ),
    GuidePage(
        "cause-list", "What causes a sore calf", "Causes", ("cause-detail",), shows=(Guide, Cause)
    ),
    GuidePage("cramp-or-clot", "Cramp or blood clot?", "Cramp or clot?"),
    GuidePage(
        "step-list",
        "How to massage a sore calf",
        "Massage",
        ("step-detail",),
        shows=(Guide, MassageStep, AftercareNote),
    ),
)


def guide_navigation(url_name):
    """Contents entries marked with where the reader is, and the pages either side."""
    entries = []
    current_index = None
    for index, page in enumerate(GUIDE_PAGES):
        if url_name == page.url_name:
            state = "page"
            current_index = index
        elif url_name in page.child_url_names:
            state = "true"
        else:
            state = ""
        entries.append(
            {"title": page.title, "label": page.label, "url": page.url, "current": state}
        )
    previous_page = next_page = None
    if current_index is not None:
        if current_index > 0:
            previous_page = GUIDE_PAGES[current_index - 1]
        if current_index + 1 < len(GUIDE_PAGES):
            next_page = GUIDE_PAGES[current_index + 1]
    return {"contents": entries, "previous_page": previous_page, "next_page": next_page}
