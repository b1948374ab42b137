"""schema.org JSON-LD for search engines, built from the same objects the page shows."""

from django.conf import settings
from django.utils.html import strip_tags

from articles.markdown import render_markdown
from articles.warning import EMERGENCY_SIGNS, URGENT_SIGNS


def plain_text(markdown_text):
    return " ".join(strip_tags(render_markdown(markdown_text)).split())


def medical_web_page(meta, main_entity=None, last_reviewed=None, reviewed_by=None):
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.url,
        "inLanguage": "en-GB",
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME},
    }
    if last_reviewed:
        data["lastReviewed"] = last_reviewed.isoformat()
    if reviewed_by:
        # The team, not a person: reviewers' names stay inside the admin.
        data["reviewedBy"] = {"@type": "Organization", "name": reviewed_by}
    if main_entity:
        data["mainEntity"] = main_entity
    return data


def how_to_step(step, url, position):
    data = {
        "@type": "HowToStep",
        "position": position,
        "name": step.title,
        "text": plain_text(step.instruction),
        "url": url,
    }
    return data


def how_to(name, description, steps_with_urls):
    return {
        "@type": "HowTo",
        "name": name,
        "description": description,
        "step": [how_to_step(step, url, number) for number, (step, url) in steps_with_urls],
    }


def medical_condition(cause):
    """The DVT facts the page's care cards show: signs, and the emergency complication."""
    return {
        "@type": "MedicalCondition",
        "name": "Deep vein thrombosis",
        "alternateName": "DVT",
        "description": plain_text(cause.body),
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": sign} for sign in URGENT_SIGNS],
        "possibleComplication": {
            "@type": "MedicalCondition",
            "name": "Pulmonary embolism",
            "signOrSymptom": [
                {"@type": "MedicalSignOrSymptom", "name": sign} for sign in EMERGENCY_SIGNS
            ],
        },
    }
