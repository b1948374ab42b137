"""Works offline once visited: the web app manifest, its icons, the service worker and the
offline page, all under the site's strict Content-Security-Policy."""

import json
import re
from io import BytesIO

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from articles.models import Cause, MassageStep

pytestmark = pytest.mark.django_db


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_manifest_is_json_named_after_the_site_with_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"].startswith("calfcare")
    assert manifest["short_name"] == "calfcare"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0c6b62"
    assert manifest["background_color"] == "#ffffff"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200, icon["src"]
        with Image.open(BytesIO(b"".join(image.streaming_content))) as png:
            assert png.format == "PNG"
            assert f"{png.width}x{png.height}" == icon["sizes"]


def test_every_page_links_the_manifest_icons_and_the_service_worker_script(client):
    html = client.get("/massage/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(r'<link rel="apple-touch-icon" href="/static/img/icons/apple-touch-icon', html)
    assert '<meta name="theme-color" content="#0c6b62">' in html
    script = '<script src="/static/js/offline.js" data-service-worker="/sw.js" defer></script>'
    assert script in html


def test_icons_are_the_sizes_phones_ask_for():
    for name, size in [
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon.png", 180),
    ]:
        path = finders.find(f"img/icons/{name}")
        assert path, name
        with Image.open(path) as png:
            assert png.size == (size, size)


def test_service_worker_is_served_from_the_root_as_javascript_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "public" not in cache_control
    assert "X-Calfcare-Page-Cache" not in response


def test_service_worker_precaches_the_guide_the_routine_and_the_offline_page(client):
    body = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*?\});\n", body).group(1))
    pages = set(config["precache"])
    assert {"/", "/causes/", "/massage/", "/cramp-or-clot/", "/offline/"} <= pages
    for step in MassageStep.objects.published():
        assert step.get_absolute_url() in pages
    for cause in Cause.objects.published():
        assert cause.get_absolute_url() in pages
    assert "/static/css/site.css" in pages
    assert "/static/js/offline.js" in pages
    assert config["offline"] == "/offline/"
    assert "/review/" not in config["pages"] and "/feedback/" not in config["pages"]
    assert config["sections"] == ["/causes/", "/massage/", "/pictures/"]
    assert config["editorStatic"] == "/static/admin"
    assert re.fullmatch(r"calfcare-[0-9a-f]{16}", config["cache"])


def test_a_draft_step_is_not_precached(client):
    MassageStep.objects.filter(slug="knead-the-calf").update(is_published=False)
    body = client.get("/sw.js").content.decode()
    assert "/massage/knead-the-calf/" not in body


def test_service_worker_and_manifest_are_allowed_by_the_content_security_policy(client):
    directives = csp_directives(client.get("/massage/"))
    assert directives["worker-src"] == ["'self'"]
    assert directives["manifest-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    # The worker's own fetches follow the policy sent with its script.
    assert csp_directives(client.get("/sw.js"))["connect-src"] == ["'self'"]


def test_offline_page_shows_the_blood_clot_warning_and_is_not_indexed(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dvt-warning"' in html
    assert 'id="emergency-signs"' in html
    assert "You are offline" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_new_build_gets_a_new_cache_so_the_old_one_is_dropped(client, monkeypatch):
    from articles import offline

    names = []
    for build in ("a" * 16, "b" * 16):
        monkeypatch.setattr(offline, "build_identity", lambda root, manifest, build=build: build)
        offline.cache_name.cache_clear()
        names.append(re.search(r'"cache": "([^"]+)"', client.get("/sw.js").content.decode())[1])
    offline.cache_name.cache_clear()
    assert names == ["calfcare-" + "a" * 16, "calfcare-" + "b" * 16]
    # activate deletes every cache but the current one.
    assert "name !== CONFIG.cache" in client.get("/sw.js").content.decode()


@pytest.mark.slow_server
def test_with_collected_static_files_every_precached_address_answers(tmp_path):
    """As production serves it (gunicorn, hashed static names): the worker's list names files
    that exist, each kept-able (200, not private), and the manifest's icons are hashed too."""
    from tools.served import fetch, gunicorn, manage, production_env

    env = production_env(tmp_path)
    manage(env, "migrate", "--no-input")
    manage(env, "load_initial_content")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    with gunicorn(env, workers=1) as base:
        status, headers, body = fetch(base + "/sw.js")
        assert status == 200 and "no-cache" in headers["Cache-Control"]
        config = json.loads(re.search(r"const CONFIG = (\{.*?\});\n", body.decode()).group(1))
        assert re.search(r"/static/css/site\.[0-9a-f]{12}\.css", " ".join(config["precache"]))
        for address in config["precache"]:
            status, headers, _ = fetch(base + address)
            assert status == 200, address
            cache_control = headers.get("Cache-Control", "")
            assert "private" not in cache_control and "no-store" not in cache_control, address
            if not address.startswith("/static/"):
                assert "public" in cache_control, address
        manifest = json.loads(fetch(base + "/manifest.webmanifest")[2])
        for icon in manifest["icons"]:
            assert re.search(r"\.[0-9a-f]{12}\.png$", icon["src"])
            assert fetch(base + icon["src"])[0] == 200
