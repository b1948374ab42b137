"""Refuses a request body over its size limit with the site's 413 page, before anything reads it.

Editors' addresses (the admin, and markdownx's image upload) may send up to
REQUEST_BODY_MAX_BYTES_EDITORS; every other address, up to REQUEST_BODY_MAX_BYTES (see settings
for why those numbers). The limit is judged on the declared Content-Length alone, so a refused
body is never read, parsed or spooled to a temporary file.

A body sent without a Content-Length (HTTP/1.1 chunked) needs no check here: under WSGI, Django
reads `wsgi.input` through a LimitedStream bounded by CONTENT_LENGTH, which is then 0, so such a
body is never read at all and the view sees an empty POST. That holds for WSGI (gunicorn, as the
Dockerfile runs it) only: Django's ASGI handler reads the whole body before any middleware runs.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from delivery.middleware import is_admin_path


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads nothing of a body whose length it cannot parse either.


def body_limit(request):
    if is_admin_path(request) or request.path_info == settings.MARKDOWNX_UPLOAD_URLS_PATH:
        return settings.REQUEST_BODY_MAX_BYTES_EDITORS
    return settings.REQUEST_BODY_MAX_BYTES


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > body_limit(request):
            return too_large(request)
        return self.get_response(request)


def too_large(request):
    """The refusal in the place the person is: the editor's upload box gets the sentence its
    script shows beside the box, an admin form the admin's own page, a reader the site's."""
    limit = filesizeformat(body_limit(request))
    if request.path_info == settings.MARKDOWNX_UPLOAD_URLS_PATH:
        most = filesizeformat(settings.MARKDOWNX_UPLOAD_MAX_SIZE)
        message = f"This image is larger than {most}. Save it smaller and try again."
        return JsonResponse({"message": message}, status=413)
    # Signed in or not is unknown yet (this runs before the session is read, so nothing reads
    # the body): an editor's browser is one that carries a session cookie.
    if is_admin_path(request) and settings.SESSION_COOKIE_NAME in request.COOKIES:
        return render(request, "admin/413.html", {"limit": limit}, status=413)
    return render(request, "413.html", status=413)
