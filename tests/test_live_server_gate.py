"""The browser tests' guard against the teardown race (tests/live_server_gate.py) can fail: it
refuses and reports a request that comes after its test, and it waits for one still being served
before the database may be emptied."""

import threading
import time

import pytest

from tests.live_server_gate import REFUSED_BODY, LiveServerBusy, LiveServerGate


def request(gate, path="/massage/"):
    """Call the gate as the live server would; returns (status, body) once the response closed."""
    seen = {}

    def start_response(status, headers):
        seen["status"] = status

    result = gate({"REQUEST_METHOD": "GET", "PATH_INFO": path}, start_response)
    body = b"".join(result)
    getattr(result, "close", lambda: None)()
    return seen["status"], body


def page(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html")])
    return [b"<h1>Massage</h1>"]


def test_nothing_is_served_before_the_first_test_opens_the_gate():
    gate = LiveServerGate(page)
    assert request(gate) == ("503 Service Unavailable", REFUSED_BODY)
    assert gate.open() == ["GET /massage/ (after the session started)"]


def test_a_request_during_a_test_reaches_the_site():
    gate = LiveServerGate(page)
    assert gate.open() == []
    assert request(gate) == ("200 OK", b"<h1>Massage</h1>")
    gate.close(after="test_one")
    assert gate.take_late_requests() == []


def test_a_request_after_its_test_ended_is_refused_and_named_with_that_test():
    gate = LiveServerGate(page)
    gate.open()
    gate.close(after="tests/e2e/test_print.py::test_one")
    status, _ = request(gate, "/sw.js")
    assert status == "503 Service Unavailable"
    assert gate.open() == ["GET /sw.js (after tests/e2e/test_print.py::test_one)"]


def test_a_static_file_after_its_test_ended_is_refused_without_failing_the_next_test():
    """Chromium fetches the favicon on its own; a missing static file would get Django's 404
    page, which reads the database, so none is served during the flush either."""
    gate = LiveServerGate(page, quiet=lambda path: path.startswith("/static/"))
    gate.open()
    gate.close(after="tests/e2e/test_print.py::test_one")
    status, body = request(gate, "/static/favicon.svg")
    assert (status, body) == ("503 Service Unavailable", REFUSED_BODY)
    request(gate, "/massage/")
    assert gate.open() == ["GET /massage/ (after tests/e2e/test_print.py::test_one)"]


def test_closing_waits_for_a_request_still_being_served():
    release = threading.Event()
    started = threading.Event()

    def slow_page(environ, start_response):
        started.set()
        release.wait(5)
        start_response("200 OK", [])
        return [b"late"]

    gate = LiveServerGate(slow_page)
    gate.open()
    serving = threading.Thread(target=request, args=(gate,))
    serving.start()
    started.wait(5)

    closed_at = {}

    def close():
        gate.close(after="test_one")
        closed_at["time"] = time.monotonic()

    closing = threading.Thread(target=close)
    closing.start()
    time.sleep(0.2)
    assert "time" not in closed_at, "close() returned while a request was still being served"
    released_at = time.monotonic()
    release.set()
    closing.join(5)
    serving.join(5)
    assert closed_at["time"] >= released_at


def test_a_response_the_server_never_closes_is_named_when_time_runs_out():
    gate = LiveServerGate(page)
    gate.open()
    gate({"REQUEST_METHOD": "GET", "PATH_INFO": "/causes/"}, lambda status, headers: None)
    with pytest.raises(LiveServerBusy, match=r"1 request\(s\) still being served .* GET /causes/"):
        gate.close(after="test_one", timeout=0.1)


def test_a_request_whose_view_raises_is_no_longer_counted():
    def broken(environ, start_response):
        raise RuntimeError("view failed")

    gate = LiveServerGate(broken)
    gate.open()
    with pytest.raises(RuntimeError):
        request(gate)
    gate.close(after="test_one", timeout=0.1)
