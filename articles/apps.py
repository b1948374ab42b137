from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Sore calf guide"

    # The models whose changes readers must see on their next request.
    CONTENT_MODELS = ("Cause", "MassageStep", "AftercareNote", "Guide")

    def ready(self):
        from calfcare.page_cache import invalidate_pages

        for name in self.CONTENT_MODELS:
            model = self.get_model(name)
            post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"invalidate-{name}")
            post_delete.connect(
                invalidate_pages, sender=model, dispatch_uid=f"invalidate-deleted-{name}"
            )
        # A migration can change content or its shape without a single model signal (data
        # migrations use .update() and raw SQL), so every page is stale after one.
        post_migrate.connect(invalidate_pages, sender=self, dispatch_uid="invalidate-migrated")
