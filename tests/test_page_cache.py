"""The public page cache in front of Django: fast answers that are never stale or private."""

import io
import json
import sys
import time
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from articles.models import MassageStep
from articles.views import unavailable_page
from delivery.page_cache import PageCache, page_generation, page_store

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


def page_cache(django_app=None, **options):
    """The page cache as calfcare.wsgi builds it, around `django_app` (Django by default)."""
    settings = {
        "generation": page_generation(),
        "store": page_store(),
        "build": "test-build",
        "allowed_hosts": ["testserver", "localhost"],
        "unavailable_page": unavailable_page(),
        **options,
    }
    return PageCache(django_app or WSGIHandler(), **settings)


@pytest.fixture
def app():
    return page_cache()


def get(app, path, method="GET", query="", environ_extra=None, **headers):
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
        **(environ_extra or {}),
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
    assert hit.headers["Cache-Control"] == (
        "public, max-age=0, must-revalidate, "  # browsers revalidate every time
        "s-maxage=86400, stale-while-revalidate=60, stale-if-error=86400"  # shared caches
    )
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


@pytest.mark.parametrize(
    "path, while_published, once_unpublished",
    [
        # The home page's routine card counts the steps.
        ("/", "A 6-step self-massage", "A 5-step self-massage"),
        ("/massage/", "Shake out the calf", "Find the knots"),
    ],
)
def test_unpublishing_hides_the_step_at_once(app, path, while_published, once_unpublished):
    assert while_published in get(app, path).text
    step = MassageStep.objects.get(slug="shake-out-the-calf")
    step.is_published = False
    step.save()
    page = get(app, path).text
    assert while_published not in page and once_unpublished in page


def test_a_drag_and_drop_reorder_in_the_admin_is_seen_at_once(app, admin_client):
    assert "Step 3 of 6" in get(app, "/massage/knead-the-calf/").text
    steps = list(MassageStep.objects.order_by("position"))
    knead = next(step for step in steps if step.slug == "knead-the-calf")
    # What django-admin-sortable2's script posts when a row is dragged up to second place (the
    # first step stays first: articles/desk/ordering.py).
    response = admin_client.post(
        "/admin/articles/massagestep/adminsortable2_update/",
        json.dumps(
            {"updatedItems": [[knead.pk, steps[1].position], [steps[1].pk, knead.position]]}
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    response = get(app, "/massage/knead-the-calf/")
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Step 2 of 6" in response.text


def test_logged_in_editors_are_never_served_or_stored(app):
    get(app, "/massage/")
    editor = get(app, "/massage/", cookie="sessionid=abc")
    assert "X-Page-Cache" not in editor.headers
    # The reader still gets the stored public page: the editor's visit stored nothing.
    assert get(app, "/massage/").headers["X-Page-Cache"] == "hit"


def test_staff_draft_views_are_private(client, admin_user):
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


# Fails open ------------------------------------------------------------------------------------


class BrokenStore:
    """A store that fails as Redis does when it is down, or a cache folder that cannot be
    written: every call raises."""

    def __init__(self, error=None):
        self.error = error or ConnectionError("Connection refused")
        self.calls = 0

    def _fail(self, *args, **kwargs):
        self.calls += 1
        raise self.error

    get = set = incr = _fail


class BrokenGeneration:
    def current(self):
        raise OSError("Permission denied")


@pytest.mark.parametrize("error", [ConnectionError("refused"), PermissionError(13, "denied")])
def test_readers_get_pages_when_the_store_fails(error):
    app = page_cache(store=BrokenStore(error))
    for _ in range(3):
        response = get(app, "/massage/")
        assert response.status == 200
        assert 'id="dvt-warning"' in response.text


def test_readers_get_pages_when_the_generation_cannot_be_read():
    app = page_cache(generation=BrokenGeneration())
    first, second = get(app, "/massage/"), get(app, "/massage/")
    assert (first.status, second.status) == (200, 200)
    assert second.headers["X-Page-Cache"] == "miss"  # as if the cache were off


class FrozenMonotonicClock:
    """The time module, with its monotonic clock stopped."""

    def __getattr__(self, name):
        return getattr(time, name)

    def monotonic(self):
        return 1000.0


def test_a_failing_store_is_logged_once_a_minute_and_then_left_alone(caplog, monkeypatch):
    monkeypatch.setattr("delivery.cache_guard._last_logged", None)  # no report yet this minute
    # The twenty requests fall within the store's rest however slow the machine is.
    monkeypatch.setattr("delivery.page_cache.time", FrozenMonotonicClock())
    store = BrokenStore()
    app = page_cache(store=store)
    with caplog.at_level("WARNING", logger="calfcare.cache"):
        for _ in range(20):
            assert get(app, "/causes/").status == 200
    reports = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
    assert len(reports) == 1
    assert "Connection refused" not in reports[0].getMessage()  # the class, never the details
    assert store.calls < 5  # rested for a second after failing, not asked by every request


def test_a_save_stands_when_pages_cannot_be_marked_stale(settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.PAGE_CACHE_GENERATION_FILE = blocker / "page-generation"
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.title = "Knead the calf gently"
    step.save()
    assert MassageStep.objects.get(pk=step.pk).title == "Knead the calf gently"


# Stale if error --------------------------------------------------------------------------------


class DatabaseDown:
    """Django as it answers when its database is unreachable: the site's 500 page."""

    def __init__(self, django_app):
        self.django_app = django_app
        self.down = False

    def __call__(self, environ, start_response):
        if self.down:
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "text/html"), ("X-Frame-Options", "DENY")],
            )
            return [b"<h1>Server error</h1>"]
        return self.django_app(environ, start_response)


