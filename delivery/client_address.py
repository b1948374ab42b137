"""The client's address: the one answer for everything that counts requests per client.

django-axes (AXES_CLIENT_IP_CALLABLE) locks sign-in by it and `delivery.public_posts` limits the
public forms by it, so the rule of who a client is lives here and nowhere else.

- Not behind a proxy: the connection's address, REMOTE_ADDR. X-Forwarded-For is ignored, since
  anyone can send it.
- Behind DJANGO_TRUSTED_PROXY_COUNT proxies (DJANGO_BEHIND_PROXY): each proxy appends the address
  it saw to X-Forwarded-For, so the client's address is the entry that many places from the right,
  private or public. Everything further left came from the client and is never read. (Choosing
  "the right-most public address" instead let a client pick its own address whenever the proxy
  saw a private one: inside Kubernetes, behind a load balancer, over a VPN.)
- IPv6 addresses are grouped by their /64 network, named by its first address ("2001:db8:1:2::"):
  one home or server is usually given a whole /64 and can use any address in it. (An address,
  not "…/64": django-axes keeps it in an address column, which PostgreSQL checks.) An
  IPv4-mapped IPv6 address ("::ffff:203.0.113.7") is the IPv4 address it carries.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's address, normalised as above; None if the request carries no usable one."""
    connection = _normalised(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_PROXY:
        return connection
    # A header shorter than the proxy chain, or an entry that is not an address, means the
    # request did not come through the proxies as configured (or one is misconfigured). The
    # connection's address is then the only one not chosen by the client: at worst it groups
    # everyone behind the proxy into one client, which can slow readers but never frees an
    # attacker.
    return _forwarded(request, settings.TRUSTED_PROXY_COUNT) or connection


def _forwarded(request, proxies):
    # Several X-Forwarded-For headers reach Django as one, joined by commas.
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        return None
    return _normalised(entries[-proxies])


def _normalised(text):
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network((address, 64), strict=False).network_address)
    return str(address)
