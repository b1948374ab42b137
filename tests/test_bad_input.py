"""Junk from crawlers and links mangled by chat apps: every answer is a deliberate 2xx/3xx/4xx,
never a 5xx, never a traceback, and never the junk reflected back."""

import string

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db
fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

PUBLIC_PATHS = [
    "/",
    "/causes/",
    "/causes/dehydration/",
    "/cramp-or-clot/",
    "/massage/",
    "/massage/knead-the-calf/",
    "/massage/knead-the-calf/card.png",
    "/sitemap.xml",
    "/robots.txt",
    "/feedback/thanks/",
]
DELIBERATE = {200, 301, 302, 303, 304, 400, 403, 404, 405, 413, 429}
MARKER = "zq7xj"  # put into the junk, then looked for in the answer

junk_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), min_size=0, max_size=60
)  # any Unicode, control characters included


def assert_deliberate(response, junk=""):
    assert response.status_code in DELIBERATE, response.status_code
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body
    if junk and MARKER in junk:
        assert MARKER not in body, "input reflected into the page"


@fixture_ok
@given(segment=junk_text)
def test_any_path_gets_a_deliberate_answer(client, segment):
    path = "/" + MARKER + segment
    assert_deliberate(client.get(path), path)


@fixture_ok
@given(slug=junk_text, section=st.sampled_from(["causes", "massage"]))
def test_any_slug_gets_a_deliberate_answer(client, slug, section):
    path = f"/{section}/{MARKER}{slug}/"
    assert_deliberate(client.get(path), path)


@fixture_ok
@given(
    raw=st.text(alphabet=string.ascii_letters + string.digits + "%/._-~", min_size=1, max_size=80)
)
def test_percent_encoded_junk_gets_a_deliberate_answer(client, raw):
    path = f"/massage/{MARKER}{raw}"
    assert_deliberate(client.get(path), path)


@fixture_ok
@given(path=st.sampled_from(PUBLIC_PATHS), query=junk_text, length=st.integers(0, 8000))
def test_query_strings_never_break_a_page(client, path, query, length):
    response = client.get(path, {"q": MARKER + query, "pad": "x" * length})
    assert_deliberate(response, MARKER + query)


@fixture_ok
@given(
    path=st.sampled_from(PUBLIC_PATHS),
    method=st.sampled_from(["HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "TRACE", "POST"]),
)
def test_odd_methods_get_a_deliberate_answer(client, path, method):
    response = client.generic(method, path)
    assert_deliberate(response)
    if method in ("PUT", "PATCH", "DELETE", "TRACE"):
        assert response.status_code in {403, 405}


@fixture_ok
@given(
    path=st.sampled_from(PUBLIC_PATHS),
    language=st.text(max_size=200),
    host=st.one_of(st.just("testserver"), st.text(max_size=80)),
)
def test_odd_headers_get_a_deliberate_answer(client, path, language, host):
    try:
        response = client.get(path, headers={"accept-language": language, "host": host})
    except ValueError:
        return  # the test client itself refuses headers no HTTP server would pass on
    assert_deliberate(response)


@fixture_ok
@given(
    page=st.one_of(st.sampled_from(PUBLIC_PATHS), junk_text),
    helpful=st.one_of(st.sampled_from(["yes", "no"]), junk_text),
    comment=st.text(max_size=700),
    website=st.one_of(st.just(""), junk_text),
)
def test_feedback_form_never_fails_on_junk(client, page, helpful, comment, website):
    caches["public-posts"].clear()  # keep the flood limit out of this test's way
    response = client.post(
        "/feedback/",
        {"page": page, "helpful": helpful, "comment": comment, "website": website},
        headers={"origin": "http://testserver"},
    )
    assert_deliberate(response)
    assert response.status_code in {303, 400, 413}


def test_oversized_bodies_are_refused(client):
    big = "x" * (3 * 1024 * 1024)
    response = client.post("/feedback/", {"comment": big}, headers={"origin": "http://testserver"})
    assert response.status_code == 413
    response = client.post("/massage/", {"comment": big})
    assert response.status_code in {400, 403, 405, 413}