def test_the_last_good_copy_is_served_when_django_cannot_render(settings):
    django = DatabaseDown(WSGIHandler())
    app = page_cache(django)
    good = get(app, "/massage/")
    MassageStep.objects.filter(slug="knead-the-calf").update(title="Changed")
    page_generation().bump()  # the copy is no longer current...
    django.down = True
    stale = get(app, "/massage/")
    assert stale.status == 200  # ...but it is the best a reader can get
    assert stale.headers["X-Page-Cache"] == "stale"
    assert stale.body == good.body


def test_the_last_good_copy_outlives_a_deploy(settings):
    get(page_cache(build="release-1"), "/causes/")
    django = DatabaseDown(WSGIHandler())
    django.down = True
    # A new release, with a new process (nothing in memory), during a database outage.
    stale = get(page_cache(django, build="release-2"), "/causes/")
    assert stale.headers["X-Page-Cache"] == "stale"
    assert "Dehydration" in stale.text


def test_a_page_never_kept_gets_the_unavailable_page_with_the_full_warning(settings):
    django = DatabaseDown(WSGIHandler())
    django.down = True
    response = get(page_cache(django), "/massage/knead-the-calf/")
    assert response.status == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"  # Django's security headers are kept
    page = response.text
    assert 'id="dvt-warning"' in page
    assert 'href="tel:999"' in page and 'href="tel:111"' in page
    assert "Emergency:" in page and "Call 999 or go to A&amp;E now if:" in page
    assert "swelling of the leg" in page
    assert "not available right now" in page


def test_the_unavailable_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = unavailable_page().decode()
    assert 'id="dvt-warning"' in page


def test_stale_copies_survive_a_store_outage_in_the_same_process():
    django = DatabaseDown(WSGIHandler())
    store = page_store()
    app = page_cache(django, store=store)
    get(app, "/causes/")
    store.clear()  # Redis restarted empty, say, while the database is down too
    page_generation().bump()
    django.down = True
    assert get(app, "/causes/").headers["X-Page-Cache"] == "stale"


def test_healthz_never_touches_the_page_cache():
    app = page_cache(store=BrokenStore(), generation=BrokenGeneration())
    response = get(app, "/healthz", host="10.0.0.8")
    assert response.status == 200
    assert "X-Page-Cache" not in response.headers


