"""Forwarded headers, against gunicorn as production runs it: only the configured proxy's word
counts, and gunicorn and Django read it the same way (security review, issue 11)."""

import http.client
import re

import pytest

from tools.served import gunicorn, manage, production_env

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
    """Production settings with no proxy configured (plain http, as `make run` serves)."""
    env = production_env(tmp_path_factory.mktemp("site"))
    manage(env, "migrate", "--no-input")
    manage(env, "load_initial_content")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    with gunicorn(env, workers=1) as base:
        yield base


def canonical(body):
    return re.search(r'<link rel="canonical" href="([^"]+)"', body).group(1)


def test_a_script_name_header_cannot_plant_the_home_page_under_another_address(site):
    """gunicorn's default trusts SCRIPT_NAME from 127.0.0.1: one anonymous request could then
    store the home page under /massage/ for every reader."""
    for _ in range(2):
        get(site, "/", SCRIPT_NAME="/massage")
    status, _, body = get(site, "/massage/")
    assert status == 200
    assert canonical(body) == "http://127.0.0.1/massage/"
    assert "Knead the calf" in body


def test_without_a_proxy_configured_a_client_cannot_claim_https(site):
    """gunicorn's default believed X-Forwarded-Proto (and two other headers) from 127.0.0.1
    even when Django was told there is no proxy."""
    claims = {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on", "X-Forwarded-Protocol": "ssl"}
    for header, value in claims.items():
        status, _, body = get(site, "/causes/", **{header: value})
        assert status == 200
        assert canonical(body) == "http://127.0.0.1/causes/", header
