from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles import feedback, views
from articles.sitemaps import SITEMAPS

app_name = "articles"

# Steps and causes are addressed by slug, never by position, so a shared link survives reordering.
urlpatterns = [
    path("", views.GuideView.as_view(), name="guide"),
    path("causes/", views.CauseListView.as_view(), name="cause-list"),
    path("causes/<slug:slug>/", views.CauseDetailView.as_view(), name="cause-detail"),
    path("cramp-or-clot/", views.CrampOrClotView.as_view(), name="cramp-or-clot"),
    path("massage/", views.StepListView.as_view(), name="step-list"),
    path("massage/<slug:slug>/", views.StepDetailView.as_view(), name="step-detail"),
    path("massage/<slug:slug>/preview.png", views.step_preview_image, name="step-preview"),
    path("feedback/", feedback.submit_feedback, name="feedback"),
    path("feedback/thanks/", feedback.feedback_thanks, name="feedback-thanks"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
