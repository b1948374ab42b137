"""Oversized request bodies are refused before anything reads them: readers get the site's 413
page, editors the admin's, the upload box its own sentence."""

import io
import random

import pytest
from django.conf import settings
from PIL import Image

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1024 * 1024


class BodyStream:
    """A request body of `size` bytes that counts how much of it was ever read."""

    def __init__(self, size):
        self.size = size
        self.bytes_read = 0

    def read(self, size=-1):
        remaining = self.size - self.bytes_read
        size = remaining if size is None or size < 0 else min(size, remaining)
        self.bytes_read += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size)


def post_body(client, path, body, *, declared=True):
    """POST `body` as a client would; without `declared`, as a chunked body (no Content-Length)."""
    extra = {"wsgi.input": body, "CONTENT_LENGTH": str(body.size) if declared else ""}
    # Multipart, the kind Django would spool to a temporary file once past the memory limit.
    return client.generic(
        "POST", path, b"x", content_type="multipart/form-data; boundary=b", **extra
    )


def admin_login():
    return f"/{settings.ADMIN_PATH}login/"


@pytest.fixture
def staff_client(client, make_editor):
    # An Editor: uploading needs the right to change content, not staff status alone.
    client.force_login(make_editor("ed", "Ed", "Editor"))
    return client


@pytest.mark.parametrize("path", ["/", "/feedback/", "/causes/", admin_login()])
def test_a_10_mb_post_gets_the_sites_too_much_text_page_unread(client, path):
    body = BodyStream(TEN_MB)
    response = post_body(client, path, body)
    assert response.status_code == 413
    page = response.content.decode()
    assert "Too much text" in page
    assert 'id="dvt-warning"' in page, "the blood clot warning is on every page, this one too"
    assert body.bytes_read == 0
    # It comes after the header middleware, so the refusal still carries the security headers.
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_10_mb_image_upload_is_refused_even_for_staff_with_the_sentence_the_box_shows(
    staff_client,
):
    body = BodyStream(TEN_MB)
    response = post_body(staff_client, "/markdownx/upload/", body)
    assert response.status_code == 413
    assert response.json() == {
        "message": "This image is larger than 3.0\u00a0MB. Save it smaller and try again."
    }
    assert body.bytes_read == 0


def test_an_editors_oversized_admin_form_gets_the_admins_own_page_unread(staff_client):
    """Reproduced: a picture over 4 MB sent with a change form got the readers' "Too much
    text" page."""
    body = BodyStream(TEN_MB)
    response = post_body(
        staff_client, f"/{settings.ADMIN_PATH}articles/massagestep/1/change/", body
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Too large to save" in page and "Nothing was saved" in page
    assert "Too much text" not in page
    assert body.bytes_read == 0


def test_public_addresses_take_far_less_than_the_admin(client):
    size = settings.REQUEST_BODY_MAX_BYTES + 1
    assert post_body(client, "/feedback/", BodyStream(size)).status_code == 413
    assert post_body(client, admin_login(), BodyStream(size)).status_code != 413


def test_an_image_a_little_over_its_limit_gets_the_uploads_own_message(staff_client):
    too_big = settings.MARKDOWNX_UPLOAD_MAX_SIZE + 512 * 1024
    assert too_big < settings.REQUEST_BODY_MAX_BYTES_EDITORS
    response = staff_client.post(
        "/markdownx/upload/",
        {"image": io.BytesIO(b"\0" * too_big)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 400
    assert "the limit is 3.0\xa0MB" in response.json()["image"][0]


def test_a_large_photo_within_the_limit_still_uploads(staff_client):
    # Noise does not compress: a PNG of nearly the whole 3 MB the upload allows.
    photo = io.BytesIO()
    Image.frombytes("RGB", (960, 960), random.Random(11).randbytes(960 * 960 * 3)).save(
        photo, "PNG"
    )
    assert 2.5 * 1024 * 1024 < photo.tell() < settings.MARKDOWNX_UPLOAD_MAX_SIZE
    photo.seek(0)
    photo.name = "calf.png"
    response = staff_client.post(
        "/markdownx/upload/", {"image": photo}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    assert response.json()["image_code"].startswith("![Describe this image](/media/uploads/")


def test_a_chunked_body_without_a_length_is_never_read(staff_client):
    # Django bounds what it reads by CONTENT_LENGTH, so a body sent without one is not read at
    # all: the live Markdown preview sees no content, and nothing was buffered or spooled.
    body = BodyStream(TEN_MB)
    response = post_body(staff_client, "/markdownx/markdownify/", body, declared=False)
    assert response.status_code == 400
    assert "Send the Markdown to preview" in response.content.decode()
    assert body.bytes_read == 0
