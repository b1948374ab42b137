"""The review line at the foot of a reviewed page ("Page last reviewed"), styled as site.css says.

Its rules once sat after an unclosed block and silently never applied: this proves, in the
browser, that the line is in the secondary text colour with each date on its own line.
"""

from datetime import date

import pytest

from articles.models import CONTENT_MODELS, SafetyText

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECONDARY_TEXT = {"light": "rgb(75, 90, 99)", "dark": "rgb(169, 184, 187)"}  # site.css --muted


@pytest.fixture
def everything_reviewed(editor):
    """What an editor gets by choosing "Record a review today, by me" for every item in the
    admin: each piece of content on a page reviewed, so its foot shows the review line."""
    for model in CONTENT_MODELS:
        model.objects.update(
            last_reviewed=date(2026, 1, 10), next_review_due=date(2027, 1, 10), reviewed_by=editor
        )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_review_line_of_a_reviewed_page_is_quiet_text_with_a_line_per_date(
    everything_reviewed, live_server, phone_page, screenshots_dir, scheme
):
    page = phone_page
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + "/massage/")
    review = page.locator(".page-review")
    assert review.inner_text().splitlines() == [
        "Page last reviewed: 10 January 2026",
        "Next review due: 10 January 2027",
        "Reviewed by a clinical reviewer",
    ]
    colours = review.evaluate(
        "line => [getComputedStyle(line).color, getComputedStyle(document.body).color]"
    )
    assert colours[0] == SECONDARY_TEXT[scheme], f"review line {colours[0]}, body {colours[1]}"
    last_reviewed, next_due, _reviewer = review.locator(".page-review__item").all()
    assert last_reviewed.evaluate("item => getComputedStyle(item).display") == "block"
    assert next_due.bounding_box()["y"] >= (
        last_reviewed.bounding_box()["y"] + last_reviewed.bounding_box()["height"]
    )
    page.locator(".site-footer").screenshot(path=screenshots_dir / f"page-review-{scheme}.png")


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_review_line_fits_every_width_reviewed_or_not(
    browser, live_server, screenshots_dir, make_reviewer, width
):
    from publishing.models import ReviewerProfile

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/cramp-or-clot/")
    footer = page.locator(".site-footer")
    assert footer.locator(".page-review").inner_text() == (
        "This page has not yet been reviewed by a clinician."
    )
    footer.screenshot(path=screenshots_dir / f"page-review-not-reviewed-{width}.png")

    physio = make_reviewer("amina", "Amina", "Shah")
    ReviewerProfile.objects.create(
        user=physio, role="Physiotherapist", show_name=True, public_name="Dr Amina Shah"
    )
    for model in CONTENT_MODELS:
        model.objects.update(
            last_reviewed=date(2026, 12, 1), next_review_due=date(2027, 12, 1), reviewed_by=physio
        )
    gp = make_reviewer("gita", "Gita", "Patel")
    ReviewerProfile.objects.create(user=gp, role="GP")
    SafetyText.objects.filter(kind="cramp-or-clot").update(reviewed_by=gp)
    page.goto(live_server.url + "/cramp-or-clot/")
    assert footer.locator(".page-review").inner_text().splitlines() == [
        "Page last reviewed: 1 December 2026",
        "Next review due: 1 December 2027",
        "Reviewed by a GP and Dr Amina Shah, physiotherapist",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    footer.screenshot(path=screenshots_dir / f"page-review-reviewed-{width}.png")
    context.close()
