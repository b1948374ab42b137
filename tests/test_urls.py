"""The public URL contract: pages are addressed by slug, never by position."""

import pytest
from django.urls import resolve, reverse

ROUTES = [
    ("articles:guide", {}, "/"),
    ("articles:cause-list", {}, "/causes/"),
    ("articles:cause-detail", {"slug": "dehydration"}, "/causes/dehydration/"),
    ("articles:step-list", {}, "/massage/"),
    ("articles:step-detail", {"slug": "knead-the-calf"}, "/massage/knead-the-calf/"),
    # An uploaded step picture, at its content's hash (articles.step_pictures).
    ("step-picture", {"sha256": "ab" * 32, "extension": "webp"}, f"/pictures/{'ab' * 32}.webp"),
    # The service worker's scope is its own folder: it must stay at the root.
    ("articles:service-worker", {}, "/sw.js"),
    ("articles:manifest", {}, "/manifest.webmanifest"),
    ("articles:offline", {}, "/offline/"),
]


@pytest.mark.parametrize("name,kwargs,path", ROUTES)
def test_reverse_and_resolve_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


@pytest.mark.django_db
def test_models_link_to_their_own_pages():
    from articles.models import AftercareNote, Cause, MassageStep

    assert Cause.objects.get(slug="dehydration").get_absolute_url() == "/causes/dehydration/"
    step = MassageStep.objects.get(slug="knead-the-calf")
    assert step.get_absolute_url() == "/massage/knead-the-calf/"
    note = AftercareNote.objects.get(slug="heat-and-menthol-creams")
    assert note.get_absolute_url() == "/#heat-and-menthol-creams"
