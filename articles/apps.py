from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Sore calf guide"

    def ready(self):
        from articles import freshness, pages
        from articles.built_in_wording import built_in_wording_shown
        from articles.models import CONTENT_MODELS, SlugRedirect, SourceCheck
        from delivery.page_cache import invalidate_pages
        from publishing import history

        # Comparisons show the built-in wording readers get for an empty box (publishing
        # imports no content app, so it is told here).
        history.compare_built_in_wording(built_in_wording_shown)
        # What each page lists, for the keys shared caches purge by (delivery imports no
        # content app, so it is told here).
        pages.tell_delivery()

        # Readers must see a change to any content on their next request.
        for model in CONTENT_MODELS:
            name = model.__name__
            post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"invalidate-{name}")
            post_delete.connect(
                invalidate_pages, sender=model, dispatch_uid=f"invalidate-deleted-{name}"
            )
            # A cause or step taken off the site is dropped from every cache, stale copies too.
            post_save.connect(
                freshness.withdraw_if_off_site, sender=model, dispatch_uid=f"withdraw-{name}"
            )
            post_delete.connect(
                freshness.withdraw_if_off_site, sender=model, dispatch_uid=f"withdraw-gone-{name}"
            )
        for signal in (post_save, post_delete):
            # Where an old address leads, and how a reviewer is named, are on pages too.
            signal.connect(freshness.old_address_changed, sender=SlugRedirect)
            signal.connect(freshness.reviewer_changed, sender="publishing.ReviewerProfile")
        post_save.connect(freshness.reviewer_account_changed, sender=settings.AUTH_USER_MODEL)
        # "checked <date>" beside a source, and About's count of checks.
        post_save.connect(freshness.source_checked, sender=SourceCheck)
        # A migration can change content or its shape without a single model signal (data
        # migrations use .update() and raw SQL), so every page is stale after one.
        post_migrate.connect(invalidate_pages, sender=self, dispatch_uid="invalidate-migrated")
