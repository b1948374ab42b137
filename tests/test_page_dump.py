"""Every public page of a fresh install, rendered and (when asked) written to a folder, so that a
change meant to move code without changing behaviour can be proved byte-identical:

    DUMP_PAGES_TO=/tmp/before .venv/bin/python -m pytest -q tests/test_page_dump.py
    (make the change)
    DUMP_PAGES_TO=/tmp/after .venv/bin/python -m pytest -q tests/test_page_dump.py
    diff -r /tmp/before /tmp/after

The pages are the sitemap's, the sitemap itself, the feed, robots.txt, the worker and the
manifest, the offline page, each share card, and the 404, 500 and 503 pages; each file holds the
status, the headers and the body. Per-run values (CSP nonces, build ids, dates of the seed
content) are replaced by placeholders so two runs of the same code compare equal.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.test import Client, override_settings

from tests.site_pages import FAILING_URLCONF

pytestmark = pytest.mark.django_db

FIXED = (
    "/sitemap.xml",
    "/robots.txt",
    "/changes/",
    "/changes/feed/",
    "/sw.js",
    "/manifest.webmanifest",
    "/offline/",
    "/favicon.ico",
    "/feedback/thanks/?page=/",
    "/massage/no-such-step/",
)
FAILING = ("/test-only/fail/", "/test-only/unavailable/")
EXPECTED_STATUS = {
    "/favicon.ico": 302,
    "/massage/no-such-step/": 404,
    "/test-only/fail/": 500,
    "/test-only/unavailable/": 503,
}

# What differs between two runs of the same code: normalised away.
VARIABLE = (
    (re.compile(rb'nonce="[^"]+"'), b'nonce="NONCE"'),
    (re.compile(rb"'nonce-[^']+'"), b"'nonce-NONCE'"),
    (re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?"), b"DATETIME"),
    # The seed content is dated the day it loads: two runs either side of midnight differ.
    (re.compile(rb"<time\b[^>]*>[^<]*</time>"), b"<time>DATE</time>"),
    (re.compile(rb"calfcare-[0-9a-f]{8,}"), b"calfcare-BUILD"),
    (re.compile(rb'"build": ?"[0-9a-f]+"'), b'"build": "BUILD"'),
    (re.compile(rb"csrfmiddlewaretoken\" value=\"[^\"]+\""), b'csrfmiddlewaretoken" value="CSRF"'),
)
VARIABLE_HEADERS = {"date", "expires", "last-modified", "etag", "set-cookie"}


def _normalised(data):
    for pattern, placeholder in VARIABLE:
        data = pattern.sub(placeholder, data)
    return data


def _record(response):
    lines = [f"status {response.status_code}".encode()]
    for name, value in sorted(response.headers.items()):
        if name.lower() in VARIABLE_HEADERS:
            value = "VARIES"
        elif name.lower() == "content-security-policy":
            # django-csp joins its directives in set order, which changes with the hash seed.
            value = "; ".join(sorted(value.split("; ")))
        lines.append(f"{name}: {value}".encode())
    return _normalised(b"\n".join(lines) + b"\n\n" + response.content)


def _sitemap_paths(client):
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return [urlsplit(loc.text).path for loc in tree.iter(f"{namespace}loc")]


def _share_cards(paths):
    return [f"{path}card.png" for path in paths if re.fullmatch(r"/massage/[\w-]+/", path)]


def test_every_public_page_of_a_fresh_install_renders():
    client = Client()
    sitemap = _sitemap_paths(client)
    assert "/" in sitemap and len(sitemap) > 10
    pages = {path: client.get(path) for path in [*sitemap, *FIXED, *_share_cards(sitemap)]}
    with override_settings(ROOT_URLCONF=FAILING_URLCONF):
        failing = Client(raise_request_exception=False)
        pages.update({path: failing.get(path) for path in FAILING})
    for path, response in pages.items():
        expected = EXPECTED_STATUS.get(path, 200)
        assert response.status_code == expected, path
    folder = os.environ.get("DUMP_PAGES_TO")
    if folder:
        for path, response in pages.items():
            name = path.strip("/").replace("/", "__").replace("?", "_") or "index"
            target = Path(folder) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_record(response))
