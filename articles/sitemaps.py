from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import AftercareNote, Cause, Guide, MassageStep


class GuidePagesSitemap(Sitemap):
    """The guide's fixed pages, each dated by the newest change to what it shows."""

    PAGES = {
        "articles:guide": (Guide, Cause, MassageStep, AftercareNote),
        "articles:cause-list": (Guide, Cause),
        "articles:cramp-or-clot": (),
        "articles:step-list": (Guide, MassageStep, AftercareNote),
    }

    def items(self):
        return list(self.PAGES)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        dates = [
            model.objects.aggregate(newest=Max("updated_at"))["newest"]
            for model in self.PAGES[item]
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


SITEMAPS = {"pages": GuidePagesSitemap, "causes": CauseSitemap, "steps": StepSitemap}
