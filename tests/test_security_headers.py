"""Every response carries the security headers; public pages the strict CSP, the admin its own."""

import base64
import hashlib
import io
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from tests.active_content import active_content

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# Django's admin has one inline style (change lists without actions); it is allowed by its hash.
ADMIN_STYLE_HASH = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
ADMIN_POLICY = {**PUBLIC_POLICY, "style-src": ["'self'", ADMIN_STYLE_HASH]}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), "
    "display-capture=(), encrypted-media=(), geolocation=(), gyroscope=(), hid=(), "
    "idle-detection=(), local-fonts=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), serial=(), usb=(), xr-spatial-tracking=()"
)

PUBLIC_PAGES = [
    "/", "/causes/", "/causes/deep-vein-thrombosis/", "/massage/", "/massage/knead-the-calf/",
]  # fmt: skip
NOT_FOUND = "/no-such-page/"
STYLESHEET = "/static/css/site.css"


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}: the order of directives carries no meaning."""
    directives = [part.split() for part in response[header].split(";") if part.strip()]
    return {directive[0]: directive[1:] for directive in directives}


def png_upload_url():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    name = default_storage.save("uploads/" + "a" * 32 + ".png", ContentFile(buffer.getvalue()))
    return default_storage.url(name)


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, NOT_FOUND, STYLESHEET, "/healthz"])
def test_public_responses_have_the_strict_policy_exactly(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert policy(response) == PUBLIC_POLICY


@pytest.mark.parametrize("path", ["/admin/", "/admin/articles/cause/", "/admin/articles/guide/"])
def test_admin_pages_have_the_admin_policy_exactly(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert policy(response) == ADMIN_POLICY


def test_the_admin_login_page_has_the_admin_policy(client):
    assert policy(client.get("/admin/login/")) == ADMIN_POLICY


def test_no_policy_allows_unsafe_inline_or_eval(client, admin_client):
    for response in [client.get("/"), admin_client.get("/admin/articles/cause/")]:
        assert "unsafe" not in response["Content-Security-Policy"]


def test_the_admin_style_hash_is_that_of_djangos_inline_style(admin_client, monkeypatch):
    from django.contrib import admin

    from articles.models import Guide

    # Django's change list adds its inline style when a list shows no action bar.
    guide_admin = admin.site._registry[Guide]
    monkeypatch.setattr(guide_admin, "actions_on_top", False)
    monkeypatch.setattr(guide_admin, "actions_on_bottom", False)
    html = admin_client.get("/admin/articles/guide/").content.decode()
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" == ADMIN_STYLE_HASH


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, NOT_FOUND])
def test_public_pages_have_no_inline_script_or_style(client, path):
    found = active_content(client.get(path).content.decode())
    # Only files from this site, data-only JSON-LD, and the feedback form posting to this site.
    assert found <= {
        ("link", "stylesheet", STYLESHEET),
        ("link", "stylesheet", "/static/css/print.css"),
        ("link", "icon", "/static/img/favicon.svg"),
        ("link", "apple-touch-icon", "/static/img/icons/apple-touch-icon.png"),
        ("link", "manifest", "/manifest.webmanifest"),
        ("script", "/static/js/guide.js", None, ""),
        ("script", "/static/js/offline.js", None, ""),
        ("script", "/static/js/print.js", None, ""),
        ("json-ld", "valid"),
        ("form", "/feedback/"),
        # The step drawings, inline from the site's own files (articles.step_pictures).
        ("svg", "step-picture__drawing"),
        # The drawn name in the header and footer, inline from static/img/wordmark.svg.
        ("svg", "site-header__name"),
        ("svg", "site-footer__name"),
        # The printed page's QR code, drawn by segno while the page renders (print_qr.html).
        ("svg", "print-qr__code"),
        # The guided routine's strip and check, shown only by guide.js (massagestep_list.html).
        ("template", "routine-parts"),
    }
    assert ("link", "stylesheet", STYLESHEET) in found


@pytest.mark.parametrize(
    "path", [*PUBLIC_PAGES, NOT_FOUND, STYLESHEET, "/healthz", "/admin/login/", "upload"]
)
def test_every_response_has_the_security_headers(client, path):
    response = client.get(png_upload_url() if path == "upload" else path)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, NOT_FOUND, "/admin/login/"])
def test_pages_refuse_to_be_framed(client, path):
    assert client.get(path)["X-Frame-Options"] == "DENY"


def test_uploaded_images_are_sandboxed_and_load_nothing(client):
    response = client.get(png_upload_url())
    assert response.status_code == 200
    assert policy(response) == {
        "default-src": ["'none'"],
        "style-src-attr": ["'unsafe-inline'"],  # the browser's own image viewer
        "sandbox": [],
    }
    assert response["Content-Disposition"] == f'inline; filename="{"a" * 32}.png"'


def test_readers_pages_can_be_cached_and_do_not_vary_by_cookie(client):
    response = client.get("/massage/")
    assert "private" not in response.get("Cache-Control", "")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies, "readers are given no cookie"


@pytest.mark.parametrize("path", ["/", "/causes/deep-vein-thrombosis/", "/no-such-page/"])
def test_pages_sent_to_a_signed_in_editor_are_never_stored(admin_client, path):
    cache_control = admin_client.get(path)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/logout/"])
def test_admin_pages_are_never_stored_even_before_signing_in(client, path):
    response = client.get(path) if path.endswith("login/") else client.post(path)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_editor_endpoints_are_never_stored(admin_client):
    response = admin_client.post("/markdownx/markdownify/", {"content": "**x**"})
    assert "no-store" in response["Cache-Control"]


def test_an_editors_session_lasts_a_working_day(client, django_user_model):
    django_user_model.objects.create_user("editor", password="a long pass phrase", is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a long pass phrase"},
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 8 * 60 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_admin_path_can_be_moved(client, admin_client, settings):
    from importlib import reload

    from django.urls import clear_url_caches

    import calfcare.urls

    settings.ADMIN_PATH = "editors-desk/"
    try:
        reload(calfcare.urls)
        clear_url_caches()
        response = admin_client.get("/editors-desk/articles/cause/")
        assert response.status_code == 200
        assert policy(response) == ADMIN_POLICY
        assert client.get("/admin/").status_code == 404
    finally:
        settings.ADMIN_PATH = "admin/"
        reload(calfcare.urls)
        clear_url_caches()
