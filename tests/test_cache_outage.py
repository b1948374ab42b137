"""The caches Django itself uses (share cards, the public forms' rate limits) treat a
store that fails as a miss: readers never get an error because of a cache."""

import socket

import pytest

from feedback.models import Feedback
from tests.test_feedback import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """Both Django caches on a Redis that refuses connections (a closed loopback port)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = {
        "BACKEND": "delivery.cache_guard.FailOpenRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {**settings.CACHES, "default": dead, "public-posts": dead}


@pytest.fixture
def cache_folder_unwritable(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    unwritable = {
        "BACKEND": "delivery.cache_guard.FailOpenFileBasedCache",
        "LOCATION": str(blocker / "cache"),
    }
    settings.CACHES = {**settings.CACHES, "default": unwritable, "public-posts": unwritable}


@pytest.mark.parametrize("outage", ["redis_down", "cache_folder_unwritable"])
def test_feedback_is_stored_and_thanked_during_a_cache_outage(client, outage, request):
    request.getfixturevalue(outage)
    response = post(client, {"page": "/causes/", "helpful": "yes", "comment": ""})
    assert response.status_code == 303
    assert response["Location"].startswith("/feedback/thanks/")
    assert Feedback.objects.filter(page_path="/causes/").count() == 1


@pytest.mark.parametrize("outage", ["redis_down", "cache_folder_unwritable"])
def test_share_cards_are_drawn_during_a_cache_outage(client, outage, request):
    request.getfixturevalue(outage)
    response = client.get("/massage/knead-the-calf/card.png")
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG")
