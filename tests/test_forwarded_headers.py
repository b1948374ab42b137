"""Forwarded headers, against gunicorn as production runs it: only the configured proxy's word
counts, and gunicorn and Django read it the same way (security review, issue 11)."""

import http.client

import pytest

from tests.served import gunicorn, manage, production_env

pytestmark = pytest.mark.slow_server


def get(base, path, **headers):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response, body


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Production settings with HTTPS on and no proxy configured."""
    env = {**production_env(tmp_path_factory.mktemp("site")), "DJANGO_HTTPS": "true"}
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    with gunicorn(env, workers=1) as base:
        yield base


def test_a_script_name_header_cannot_plant_the_home_page_under_another_address(site):
    """gunicorn's default trusts SCRIPT_NAME from 127.0.0.1: one anonymous request could then
    store the home page under /massage/ for every reader."""
    proto = {"X-Forwarded-Proto": "https"}
    for _ in range(2):
        get(site, "/", SCRIPT_NAME="/massage", **proto)
    status, _, body = get(site, "/massage/", SCRIPT_NAME="", **proto)
    # No proxy is configured, so this is plain http and redirected; with the header trusted,
    # it would have been the planted home page.
    assert status == 301
    status, response, _ = get(site, "/massage/")
    assert status == 301
    assert response.getheader("Location") == "https://127.0.0.1/massage/"


def test_without_a_proxy_configured_a_client_cannot_claim_https(site):
    """gunicorn's default believed X-Forwarded-Proto from 127.0.0.1 even when Django was told
    there is no proxy: the https redirect (and HSTS's promise) could be skipped."""
    for header in ("X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Protocol"):
        value = {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"}.get(header, "ssl")
        status, response, _ = get(site, "/causes/", **{header: value})
        assert status == 301, header
        assert response.getheader("Location") == "https://127.0.0.1/causes/"
