"""Limits for forms the public can post, such as the feedback form: size and rate.

A public form is either checked by Django's CSRF protection or, if it sits on pages the page
cache serves to everyone (and so cannot carry a per-visitor token), exempted from it with an
equivalent check of its own in its place, as the feedback form checks the origin
(feedback.views). Neither stops a script that posts many or huge requests;
`guard_public_post` refuses those with a clear page and a 4xx status, never a 5xx:

    @guard_public_post(max_bytes=10_000, limit=5, per_seconds=600)
    def feedback(request): ...

- a body over `max_bytes` gets 413 before Django reads it (anything over
  REQUEST_BODY_MAX_BYTES never reaches the view: delivery.request_limits refuses it first);
- more than `limit` posts from one address within `per_seconds` get 429 with `Retry-After`.

The address is the one django-axes locks sign-in by (delivery.client_address), so it is right
behind a proxy when DJANGO_BEHIND_PROXY is set. The counters live in the "public-posts" cache,
named by a keyed hash of the address that changes every UTC day (see `_counter_key`).
"""

import hashlib
import hmac
import math
import secrets
import time
from datetime import UTC, datetime
from functools import wraps

from django.core.cache import caches
from django.shortcuts import render

from delivery.client_address import client_address
from delivery.request_limits import declared_length

CACHE_ALIAS = "public-posts"
SECRET_LIFETIME_SECONDS = 2 * 24 * 60 * 60
_process_secret = {}  # {day: secret}, only when the cache cannot keep one


def guard_public_post(*, max_bytes, limit, per_seconds, group=None):
    def decorator(view):
        counter_group = group or f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method == "POST":
                if declared_length(request) > max_bytes:
                    return _refusal(request, "413.html", 413)
                wait = _seconds_to_wait(request, counter_group, limit, per_seconds)
                if wait:
                    response = _refusal(
                        request, "429.html", 429, {"wait_minutes": math.ceil(wait / 60)}
                    )
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def _seconds_to_wait(request, group, limit, per_seconds):
    """Counts this post; 0 if it is within the limit, else the seconds until the window ends.

    A fixed window per address and form, opened by the first post. Read and write are separate
    steps, so a burst of simultaneous posts can be under-counted a little; for a reader-facing
    form that is good enough, and it works with any cache backend.
    """
    cache = caches[CACHE_ALIAS]
    key = _counter_key(group, client_address(request) or "unknown")
    now = time.time()
    count, window_end = cache.get(key) or (0, now + per_seconds)
    if now >= window_end:
        count, window_end = 0, now + per_seconds
    count += 1
    cache.set(key, (count, window_end), timeout=math.ceil(window_end - now))
    return math.ceil(window_end - now) if count > limit else 0


def _counter_key(group, address):
    """The counter's name: an HMAC of form and address, keyed with today's secret.

    A plain hash of an address is no disguise: there are only 2^32 IPv4 addresses, and hashing
    them all takes minutes. Keyed with a random secret, the names reveal nothing without the
    secret. The secret belongs to the current UTC day and expires from the cache after two days,
    so once it is gone even someone holding a copy of the cache cannot tell whose counters they
    were, nor link yesterday's to today's. (While the day lasts, the secret sits in the same cache
    as the counters: whoever can read the cache today can still test guesses against today's.)

    A window that crosses midnight UTC starts again under the new name, so around midnight an
    address can post up to twice the limit. For a reader-facing form that is acceptable.
    """
    message = f"{group}|{address}".encode()
    return "post:" + hmac.new(_secret_for(_today()), message, hashlib.sha256).hexdigest()


def _today():
    return datetime.now(UTC).date().isoformat()


def _secret_for(day):
    """The day's secret, shared by every worker and app server through the cache.

    The first post of the day creates it (`add` keeps whichever worker's came first); if it is
    evicted, the next post makes a new one and today's counters start again. A cache that cannot
    keep it at all (a dummy cache, a store that ignores its errors) leaves each process a secret
    of its own: counts then differ between workers, but the names are never an unkeyed hash.
    """
    cache = caches[CACHE_ALIAS]
    name = f"secret:{day}"
    cache.add(name, secrets.token_bytes(32), timeout=SECRET_LIFETIME_SECONDS)
    secret = cache.get(name)
    if secret is None:
        if day not in _process_secret:
            _process_secret.clear()  # yesterday's goes, as it would from the cache
            _process_secret[day] = secrets.token_bytes(32)
        secret = _process_secret[day]
    return secret


def _refusal(request, template_name, status, context=None):
    return render(request, template_name, context or {}, status=status)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a site page (with the clot warning) instead of Django's bare one, whose
    inline style the Content-Security-Policy would block anyway. The reason is not shown: it
    helps an attacker more than a reader."""
    return _refusal(request, "403_csrf.html", 403)
