from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path
from django.views.decorators.http import require_safe

from articles import offline, views
from articles.feeds import ChangesFeed
from articles.models import InfoPage
from articles.sitemaps import SITEMAPS
from delivery.page_cache import public_page

app_name = "articles"

# Steps and causes are addressed by slug, never by position, so a shared link survives reordering.
# public_page: the page cache in front of Django may keep what these answer anonymous readers.
urlpatterns = [
    path("", public_page(views.GuideView.as_view()), name="guide"),
    path("causes/", public_page(views.CauseListView.as_view()), name="cause-list"),
    path("causes/<slug:slug>/", public_page(views.CauseDetailView.as_view()), name="cause-detail"),
    path(
        "causes/<slug:slug>/card.png",
        public_page(views.cause_share_card),
        name="cause-share-card",
    ),
    path("cramp-or-clot/", public_page(views.CrampOrClotView.as_view()), name="cramp-or-clot"),
    path("massage/", public_page(views.StepListView.as_view()), name="step-list"),
    path("massage/<slug:slug>/", public_page(views.StepDetailView.as_view()), name="step-detail"),
    path(
        "massage/<slug:slug>/card.png",
        public_page(views.step_share_card),
        name="step-share-card",
    ),
    path("changes/", public_page(views.ChangeListView.as_view()), name="changes"),
    path("changes/feed/", public_page(ChangesFeed()), name="changes-feed"),
    # /about/, /privacy/, /accessibility/, /contact/: one route, and no other word matches it.
    re_path(
        rf"^(?P<kind>{'|'.join(InfoPage.Kind.values)})/$",
        public_page(views.InfoPageView.as_view()),
        name="info-page",
    ),
    path("sitemap.xml", public_page(require_safe(sitemap)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public_page(views.robots_txt), name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Offline reading (articles.offline): the worker must sit at the root to cover every page.
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline/", public_page(offline.OfflinePageView.as_view()), name="offline"),
]
