from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Cause, InfoPage, MassageStep
from articles.navigation import GUIDE_PAGES


class GuidePagesSitemap(Sitemap):
    """The guide's fixed pages (navigation.GUIDE_PAGES), each dated by the newest change to what
    it shows."""

    def items(self):
        return list(GUIDE_PAGES)

    def location(self, page):
        return page.url

    def lastmod(self, page):
        dates = [
            model.objects.aggregate(newest=Max("updated_at"))["newest"] for model in page.shows
        ]
        dates = [date for date in dates if date]
        return max(dates) if dates else None


class CauseSitemap(Sitemap):
    def items(self):
        return Cause.objects.published()

    def lastmod(self, cause):
        return cause.updated_at


class StepSitemap(Sitemap):
    def items(self):
        return MassageStep.objects.published()

    def lastmod(self, step):
        return step.updated_at


class InfoPageSitemap(Sitemap):
    """About, Privacy, Accessibility, Contact: each has a page, row or not (built-in wording)."""

    def items(self):
        saved = {page.kind: page for page in InfoPage.objects.all()}
        return [saved.get(kind) or InfoPage(kind=kind) for kind in InfoPage.Kind.values]

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {
    "pages": GuidePagesSitemap,
    "causes": CauseSitemap,
    "steps": StepSitemap,
    "information": InfoPageSitemap,
}
