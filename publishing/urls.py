from django.urls import path

from publishing import views

app_name = "publishing"

urlpatterns = [
    # Never wrapped in public_page: the page cache must not keep a reviewer's page.
    path("review/<str:token>/", views.outside_review, name="outside-review"),
]
