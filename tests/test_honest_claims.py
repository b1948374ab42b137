"""Every public page says only what this site's records show: a source "checked" on a day only
when someone recorded checking it that day (SourceCheck), a clinical review only when a
reviewer's approval or review is on record (a publishing revision's reviewer), and never the
developers' word "seed". A fresh install has no such records, so its pages claim neither.

`unrecorded_claims` is the detector; the tests below also prove it fails on a page that lies.
"""

import json
import re

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles import source_checks
from articles.models import Cause, SourceCheck
from articles.safety_texts import NHS_DVT
from publishing.models import Revision
from tests.conftest import page_text
from tests.site_pages import READER_PAGES, fetch
from tools.admin_forms import save_in_admin

pytestmark = pytest.mark.django_db

# The public pages of a fresh install: every reader page the browser checks cover, and the
# pages built from every change (not in site_pages: they carry no content of their own).
PUBLIC_PAGES = [*READER_PAGES]
MORE_PATHS = ["/changes/", "/changes/feed/", "/sitemap.xml"]

CHECKED_ON = re.compile(r"\bchecked (\d{1,2} [A-Z][a-z]+ \d{4})")
# What says, as a fact, that a clinician reviewed, approved or checked something: the review
# line's words, and the sentences /changes/ and About use when a record says so. A sentence
# that denies it ("has not yet been reviewed by a clinician") is no claim; one describing what
# is meant to happen ("once a clinical reviewer has checked a page") uses other words.
REVIEW_CLAIMS = re.compile(
    r"Page last reviewed|Reviewed by|A clinical reviewer (?:has )?(?:approved|checked)"
    r"|(?:approved|checked|reviewed) by a (?:clinical reviewer|clinician)|clinically reviewed"
    r"|Clinical note|Approved by"
)
DENIAL = re.compile(r"\b(?:not|never|No|Nobody|nobody|Until)\b")
SEED = re.compile(r"\bseed", re.IGNORECASE)


def recorded_check_days():
    return {format_date(check.checked_on, "j F Y") for check in SourceCheck.objects.all()}


def any_review_on_record():
    return Revision.objects.filter(reviewed_by__isnull=False).exists()


def unrecorded_claims(reading, html):
    """What a page's text (`reading`) and markup (`html`) claim that no record supports."""
    found = []
    days = recorded_check_days()
    found += [f"checked {day}" for day in CHECKED_ON.findall(reading) if day not in days]
    if not any_review_on_record():
        for sentence in re.split(r"(?<=[.!?])\s+", reading):
            if not DENIAL.search(sentence):
                found += [claim.group(0) for claim in REVIEW_CLAIMS.finditer(sentence)]
        for data in json_ld(html):
            found += [f"JSON-LD {key}" for key in ("lastReviewed", "reviewedBy") if key in data]
    found += [f"the word {word.group(0)!r}" for word in SEED.finditer(reading)]
    return found


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in blocks]


def reading_of(response):
    return page_text(response)


def test_a_fresh_install_has_no_source_checks_and_no_clinical_reviews_on_record():
    assert not SourceCheck.objects.exists()
    assert not any_review_on_record()


@pytest.mark.parametrize("site_page", PUBLIC_PAGES, ids=lambda page: page.name)
def test_no_page_of_a_fresh_install_claims_a_check_or_review_nobody_recorded(site_page, client):
    response = fetch(site_page, client)
    assert response.status_code == site_page.status
    html = response.content.decode()
    assert unrecorded_claims(reading_of(response), html) == []


@pytest.mark.parametrize("path", MORE_PATHS)
def test_the_change_list_feed_and_sitemap_claim_no_review_nobody_recorded(path, client):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert unrecorded_claims(reading_of(response), html) == []


def test_the_detector_finds_a_typed_date_shown_as_a_check_and_an_unrecorded_review():
    lying = (
        "NHS: Blood clots, checked 2 December 2026. Page last reviewed: 1 December 2026 "
        "Reviewed by a physiotherapist. Each change was checked by a clinical reviewer. "
        "Corrected slips in the seed article. Clinical note: about “thigh”"
    )
    html = '<script type="application/ld+json">{"lastReviewed": "2026-12-01"}</script>'
    assert unrecorded_claims(lying, html) == [
        "checked 2 December 2026",
        "Page last reviewed",
        "Reviewed by",
        "checked by a clinical reviewer",
        "Clinical note",
        "JSON-LD lastReviewed",
        "the word 'seed'",
    ]


def test_the_detector_lets_the_sites_own_not_yet_wording_pass():
    honest = (
        "This page has not yet been reviewed by a clinician. NHS: Blood clots, not checked yet. "
        "No clinical reviewer has checked this guide yet. Part of the guide as it was first put "
        "online. No clinical reviewer has checked it."
    )
    assert unrecorded_claims(honest, "") == []


def test_a_recorded_check_and_review_are_shown_and_pass_the_detector(
    client, editor, editor_client, publish
):
    source_checks.record(NHS_DVT, editor)
    cause = Cause.objects.get(slug="hyperpronation")
    save_in_admin(editor_client, cause, summary="Feet that roll inwards can tire the calf.")
    publish(cause, change_note="Made the summary plainer")
    today = format_date(timezone.localdate(), "j F Y")
    response = client.get("/causes/hyperpronation/")
    reading = reading_of(response)
    assert f"NHS: DVT (deep vein thrombosis), checked {today}" in reading
    changes = reading_of(client.get("/changes/"))
    assert "A clinical reviewer approved this change before it went live." in changes
    assert unrecorded_claims(reading, response.content.decode()) == []
    # A check recorded on another day than the one shown would still be caught.
    SourceCheck.objects.update(checked_at=timezone.now() - timezone.timedelta(days=3))
    assert unrecorded_claims(f"checked {today}", "") == [f"checked {today}"]
