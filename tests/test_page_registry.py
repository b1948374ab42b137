"""The page registry (articles.pages) is the one list of public pages: a page the page cache may
keep but the registry does not know would be missing from the purge lists, and stay stale in a
shared cache for a day."""

import pytest

from articles import urls
from articles.pages import BY_URL_NAME, GUIDE_PAGES, PAGES
from delivery import declared, shared_cache
from delivery.page_cache import public_page

pytestmark = pytest.mark.django_db

# Public, but built from no content: nothing to purge it for.
NAMES_NO_CONTENT = {"robots"}


def _is_public_page(pattern):
    marker = public_page(lambda request: None).__code__
    return getattr(pattern.callback, "__code__", None) is marker


def test_every_public_page_of_the_guide_is_in_the_page_registry():
    public = {pattern.name for pattern in urls.urlpatterns if _is_public_page(pattern)}
    assert "guide" in public and "step-detail" in public
    assert public - NAMES_NO_CONTENT - set(BY_URL_NAME) == set()


def test_a_page_lists_what_the_models_say_they_are_listed_on():
    lists = {page.url_name: {model.__name__ for model in page.lists} for page in PAGES}
    # The home page's routine card counts the steps; it lists no cause or note (issue 25).
    assert lists["guide"] == {"MassageStep"}
    assert lists["cause-list"] == {"Cause"}
    assert lists["step-detail"] == {"MassageStep"}
    assert lists["cramp-or-clot"] == set()


def test_delivery_is_told_the_lists_and_keys_a_page_carries():
    assert set(declared.keys_listed_on("step-list")) == {
        "articles.massagestep",
        "articles.aftercarenote",
        "articles.infopage",
    }
    assert declared.shows_everything("changes")
    assert not declared.shows_everything("guide")


def test_every_page_in_the_registry_is_purged_by_address(client):
    paths = set(shared_cache.public_paths())
    for page in GUIDE_PAGES:
        assert page.url in paths
    assert "/massage/knead-the-calf/card.png" in paths
    assert "/about/" in paths
    for path in paths:
        assert client.get(path).status_code == 200, path
