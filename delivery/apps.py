from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """How pages reach readers: the page cache, shared-cache purging, health, request limits.

    It imports none of the content apps: they tell it what they show (delivery.declared)."""

    name = "delivery"
    verbose_name = "Page delivery"
