"""Who a client is, for sign-in lockouts and form rate limits: one answer, hard to forge."""

import pytest
from axes.helpers import get_client_ip_address

from delivery.client_address import client_address

PROXY = "10.0.0.2"  # the reverse proxy's own address, as the app server sees the connection


def address(rf, forwarded=None, remote_addr=PROXY):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(rf.get("/", **meta))


def test_without_a_proxy_the_address_is_the_connections_and_the_header_is_ignored(rf):
    assert address(rf, "198.51.100.20", remote_addr="203.0.113.7") == "203.0.113.7"


@pytest.mark.parametrize(
    "forwarded,expected",
    [
        ("203.0.113.7", "203.0.113.7"),
        ("192.0.2.1, 203.0.113.7", "203.0.113.7"),
        # The proxy's own hop is private (Kubernetes, a load balancer, a VPN): still the one.
        ("203.0.113.9, 10.0.0.5", "10.0.0.5"),
        ("203.0.113.9,10.0.0.5", "10.0.0.5"),
    ],
)
def test_behind_one_proxy_the_address_is_the_one_the_proxy_appended(
    rf, behind_proxy, forwarded, expected
):
    assert address(rf, forwarded) == expected


def test_behind_two_proxies_the_address_is_the_one_the_outer_proxy_appended(rf, behind_proxy):
    behind_proxy.TRUSTED_PROXY_COUNT = 2
    # made up by the client, appended by the outer proxy, appended by the inner proxy
    assert address(rf, "192.0.2.1, 203.0.113.7, 10.0.0.9") == "203.0.113.7"


@pytest.mark.parametrize(
    "forwarded",
    [None, "", " ", "unknown", "203.0.113.7:443", "203.0.113.7, ", "1.2.3.4.5", "010.0.0.1"],
)
def test_a_missing_or_malformed_forwarded_address_falls_back_to_the_connection(
    rf, behind_proxy, forwarded
):
    assert address(rf, forwarded) == PROXY


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_connection(rf, behind_proxy):
    behind_proxy.TRUSTED_PROXY_COUNT = 2
    assert address(rf, "203.0.113.7") == PROXY


def test_ipv6_addresses_are_grouped_by_their_64_bit_network(rf):
    assert address(rf, remote_addr="2001:db8:1:2:aaaa:bbbb:cccc:1") == "2001:db8:1:2::"
    assert address(rf, remote_addr="2001:db8:1:2::99") == "2001:db8:1:2::"
    assert address(rf, remote_addr="2001:db8:1:3::1") == "2001:db8:1:3::"


def test_a_forwarded_ipv6_address_is_grouped_too(rf, behind_proxy):
    assert address(rf, "192.0.2.1, 2001:DB8:1:2::7") == "2001:db8:1:2::"


def test_an_ipv4_mapped_ipv6_address_is_the_ipv4_address(rf, behind_proxy):
    assert address(rf, remote_addr="::ffff:203.0.113.7") == "203.0.113.7"
    assert address(rf, "::ffff:198.51.100.20") == "198.51.100.20"


def test_no_usable_address_at_all_is_none(rf):
    assert address(rf, remote_addr="") is None


def test_the_sign_in_lockout_uses_the_same_address(rf, behind_proxy):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.5")
    assert get_client_ip_address(request) == "10.0.0.5"
