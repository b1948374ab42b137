"""Shared HTTP caches in front of the site (Varnish, a CDN): what they may keep, and purging.

The page cache (delivery.page_cache) lives inside each app server; a shared cache sits in front
of all of them and answers readers without asking any. It keeps a public page for a day
(`s-maxage`, see `SHARED_MAX_AGE`), since every change to content purges exactly the pages that
show it, at once:

- Every public page names what it shows in its `xkey` header (Varnish's xkey vmod, from Debian's
  varnish-modules; `Surrogate-Key` is the same list for Fastly and the like): `guide` for the
  guide text and its warning (on every page), one key per item shown (`articles.cause.3`,
  `articles.safetytext.urgent-card`), one per kind of item the page lists in full
  (`articles.massagestep` on the routine, so a newly published step appears there), `content` on
  pages built from all content at once (the sitemap, the feed, /changes/, share cards), and
  `all` on every page. The views name their items (`collect`, from articles.views); the lists
  per page are declared by the content apps (delivery.declared, from articles.pages).
- A saved or deleted item (`changed`) purges its own key, its kind's and `content`; an item
  shown beside another (a clinical note: its `shown_with()`) also purges that one.
  `manage.py clear_page_cache`, migrations and `loaddata` purge `all`. Publishing, unpublishing,
  reordering and scheduled publication all save the item, so they purge through the same signal as
  the page cache's generation (delivery.page_cache.invalidate_pages calls `purge_for`). A page
  gone from the site is also purged by its address (`purge_addresses`), which drops its grace
  copies: it must never come back, even while the app servers fail. A redirect from an old
  address carries its item's key and is kept a minute at most (`redirect_headers`): a rename back
  must not loop.
- A purge is sent after the transaction commits (a rolled-back save changed nothing), from a
  background thread: the editor's request never waits for it. Each shared cache gets one
  request per batch (keys arriving together are sent together), retried with backoff
  (`RETRY_DELAYS`), then logged as an error: the save itself always stands.

Two ways to purge (`SHARED_CACHE_PURGE`, from DJANGO_SHARED_CACHE_PURGE):
- `xkey` (default): `PURGE /` with an `xkey-purge: key1 key2` header, which
  deploy/varnish/default.vcl turns into xkey.softpurge (expired at once, kept only for grace).
- `url`: `PURGE <path>` for every public page's address, for caches without surrogate keys
  (nginx's cache purge, Varnish without xkey). Coarser: every page is purged on every change.
"""

import logging
import threading
import time
import urllib.parse
from http.client import HTTPConnection, HTTPSConnection

from django.conf import settings
from django.db import transaction

from delivery import declared

logger = logging.getLogger(__name__)

# A day: a purge keeps shared copies fresh, and this bounds a change made outside the models
# (`.update()` in a shell) before `clear_page_cache`. Browsers still revalidate every time.
SHARED_MAX_AGE = 60 * 60 * 24
# A shared cache may answer with a copy this old while it fetches a fresh one in the background.
STALE_WHILE_REVALIDATE = 60
# ...and with any copy it still holds for this long when the app servers cannot answer.
STALE_IF_ERROR = 60 * 60 * 24
# A renamed page's old address (a 301) is kept this long at most: a rename back, or an old
# address freed and taken by another item, changes where it leads. It is purged with its item
# too; this bounds what no purge reaches (deploy/varnish/default.vcl caps it the same).
REDIRECT_SHARED_MAX_AGE = 60
# How long one purge request may take, and the pauses before each retry (about 4 s in all).
PURGE_TIMEOUT_SECONDS = 1.0
RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0)
# Every purge is sent again after these pauses (see Purger): soon, for the usual page fetched
# in a few milliseconds, and once more for one an app server took long to render.
AGAIN_SECONDS = (0.3, 2.0)

KEY_HEADER = "xkey"
# Fastly, Akamai and others read this name; the same keys.
ALSO_KEY_HEADER = "Surrogate-Key"
EVERY_PAGE = "all"
WHOLE_SITE = "content"
# The key of the item every page shows (the guide text and its warning): a model says so with
# `shown_on_every_page`.
GUIDE = "guide"


# The keys a page carries -----------------------------------------------------------------------


def item_key(item):
    """The key of one item: `guide` for the guide text, the kind for what exists once per kind
    (safety texts, information pages: a row made later still has the same key), else the pk."""
    label = item._meta.label_lower
    if getattr(item, "shown_on_every_page", False):
        return GUIDE
    kind = getattr(item, "kind", None)
    if kind:
        return f"{label}.{kind}"
    return f"{label}.{item.pk}"


