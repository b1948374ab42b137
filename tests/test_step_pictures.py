"""A picture for every massage step: the project's drawings, and an editor's upload that
replaces one, kept in the database, served at its content's hash, and shown to readers only
once the version holding it is published."""

import hashlib
import re
from io import BytesIO
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import MassageStep, StepPicture
from articles.step_pictures import (
    STEP_DRAWINGS,
    drawing_svg,
    inline_drawing,
    picture_from_upload,
)
from tests.factories import MassageStepFactory
from tools.admin_forms import admin_url, change_form_data

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
SEED_SLUGS = [
    "bare-the-leg",
    "stroke-upward-from-the-ankle",
    "knead-the-calf",
    "shake-out-the-calf",
    "find-the-knots",
    "work-the-sore-spots",
]


def image_file(kind="PNG", size=(40, 30), name=None, **save_options):
    output = BytesIO()
    Image.new("RGB", size, (12, 107, 98)).save(output, kind, **save_options)
    extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}[kind]
    content_type = f"image/{'jpeg' if kind == 'JPEG' else kind.lower()}"
    return SimpleUploadedFile(name or f"leg.{extension}", output.getvalue(), content_type)


def drawings_on(html):
    return re.findall(r'<svg[^>]*class="step-picture__drawing"[^>]*>', html)


# The drawings -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [name for name, _ in STEP_DRAWINGS])
def test_each_drawing_is_a_small_self_contained_svg_in_the_shared_style(name):
    svg = drawing_svg(name)
    assert svg.startswith("<svg")
    assert len(svg.encode()) < 3 * 1024
    assert 'viewBox="0 0 320 240"' in svg
    assert 'stroke="currentColor"' in svg
    assert 'stroke-linecap="round"' in svg and 'stroke-linejoin="round"' in svg
    assert "step-picture__accent" in svg
    for risky in ("<script", "href", "url(", "<image", "<foreignObject", "on"):
        if risky == "on":
            assert not re.search(r"\son\w+=", svg)
        else:
            assert risky not in svg


def test_the_drawing_files_are_what_the_script_writes_from_one_leg_and_one_set_of_hands():
    """Edit tools/step_drawings.py and run it, never the SVG files: that keeps the six alike."""
    from tools import step_drawings

    assert list(step_drawings.DRAWINGS) == [name for name, _ in STEP_DRAWINGS]
    for name, (label, lines, accent, step) in step_drawings.DRAWINGS.items():
        written = (step_drawings.OUT / f"{name}.svg").read_text()
        assert written == step_drawings.svg(lines, accent, label, step), name


def drawing_tree(name):
    return ElementTree.fromstring(drawing_svg(name))


def with_class(tree, name):
    return [node for node in tree.iter() if name in node.get("class", "").split()]


@pytest.mark.parametrize("name", [name for name, _ in STEP_DRAWINGS])
def test_each_drawing_shows_a_whole_person_with_a_head_and_hands_with_thumbs(name):
    tree = drawing_tree(name)
    assert len(with_class(tree, "step-picture__head")) == 1
    hands = with_class(tree, "step-picture__hand")
    assert hands
    for hand in hands:
        assert with_class(hand, "step-picture__thumb"), f"{name}: a hand without a thumb"
    # Something for the hand to touch: where the work is done.
    assert with_class(tree, "step-picture__target")


@pytest.mark.parametrize("name", [name for name, _ in STEP_DRAWINGS])
def test_each_drawing_has_a_motion_arrow_with_a_head(name):
    arrows = with_class(drawing_tree(name), "step-picture__arrow")
    assert arrows
    for arrow in arrows:
        # The line, then at least one chevron.
        assert len(arrow.findall(f"{SVG}path")) >= 2


def test_each_drawing_wears_the_number_of_the_step_it_shows_in_the_routines_order():
    steps = MassageStep.objects.published().order_by("position", "pk")
    assert [step.slug for step in steps] == SEED_SLUGS
    for number, step in enumerate(steps, start=1):
        [badge] = with_class(drawing_tree(step.drawing), "step-picture__badge")
        assert badge.get("data-step") == str(number), step.slug
        assert badge.find(f"{SVG}text").text == str(number), step.slug


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_starting_step_page_shows_its_drawing_named_for_screen_readers(client, slug):
    step = MassageStep.objects.get(slug=slug)
    assert step.drawing and step.picture_alt
    html = client.get(f"/massage/{slug}/").content.decode()
    [svg] = drawings_on(html)
    assert 'role="img"' in svg
    label = re.search(r'aria-label="([^"]+)"', svg)[1]
    assert label.strip()
    # After the instruction: the step's title and first words stay on the first screen.
    assert html.index('class="step__instruction"') < html.index("step-picture__drawing")


