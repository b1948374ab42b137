"""A cache is an optimisation, never a way for the site to go down.

Every cache the site uses (files on this machine, or Redis) can fail: Redis restarts or is
unreachable, a folder cannot be created or written, a disk fills up. This module is the one
place such a failure is judged:

- `report_failure` logs it, at most once a minute per process, so an outage is visible in the
  logs without flooding them at thousands of requests a second;
- `FailOpenFileBasedCache` and `FailOpenRedisCache` are Django's own backends that answer a
  failure as a miss (reads) or as "not stored" (writes), the way bakerydemo and
  cookiecutter-django set Redis to ignore errors. The site's "default" and "public-posts"
  caches use them (settings.CACHES), so a share card or a rate-limit counter never turns
  a cache outage into a 500;
- `cache_is_healthy` is what /healthz reports.

The page cache (delivery.page_cache) guards its own store with the same `report_failure`,
because it must tell a failure from a miss: after a failure it goes to Django as if it were off.
"""

import logging
import threading
import time

from django.core.cache.backends import filebased
from django.core.cache.backends.redis import RedisCache  # noqa: F401 - settings name it here

logger = logging.getLogger("calfcare.cache")

LOG_INTERVAL_SECONDS = 60

_lock = threading.Lock()
_last_logged = None
_not_logged = 0


def report_failure(error, where):
    """Log a cache failure, at most once a minute; the rest are counted into the next line.

    Only the error's class is logged: a Redis error can carry its address, a file error a path.
    """
    global _last_logged, _not_logged
    now = time.monotonic()
    with _lock:
        if _last_logged is not None and now - _last_logged < LOG_INTERVAL_SECONDS:
            _not_logged += 1
            return
        _last_logged, skipped, _not_logged = now, _not_logged, 0
    logger.warning(
        "cache unavailable, carrying on without it: %s failed (%s); %d more failures since "
        "the last report",
        where,
        type(error).__name__,
        skipped,
    )


class FileBasedCache(filebased.FileBasedCache):
    """Django's file cache, which can always be made, even where its folder cannot be.

    Django creates the folder when a process first uses the cache, and raises if it cannot:
    the page cache could then not even be set up, and no request (not even /healthz) would be
    answered. The folder is tried again on every write, where a failure is the caller's to judge.
    """

    def __init__(self, dir, params):
        try:
            super().__init__(dir, params)
        except OSError as error:
            report_failure(error, "creating the cache folder")


class FailOpenMixin:
    """Django's cache API, with any error from the store answered as a miss or a no-op."""

    def _guarded(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any failure of a cache is a miss
            report_failure(error, f"{type(self).__name__}.{operation}")
            return fallback

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def add(self, key, value, timeout=None, version=None, **kwargs):
        return self._guarded("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None, **kwargs):
        return self._guarded("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guarded("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._guarded("touch", False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        # Django raises ValueError for a missing key; that is an answer, not a failure.
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as error:  # noqa: BLE001
            report_failure(error, f"{type(self).__name__}.incr")
            raise ValueError("cache unavailable") from None

    def delete(self, key, version=None):
        return self._guarded("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, keys, version)

    def clear(self):
        return self._guarded("clear", None)


class FailOpenFileBasedCache(FailOpenMixin, FileBasedCache):
    pass


class FailOpenRedisCache(FailOpenMixin, RedisCache):
    pass


def cache_is_healthy(store):
    """Whether `store` can write and read back right now (for /healthz; never raises)."""
    try:
        store.set("healthz-probe", "ok", timeout=30)
        return store.get("healthz-probe") == "ok"
    except Exception as error:  # noqa: BLE001
        report_failure(error, "health check")
        return False