def collect(request, items):
    """Note on the request what its page shows: `items` (what the view rendered, drafts never
    among them for a reader) and the lists its URL name shows. `public_page` sends them."""
    url_name = getattr(request.resolver_match, "url_name", None)
    keys = {item_key(item) for item in items if item is not None}
    keys.update(declared.keys_listed_on(url_name))
    if declared.shows_everything(url_name):
        keys.add(WHOLE_SITE)
    request.shown_keys = keys


def collect_everything(request):
    """Note that the page also counts every kind of content (About's checks so far): any change
    purges it, as it purges /changes/."""
    request.shown_keys = {*getattr(request, "shown_keys", set()), WHOLE_SITE}


def page_keys(request):
    """The keys for a public page's headers: what its view collected, or, for a page that names
    nothing (the sitemap, the feed, share cards), `content`: purged by any change."""
    keys = getattr(request, "shown_keys", None) or {WHOLE_SITE}
    return " ".join(sorted(keys | {GUIDE, EVERY_PAGE}))


def shared_cache_headers(response, request):
    """What a shared cache needs on a public page: how long to keep it and its keys. Browsers
    are told nothing new (max-age=0, must-revalidate stay theirs)."""
    keys = page_keys(request)
    response[KEY_HEADER] = keys
    response[ALSO_KEY_HEADER] = keys
    return {
        "s_maxage": SHARED_MAX_AGE,
        "stale_while_revalidate": STALE_WHILE_REVALIDATE,
        "stale_if_error": STALE_IF_ERROR,
    }


def redirect_headers(response, item):
    """What a shared cache needs on a reader's redirect from an old address to `item`: the
    item's key (a rename, back or on, purges it) and a short lifetime."""
    keys = " ".join(sorted({item_key(item), EVERY_PAGE}))
    response[KEY_HEADER] = keys
    response[ALSO_KEY_HEADER] = keys
    return {"s_maxage": REDIRECT_SHARED_MAX_AGE}


# What a change purges --------------------------------------------------------------------------


def keys_for(instance):
    """The keys a saved or deleted item purges: its own, its kind's, `content`, and for an item
    shown beside another (a clinical note) that one's. None (a migration, loaddata,
    clear_page_cache): all."""
    if instance is None:
        return {EVERY_PAGE}
    keys = {item_key(instance), instance._meta.label_lower, WHOLE_SITE}
    about = instance.shown_with() if hasattr(instance, "shown_with") else None
    if about is not None:
        keys.add(item_key(about))
    return keys


def purge_for(instance=None):
    """Purge what `instance` (None: everything) is shown on, once the transaction commits.
    Never raises: a shared cache is an optimisation, and the change must stand."""
    if not settings.SHARED_CACHES:
        return
    try:
        keys = keys_for(instance)
        own = _address_of(instance) if settings.SHARED_CACHE_PURGE == "url" else []
        pk = getattr(instance, "pk", None)
        transaction.on_commit(lambda: _queue(keys, own, instance, pk))
    except Exception as error:  # noqa: BLE001
        logger.error("shared cache purge not queued: %s", error.__class__.__name__)


def purge_addresses(paths):
    """Purge these addresses outright, whichever `SHARED_CACHE_PURGE`, once the transaction
    commits: `PURGE <path>`, which drops every copy a shared cache holds there, grace copies
    too (deploy/varnish/default.vcl), for pages gone from the site. Never raises."""
    if not settings.SHARED_CACHES:
        return
    try:
        requests = [(path.partition("#")[0], {}) for path in paths]
        transaction.on_commit(lambda: purger.send(requests, ()))
    except Exception as error:  # noqa: BLE001
        logger.error("shared cache purge not queued: %s", error.__class__.__name__)


def _queue(keys, own_paths, instance, pk):
    try:
        own_paths = [*own_paths, *_old_addresses_of(instance, pk)]
        purger.send(_requests_for(keys, own_paths), keys)
    except Exception as error:  # noqa: BLE001 - the change has committed; it must stand
        logger.error("shared cache purge not queued: %s", error.__class__.__name__)


def _address_of(instance):
    """An item's address, read at once (for purging by URL): after a delete or an
    unpublication it is gone from the site, but its page may still be in the cache."""
    if instance is None or not hasattr(instance, "get_absolute_url"):
        return []
    return [instance.get_absolute_url()]


def _old_addresses_of(instance, pk):
    """The addresses an item had before renames, read after the commit (a rename files the old
    one after saving): each may hold its old page, and now leads here."""
    if settings.SHARED_CACHE_PURGE != "url" or pk is None:
        return []
    return declared.old_paths_of(instance, pk)


