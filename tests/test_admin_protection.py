"""Guessing an editor's password is stopped: a pause after 5 failures per user name and address."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.test_security_headers import ADMIN_POLICY, policy

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
WRONG = "not the password"
LIMIT = 5


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, password, username="editor", **meta):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        **{"REMOTE_ADDR": "203.0.113.7", **meta},
    )


def fail(client, times, **kwargs):
    return [sign_in(client, WRONG, **kwargs) for _ in range(times)]


def test_a_few_wrong_passwords_just_show_the_error(client, editor, text):
    for response in fail(client, LIMIT - 1):
        assert response.status_code == 200
        assert "Please enter the correct username and password" in text(response)
    assert sign_in(client, PASSWORD).status_code == 302, "the editor can still sign in"


def test_the_fifth_failure_pauses_signing_in_with_a_clear_page(client, editor, text):
    *_, fifth = fail(client, LIMIT)
    assert fifth.status_code == 429
    reading = text(fifth)
    assert "Too many failed attempts to sign in as editor." in reading
    assert "paused for 15 minutes" in reading
    assert "ask an editor with an administrator account to set a new one" in reading
    assert fifth["Retry-After"] == "900"
    assert "no-store" in fifth["Cache-Control"]
    assert policy(fifth) == ADMIN_POLICY


def test_while_paused_even_the_right_password_is_refused(client, editor):
    fail(client, LIMIT)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_is_per_user_name_and_address(client, editor, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    fail(client, LIMIT)
    assert sign_in(Client(), PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302
    assert sign_in(Client(), PASSWORD, username="other").status_code == 302


def test_signing_in_works_again_after_the_cool_off(client, editor):
    fail(client, LIMIT)
    started = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=started - timedelta(minutes=16))
    assert sign_in(client, PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client, editor):
    fail(client, LIMIT - 1)
    assert sign_in(client, PASSWORD).status_code == 302
    client.post("/admin/logout/")
    assert all(r.status_code == 200 for r in fail(client, LIMIT - 1))


@pytest.mark.parametrize(
    "proxy_saw",
    ["203.0.113.7", "10.0.0.5"],
    ids=["public client", "private client (Kubernetes, a load balancer, a VPN)"],
)
def test_behind_a_proxy_a_made_up_forwarded_address_cannot_escape_the_pause(
    client, editor, behind_proxy, proxy_saw
):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # The attacker makes up a new public address each time (a routable one: documentation
    # ranges such as 203.0.113.0/24 are not public, so they would hide the bypass); the proxy
    # appends the one it saw.
    for made_up in range(LIMIT):
        forwarded = f"93.184.216.{made_up}, {proxy_saw}"
        last = sign_in(client, WRONG, HTTP_X_FORWARDED_FOR=forwarded, **proxy)
    assert last.status_code == 429
    # Someone else behind the same proxy is not affected.
    other = sign_in(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)
    assert other.status_code == 302


def test_an_ipv6_client_cannot_escape_the_pause_by_moving_within_its_64_bit_network(client, editor):
    for host in range(LIMIT):
        last = sign_in(client, WRONG, REMOTE_ADDR=f"2001:db8:1:2::{host + 1:x}")
    assert last.status_code == 429
    assert sign_in(Client(), PASSWORD, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert sign_in(Client(), PASSWORD, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_logs_say_what_happened_without_names_or_addresses(client, editor, caplog):
    with caplog.at_level(logging.INFO):
        fail(client, LIMIT)
    assert "Locking out" in caplog.text
    assert "editor" not in caplog.text
    assert "203.0.113.7" not in caplog.text
    assert WRONG not in caplog.text
