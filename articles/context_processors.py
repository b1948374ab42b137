from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.desk.worklist import review_worklist
from articles.models import Guide
from articles.navigation import guide_navigation
from articles.warning import EMERGENCY_SIGNS, URGENT_SIGNS, DvtWarning
from publishing.desk import waiting_changes


def health_numbers():
    return {
        "emergency_number": settings.EMERGENCY_NUMBER,
        "urgent_care_number": settings.URGENT_CARE_NUMBER,
        "urgent_care_name": settings.URGENT_CARE_NAME,
        "urgent_care_online_url": settings.URGENT_CARE_ONLINE_URL,
        "service_area": settings.SERVICE_AREA,
        "service_area_note": settings.SERVICE_AREA_NOTE,
    }


def guide_for(request):
    """The guide text, fetched at most once per request (the warning and the page share it)."""
    if not hasattr(request, "_guide"):
        request._guide = Guide.load()
    return request._guide


def site(request):
    # Lazy, so pages that never show the guide's text (the admin) never query for it.
    guide = SimpleLazyObject(lambda: guide_for(request))
    return {
        "guide": guide,
        "dvt_warning": SimpleLazyObject(lambda: DvtWarning.for_guide(guide)),
        "urgent_signs": URGENT_SIGNS,
        "emergency_signs": EMERGENCY_SIGNS,
        # A function, called only where a template shows the admin index's review box.
        "review_worklist": lambda: review_worklist(request.user),
        "waiting_changes": lambda: waiting_changes(request.user),
        **guide_navigation(getattr(request.resolver_match, "url_name", None)),
        **health_numbers(),
    }
