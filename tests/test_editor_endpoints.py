"""The live Markdown preview and image upload answer staff only, and trust only decoded images."""

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
def editor_client(client, make_editor):
    # An Editor: staff status alone does not let anyone upload (tests/test_view_only_account.py).
    client.force_login(make_editor("editor", "Edith", "Editor"))
    return client


def assert_not_found_without_admin_address(response):
    """The site's ordinary 404 page, with nothing in it or its headers pointing at the admin."""
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'id="dvt-warning"' in response.content.decode()
    everything = response.content.decode() + " ".join(f"{k}: {v}" for k, v in response.items())
    assert "/admin" not in everything
    assert "login" not in everything


@pytest.mark.parametrize("path", ["/markdownx/markdownify/", "/markdownx/upload/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_get_page_not_found_that_does_not_reveal_the_admin(client, path, method):
    response = getattr(client, method)(path, {"content": "**hi**"})
    assert_not_found_without_admin_address(response)


@pytest.mark.parametrize("path", ["/markdownx/markdownify/", "/markdownx/upload/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_signed_in_readers_who_are_not_staff_get_page_not_found(
    client, django_user_model, path, method
):
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    response = getattr(client, method)(path, {"content": "x"})
    assert_not_found_without_admin_address(response)


def test_an_inactive_staff_account_gets_page_not_found(client, django_user_model):
    user = django_user_model.objects.create_user("gone", password="pw", is_staff=True)
    client.force_login(user)
    user.is_active = False
    user.save()
    assert_not_found_without_admin_address(client.post("/markdownx/markdownify/", {"content": "x"}))


@pytest.mark.parametrize("path", ["/markdownx/", "/markdownx/anything/", "/markdownx/upload/x/"])
def test_other_markdownx_addresses_are_plain_not_found(client, path):
    assert_not_found_without_admin_address(client.get(path))


def test_live_markdown_preview_renders_sanitized_markdown_for_staff(editor_client):
    response = editor_client.post(
        "/markdownx/markdownify/", {"content": "**Knead** <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert "<strong>Knead</strong>" in response.content.decode()
    assert "<script" not in response.content.decode()


def test_live_markdown_preview_without_content_is_a_clear_400(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {})
    assert response.status_code == 400


def test_live_markdown_preview_refuses_get(editor_client):
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


# Pillow warns about the first (it only refuses beyond twice its own limit); we refuse both.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "side,message",
    [
        (10_000, "10000×10000 pixels, too large to use"),
        (20_000, "far too many pixels to use"),
    ],
)
def test_decompression_bombs_are_refused_at_the_default_limit(editor_client, side, message):
    # 100 and 400 megapixels that compress to a few kilobytes.
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 3 * 1024 * 1024
    response = upload(editor_client, buffer.getvalue())
    assert response.status_code == 400
    assert message in response.json()["image"][0]


def test_svg_is_refused(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'
    response = upload(editor_client, svg, name="calf.svg", content_type="image/svg+xml")
    assert response.status_code == 400


def test_html_hidden_after_the_image_data_is_dropped(editor_client, client):
    polyglot = image_bytes() + b"<html><script>alert(1)</script></html>"
    code = upload(editor_client, polyglot).json()["image_code"]
    served = client.get(code[code.index("(") + 1 : -1])
    assert b"<script" not in b"".join(served.streaming_content)


def test_a_stored_file_is_never_served_as_html(client, settings):
    # Even if something other than an image got into the uploads folder.
    folder = settings.MEDIA_ROOT / "uploads"
    folder.mkdir(parents=True)
    (folder / ("b" * 32 + ".png")).write_bytes(b"<html><script>alert(1)</script></html>")
    response = client.get("/media/uploads/" + "b" * 32 + ".png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "body,message",
    [
        (b"Notes, not a picture.", "Upload a JPEG or PNG photo or picture."),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>',
            "Upload a JPEG or PNG photo or picture.",
        ),
    ],
    ids=["renamed-txt", "svg"],
)
def test_a_refused_upload_answers_one_plain_message_for_the_editor(editor_client, body, message):
    response = upload(editor_client, body)
    assert response.status_code == 400
    assert response.json()["message"] == message


def test_a_refused_upload_message_names_the_size_and_the_pixels(editor_client, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 50
    assert "the limit is 50" in upload(editor_client, image_bytes()).json()["message"]
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 3 * 1024 * 1024
    settings.UPLOAD_MAX_PIXELS = 1000
    assert "100×100 pixels" in upload(editor_client, image_bytes(size=(100, 100))).json()["message"]
