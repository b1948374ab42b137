"""What the caches must forget besides the pages showing a saved item (articles.apps connects
these to model signals; delivery.page_cache and delivery.shared_cache do the forgetting).

- An old address (`SlugRedirect`) made, moved or freed: the redirect a shared cache keeps there
  carries its item's key (delivery.shared_cache.redirect_headers), so that key is purged: a freed
  address taken by another item must not lead to the old one.
- A clinical reviewer's profile (their profession, whether and how they are named) or the
  account name it shows: every page showing an item they reviewed, since each names them.
  Withdrawn consent to be named must reach readers at once, not in a day.
- A source check recorded (`SourceCheck`): every page, since any page may cite the address (a
  safety text's built-in sources are on many) and "About this guide" counts the checks.
- A cause or step taken off the site (unpublished, or deleted): its pages are withdrawn
  (delivery.page_cache.withdraw_pages), so no cache can bring one back as a stale copy when the
  site fails for that address.
"""

from django.db.models.signals import post_delete
from django.urls import reverse

from articles.models import CONTENT_MODELS, MassageStep, PagedItem, ReviewedContent
from delivery import shared_cache
from delivery.page_cache import invalidate_pages, withdraw_pages


def old_address_changed(sender, instance, **kwargs):
    owner = instance.item  # None when the item itself was deleted, which purged its key
    if owner is not None:
        shared_cache.purge_for(owner)


def reviewer_changed(sender, instance, **kwargs):
    """A ReviewerProfile saved or deleted."""
    _pages_naming(instance.user_id)


def reviewer_account_changed(sender, instance, update_fields=None, **kwargs):
    """A user saved: their reviewer profile may show the name on their account. (A sign-in
    saves only `last_login`, which no page shows.)"""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    profile = getattr(instance, "reviewer_profile", None)
    if profile is not None and profile.show_name and not profile.public_name.strip():
        _pages_naming(instance.pk)


def _pages_naming(user_id):
    for model in CONTENT_MODELS:
        if issubclass(model, ReviewedContent):
            for item in model._default_manager.filter(reviewed_by_id=user_id):
                invalidate_pages(instance=item)


def source_checked(sender, instance, **kwargs):
    """A SourceCheck saved: a rare event that changes what many pages say, so every page."""
    invalidate_pages()


def withdraw_if_off_site(sender, instance, signal, **kwargs):
    """A cause or step saved unpublished, or deleted."""
    if not isinstance(instance, PagedItem):
        return
    deleted = signal is post_delete
    if not deleted and instance.is_published:
        return
    addresses = [instance.get_absolute_url()]
    if isinstance(instance, MassageStep):  # a step's share card is a page of its own
        addresses.append(reverse("articles:step-share-card", kwargs={"slug": instance.slug}))
    if not deleted:
        # Readers were redirected from these; a copy from before a rename may still be kept.
        old_slugs = instance.slug_redirects.values_list("old_slug", flat=True)
        addresses += [instance.url_for_slug(slug) for slug in old_slugs]
    withdraw_pages(addresses)
