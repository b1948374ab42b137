from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Readers' answers to "Was this page helpful?" and the guard every public form sits behind."""

    name = "feedback"
    verbose_name = "Reader feedback"
