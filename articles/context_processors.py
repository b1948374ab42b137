from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Guide
from articles.warning import DvtWarning


def health_numbers():
    return {
        "emergency_number": settings.EMERGENCY_NUMBER,
        "urgent_care_number": settings.URGENT_CARE_NUMBER,
        "urgent_care_name": settings.URGENT_CARE_NAME,
    }


def site(request):
    # Lazy, so pages that never show the guide's text (the admin) never query for it.
    guide = SimpleLazyObject(Guide.load)
    return {
        "guide": guide,
        "dvt_warning": SimpleLazyObject(lambda: DvtWarning.for_guide(guide)),
        "canonical_url": _canonical_url(request),
        **health_numbers(),
    }


def _canonical_url(request):
    if settings.SITE_URL:
        return settings.SITE_URL + request.path
    return request.build_absolute_uri(request.path)