# Keys ------------------------------------------------------------------------------------------


def test_a_forged_script_name_is_never_answered_or_stored(app):
    """gunicorn (with its default trust of 127.0.0.1) turned a SCRIPT_NAME header into the
    environ's SCRIPT_NAME: one request could store the home page under any address."""
    poisoned = get(app, "/", environ_extra={"SCRIPT_NAME": "/massage"})
    assert "X-Page-Cache" not in poisoned.headers
    page = get(app, "/massage/")
    assert "Knead the calf" in page.text
    assert page.headers["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "host", ["testserver:8080", "testserver:080", "TESTSERVER", "testserver.", "testserver:80:80"]
)
def test_host_variants_are_not_stored_as_pages_of_their_own(app, host):
    get(app, "/causes/", host=host)
    again = get(app, "/causes/", host=host)
    assert again.headers.get("X-Page-Cache") != "hit"


def test_the_servers_own_port_is_the_same_page(app):
    get(app, "/causes/", host="testserver:80")
    assert get(app, "/causes/", host="testserver:80").headers["X-Page-Cache"] == "hit"


def test_a_page_is_fresh_for_a_bounded_time_after_a_change_made_without_signals(monkeypatch):
    app = page_cache(fresh_seconds=300)
    get(app, "/massage/")
    MassageStep.objects.filter(slug="knead-the-calf").update(title="Knead it quietly")
    assert "Knead it quietly" not in get(app, "/massage/").text  # within the 5 minutes
    real_time = __import__("time").time
    monkeypatch.setattr("delivery.page_cache.time.time", lambda: real_time() + 301)
    assert "Knead it quietly" in get(app, "/massage/").text


def test_a_new_build_never_serves_the_previous_builds_pages():
    get(page_cache(build="release-1"), "/massage/")
    response = get(page_cache(build="release-2"), "/massage/")
    assert response.headers["X-Page-Cache"] == "miss"


def test_clear_page_cache_makes_every_page_stale(app):
    from django.core.management import call_command

    get(app, "/causes/")
    MassageStep.objects.filter(slug="knead-the-calf").update(title="Knead it quietly")
    call_command("clear_page_cache", stdout=io.StringIO())
    assert get(app, "/causes/").headers["X-Page-Cache"] == "miss"
    assert "Knead it quietly" in get(app, "/massage/").text


def test_loaddata_makes_every_page_stale(app, tmp_path):
    from django.core.management import call_command

    fixture = tmp_path / "steps.json"
    with fixture.open("w") as out:
        call_command("dumpdata", "articles.massagestep", stdout=out)
    get(app, "/massage/")
    MassageStep.objects.filter(slug="knead-the-calf").update(title="Knead it quietly")
    page_generation_before = page_generation().current()
    call_command("loaddata", str(fixture), verbosity=0)
    assert page_generation().current() != page_generation_before
    assert "Knead the calf" in get(app, "/massage/").text


def test_migrating_makes_every_page_stale(app):
    from django.core.management import call_command

    get(app, "/causes/")
    call_command("migrate", verbosity=0)
    assert get(app, "/causes/").headers["X-Page-Cache"] == "miss"


def test_a_scheme_header_with_two_values_cannot_store_an_https_page_for_plain_http(settings):
    """`X-Forwarded-Proto: https,http` made Django see https and the page cache http: a page
    stored under the http:// key then answered plain-http readers instead of the redirect."""
    from delivery.page_cache import one_forwarded_scheme

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    app = one_forwarded_scheme(
        page_cache(proxy_ssl_header=settings.SECURE_PROXY_SSL_HEADER),
        "HTTP_X_FORWARDED_PROTO",
        trusted_proxies=1,
    )
    forged = get(app, "/massage/", x_forwarded_proto="https,http")
    assert forged.status == 301  # our proxy's own value (the last) says http
    assert get(app, "/massage/", x_forwarded_proto="javascript").status == 301
    assert get(app, "/massage/").status == 301
    secure = get(app, "/massage/", x_forwarded_proto="https")
    assert secure.status == 200


