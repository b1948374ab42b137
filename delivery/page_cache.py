"""The public page cache: answered in front of Django, the way whitenoise answers static files.

A content page changes a few times a month and is read thousands of times a day, so the fastest
correct answer is the bytes Django produced last time. `PageCache` wraps the WSGI application:
it stores a page when Django marks it public (`public_page`), then answers later requests for it
itself (no middleware, no view, no query), with every header Django set and gzip and brotli
copies made once at store time. This module owns all of it: who is a reader, the keys, how
long a page stays fresh, and how every way content or code changes reaches readers.

Who is a reader (`is_reader`): a request with no session cookie and no Authorization header.
Only readers are answered from the cache, only what readers are sent is stored, and the views
and middleware ask this same function.

What is stored: GET answers (HEAD is answered from them) without a query string, 200 only,
setting no cookie, for a key of scheme, host and path that Django would build the same way:
- the host must be one of ALLOWED_HOSTS written exactly as Django will echo it (lower case, no
  trailing dot, and no port other than the one the server listens on), so host variants never
  multiply entries or carry another host's links;
- the scheme is read from the proxy's header only when it is a single clean value (see
  `forwarded_scheme`, which also normalises what Django sees);
- SCRIPT_NAME must be the deployment's own (a client must never choose it).

Freshness:
- A shared "generation" (`Generation`) changes whenever content is saved or deleted (model
  signals), after migrations and loaddata, and by `manage.py clear_page_cache`; every worker
  checks it on every request (one stat() of a file, or one Redis GET).
- The key includes the build identity (`build_identity`): a deploy never serves pages rendered
  by the previous release, even from a cache kept on disk or in Redis.
- Every stored page expires after PAGE_CACHE_SECONDS (5 minutes by default), so a change that
  sends no signal (an `.update()` in a shell) reaches readers within that time.

Failure, which never reaches a reader as an error:
- any error from the store is reported (delivery.cache_guard, once a minute) and the request
  goes to Django as if the cache were off; the store is then left alone for a second, so a dead
  Redis costs each worker one refused connection a second, not one per request;
- when Django answers a reader's GET with a 5xx (its database down, locked or missing), the
  reader gets the last good copy of that page, from any generation or release, marked
  `X-Page-Cache: stale` (RFC 5861's stale-if-error); with no copy anywhere, a static 503 page
  that needs neither the database nor the cache and carries the full blood clot warning;
- a page gone from the site (`withdraw_pages`: an item unpublished or deleted) is never served
  from a copy made before it went, by any worker or any shared cache.
- /healthz never passes through any of this.
"""

import functools
import gzip
import hashlib
import logging
import os
import secrets
import threading
import time
from collections import OrderedDict
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http.request import split_domain_port, validate_host
from django.utils.cache import patch_cache_control

from delivery.cache_guard import report_failure
from delivery.shared_cache import purge_addresses, purge_for, shared_cache_headers

try:
    import brotli
except ImportError:  # brotli ships with whitenoise[brotli]; without it, gzip only
    brotli = None

logger = logging.getLogger(__name__)

# Set by `public_page`; never sent to clients.
MARKER = "X-Calfcare-Page-Cache"
_MARKER_LOWER = MARKER.lower()
_DROPPED_HEADERS = {_MARKER_LOWER, "content-length", "content-encoding"}
_COMPRESSIBLE = ("text/", "application/xml", "application/json")
HEALTH_PATH = "/healthz"
# How long a last good copy is kept for stale-if-error: long enough to outlast an outage.
LAST_GOOD_SECONDS = 60 * 60 * 24 * 30
# After a store error, how long the page cache leaves the store alone.
STORE_BACKOFF_SECONDS = 1.0
# The unavailable page asks clients to come back after this long.
RETRY_AFTER_SECONDS = 30


# Who is a reader ------------------------------------------------------------------------------


def is_reader(meta):
    """True for a request (its WSGI environ, or a Django request's META) that carries no session
    cookie and no credentials: the only requests the page cache may answer or learn from.

    A substring test, on purpose: it costs nanoseconds on every request, and a cookie that
    merely contains the name (`xsessionid=`) only makes a reader's page uncached, never an
    editor's page public.
    """
    return _session_cookie() not in meta.get("HTTP_COOKIE", "") and "HTTP_AUTHORIZATION" not in meta


