"""A cache for public pages, answered in front of Django the way whitenoise answers static files.

A content page changes a few times a month and is read thousands of times a day, so the fastest
correct answer is the bytes Django produced last time. This WSGI wrapper stores a page when
Django marks it public (see `articles.caching.public_page`), then answers later requests for it
itself: no middleware, no view, no query. The stored response keeps every header Django set
(security headers and CSP included), with gzip and brotli copies made once at store time.

Correctness rules:
- Only anonymous requests are answered or stored: a request carrying a session cookie (any
  logged-in editor) always goes to Django, and what Django answers it is never stored.
- Only GET/HEAD without a query string; only 200 responses that set no cookie.
- The cache key includes scheme and host, so a page is only ever replayed for the same origin
  Django validated and rendered it for.
- Any content change bumps a shared "generation" (see `Generation`); every worker checks it on
  every request, so the next request anywhere sees the change.
"""

import gzip
import hashlib
import os
import secrets
import threading
from collections import OrderedDict
from pathlib import Path

try:
    import brotli
except ImportError:  # brotli ships with whitenoise[brotli]; without it, gzip only
    brotli = None

# Set by the view decorator; never sent to clients.
MARKER = "X-Calfcare-Page-Cache"
_MARKER_LOWER = MARKER.lower()
_DROPPED_HEADERS = {_MARKER_LOWER, "content-length", "content-encoding"}
_COMPRESSIBLE = ("text/", "application/xml", "application/json")


class Generation:
    """A token that changes whenever content changes, shared by every worker.

    On one machine it is a small file: checking it costs one stat() per request. With a shared
    cache (Redis, for several machines) it is a key in that cache.
    """

    def __init__(self, path=None, cache=None):
        self.path = Path(path) if path else None
        self.cache = cache

    def current(self):
        if self.cache is not None:
            return str(self.cache.get("page-cache-generation", 0))
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return "0"
        return f"{stat.st_ino}-{stat.st_mtime_ns}"

    def bump(self):
        if self.cache is not None:
            try:
                self.cache.incr("page-cache-generation")
            except ValueError:
                self.cache.set("page-cache-generation", secrets.randbelow(10**9), timeout=None)
            return
        # A new file (new inode) replaces the old one atomically: no reader sees it half-written.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(8)}")
        temporary.write_text(secrets.token_hex(8))
        os.replace(temporary, self.path)


class CachedPage:
    __slots__ = ("status", "headers", "bodies", "etag")

    def __init__(self, status, headers, body):
        self.status = status
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


class PageCache:
    def __init__(self, app, *, generation, shared_store=None, session_cookie="sessionid",
                 proxy_ssl_header=None, max_local_pages=512, timeout=60 * 60 * 24):  # fmt: skip
        self.app = app
        self.generation = generation
        self.shared_store = shared_store
        self.session_cookie = session_cookie + "="
        self.proxy_ssl_header = proxy_ssl_header
        self.max_local_pages = max_local_pages
        self.timeout = timeout
        self._local = OrderedDict()
        self._lock = threading.Lock()
        self._local_generation = None

    def __call__(self, environ, start_response):
        if not self._may_answer(environ):
            return self.app(environ, start_response)
        generation = self.generation.current()
        key = self._key(environ)
        page = self._lookup(generation, key)
        if page is not None:
            return self._answer(page, environ, start_response, "hit")
        return self._render(environ, start_response, generation, key)

    def _may_answer(self, environ):
        return (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and not environ.get("QUERY_STRING")
            and self.session_cookie not in environ.get("HTTP_COOKIE", "")
            and "HTTP_AUTHORIZATION" not in environ
        )

    def _key(self, environ):
        scheme = environ.get("wsgi.url_scheme", "http")
        if self.proxy_ssl_header:
            header, value = self.proxy_ssl_header
            if environ.get(header) == value:
                scheme = "https"
        host = environ.get("HTTP_HOST", environ.get("SERVER_NAME", "")).lower()
        return f"{scheme}://{host}{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"

    def _shared_key(self, generation, key):
        return "page:" + hashlib.sha256(f"{generation} {key}".encode()).hexdigest()

    def _lookup(self, generation, key):
        with self._lock:
            if generation != self._local_generation:
                self._local.clear()
                self._local_generation = generation
            page = self._local.get(key)
            if page is not None:
                self._local.move_to_end(key)
                return page
        if self.shared_store is not None:
            page = self.shared_store.get(self._shared_key(generation, key))
            if page is not None:
                self._remember(generation, key, page)
            return page
        return None

    def _remember(self, generation, key, page):
        with self._lock:
            if generation != self._local_generation:
                return
            self._local[key] = page
            self._local.move_to_end(key)
            while len(self._local) > self.max_local_pages:
                self._local.popitem(last=False)

    def _render(self, environ, start_response, generation, key):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None  # the write() callable; Django never uses it

        body_iterable = self.app(environ, capture)
        headers = captured["headers"]
        names = {name.lower() for name, _ in headers}
        cacheable = (
            environ["REQUEST_METHOD"] == "GET"
            and captured["status"].startswith("200")
            and _MARKER_LOWER in names
            and "set-cookie" not in names
        )
        if not cacheable:
            start_response(
                captured["status"], [h for h in headers if h[0].lower() != _MARKER_LOWER]
            )
            return body_iterable
        try:
            body = b"".join(body_iterable)
        finally:
            if hasattr(body_iterable, "close"):
                body_iterable.close()
        page = CachedPage(captured["status"], headers, body)
        if self.shared_store is not None:
            self.shared_store.set(self._shared_key(generation, key), page, self.timeout)
        self._remember(generation, key, page)
        return self._answer(page, environ, start_response, "miss")

    def _answer(self, page, environ, start_response, outcome):
        encoding = _choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""), page.bodies)
        etag = page.etag if encoding == "identity" else page.etag[:-1] + f'-{encoding}"'
        headers = [*page.headers, ("ETag", etag), ("X-Page-Cache", outcome)]
        if encoding != "identity":
            headers.append(("Content-Encoding", encoding))
        if etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            start_response("304 Not Modified", headers)
            return [b""]
        body = page.bodies[encoding]
        headers.append(("Content-Length", str(len(body))))
        start_response(page.status, headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def _choose_encoding(accept_encoding, bodies):
    accepted = set()
    for part in accept_encoding.lower().split(","):
        name, _, params = part.partition(";")
        if params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip())
    for encoding in ("br", "gzip"):
        if encoding in accepted and encoding in bodies:
            return encoding
    return "identity"
