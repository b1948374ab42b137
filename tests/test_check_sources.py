"""`manage.py check_sources` tries every source address and lists the ones that no longer answer.

Run here against a small web server on this machine's loopback address, never the internet.
"""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import CONTENT_MODELS, Cause, Guide
from tests.factories import AftercareNoteFactory, CauseFactory, MassageStepFactory

pytestmark = pytest.mark.django_db


class Pages(BaseHTTPRequestHandler):
    """/ok answers; /missing is gone (404); /broken fails (500); /moved redirects to /ok;
    /no-head refuses HEAD (405) but answers GET; /slow answers only when the test ends."""

    seen = []
    released = threading.Event()

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head):
        self.seen.append((self.command, self.path, self.headers.get("User-Agent")))
        if self.path == "/slow":
            self.released.wait(30)
        status = {"/ok": 200, "/missing": 404, "/broken": 500, "/slow": 200}.get(self.path)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head":
            self.send_response(405 if head else 200)
        else:
            self.send_response(status or 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def site(monkeypatch):
    """The loopback server's address; no item keeps a source that would go elsewhere."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for model in CONTENT_MODELS:
        if hasattr(model, "source_list"):
            model.objects.update(sources="")
    Pages.seen = []
    Pages.released.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    # A short poll, so shutting the server down at the end of each test is quick.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Pages.released.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def refused_address():
    """An address on loopback where nothing listens: connecting is refused."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"


def source(name, url):
    return f"Test: {name} | {url} | 2026-12-01"


def check_sources(*args):
    """The command's output and exit status."""
    out = StringIO()
    try:
        call_command("check_sources", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


def test_broken_addresses_are_listed_with_their_item_line_and_what_went_wrong(
    site, refused_address
):
    CauseFactory(
        title="Cramp",
        sources="\n".join(
            [
                source("Fine", f"{site}/ok"),
                source("Gone", f"{site}/missing"),
                source("Moved", f"{site}/moved"),
            ]
        ),
    )
    MassageStepFactory(title="Knead", sources=source("Failing", f"{site}/broken"))
    AftercareNoteFactory(
        title="Rest",
        sources=source("No HEAD", f"{site}/no-head") + "\n" + source("Nobody", refused_address),
    )
    output, status = check_sources()
    assert status == 1
    lines = output.strip().splitlines()
    assert lines[:-1] == [
        f"Cause “Cramp”, line 2: {site}/missing: 404 Not Found",
        f"Massage step “Knead”, line 1: {site}/broken: 500 Internal Server Error",
        f"Aftercare note “Rest”, line 2: {refused_address}: could not connect (Connection refused)",
    ]
    assert lines[-1] == "Checked 6 addresses in 3 items: 3 broken."


def test_all_working_addresses_exit_with_status_0_and_one_summary_line(site):
    Guide.objects.update(sources=source("Fine", f"{site}/ok"))
    CauseFactory(sources=source("Moved", f"{site}/moved") + "\n" + source("Fine", f"{site}/ok"))
    output, status = check_sources()
    assert status == 0
    assert output.strip() == "Checked 2 addresses in 2 items: all working."


def test_it_asks_with_head_first_and_gets_only_when_head_is_refused(site):
    CauseFactory(sources=source("Fine", f"{site}/ok") + "\n" + source("No HEAD", f"{site}/no-head"))
    check_sources()
    assert [(method, path) for method, path, _ in Pages.seen] == [
        ("HEAD", "/ok"),
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
    ]


def test_a_redirect_is_followed_with_the_same_method(site):
    CauseFactory(sources=source("Moved", f"{site}/moved"))
    check_sources()
    assert [(method, path) for method, path, _ in Pages.seen] == [
        ("HEAD", "/moved"),
        ("HEAD", "/ok"),
    ]


def test_it_says_who_is_asking(site):
    CauseFactory(sources=source("Fine", f"{site}/ok"))
    check_sources()
    user_agent = Pages.seen[0][2]
    assert user_agent.startswith("calfcare-source-check/1.0 (")
    assert "Python-urllib" not in user_agent


def test_an_address_that_does_not_answer_in_time_is_broken(site):
    CauseFactory(title="Slow", sources=source("Slow", f"{site}/slow"))
    output, status = check_sources("--timeout", "0.2")
    assert status == 1
    assert f"Cause “Slow”, line 1: {site}/slow: no answer within 0.2 seconds" in output


def test_an_address_cited_twice_is_checked_once_and_listed_for_both(site):
    first = CauseFactory(title="First", sources=source("Gone", f"{site}/missing"))
    CauseFactory(title="Second", sources=source("Gone", f"{site}/missing"))
    output, status = check_sources()
    assert status == 1
    assert f"Cause “First”, line 1: {site}/missing: 404 Not Found" in output
    assert f"Cause “Second”, line 1: {site}/missing: 404 Not Found" in output
    assert [path for _, path, _ in Pages.seen].count("/missing") == 2  # HEAD, then GET
    assert first.pk


def test_a_source_line_saved_without_the_check_is_reported(site):
    Cause.objects.filter(slug="dehydration").update(sources="NHS Blood clots, no address")
    output, status = check_sources()
    assert status == 1
    assert "Cause “Dehydration”: Line 1 is not in the form" in output
