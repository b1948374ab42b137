"""A gate in front of the browser tests' live server: it serves requests only while a test runs.

Why: after a browser test, pytest-django empties every table and Django's `post_migrate` puts the
content types back: `create_contenttypes` reads which rows exist, then inserts the missing ones.
The live server answers in threads of this process, each with its own connection to the same test
database (a file: tests/settings.py). A request being served then, or one that arrives then (a
page's late fetch, a service worker precaching the guide), that asks for a content type
(`ContentType.objects.get_for_model`, as the site's views do) inserts it between that read and
that insert: `IntegrityError: UNIQUE constraint failed: django_content_type...` at the teardown of
whichever test happens to be ending.

The gate stands in front of everything the live server serves, static files too: a static file
is read from disk, but one that is missing is answered by Django's 404 page, which reads the
database like any other page.

So, at the end of each test, `close()` refuses new requests and waits until the ones being
served have finished (their response closed) before the flush may start. A request that comes
while the gate is closed never reaches Django: it gets a 503. A request for a page is recorded,
and the next test (or the end of the session) fails naming it and the test it came after.
Nothing is retried or silenced: a late page request is a bug in a test (a browser context left
open, a worker left running). A request for a static file (`quiet`) is refused without a word:
Chromium fetches some on its own (the favicon, after a page has loaded) at moments no test
controls, and a refused one costs the ended test nothing.
"""

import threading
import time

REFUSED_BODY = b"The test that opened this page has ended."


class LiveServerBusy(AssertionError):
    """Requests were still being served when a test ended and the database was to be emptied."""


class LiveServerGate:
    """WSGI middleware: counts the requests being served and refuses new ones while closed."""

    def __init__(self, app, quiet=lambda path: False):
        self.app = app
        self.quiet = quiet  # path -> True for requests refused without being recorded
        self._lock = threading.Condition()
        self._in_flight = {}  # request number -> "METHOD /path"
        self._numbers = iter(range(1, 2**63))
        self._closed_after = "the session started"  # closed until the first test opens it
        self._late = []

    # The live server's side: every request passes through here.
    def __call__(self, environ, start_response):
        request = f"{environ.get('REQUEST_METHOD', '?')} {environ.get('PATH_INFO', '')}"
        with self._lock:
            if self._closed_after is not None:
                if not self.quiet(environ.get("PATH_INFO", "")):
                    self._late.append(f"{request} (after {self._closed_after})")
                refused = True
            else:
                number = next(self._numbers)
                self._in_flight[number] = request
                refused = False
        if refused:
            start_response(
                "503 Service Unavailable",
                [("Content-Type", "text/plain"), ("Content-Length", str(len(REFUSED_BODY)))],
            )
            return [REFUSED_BODY]
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._finished(number)
            raise
        return _ClosingResult(result, lambda: self._finished(number))

    def _finished(self, number):
        with self._lock:
            self._in_flight.pop(number, None)
            self._lock.notify_all()

    # The tests' side.
    def open(self):
        """A test starts: serve requests. Returns the late requests since the last close."""
        with self._lock:
            self._closed_after = None
            late, self._late = self._late, []
        return late

    def close(self, after, timeout=15.0):
        """A test has ended: refuse new requests, then wait for the ones being served.

        Raises LiveServerBusy, naming them, if they have not finished within `timeout` seconds;
        the gate stays closed either way, so nothing new starts during the flush."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._closed_after = after
            while self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LiveServerBusy(
                        f"{len(self._in_flight)} request(s) still being served {timeout:g} s "
                        f"after {after} ended: {', '.join(sorted(self._in_flight.values()))}"
                    )
                self._lock.wait(remaining)

    def take_late_requests(self):
        """The requests refused since the gate closed (and forget them)."""
        with self._lock:
            late, self._late = self._late, []
        return late


class _ClosingResult:
    """The app's response, reporting when the server has closed it (the body is sent by then,
    and Django's request_finished, which closes database connections, has run)."""

    def __init__(self, result, finished):
        self._result = result
        self._finished = finished

    def __iter__(self):
        return iter(self._result)

    def close(self):
        try:
            close = getattr(self._result, "close", None)
            if close is not None:
                close()
        finally:
            self._finished()
