"""django-markdownx's live Markdown preview and image upload endpoints, for staff only.

markdownx's own URLs answer anyone; these replace them (calfcare/urls.py, at the addresses
settings.MARKDOWNX_URLS_PATH and MARKDOWNX_UPLOAD_URLS_PATH give markdownx's script). The live
Markdown preview renders through the same sanitizer as the public pages, and an upload is
trusted only after Pillow has decoded it. Uploading needs the right to change some kind of
content, not staff status alone: a Viewer reads the admin and stores nothing.
"""

import uuid
from functools import wraps
from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from PIL import Image, UnidentifiedImageError

from articles.markdown import render_markdown, too_long_message
from articles.reading_age import estimate_html
from publishing.desk import content_models

# Pillow's format name -> (file extension, content type). Nothing else is accepted.
ACCEPTED_IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}


def staff_only(view):
    """Anyone but signed-in staff gets the site's ordinary "Page not found", whatever the method.

    Not Django's staff_member_required: its redirect to the sign-in page would tell any visitor
    where the admin lives, and the admin is moved off /admin/ (ADMIN_PATH) to keep that quiet.
    This check comes before require_POST, so a visitor's GET is a 404 too, not a telling 405.
    """

    @wraps(view)
    def for_staff(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404("Not a page of this site.")
        return view(request, *args, **kwargs)

    return for_staff


@staff_only
@require_POST
def markdown_preview(request):
    """The live Markdown preview: markdownx posts a box's text as the editor types and shows
    the HTML that comes back under the box, with an estimate of its reading age below it."""
    content = request.POST.get("content")
    if content is None:
        return HttpResponseBadRequest("Send the Markdown to preview as 'content'.")
    if message := too_long_message(content):
        # markdownx shows whatever comes back under the box, so the editor reads this there.
        return HttpResponseBadRequest(format_html('<p class="errornote">{}</p>', message))
    html = render_markdown(content)
    # Under the preview, never in it: the estimate is the desk's, not part of the text.
    return HttpResponse(html + estimate_html(html))


class ImageUploadForm(forms.Form):
    image = forms.FileField()

    def clean_image(self):
        upload = self.cleaned_data["image"]
        max_size = settings.MARKDOWNX_UPLOAD_MAX_SIZE
        if upload.size > max_size:
            raise forms.ValidationError(
                f"This image is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(max_size)}. Save it smaller and try again."
            )
        not_an_image = forms.ValidationError("Upload a JPEG or PNG photo or picture.")
        try:
            with Image.open(upload) as image:
                if image.format not in ACCEPTED_IMAGE_FORMATS:
                    raise not_an_image
                if image.width * image.height > settings.UPLOAD_MAX_PIXELS:
                    raise forms.ValidationError(
                        f"This image is {image.width}×{image.height} pixels, too large to use. "
                        "Resize it and try again."
                    )
                image.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()  # verify() checks structure only; a full decode catches the rest.
                self.image_format = image.format
                return self._reencoded(image)
        except Image.DecompressionBombError:
            # Pillow's own guard, for images far beyond our limit: refused before decoding.
            raise forms.ValidationError(
                "This image has far too many pixels to use. Resize it and try again."
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise not_an_image from None

    def _reencoded(self, image):
        # Re-encoding drops anything hidden after or inside the image data, metadata included.
        output = BytesIO()
        if self.image_format == "JPEG":
            image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
        else:
            image.save(output, "PNG", optimize=True)
        return output.getvalue()

    def save(self):
        extension, _ = ACCEPTED_IMAGE_FORMATS[self.image_format]
        name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{extension}"
        stored_name = default_storage.save(name, ContentFile(self.cleaned_data["image"]))
        return default_storage.url(stored_name)


def may_change_content(request):
    """Whether the person may change at least one kind of content, as its admin judges it."""
    return any(
        admin.site.get_model_admin(model).has_change_permission(request)
        for model in content_models()
    )


@staff_only
@require_POST
def image_upload(request):
    if not may_change_content(request):
        # JSON with `message`, as for a refused image: the editor's script shows it by the box.
        message = (
            "Your account may not upload pictures: it can read the guide's content but not "
            "change it. Ask an administrator if you need to edit."
        )
        return JsonResponse({"message": message}, status=403)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        # `message` is the one sentence the editor's script shows beside the box
        # (static/admin-extra/admin.js); the form's errors stay for anything that reads them.
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return JsonResponse({"message": message, **form.errors}, status=400)
    # The placeholder alt text asks the editor to describe the image.
    return JsonResponse({"image_code": f"![Describe this image]({form.save()})"})