def public_paths():
    """Every public page's path, for purging by URL, as the content apps declare them (articles:
    every page of articles.pages, once per published item)."""
    return declared.public_paths()


# Sending ----------------------------------------------------------------------------------------


class Purger:
    """Sends purges from one background thread at a time. Keys queued while a batch is being
    sent go in the next batch; the thread ends when nothing is left (and, not being a daemon,
    finishes before a command or a worker exits).

    Each purge is sent again after each of AGAIN_SECONDS: a shared cache may be fetching a page
    from an app server as the first purge arrives, and store the old text it started with after
    it.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._pending = {}  # (path, headers) -> the pauses before sending it again
        self._keys = set()
        self._thread = None
        self._timers = 0
        self._idle = threading.Event()
        self._idle.set()

    def send(self, requests, keys, again=None, from_timer=False):
        again = AGAIN_SECONDS if again is None else again
        with self._lock:
            if from_timer:
                self._timers -= 1
            for path, headers in requests:
                request = (path, tuple(sorted(headers.items())))
                # The longer list of pauses still to come: a new change's, over an old one's.
                self._pending[request] = max(self._pending.get(request, ()), tuple(again), key=len)
            self._keys |= set(keys)
            if self._thread is None:
                self._idle.clear()
                self._thread = threading.Thread(target=self._run, name="shared-cache-purge")
                self._thread.start()

    def wait(self, timeout=None):
        """Wait until every queued purge is sent or given up (commands and tests)."""
        return self._idle.wait(timeout)

    def _run(self):
        while True:
            with self._lock:
                pending, self._pending = self._pending, {}
                keys, self._keys = self._keys, set()
                if not pending:
                    self._thread = None
                    if not self._timers:
                        self._idle.set()
                    return
            requests = _merged(pending)
            for base in settings.SHARED_CACHES:
                _send_with_retries(base, requests, keys)
            pauses = max(pending.values(), key=len)
            if pauses:
                self._later(requests, keys, pauses)

    def _later(self, requests, keys, pauses):
        first, *rest = pauses

        def again():
            self.send(requests, keys, again=[pause - first for pause in rest], from_timer=True)

        with self._lock:
            self._timers += 1
        timer = threading.Timer(first, again)
        timer.name = "shared-cache-purge-again"
        timer.start()


purger = Purger()


def _requests_for(keys, own_paths=()):
    """[(path, headers)] to send to each shared cache (worked out where the change was made:
    purging by URL reads which pages exist now)."""
    if settings.SHARED_CACHE_PURGE == "url":
        paths = {path.partition("#")[0] for path in [*public_paths(), *own_paths]}
        return [(path, {}) for path in sorted(paths)]
    return [("/", {"xkey-purge": " ".join(sorted(keys))})]


def _merged(pending):
    """One xkey purge for every key queued together; each address once."""
    keys = {key for path, headers in pending for name, value in headers if name == "xkey-purge"
            for key in value.split()}  # fmt: skip
    requests = [(path, {}) for path in sorted(path for path, headers in pending if not headers)]
    if keys:
        requests.append(("/", {"xkey-purge": " ".join(sorted(keys))}))
    return requests


def _send_with_retries(base, requests, keys):
    for attempt, delay in enumerate((*RETRY_DELAYS, None)):
        try:
            for path, headers in requests:
                _purge(base, path, headers)
            return
        except OSError as error:
            if delay is None:
                logger.error(
                    "shared cache %s not purged after %d tries (%s): keys %s stay until they "
                    "expire or the next purge",
                    base,
                    attempt + 1,
                    error.__class__.__name__,
                    " ".join(sorted(keys)),
                )
                return
            logger.warning(
                "shared cache %s did not take a purge (%s); trying again in %ss",
                base,
                error.__class__.__name__,
                delay,
            )
            time.sleep(delay)


class PurgeRefused(OSError):
    """The shared cache answered, but not with 200."""


def _purge(base, path, headers):
    url = urllib.parse.urlsplit(base)
    connection_class = HTTPSConnection if url.scheme == "https" else HTTPConnection
    connection = connection_class(url.hostname, url.port, timeout=PURGE_TIMEOUT_SECONDS)
    try:
        host = settings.SHARED_CACHE_HOST or url.netloc
        connection.request("PURGE", url.path.rstrip("/") + path, headers={"Host": host, **headers})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise PurgeRefused(f"{response.status} {response.reason}")
    finally:
        connection.close()
