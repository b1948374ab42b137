"""schema.org JSON-LD for search engines, built from the same objects the page shows.

Every node that other pages also describe (the site, its publisher, a step) has a stable `@id`
made from its public address, so crawlers can tell one thing met on many pages from many things.
"""

import re

from django.conf import settings
from django.utils.html import strip_tags

from articles.markdown import render_markdown
from articles.page_meta import with_clot_warning
from articles.warning import EMERGENCY_SIGNS, URGENT_SIGNS


def plain_text(markdown_text):
    return " ".join(strip_tags(render_markdown(markdown_text)).split())


def publisher(home_url):
    return {
        "@type": "Organization",
        "@id": f"{home_url}#publisher",
        "name": settings.SITE_PUBLISHER,
    }


def medical_web_page(
    meta,
    main_entity=None,
    review=None,
    breadcrumbs=(),
    date_published=None,
    date_modified=None,
    sources=(),
):
    """The page itself. `review` is the page's PageReview (articles.desk.reviews): its date and
    reviewers only when everything on the page has been reviewed, as the footer says.
    `breadcrumbs` are (name, absolute address) from the front page to this one; `sources` the
    articles.sources.Source list of everything on the page."""
    home = meta.home_url
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": f"{meta.url}#webpage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.url,
        "inLanguage": "en-GB",
        "isPartOf": {
            "@type": "WebSite",
            "@id": f"{home}#website",
            "name": settings.SITE_NAME,
            "url": home,
            "publisher": {"@id": f"{home}#publisher"},
        },
        "publisher": publisher(home),
    }
    if review is not None and review.is_reviewed:
        data["lastReviewed"] = review.last_reviewed.isoformat()
        data["reviewedBy"] = [reviewer.json_ld for reviewer in review.reviewers]
    if date_published:
        # To the second, as the sitemap: finer would differ after a backup is restored (dumpdata
        # keeps milliseconds) with nothing changed.
        data["datePublished"] = date_published.replace(microsecond=0).isoformat()
    if date_modified:
        data["dateModified"] = date_modified.replace(microsecond=0).isoformat()
    if len(breadcrumbs) > 1:
        data["breadcrumb"] = breadcrumb_list(breadcrumbs, meta.url)
    if sources:
        data["citation"] = [citation(source) for source in sources]
    if main_entity:
        data["mainEntity"] = main_entity
    return data


def breadcrumb_list(trail, page_url):
    return {
        "@type": "BreadcrumbList",
        "@id": f"{page_url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def citation(source):
    return {
        "@type": "CreativeWork",
        "name": source.title,
        "url": source.url,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }


def how_to_step(step, url, position):
    return {
        "@type": "HowToStep",
        "@id": f"{url}#step",
        "position": position,
        "name": step.title,
        "text": plain_text(step.instruction),
        "url": url,
    }


def how_to(name, description, steps_with_urls, page_url):
    return {
        "@type": "HowTo",
        "@id": f"{page_url}#how-to",
        "name": name,
        # Search engines may show this alone, so it carries the warning itself.
        "description": with_clot_warning(description, limit=300),
        "step": [how_to_step(step, url, number) for number, (step, url) in steps_with_urls],
    }


def medical_condition(cause, page_url):
    """The DVT facts the page's care cards show: signs, and the emergency complication.

    schema.org's possibleComplication takes text, so the complication is one plain sentence
    with its signs."""
    emergency_signs = "; ".join(EMERGENCY_SIGNS)
    paragraphs, risk_factors = text_and_list(cause.body)
    data = {
        "@type": "MedicalCondition",
        "@id": f"{page_url}#condition",
        "name": "Deep vein thrombosis",
        "alternateName": "DVT",
        "description": " ".join(paragraphs),
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": sign} for sign in URGENT_SIGNS],
        "possibleComplication": (
            "Pulmonary embolism: a clot that has travelled to the lungs. It can be "
            f"life-threatening. Call {settings.EMERGENCY_NUMBER} now if: {emergency_signs}."
        ),
    }
    if risk_factors:
        # The page's own list of who is more likely to get a clot, as it reads there.
        data["riskFactor"] = [{"@type": "MedicalRiskFactor", "name": f} for f in risk_factors]
    return data


LIST_ITEM = re.compile(r"^\s*[-*+]\s+(?P<item>.+)$")


def text_and_list(markdown_text):
    """A cause's text as (its paragraphs, the items of its bulleted lists), each plain text: the
    DVT page's list is who is more likely to get a clot."""
    paragraphs, items = [], []
    for block in re.split(r"\n\s*\n", markdown_text.replace("\r\n", "\n")):
        lines = block.strip().splitlines()
        listed = [LIST_ITEM.match(line) for line in lines]
        if lines and all(listed):
            items.extend(plain_text(match["item"]) for match in listed)
        elif lines:
            paragraphs.append(plain_text(block))
    return [p for p in paragraphs if p], [i for i in items if i]