def test_the_routine_page_shows_every_steps_drawing(client):
    html = client.get("/massage/").content.decode()
    assert len(drawings_on(html)) == len(SEED_SLUGS)
    # Marked as the routine's, so its printed sheet can leave them out (static/css/site.css).
    assert html.count('class="step-picture step-picture--in-list"') == len(SEED_SLUGS)


def test_a_drawing_shown_twice_is_hidden_from_screen_readers_the_second_time():
    step = MassageStep.objects.get(slug="knead-the-calf")
    [named] = drawings_on(inline_drawing(step.drawing, step.picture_alt))
    [hidden] = drawings_on(inline_drawing(step.drawing, step.picture_alt, decorative=True))
    assert 'role="img"' in named and "aria-hidden" not in named
    assert 'aria-hidden="true"' in hidden and "aria-label" not in hidden
    # The file's own <title> goes: the step's description names it.
    assert "<title>" not in inline_drawing(step.drawing, step.picture_alt)


def test_a_description_cannot_break_out_of_the_drawing():
    svg = inline_drawing("knead", '"><script>alert(1)</script>')
    assert "<script>" not in svg


def test_a_step_without_drawing_or_picture_shows_no_figure(client):
    MassageStep.objects.filter(slug="find-the-knots").update(drawing="", picture_alt="")
    html = client.get("/massage/find-the-knots/").content.decode()
    assert "step-picture" not in html


# Alt text -----------------------------------------------------------------------------------


def test_a_drawing_without_a_description_is_refused_with_a_clear_message():
    step = MassageStepFactory.build(drawing="knead", picture_alt="  ")
    with pytest.raises(ValidationError) as error:
        step.clean()
    assert "Say what the picture shows" in error.value.message_dict["picture_alt"][0]


def test_no_picture_needs_no_description():
    MassageStepFactory.build(drawing="", picture_alt="").clean()


# Uploads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_png_jpeg_and_webp_are_accepted_and_stored_in_the_database(kind, content_type):
    picture = picture_from_upload(image_file(kind))
    assert picture.content_type == content_type
    assert (picture.width, picture.height) == (40, 30)
    assert picture.sha256 == hashlib.sha256(bytes(picture.data)).hexdigest()


def test_the_same_picture_uploaded_twice_is_stored_once():
    first = picture_from_upload(image_file())
    second = picture_from_upload(image_file())
    assert first.pk == second.pk


def test_an_upload_loses_its_metadata():
    output = BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "taken at 1 Secret Lane"  # ImageDescription
    Image.new("RGB", (20, 20)).save(output, "JPEG", exif=exif)
    upload = SimpleUploadedFile("photo.jpg", output.getvalue(), "image/jpeg")
    picture = picture_from_upload(upload)
    assert b"Secret Lane" not in bytes(picture.data)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("leg.png", b"not an image at all", "image/png"),
            "Upload a PNG, JPEG or WebP",
        ),
        (
            SimpleUploadedFile(
                "leg.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "image/svg+xml",
            ),
            "SVG included, are not accepted",
        ),
        (image_file("GIF"), "Upload a PNG, JPEG or WebP"),
        (image_file(size=(4001, 10)), "the most is 4000 on a side"),
    ],
    ids=["not-an-image", "svg", "gif", "too-many-pixels"],
)
def test_an_unsuitable_upload_is_refused_with_a_clear_message(upload, message):
    with pytest.raises(ValidationError) as error:
        picture_from_upload(upload)
    assert message in error.value.messages[0]
    assert not StepPicture.objects.exists()


def test_an_upload_over_two_megabytes_is_refused():
    upload = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024), "image/png")
    with pytest.raises(ValidationError) as error:
        picture_from_upload(upload)
    assert "the limit is 2.0\xa0MB" in error.value.messages[0]


# Serving ------------------------------------------------------------------------------------


def test_a_picture_is_served_at_its_hash_for_a_year_with_its_own_type(client):
    picture = picture_from_upload(image_file("WEBP"))
    response = client.get(picture.url)
    assert picture.url == f"/pictures/{picture.sha256}.webp"
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == bytes(picture.data)


def test_a_picture_asked_for_with_the_wrong_extension_or_hash_is_not_found(client):
    picture = picture_from_upload(image_file("PNG"))
    assert client.get(f"/pictures/{picture.sha256}.jpg").status_code == 404
    assert client.get(f"/pictures/{'0' * 64}.png").status_code == 404


# The admin ----------------------------------------------------------------------------------