@pytest.mark.parametrize(
    ("value", "proxies", "scheme"),
    [
        ("https", 1, "https"),
        ("https,http", 1, "http"),
        ("http, https", 1, "https"),
        ("https,http", 2, "https"),
        ("https", 2, None),
        ("HTTPS", 1, "https"),
        ("", 1, None),
        ("ftp", 1, None),
    ],
)
def test_the_forwarded_scheme_is_the_one_our_proxy_wrote(value, proxies, scheme):
    from delivery.page_cache import forwarded_scheme

    assert forwarded_scheme(value, proxies) == scheme


def test_the_build_identity_covers_every_app_of_the_project_found_from_the_apps(settings):
    """A deploy that changes only publishing/ or feedback/ must not serve the old release's
    pages: every installed app in the project counts, and the project package, but not Django's
    own apps or a library's."""
    from delivery.page_cache import _project_packages

    names = {folder.name for folder in _project_packages(Path(settings.BASE_DIR))}
    assert names == {"calfcare", "articles", "feedback", "publishing", "delivery", "translations"}


def test_a_change_to_any_apps_code_changes_the_build_identity(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from delivery import page_cache

    app = tmp_path / "newapp"
    app.mkdir()
    (app / "views.py").write_text("ANSWER = 1\n")
    library = tmp_path / ".venv" / "lib" / "somelib"
    library.mkdir(parents=True)
    (library / "code.py").write_text("X = 1\n")
    configs = [SimpleNamespace(path=str(app)), SimpleNamespace(path=str(library))]
    monkeypatch.setattr(page_cache.apps, "get_app_configs", lambda: configs)
    before = page_cache.build_identity(tmp_path)
    (library / "code.py").write_text("X = 2\n")
    assert page_cache.build_identity(tmp_path) == before
    (app / "views.py").write_text("ANSWER = 2\n")
    assert page_cache.build_identity(tmp_path) != before


def test_a_change_to_a_template_a_static_file_or_the_requirements_changes_the_build(
    tmp_path, settings, monkeypatch
):
    """Pages are rendered from templates, static files and the libraries production installs:
    a deploy that changes only one of these is a new build, wherever the settings keep them."""
    from delivery import page_cache

    templates, static, requirements = (
        tmp_path / name for name in ("tpl", "assets", "requirements")
    )
    for folder in (templates, static, requirements):
        folder.mkdir()
    (templates / "page.html").write_text("<p>One</p>")
    (static / "site.css").write_text("p { color: black; }")
    (requirements / "base.txt").write_text("django==5.2\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [templates]}]
    settings.STATICFILES_DIRS = [static]
    monkeypatch.setattr(page_cache.apps, "get_app_configs", lambda: [])

    seen = {page_cache.build_identity(tmp_path)}
    for path, text in (
        (templates / "page.html", "<p>Two</p>"),
        (static / "site.css", "p { color: navy; }"),
        (requirements / "base.txt", "django==5.2.1\n"),
    ):
        path.write_text(text)
        seen.add(page_cache.build_identity(tmp_path))
    assert len(seen) == 4


def test_an_apps_own_templates_count_in_the_build_identity(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from delivery import page_cache

    app = tmp_path / "newapp"
    (app / "templates" / "newapp").mkdir(parents=True)
    (app / "templates" / "newapp" / "page.html").write_text("<p>One</p>")
    (app / "__pycache__").mkdir()
    (app / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"1")
    monkeypatch.setattr(page_cache.apps, "get_app_configs", lambda: [SimpleNamespace(path=app)])
    before = page_cache.build_identity(tmp_path)
    (app / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"2")
    assert page_cache.build_identity(tmp_path) == before
    (app / "templates" / "newapp" / "page.html").write_text("<p>Two</p>")
    assert page_cache.build_identity(tmp_path) != before
