"""Public forms refuse abuse with a clear page and a 4xx status: CSRF, size and rate limits."""

import hashlib

import pytest
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.test import Client

from tests.public_post_urls import LIMIT, MAX_BYTES, WINDOW_SECONDS
from tests.test_security_headers import PUBLIC_POLICY, policy

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.public_post_urls")]

URL = "/guarded-form/"


def post(client, data=None, **meta):
    return client.post(URL, data or {"message": "Helpful guide"}, **meta)


def assert_site_page_with_warning(response):
    html = response.content.decode()
    assert html.index('id="dvt-warning"') < html.index("<main")
    assert "<style" not in html and "style=" not in html
    assert policy(response) == PUBLIC_POLICY


def test_posts_within_the_limit_are_answered(client):
    for _ in range(LIMIT):
        response = post(client)
        assert response.status_code == 200
        assert response.content == b"Thank you (13 characters)."


def test_one_post_too_many_gets_429_with_a_clear_page(client, text):
    for _ in range(LIMIT):
        post(client)
    response = post(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= WINDOW_SECONDS
    assert "This form has been sent several times" in text(response)
    assert "Try again in 10 minutes." in text(response)
    assert_site_page_with_warning(response)


def test_the_limit_is_per_address(client):
    for _ in range(LIMIT + 1):
        post(client)
    assert post(Client(), REMOTE_ADDR="198.51.100.20").status_code == 200


def test_the_limit_lifts_when_the_window_ends(client, monkeypatch):
    import time

    for _ in range(LIMIT + 1):
        post(client)
    later = time.time() + WINDOW_SECONDS + 1
    monkeypatch.setattr("delivery.public_posts.time.time", lambda: later)
    assert post(client).status_code == 200


def test_reading_the_form_is_never_limited(client):
    for _ in range(LIMIT + 3):
        assert client.get(URL).status_code == 200
    assert post(client).status_code == 200


@pytest.mark.parametrize("proxy_saw", ["203.0.113.7", "10.0.0.5"])
def test_behind_a_proxy_a_made_up_forwarded_address_does_not_escape_the_limit(
    client, behind_proxy, proxy_saw
):
    # Made-up addresses are routable ones, as an attacker would choose: documentation ranges
    # such as 203.0.113.0/24 are not public, so they would hide the bypass.
    statuses = [
        post(
            client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"93.184.216.{n}, {proxy_saw}"
        ).status_code
        for n in range(LIMIT + 1)
    ]
    assert statuses == [200] * LIMIT + [429]


def test_behind_two_proxies_the_outer_proxys_address_is_counted(client, behind_proxy):
    behind_proxy.TRUSTED_PROXY_COUNT = 2

    def post_as(made_up, client_address):
        forwarded = f"93.184.216.{made_up}, {client_address}, 10.0.0.9"
        return post(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    statuses = [post_as(n, "198.51.100.20").status_code for n in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]
    assert post_as(99, "198.51.100.21").status_code == 200


def test_a_malformed_forwarded_header_counts_the_proxys_address(client, behind_proxy):
    statuses = [
        post(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"not-an-address-{n}").status_code
        for n in range(LIMIT + 1)
    ]
    assert statuses == [200] * LIMIT + [429]


def test_ipv6_addresses_in_one_64_bit_network_share_a_limit(client):
    statuses = [
        post(client, REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}").status_code for n in range(LIMIT + 1)
    ]
    assert statuses == [200] * LIMIT + [429]
    assert post(Client(), REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_the_counters_work_in_the_shared_file_cache_production_uses(client, settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "public-posts": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path,
        },
    }
    statuses = [post(client).status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]
    assert list(tmp_path.iterdir()), "the counter is on disk, where every worker sees it"


GROUP = "tests.public_post_urls.guarded_form"  # the guarded form's counter group


def unkeyed_counter_key(address):
    """The key an unkeyed hash would give: anyone can recompute it for every IPv4 address."""
    return "post:" + hashlib.sha256(f"{GROUP}|{address}".encode()).hexdigest()


def test_the_counters_do_not_store_a_plain_hash_of_the_readers_address(client):
    post(client, REMOTE_ADDR="198.51.100.20")
    assert caches["public-posts"].get(unkeyed_counter_key("198.51.100.20")) is None
    statuses = [post(client, REMOTE_ADDR="198.51.100.20").status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429], "the first post counted, under a keyed name"


def test_posts_on_the_same_day_share_one_counter(client, monkeypatch):
    monkeypatch.setattr("delivery.public_posts._today", lambda: "2026-03-01")
    statuses = [post(client).status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]


def test_a_new_utc_day_gives_new_counter_names(client, monkeypatch):
    # So yesterday's counters cannot be linked to today's, nor (once yesterday's secret has
    # expired) to any address. The price: a window that crosses midnight starts again.
    monkeypatch.setattr("delivery.public_posts._today", lambda: "2026-03-01")
    for _ in range(LIMIT + 1):
        post(client)
    assert post(client).status_code == 429
    monkeypatch.setattr("delivery.public_posts._today", lambda: "2026-03-02")
    assert post(client).status_code == 200


def test_without_a_cache_to_share_it_each_process_keys_the_hash_with_its_own_secret(settings):
    from delivery.public_posts import _counter_key

    settings.CACHES = {
        **settings.CACHES,
        "public-posts": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    key = _counter_key(GROUP, "198.51.100.20")
    assert key == _counter_key(GROUP, "198.51.100.20"), "stable within the day"
    assert key != unkeyed_counter_key("198.51.100.20")


def test_an_oversized_post_gets_413_before_it_is_read(client, text):
    response = post(client, {"message": "x" * MAX_BYTES})
    assert response.status_code == 413
    assert "What you sent is too long for this form." in text(response)
    assert_site_page_with_warning(response)


def test_a_body_over_djangos_own_limit_gets_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    assert post(client, {"message": "x" * 500}).status_code == 400


def test_too_many_fields_gets_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    assert post(client, {f"field{n}": "x" for n in range(11)}).status_code == 400


def test_a_multipart_body_without_a_boundary_gets_400(client):
    assert client.post(URL, b"rubbish", content_type="multipart/form-data").status_code == 400


@pytest.mark.parametrize(
    "body,content_type",
    [
        (b"--nope\r\nrubbish", "multipart/form-data; boundary=nope"),
        (b"\xff\xfe\x00message=\x80\x81", "application/x-www-form-urlencoded"),
        (b"message=%ZZ%", "application/x-www-form-urlencoded"),
        (b'{"message": 1}', "application/json"),
    ],
)
def test_garbage_bodies_never_cause_a_server_error(client, body, content_type):
    assert client.post(URL, body, content_type=content_type).status_code < 500


def test_a_post_without_the_csrf_token_gets_403_with_a_clear_page(text):
    response = post(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert "This form could not be sent" in text(response)
    assert_site_page_with_warning(response)


def test_a_post_with_the_csrf_token_is_accepted(rf):
    browser = Client(enforce_csrf_checks=True)
    browser.get(URL)
    request = rf.get(URL)
    token = get_token(request)
    browser.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    response = browser.post(URL, {"message": "Helpful", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
