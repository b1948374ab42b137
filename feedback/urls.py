from django.urls import path

from feedback import views

app_name = "feedback"

# Never public_page: a POST is never cached, and the thank-you page names the reader's page.
urlpatterns = [
    path("feedback/", views.submit_feedback, name="submit"),
    path("feedback/thanks/", views.feedback_thanks, name="thanks"),
]