def upload_in_admin(client, step, upload=None, **changes):
    data = change_form_data(client, step)
    data.update(changes)
    if upload is not None:
        data["upload_picture"] = upload
    return client.post(admin_url(step), data)


def test_an_uploaded_picture_reaches_readers_only_when_its_version_is_published(
    editor_client, reader, publish
):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = upload_in_admin(editor_client, step, image_file())
    assert response.status_code == 302, response.content.decode()[:2000]
    picture = StepPicture.objects.get()
    # A draft: readers still see the drawing.
    html = reader.get("/massage/knead-the-calf/").content.decode()
    assert picture.url not in html and drawings_on(html)
    assert picture.url not in reader.get("/massage/").content.decode()
    # The editor sees it in the form, as a thumbnail.
    form = editor_client.get(admin_url(step)).content.decode()
    assert picture.url in form
    publish(step)
    html = reader.get("/massage/knead-the-calf/").content.decode()
    img = re.search(rf'<img[^>]*src="{picture.url}"[^>]*>', html)[0]
    assert 'width="40"' in img and 'height="30"' in img
    assert f'alt="{step.picture_alt}"' in img.replace("&#x27;", "'")
    assert not drawings_on(html)


def test_an_unsuitable_upload_is_shown_to_the_editor_and_nothing_is_saved(editor_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    svg = SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")
    response = upload_in_admin(editor_client, step, svg)
    assert response.status_code == 200
    assert "Upload a PNG, JPEG or WebP picture" in response.content.decode()
    assert not StepPicture.objects.exists()


@pytest.mark.parametrize("drawing", ["", "knead"])
def test_a_picture_without_a_description_is_refused_in_the_admin_once(editor_client, drawing):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = upload_in_admin(editor_client, step, image_file(), drawing=drawing, picture_alt="")
    assert response.status_code == 200
    assert response.content.decode().count("Say what the picture shows") == 1
    assert not StepPicture.objects.exists()


def test_a_form_refused_for_another_box_stores_no_picture(editor_client):
    step = MassageStep.objects.get(slug="knead-the-calf")
    response = upload_in_admin(editor_client, step, image_file(), title="")
    assert response.status_code == 200
    assert not StepPicture.objects.exists()


def test_removing_the_picture_brings_back_the_drawing(editor_client, reader, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    upload_in_admin(editor_client, step, image_file())
    publish(step)
    picture = StepPicture.objects.get()
    assert picture.url in reader.get("/massage/knead-the-calf/").content.decode()
    response = upload_in_admin(editor_client, step, remove_picture="on")
    assert response.status_code == 302
    publish(step)
    html = reader.get("/massage/knead-the-calf/").content.decode()
    assert picture.url not in html and drawings_on(html)


def test_the_migration_gives_steps_loaded_before_drawings_theirs_and_leaves_editors_choices():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("articles.migrations.0007_step_pictures")
    MassageStep.objects.filter(slug="knead-the-calf").update(drawing="", picture_alt="")
    MassageStep.objects.filter(slug="find-the-knots").update(
        drawing="fist-circles", picture_alt="An editor's own words."
    )
    migration.give_seed_steps_their_drawings(apps, None)
    knead = MassageStep.objects.get(slug="knead-the-calf")
    assert knead.drawing == "knead" and "other leg's knee" in knead.picture_alt
    knots = MassageStep.objects.get(slug="find-the-knots")
    assert (knots.drawing, knots.picture_alt) == ("fist-circles", "An editor's own words.")


def badges_on(html):
    return re.findall(r'data-step="(\d+)"[^>]*>.*?>(\d+)</text>', html, re.DOTALL)


def test_after_a_reorder_each_badge_shows_the_number_the_page_gives_the_step(client):
    """The files carry the step each drawing was made for; readers see the step's place now.
    An editor moved "Shake out the calf" to the end: it is step 6, and its badge says 6."""
    steps = list(MassageStep.objects.published().order_by("position", "pk"))
    shake = next(step for step in steps if step.slug == "shake-out-the-calf")
    MassageStep.objects.filter(pk=shake.pk).update(position=steps[-1].position + 1)

    page = client.get("/massage/shake-out-the-calf/").content.decode()
    assert "Step 6 of 6" in page
    assert badges_on(page) == [("6", "6")]
    routine = client.get("/massage/").content.decode()
    numbers = [shown for shown, _ in badges_on(routine)]
    assert numbers == [str(n) for n in range(1, 7)]


def test_a_drawing_shown_without_a_number_has_no_badge():
    from articles.step_pictures import inline_drawing

    assert "step-picture__badge" not in inline_drawing("knead", "Knead")
    assert 'data-step="4"' in inline_drawing("knead", "Knead", number=4)