@functools.cache
def _session_cookie():
    # Read once: a settings lookup costs about as much as the rest of a cached answer.
    return f"{settings.SESSION_COOKIE_NAME}="


@receiver(setting_changed)
def _forget_session_cookie(setting, **kwargs):
    if setting == "SESSION_COOKIE_NAME":
        _session_cookie.cache_clear()


def public_page(view):
    """Mark a view's 200 answers to readers as public, so the page cache may keep them.

    Readers' browsers revalidate every time (max-age=0 with an ETag, so mostly a 304): a change
    reaches them on their next request. A shared cache in front (Varnish) keeps the page for a
    day, since every change purges it, with the keys naming what it shows
    (delivery.shared_cache). Whatever a signed-in editor sees is made private by
    delivery.middleware.NeverCacheForEditorsMiddleware, and carries no keys.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and is_reader(request.META):
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                must_revalidate=True,
                **shared_cache_headers(response, request),
            )
            response[MARKER] = "store"
        return response

    return wrapper


# Freshness ------------------------------------------------------------------------------------


def build_identity(root, static_manifest=None):
    """A hash of what renders pages, worked out once, when the process starts:

    - every file of the project package and of every installed app that lives in the project
      (code, and any templates or static files an app keeps), found from the apps' own paths,
      so a new app is covered the day it is added to INSTALLED_APPS;
    - the template folders the TEMPLATES setting names;
    - the pinned requirements production installs;
    - the static files' manifest, or where none was collected, the STATICFILES_DIRS themselves.
    """
    root = Path(root)
    files = [
        *(path for package in _project_packages(root) for path in _files_in(package)),
        *(path for folder in _template_folders() for path in _files_in(folder)),
        # What production installs (the Docker image copies only this one).
        root / "requirements" / "base.txt",
    ]
    if static_manifest is not None and Path(static_manifest).is_file():
        files.append(Path(static_manifest))
    else:
        files.extend(path for folder in settings.STATICFILES_DIRS for path in _files_in(folder))
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        if path.is_file():
            name = path.relative_to(root) if path.is_relative_to(root) else path
            digest.update(str(name).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _files_in(folder):
    """Every file under `folder`, leaving out Python's own byte-code caches."""
    return (
        path
        for path in Path(folder).glob("**/*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _template_folders():
    return [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]


def _project_packages(root):
    """The folders of the installed apps that are the project's own (top-level packages in
    `root`, not Django's or a library's, even in a virtualenv inside it), and of the project
    package, where the URLs and settings live."""
    root = root.resolve()
    folders = {Path(config.path).resolve() for config in apps.get_app_configs()}
    folders.add(Path(import_module(settings.ROOT_URLCONF).__file__).resolve().parent)
    return sorted(folder for folder in folders if folder.parent == root)


class Generation:
    """A token that changes whenever content changes, shared by every worker.

    On one machine it is a small file: checking it costs one stat() per request. With a shared
    store (Redis, for several machines) it is a key in that store. `current` and `bump` raise
    whatever the store raises; their callers decide what a failure means.
    """

    KEY = "page-cache-generation"

    def __init__(self, path=None, store=None):
        self.path = Path(path) if path else None
        self._path_name = os.fspath(path) if path else None  # os.stat takes it without a Path
        self.store = store

    def current(self):
        if self.store is not None:
            return str(self.store.get(self.KEY, 0))
        try:
            stat = os.stat(self._path_name)
        except FileNotFoundError:
            return "0"
        return f"{stat.st_ino}-{stat.st_mtime_ns}"

    def bump(self):
        if self.store is not None:
            try:
                self.store.incr(self.KEY)
            except ValueError:
                self.store.set(self.KEY, secrets.randbelow(10**9), timeout=None)
            return
        # A new file (new inode) replaces the old one atomically: no reader sees it half-written.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(8)}")
        temporary.write_text(secrets.token_hex(8))
        os.replace(temporary, self.path)


def page_store():
    """Where pages are kept: the "pages" cache, used as it is (errors raise, and are judged
    by PageCache)."""
    return caches["pages"]


def page_generation():
    if settings.PAGE_CACHE_SHARED_GENERATION:
        return Generation(store=page_store())
    return Generation(path=settings.PAGE_CACHE_GENERATION_FILE)


def invalidate_pages(**kwargs):
    """Every cached page is stale from now on, in every worker.

    Signal receivers (content saved or deleted, migrations) and `clear_page_cache` call this.
    If the store cannot be told, the editor's save still stands: the failure is logged, and
    pages expire within PAGE_CACHE_SECONDS anyway.

    Inside a transaction, pages are marked stale again once it commits: a reader's request
    between the save and the commit renders the old text and keeps it under the new generation.
    Then the shared caches in front (if any) are purged of the pages showing `instance` (every
    page without one), so what they fetch again is rendered from the committed text.
    """
    _bump_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_generation)
    purge_for(kwargs.get("instance"))


def withdraw_pages(paths):
    """Pages gone from the site (their item unpublished or deleted), by path: once the
    transaction commits, no last good copy made before then is served for them again, by any
    worker (a mark in the store, kept as long as such copies are), and every shared cache drops
    every copy it holds, grace copies too (delivery.shared_cache.purge_addresses). A page
    published at that address again is kept afresh. Never raises: the change must stand."""
    paths = list(paths)

    def mark():
        moment = time.time()
        for path in paths:
            try:
                page_store().set(withdrawn_key(path), moment, LAST_GOOD_SECONDS)
            except Exception as error:  # noqa: BLE001
                report_failure(error, "withdrawing a page")

    transaction.on_commit(mark)
    purge_addresses(paths)


def withdrawn_key(path):
    return "withdrawn:" + hashlib.sha256(path.encode()).hexdigest()


def _bump_generation():
    try:
        page_generation().bump()
    except Exception as error:  # noqa: BLE001
        report_failure(error, "marking pages stale")


# The WSGI wrapper -----------------------------------------------------------------------------


class CachedPage:
    """One page as readers get it: its headers, and its body in each encoding, each with the
    headers of a plain cache hit made once here, so a hit only picks one and sends it."""

    __slots__ = ("status", "headers", "bodies", "etag", "stored_at", "hits")

    def __init__(self, status, headers, body):
        self.status = status
        self.stored_at = time.time()
        self.headers = [
            (name, value) for name, value in headers if name.lower() not in _DROPPED_HEADERS
        ]
        content_type = next((v for n, v in headers if n.lower() == "content-type"), "")
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        self.bodies = {"identity": body}
        if content_type.startswith(_COMPRESSIBLE) and len(body) > 256:
            self.bodies["gzip"] = gzip.compress(body, compresslevel=9, mtime=0)
            if brotli is not None:
                self.bodies["br"] = brotli.compress(body, quality=11)
            self.headers.append(("Vary", "Accept-Encoding"))
        self.hits = {
            encoding: (self.headers_for(encoding, "hit", with_length=True), body)
            for encoding, body in self.bodies.items()
        }

    def etag_for(self, encoding):
        return self.etag if encoding == "identity" else self.etag[:-1] + f'-{encoding}"'

    def headers_for(self, encoding, outcome, with_length):
        headers = [*self.headers, ("ETag", self.etag_for(encoding)), ("X-Page-Cache", outcome)]
        if encoding != "identity":
            headers.append(("Content-Encoding", encoding))
        if with_length:
            headers.append(("Content-Length", str(len(self.bodies[encoding]))))
        return headers


def forwarded_scheme(value, trusted_proxies=1):
    """The scheme a proxy's X-Forwarded-Proto says, or None for a value that is not one.

    A proxy that appends rather than replaces sends "https,http"; the value our own proxy wrote
    is the `trusted_proxies`-th from the right, as for X-Forwarded-For. Anything else (an empty
    entry, "javascript", too few entries) is refused: the request is then plain http.
    """
    parts = [part.strip().lower() for part in value.split(",")]
    if len(parts) < trusted_proxies:
        return None
    scheme = parts[-trusted_proxies]
    return scheme if scheme in ("http", "https") else None


def one_forwarded_scheme(application, header, trusted_proxies):
    """WSGI middleware: the proxy's scheme header, as one clean value or none at all.

    Django reads the first of several comma-separated values, which a proxy that appends leaves
    to the client to choose; here the one our proxy wrote is kept, and anything else dropped
    (the request is then plain http). The page cache and Django then read the same value.
    """

    def normalised(environ, start_response):
        value = environ.get(header)
        if value is not None and value not in ("http", "https"):
            scheme = forwarded_scheme(value, trusted_proxies)
            if scheme is None:
                del environ[header]
            else:
                environ[header] = scheme
        return application(environ, start_response)

    return normalised


class PageCache:
    def __init__(self, app, *, generation, store, build, allowed_hosts, script_name="",
                 proxy_ssl_header=None, fresh_seconds=300, unavailable_page=b"",
                 max_local_pages=512):  # fmt: skip
        self.app = app
        self.generation = generation
        self.store = store
        self.build = build
        self.allowed_hosts = allowed_hosts
        self.script_name = script_name
        self.proxy_ssl_header = proxy_ssl_header
        self.fresh_seconds = fresh_seconds
        self.unavailable_page = unavailable_page
        self.max_local_pages = max_local_pages
        self._local = OrderedDict()
        self._last_good = OrderedDict()
        self._lock = threading.Lock()
        self._local_generation = None
        self._store_resting_until = 0.0
        self._hosts = {}

    def __call__(self, environ, start_response):
        key = self._key(environ) if self._may_answer(environ) else None
        if key is None:
            return self.app(environ, start_response)
        generation = self._guarded(self.generation.current)
        if generation is not None:
            page = self._lookup(generation, key)
            if page is not None:
                return self._answer(page, environ, start_response, "hit")
        return self._render(environ, start_response, generation, key)

    # Which requests, under which key --------------------------------------------------------

    def _may_answer(self, environ):
        return (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and not environ.get("QUERY_STRING")
            and is_reader(environ)
            and environ.get("PATH_INFO") != HEALTH_PATH
            and environ.get("SCRIPT_NAME", "") == self.script_name
        )

    def _key(self, environ):
        host = self._canonical_host(environ.get("HTTP_HOST"), environ.get("SERVER_PORT"))
        scheme = environ.get("wsgi.url_scheme", "http")
        if self.proxy_ssl_header:
            header, secure_value = self.proxy_ssl_header
            value = environ.get(header)
            if value is not None:
                # Exactly one clean value (wsgi.py normalises what a proxy appends), else Django
                # and the cache could read it differently: let Django answer, store nothing.
                if value not in ("http", "https"):
                    return None
                scheme = "https" if value == secure_value else "http"
        if host is None:
            return None
        return f"{scheme}://{host}{environ.get('PATH_INFO', '')}"

    def _canonical_host(self, host, server_port):
        if host is None:
            return None
        known = self._hosts.get((host, server_port))
        if known is not None:
            return known or None
        domain, port = split_domain_port(host)
        canonical = domain + (f":{port}" if port else "")
        good = (
            bool(domain)
            and validate_host(domain, self.allowed_hosts)
            and host == canonical
            and port in ("", server_port)
        )
        if good and len(self._hosts) < 64:  # only the few real hosts are remembered
            self._hosts[(host, server_port)] = host
        return host if good else None

    def _shared_key(self, generation, key):
        return "page:" + hashlib.sha256(f"{self.build} {generation} {key}".encode()).hexdigest()

    @staticmethod
    def _last_good_key(key):
        return "last-good:" + hashlib.sha256(key.encode()).hexdigest()

    # The store, guarded ---------------------------------------------------------------------

    def _guarded(self, operation, *args):
        """`operation(*args)`, or None when the store fails or is resting after a failure."""
        if time.monotonic() < self._store_resting_until:
            return None
        try:
            return operation(*args)
        except Exception as error:  # noqa: BLE001 - whatever the store raises, readers get pages
            self._store_resting_until = time.monotonic() + STORE_BACKOFF_SECONDS
            report_failure(error, "page cache")
            return None

    def _fresh(self, page):
        return page is not None and time.time() - page.stored_at < self.fresh_seconds

    def _lookup(self, generation, key):
        with self._lock:
            if generation != self._local_generation:
                self._local.clear()
                self._local_generation = generation
            page = self._local.get(key)
            if page is not None:
                if self._fresh(page):
                    self._local.move_to_end(key)
                    return page
                del self._local[key]
        page = self._guarded(self.store.get, self._shared_key(generation, key))
        if not self._fresh(page):
            return None
        self._remember(self._local, key, page, generation)
        return page

    def _remember(self, pages, key, page, generation=None):
        with self._lock:
            if pages is self._local and generation != self._local_generation:
                return
            pages[key] = page
            pages.move_to_end(key)
            while len(pages) > self.max_local_pages:
                pages.popitem(last=False)

    def _store(self, generation, key, page):
        self._remember(self._last_good, key, page)
        self._guarded(self.store.set, self._last_good_key(key), page, LAST_GOOD_SECONDS)
        if generation is not None:
            self._guarded(
                self.store.set, self._shared_key(generation, key), page, self.fresh_seconds
            )
            self._remember(self._local, key, page, generation)

    def _last_good_copy(self, key, path):
        with self._lock:
            page = self._last_good.get(key)
        if page is None:
            page = self._guarded(self.store.get, self._last_good_key(key))
        if page is not None:
            # Only on this rare path: a page gone from the site since (withdraw_pages).
            withdrawn = self._guarded(self.store.get, withdrawn_key(path))
            if withdrawn is not None and withdrawn >= page.stored_at:
                return None
        return page

    # Answers ----------------------------------------------------------------------------------

    def _render(self, environ, start_response, generation, key):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None  # the write() callable; Django never uses it

        body_iterable = self.app(environ, capture)
        status, headers = captured["status"], captured["headers"]
        if status.startswith("5"):
            _close(body_iterable)
            return self._when_django_cannot_answer(environ, start_response, key, headers)
        names = {name.lower() for name, _ in headers}
        cacheable = (
            environ["REQUEST_METHOD"] == "GET"
            and status.startswith("200")
            and _MARKER_LOWER in names
            and "set-cookie" not in names
        )
        if not cacheable:
            start_response(status, [h for h in headers if h[0].lower() != _MARKER_LOWER])
            return body_iterable
        try:
            body = b"".join(body_iterable)
        finally:
            _close(body_iterable)
        page = CachedPage(status, headers, body)
        self._store(generation, key, page)
        return self._answer(page, environ, start_response, "miss")

    def _when_django_cannot_answer(self, environ, start_response, key, django_headers):
        page = self._last_good_copy(key, environ.get("PATH_INFO", ""))
        if page is not None:
            logger.warning("served a stale copy of %s: the site could not render it", key)
            return self._answer(page, environ, start_response, "stale")
        # Django's own error answer went through its middleware, so its headers are the site's
        # security headers (CSP and the rest); the page itself is the static one.
        kept = [
            (name, value)
            for name, value in django_headers
            if name.lower() not in ("content-type", "content-length", "cache-control", "vary")
        ]
        body = self.unavailable_page
        start_response(
            "503 Service Unavailable",
            [
                *kept,
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                ("Retry-After", str(RETRY_AFTER_SECONDS)),
            ],
        )
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _answer(self, page, environ, start_response, outcome):
        encoding = _choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""), page.bodies)
        head = environ["REQUEST_METHOD"] == "HEAD"
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if outcome == "hit" and not if_none_match:
            headers, body = page.hits[encoding]
            start_response(page.status, list(headers))  # a copy: the server may add to it
            return [b""] if head else [body]
        if if_none_match and page.etag_for(encoding) in if_none_match:
            start_response("304 Not Modified", page.headers_for(encoding, outcome, False))
            return [b""]
        start_response(page.status, page.headers_for(encoding, outcome, with_length=True))
        return [b""] if head else [page.bodies[encoding]]


def _close(body_iterable):
    if hasattr(body_iterable, "close"):
        body_iterable.close()


def _choose_encoding(accept_encoding, bodies):
    preferred = _preferred_encodings(accept_encoding)
    return next((encoding for encoding in preferred if encoding in bodies), "identity")


# Browsers send a handful of distinct Accept-Encoding values, so each is parsed once.
@functools.lru_cache(maxsize=256)
def _preferred_encodings(accept_encoding):
    accepted = set()
    for part in accept_encoding.lower().split(","):
        name, _, params = part.partition(";")
        if params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip())
    return tuple(encoding for encoding in ("br", "gzip") if encoding in accepted)
