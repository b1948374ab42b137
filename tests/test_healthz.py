"""/healthz tells a load balancer whether the site can reach its database, and whether its page
cache is degraded, and nothing more."""

import logging

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


class BrokenCursor:
    def __enter__(self):
        raise OperationalError('could not connect to server at "db.internal" (10.0.0.5)')

    def __exit__(self, *exc):
        return False


@pytest.fixture
def database_down(monkeypatch):
    from delivery import health

    monkeypatch.setattr(health.connection, "cursor", BrokenCursor)


def test_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\ncache: ok\n"
    assert response["Content-Type"] == "text/plain"


def test_answers_503_without_internals_when_the_database_is_down(client, database_down, caplog):
    with caplog.at_level(logging.ERROR, logger="delivery.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\ncache: ok\n"
    assert "health check failed: database unavailable (OperationalError)" in caplog.text
    assert "10.0.0.5" not in caplog.text, "the log names the failure, not the address"


def test_is_never_cached(client):
    cache_control = client.get("/healthz")["Cache-Control"]
    assert "no-store" in cache_control and "max-age=0" in cache_control


def test_answers_probes_by_ip_address_over_plain_http(settings):
    # Production: HTTPS redirect on; a probe addresses the container by IP, not by host name.
    settings.SECURE_SSL_REDIRECT = True
    probe = Client(HTTP_HOST="10.1.2.3:8000")
    response = probe.get("/healthz")
    assert response.status_code == 200
    assert response.content.startswith(b"ok\n")
    # Every other address still insists on an allowed host and on https.
    assert probe.get("/").status_code == 400
    assert Client().get("/").status_code == 301


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_only_the_exact_path(client):
    assert client.get("/healthz/").status_code == 404
    assert client.get("/healthzz").status_code == 404


class BrokenStore:
    def set(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis.internal:6379. Connection refused.")

    get = set


def test_says_the_cache_is_degraded_without_details_and_stays_in_service(client, monkeypatch):
    from delivery import health

    monkeypatch.setattr(health, "page_store", BrokenStore)
    response = client.get("/healthz")
    assert response.status_code == 200  # pages are still served, by Django
    assert response.content == b"ok\ncache: degraded\n"


def test_a_cache_folder_that_cannot_be_written_is_degraded(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "delivery.cache_guard.FileBasedCache",
            "LOCATION": str(blocker / "pages"),
        },
    }
    response = client.get("/healthz")
    assert response.content == b"ok\ncache: degraded\n"
