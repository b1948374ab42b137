from django.urls import path

from articles import views

app_name = "articles"

# Steps and causes are addressed by slug, never by position, so a shared link survives reordering.
urlpatterns = [
    path("", views.GuideView.as_view(), name="guide"),
    path("causes/", views.CauseListView.as_view(), name="cause-list"),
    path("causes/<slug:slug>/", views.CauseDetailView.as_view(), name="cause-detail"),
    path("massage/", views.StepListView.as_view(), name="step-list"),
    path("massage/<slug:slug>/", views.StepDetailView.as_view(), name="step-detail"),
]
