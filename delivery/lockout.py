"""The page an editor sees when django-axes has paused signing in (AXES_LOCKOUT_CALLABLE).

Axes's own response is a bare line of text; this one is an admin page that says what happened,
how long to wait and what to do meanwhile, with `Retry-After` for anything automated.
"""

import math

from axes.helpers import get_client_username, get_cool_off
from django.contrib import admin
from django.template.response import TemplateResponse

LOCKED_OUT_STATUS = 429  # Too Many Requests


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60)
    context = {
        **admin.site.each_context(request),
        "title": "Signing in is paused",
        "username": get_client_username(request, credentials),
        "cool_off_minutes": minutes,
    }
    response = TemplateResponse(
        request, "admin/locked_out.html", context, status=LOCKED_OUT_STATUS
    ).render()
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
