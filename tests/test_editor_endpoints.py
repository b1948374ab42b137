"""The Markdown preview and image upload answer staff only, and trust only decoded images."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    return buffer.getvalue()


def upload(client, content, name="calf.png", content_type="image/png"):
    return client.post(
        "/markdownx/upload/",
        {"image": SimpleUploadedFile(name, content, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(editor)
    return client


@pytest.mark.parametrize("path", ["/markdownx/markdownify/", "/markdownx/upload/"])
def test_anonymous_visitors_are_turned_away(client, path):
    response = client.post(path, {"content": "**hi**"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_logged_in_non_staff_users_are_turned_away(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 302
    assert upload(client, image_bytes()).status_code == 302


def test_preview_renders_sanitized_markdown_for_staff(editor_client):
    response = editor_client.post(
        "/markdownx/markdownify/", {"content": "**Knead** <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert "<strong>Knead</strong>" in response.content.decode()
    assert "<script" not in response.content.decode()


def test_preview_without_content_is_a_clear_400(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {})
    assert response.status_code == 400


def test_preview_refuses_get(editor_client):
    assert editor_client.get("/markdownx/markdownify/").status_code == 405


@pytest.mark.parametrize("fmt,extension", [("PNG", "png"), ("JPEG", "jpg")])
def test_staff_can_upload_jpeg_and_png_and_it_is_served(editor_client, client, fmt, extension):
    response = upload(editor_client, image_bytes(fmt), name="photo.gif", content_type="image/gif")
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![Describe this image](/media/uploads/")
    url = code[code.index("(") + 1 : -1]
    assert url.endswith(f".{extension}"), "the extension follows the decoded type, not the name"
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == f"image/{'jpeg' if fmt == 'JPEG' else 'png'}"
    assert served["X-Content-Type-Options"] == "nosniff"
    Image.open(io.BytesIO(b"".join(served.streaming_content))).verify()


def test_html_disguised_as_png_is_refused(editor_client):
    response = upload(editor_client, b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "Upload a JPEG or PNG" in response.json()["image"][0]


def test_gif_is_refused_even_when_labelled_png(editor_client):
    response = upload(editor_client, image_bytes("GIF"))
    assert response.status_code == 400


def test_truncated_image_is_refused(editor_client):
    response = upload(editor_client, image_bytes("PNG", (400, 400))[:200])
    assert response.status_code == 400


def test_oversized_file_is_refused_with_the_limit(editor_client, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 50
    response = upload(editor_client, image_bytes())
    assert response.status_code == 400
    assert "the limit is 50" in response.json()["image"][0]


def test_too_many_pixels_is_refused(editor_client, settings):
    settings.UPLOAD_MAX_PIXELS = 1000
    response = upload(editor_client, image_bytes(size=(100, 100)))
    assert response.status_code == 400
    assert "100×100 pixels" in response.json()["image"][0]


def test_unknown_upload_names_are_404(client):
    assert client.get("/media/uploads/" + "0" * 32 + ".png").status_code == 404
    assert client.get("/media/uploads/../../settings.py").status_code == 404
    assert client.get("/media/uploads/evil.html").status_code == 404
