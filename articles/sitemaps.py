"""The sitemap: every public page at its public address (DJANGO_SITE_URL, as canonical links
use), dated by the newest change to anything it shows.

A page's date is the newest `updated_at` among the rows it shows: the guide text (its warning is
on every page), its safety texts (articles.page_contents), its items and the clinical notes
about them. A row's `updated_at` moves on every save, a reorder and a publication included, so a
new wording, a new order or an item taken off the site all move the date. Rows readers cannot
see count too: unpublishing is a save of the row that leaves the page. (Only unpublished items
can be deleted, publishing.desk, so a deletion never changes a page.)

Everything is read in a handful of queries, the same however much content there is.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import (
    AftercareNote,
    Cause,
    ClinicalNote,
    Guide,
    InfoPage,
    MassageStep,
    SafetyText,
)
from articles.page_contents import SHOWS_GUIDE_TEXT, safety_texts_on
from articles.pages import GUIDE_PAGES


@dataclass(frozen=True)
class Entry:
    location: str
    lastmod: datetime | None


def _newest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


class ChangeDates:
    """The newest change to each kind of content, read once for the whole sitemap."""

    def __init__(self):
        self.guide = Guide.objects.aggregate(newest=Max("updated_at"))["newest"]
        self.safety_texts = dict(SafetyText.objects.values_list("kind", "updated_at"))
        self.aftercare = AftercareNote.objects.aggregate(newest=Max("updated_at"))["newest"]
        self.info_pages = dict(InfoPage.objects.values_list("kind", "updated_at"))
        fields = ("pk", "slug", "is_published", "severity", "updated_at")
        self.causes = list(Cause.objects.values(*fields))
        self.steps = list(MassageStep.objects.values("pk", "slug", "is_published", "updated_at"))
        self.notes = {}
        rows = ClinicalNote.objects.values_list("about_type_id", "about_id").annotate(
            newest=Max("updated_at")
        )
        for about_type, about_id, newest in rows:
            self.notes[(about_type, about_id)] = newest
        self._types = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (Guide, Cause, MassageStep, AftercareNote)
        }

    def of_kinds(self, kinds):
        return _newest(*(self.safety_texts.get(kind) for kind in kinds))

    def notes_about(self, model, pk=None):
        """The newest change to the notes about one item, or about any item of `model`."""
        type_id = self._types[model]
        return _newest(
            *(
                newest
                for (about_type, about_id), newest in self.notes.items()
                if about_type == type_id and (pk is None or about_id == pk)
            )
        )

    def newest_of(self, rows):
        return _newest(*(row["updated_at"] for row in rows))

    def page(self, url_name, *moments, item=None, step_number=None):
        """The newest change to what the page at `url_name` shows: the guide text, its safety
        texts, the notes about the guide where its introductions show, and `moments`."""
        guide_notes = self.notes_about(Guide) if url_name in SHOWS_GUIDE_TEXT else None
        kinds = safety_texts_on(url_name, item, step_number)
        return _newest(self.guide, self.of_kinds(kinds), guide_notes, *moments)


class _Urgency:
    """Enough of a cause for page_contents.safety_texts_on: is it urgent?"""

    def __init__(self, row):
        self.is_urgent = row["severity"] == Cause.Severity.URGENT


class GuideSitemap(Sitemap):
    """Every public page: the pages in the contents (articles.pages), each information page,
    each cause and each step."""

    def items(self):
        # Django may ask more than once per request (its paginator); the dates are read once.
        if not hasattr(self, "_entries"):
            self._entries = self._dated_entries()
        return self._entries

    def _dated_entries(self):
        dates = ChangeDates()
        causes = self._with_dates(dates, Cause, dates.causes)
        steps = self._with_dates(dates, MassageStep, dates.steps)
        all_causes, all_steps = dates.newest_of(dates.causes), dates.newest_of(dates.steps)
        cause_notes, step_notes = dates.notes_about(Cause), dates.notes_about(MassageStep)
        aftercare = _newest(dates.aftercare, dates.notes_about(AftercareNote))
        # A page that lists a kind in full (articles.pages, each model's `listed_on`) changes
        # with every item of that kind and every note about one.
        changes_of = {
            Cause: (all_causes, cause_notes),
            MassageStep: (all_steps, step_notes),
            AftercareNote: (aftercare,),
        }
        entries = [
            Entry(
                page.url,
                dates.page(
                    page.url_name, *(m for model in page.lists for m in changes_of.get(model, ()))
                ),
            )
            for page in GUIDE_PAGES
        ]
        for kind in InfoPage.Kind.values:
            # An information page shows its own text, and the guide text's warning.
            address = reverse("articles:info-page", kwargs={"kind": kind})
            entries.append(Entry(address, _newest(dates.guide, dates.info_pages.get(kind))))
        for row, own in causes:
            lastmod = dates.page("cause-detail", own, item=_Urgency(row))
            entries.append(Entry(reverse(Cause.url_name, kwargs={"slug": row["slug"]}), lastmod))
        for number, (row, own) in enumerate(steps, start=1):
            # A step's page shows its place in the routine and its neighbours' titles: every
            # step's change (a reorder too) moves it.
            lastmod = dates.page("step-detail", own, all_steps, step_number=number)
            address = reverse(MassageStep.url_name, kwargs={"slug": row["slug"]})
            entries.append(Entry(address, lastmod))
        return entries

    @staticmethod
    def _with_dates(dates, model, rows):
        """The published rows, in order, each with the newest change to it or its notes."""
        return [
            (row, _newest(row["updated_at"], dates.notes_about(model, row["pk"])))
            for row in rows
            if row["is_published"]
        ]

    def location(self, entry):
        return entry.location

    def lastmod(self, entry):
        # To the second: crawlers need no finer, and W3C dates read best without fractions.
        return entry.lastmod.replace(microsecond=0) if entry.lastmod else None

    # The public address, as canonical links have it (articles.page_meta.absolute_url).
    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[0]
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[1]
        return super().get_domain(site)


SITEMAPS = {"pages": GuideSitemap}
