"""Pictures of the massage steps: the project's own line drawings, or an editor's upload.

The drawings are SVG files in static/img/steps (written by tools/step_drawings.py) and are put
into the page inline, so their lines take the text colour (`currentColor`) and their accents the
brand colour in light, dark and print. An upload replaces the drawing; it is kept in the
database (StepPicture), so every app server sharing the database can serve it, and it is only
ever a PNG, JPEG or WebP that Pillow has decoded and written out again (no SVG: a script could
ride in one; no metadata: a phone photo's location could).
"""

import hashlib
import re
from functools import cache
from io import BytesIO

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from PIL import Image, UnidentifiedImageError

# The drawings' names and descriptions are the step model's choices (articles.models).
from articles.models import STEP_DRAWINGS, StepPicture

DRAWING_WIDTH, DRAWING_HEIGHT = 320, 240

# A drawing's step-number badge, as tools/step_drawings.py writes it.
BADGE = re.compile(r'<g class="step-picture__badge" data-step="(?P<number>\d+)".*?</g>', re.DOTALL)

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
# Pillow's format name -> the content type stored and served. Nothing else is accepted.
ACCEPTED = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


@cache
def drawing_svg(name):
    """The drawing's SVG markup, read once per process; "" for a name with no file."""
    if name not in dict(STEP_DRAWINGS):
        return ""
    found = finders.find(f"img/steps/{name}.svg")
    if not found:
        return ""
    with open(found, encoding="utf-8") as file:
        return file.read().strip()


def numbered(markup, number):
    """The drawing with its badge showing `number`, the step's place in the routine as the page
    counts it; with no number, without a badge.

    The files carry the number of the step each drawing was made for, but an editor's reorder
    or an unpublished step moves the others up: a badge that disagreed with "Step 3 of 6"
    beside it would send the reader to the wrong step."""
    if number is None:
        return BADGE.sub("", markup)
    return BADGE.sub(
        lambda found: (
            found[0]
            .replace(f'data-step="{found["number"]}"', f'data-step="{number}"')
            .replace(f">{found['number']}</text>", f">{number}</text>")
        ),
        markup,
    )


def inline_drawing(name, alt, decorative=False, number=None):
    """The drawing as inline SVG, its badge numbered `number` (see `numbered`), named by `alt`
    for screen readers (or hidden from them when the same picture is already on the page).
    The file's <title> goes: the alt text says it."""
    markup = drawing_svg(name)
    if not markup:
        return ""
    start, _, rest = numbered(markup, number).partition(">")
    if "<title>" in rest:
        rest = rest[: rest.index("<title>")] + rest[rest.index("</title>") + len("</title>") :]
    if decorative:
        label = ' aria-hidden="true" focusable="false"'
    else:
        label = f' role="img" aria-label="{escape(alt)}"'
    return mark_safe(f'{start} class="step-picture__drawing"{label}>{rest}')


def card_picture(step, number):
    """What the step's share card shows (articles.share_cards), as the page does: the editor's
    upload, else the drawing's SVG markup with its badge numbered `number`; b"" for a step
    with neither."""
    if step.picture_id:
        return bytes(StepPicture.objects.only("data").get(pk=step.picture_id).data)
    return numbered(drawing_svg(step.drawing), number).encode()


def picture_from_upload(upload):
    """The stored StepPicture for an uploaded file (see checked_upload and store)."""
    return store(checked_upload(upload))


def store(picture):
    """Save a checked picture, or return the row that already holds the same image."""
    stored, _ = StepPicture.objects.get_or_create(
        sha256=picture.sha256,
        defaults={
            "data": picture.data,
            "content_type": picture.content_type,
            "width": picture.width,
            "height": picture.height,
        },
    )
    return stored


def checked_upload(upload):
    """An unsaved StepPicture for an uploaded file, or ValidationError with a message for the
    editor. Nothing is stored until the form it came with is saved (see store)."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"This picture is {filesizeformat(upload.size)}; the limit is "
            f"{filesizeformat(MAX_BYTES)}. Save it smaller and upload it again.",
            code="too_big",
        )
    not_a_picture = ValidationError(
        "Upload a PNG, JPEG or WebP picture. Other files, drawings in SVG included, are not "
        "accepted.",
        code="not_a_picture",
    )
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED:
                raise not_a_picture
            if max(image.size) > MAX_SIDE:
                raise ValidationError(
                    f"This picture is {image.width}×{image.height} pixels; the most is "
                    f"{MAX_SIDE} on a side. Resize it and upload it again.",
                    code="too_large",
                )
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # verify() checks the structure only; a full decode catches the rest.
            kind = image.format
            data = _reencoded(image, kind)
            width, height = image.size
    except Image.DecompressionBombError:
        raise ValidationError(
            "This picture has far too many pixels to use. Resize it and upload it again.",
            code="too_large",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_a_picture from None
    return StepPicture(
        data=data,
        content_type=ACCEPTED[kind],
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _reencoded(image, kind):
    # Writing the pixels out again drops whatever else the file held: metadata (a phone photo's
    # location), comments, anything hidden after the image data.
    output = BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    elif kind == "WEBP":
        image.save(output, "WEBP", quality=85)
    else:
        image.save(output, "PNG", optimize=True)
    return output.getvalue()


@require_safe
# Opened on its own, a picture can run nothing and load nothing (as articles.views.uploaded_image).
@csp({"default-src": [NONE], "style-src-attr": [UNSAFE_INLINE], "sandbox": True})
def serve_picture(request, sha256, extension):
    """/pictures/<sha256>.<ext>: the address changes whenever the picture does, so browsers
    and caches may keep it for a year without asking again."""
    picture = StepPicture.objects.filter(sha256=sha256).first()
    if picture is None or picture.extension != extension:
        raise Http404("No such picture.")
    response = HttpResponse(bytes(picture.data), content_type=picture.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{sha256[:12]}.{extension}"'
    return response
