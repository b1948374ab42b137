"""What readers lose or gain when a change goes live, in words a clinical reviewer checks."""

from django.conf import settings


def severity_change(old, new):
    """Sentences for a cause whose severity goes from `old` to `new` ("urgent"/"self-care")."""
    if old == new or None in (old, new):
        return []
    urgent_care = settings.URGENT_CARE_NAME
    if settings.URGENT_CARE_NUMBER not in urgent_care:
        urgent_care += f", {settings.URGENT_CARE_NUMBER}"
    urgent_help = (
        f"the “Urgent” label; the care cards saying when to get medical advice today "
        f"({urgent_care}) and when to call "
        f"{settings.EMERGENCY_NUMBER}; the links to them at the top of the page; and the urgent "
        "marking in the list of causes and the guide"
    )
    if old == "urgent":
        return [
            f"Readers will LOSE, on this cause's page: {urgent_help}.",
            "Readers will GAIN a link from this cause to the massage routine, "
            "“How to massage a sore calf”.",
        ]
    return [
        f"Readers will GAIN, on this cause's page: {urgent_help}.",
        "Readers will LOSE the link from this cause to the massage routine.",
    ]


def publication_change(was_published, will_be_published, verbose_name):
    if was_published == will_be_published or will_be_published is None:
        return []
    if will_be_published:
        return [f"Readers will GAIN this {verbose_name}: it will appear on the site."]
    return [
        f"Readers will LOSE this {verbose_name}: it will be taken off the site, and links to "
        "it will answer “not found”."
    ]
