"""The public page cache in front of Django: fast answers that are never stale or private."""

import io
import sys

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from articles.caching import page_generation
from articles.models import Guide, MassageStep
from calfcare.page_cache import PageCache

pytestmark = pytest.mark.django_db


class Response:
    def __init__(self, status, headers, body):
        self.status = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body

    @property
    def text(self):
        import brotli

        encoding = self.headers.get("Content-Encoding")
        return (brotli.decompress(self.body) if encoding == "br" else self.body).decode()


@pytest.fixture
def app():
    cache.clear()
    return PageCache(WSGIHandler(), generation=page_generation(), shared_store=cache)


def get(app, path, method="GET", query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, response_headers

    # As Django's test client does: keep the test's database connection open across the request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        body = b"".join(app(environ, start_response))
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return Response(captured["status"], captured["headers"], body)


def test_second_visit_is_answered_from_the_cache_without_queries(app):
    first = get(app, "/massage/")
    assert (first.status, first.headers["X-Page-Cache"]) == (200, "miss")
    with CaptureQueriesContext(connection) as queries:
        second = get(app, "/massage/")
    assert second.headers["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.body == first.body
    assert "Knead the calf" in second.text


def test_cached_answers_keep_every_security_header(app):
    get(app, "/causes/")
    hit = get(app, "/causes/")
    assert hit.headers["X-Page-Cache"] == "hit"
    assert hit.headers["X-Frame-Options"] == "DENY"
    assert hit.headers["X-Content-Type-Options"] == "nosniff"
    assert hit.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert hit.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "X-Calfcare-Page-Cache" not in hit.headers


def test_pages_are_compressed_with_brotli_or_gzip(app):
    get(app, "/massage/")
    br = get(app, "/massage/", accept_encoding="gzip, deflate, br")
    gz = get(app, "/massage/", accept_encoding="gzip")
    plain = get(app, "/massage/")
    assert br.headers["Content-Encoding"] == "br"
    assert gz.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert len(br.body) < len(gz.body) < len(plain.body) / 3
    assert br.headers["Vary"] == "Accept-Encoding"
    assert br.text == plain.text


def test_conditional_requests_get_304(app):
    first = get(app, "/causes/dehydration/")
    again = get(app, "/causes/dehydration/", if_none_match=first.headers["ETag"])
    assert again.status == 304
    assert again.body == b""


def test_a_saved_change_is_seen_on_the_next_request(app):
    get(app, "/massage/knead-the-calf/")
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.title = "Knead the calf slowly"
    step.save()
    response = get(app, "/massage/knead-the-calf/")
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Knead the calf slowly" in response.text


@pytest.mark.parametrize("path", ["/", "/massage/"])
def test_unpublishing_hides_the_step_at_once(app, path):
    assert "Shake out the calf" in get(app, path).text
    step = MassageStep.objects.get(slug="shake-out-the-calf")
    step.is_published = False
    step.save()
    assert "Shake out the calf" not in get(app, path).text


def test_an_editors_bulk_reorder_in_the_admin_is_seen(app, admin_client):
    get(app, "/massage/knead-the-calf/")
    MassageStep.objects.filter(slug="knead-the-calf").update(position=0)  # no signal is sent
    # Any successful admin write by staff marks pages stale (reorders use bulk updates).
    admin_client.post(f"/admin/articles/guide/{Guide.objects.get().pk}/change/", {})
    response = get(app, "/massage/knead-the-calf/")
    assert "Step 1 of 6" in response.text


def test_logged_in_editors_are_never_served_or_stored(app):
    get(app, "/massage/")
    editor = get(app, "/massage/", cookie="sessionid=abc")
    assert "X-Page-Cache" not in editor.headers
    MassageStep.objects.filter(slug="knead-the-calf").update(title="Changed quietly")
    # The reader still gets the stored public page: the editor's visit stored nothing.
    assert get(app, "/massage/").headers["X-Page-Cache"] == "hit"


def test_staff_draft_previews_are_private(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/massage/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "X-Calfcare-Page-Cache" not in response


def test_query_strings_and_posts_go_to_django(app):
    get(app, "/massage/")
    assert "X-Page-Cache" not in get(app, "/massage/", query="utm_source=chat").headers
    assert "X-Page-Cache" not in get(app, "/feedback/", method="POST").headers


def test_other_hosts_never_get_a_page_stored_for_this_one(app):
    get(app, "/massage/")
    other = get(app, "/massage/", host="evil.example")
    assert other.status == 400
    assert "X-Page-Cache" not in other.headers


def test_not_found_and_static_files_are_not_stored(app):
    assert get(app, "/massage/nope/").status == 404
    assert "X-Page-Cache" not in get(app, "/massage/nope/").headers
    assert "X-Page-Cache" not in get(app, "/static/css/site.css").headers


def test_head_requests_get_headers_only(app):
    get(app, "/causes/")
    head = get(app, "/causes/", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert int(head.headers["Content-Length"]) > 1000
