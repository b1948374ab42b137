"""The sitemap and robots.txt: the public address (DJANGO_SITE_URL) like the canonical links,
and a date on every page that moves whenever anything the page shows changes."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.desk.ordering import move_one_place
from articles.models import (
    CONTENT_MODELS,
    AftercareNote,
    Cause,
    ClinicalNote,
    Guide,
    MassageStep,
    SafetyText,
)
from tests.factories import CauseFactory, MassageStepFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
STEP_SLUGS = [
    "bare-the-leg",
    "stroke-upward-from-the-ankle",
    "knead-the-calf",
    "find-the-knots",
    "work-the-sore-spots",
    "shake-out-the-calf",
]


def lastmods(client):
    """Each address in the sitemap with its lastmod."""
    xml = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<url><loc>(.*?)</loc>(?:<lastmod>(.*?)</lastmod>)?", xml)
    return {location.removeprefix("http://testserver"): lastmod for location, lastmod in entries}


@pytest.fixture
def all_unchanged_since_long_ago():
    """Every row last changed in 2020, so a change today shows on exactly the pages it moves."""
    for model in CONTENT_MODELS:
        model.objects.update(updated_at=LONG_AGO)


def moved(client, change):
    before = lastmods(client)
    change()
    after = lastmods(client)
    return {path for path in after if after[path] != before.get(path)}


def test_the_sitemap_uses_the_public_address(client, settings):
    settings.SITE_URL = "https://calfcare.example"
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert locations, xml
    assert all(location.startswith("https://calfcare.example/") for location in locations)
    assert "https://calfcare.example/massage/knead-the-calf/" in locations


def test_robots_names_the_sitemap_at_the_public_address(client, settings):
    settings.SITE_URL = "https://calfcare.example"
    assert "Sitemap: https://calfcare.example/sitemap.xml" in client.get("/robots.txt").text


def test_every_page_in_the_sitemap_has_a_lastmod(client):
    dates = lastmods(client)
    assert len(dates) == 4 + 5 + 6 + 4, "the guide's pages, causes, steps and information pages"
    assert all(dates.values()), [path for path, lastmod in dates.items() if not lastmod]


def test_a_lastmod_is_the_full_moment_so_two_changes_in_a_day_differ(client):
    for lastmod in lastmods(client).values():
        assert datetime.fromisoformat(lastmod).tzinfo is not None


def test_the_warnings_wording_moves_every_page(client, all_unchanged_since_long_ago):
    def reword():
        guide = Guide.load()
        guide.warning_heading = "Could this be a blood clot?"
        guide.save()

    assert moved(client, reword) == set(lastmods(client))


def test_reordering_the_steps_moves_the_routine_and_every_step_page(
    client, all_unchanged_since_long_ago
):
    step = MassageStep.objects.get(slug="knead-the-calf")
    changed = moved(client, lambda: move_one_place(MassageStep, [step.pk], -1))
    step_pages = {s.get_absolute_url() for s in MassageStep.objects.published()}
    assert changed == {"/", "/massage/"} | step_pages


@pytest.mark.parametrize(
    "kind, pages",
    [
        ("cramp-or-clot", {"/cramp-or-clot/"}),
        ("emergency-card", {"/cramp-or-clot/", "/massage/", "/causes/deep-vein-thrombosis/"}),
        # In full on the routine's page and step 1's; the later steps only link to it.
        ("do-not-massage", {"/massage/", f"/massage/{STEP_SLUGS[0]}/"}),
    ],
)
def test_a_safety_text_moves_the_pages_that_show_it(
    client, all_unchanged_since_long_ago, kind, pages
):
    assert moved(client, SafetyText.objects.get(kind=kind).save) == pages


def test_a_clinical_note_moves_the_page_it_sits_on(client, all_unchanged_since_long_ago):
    dvt = Cause.objects.get(slug="deep-vein-thrombosis")

    def add_note():
        ClinicalNote.objects.create(
            title="Who is more likely to get a clot",
            slug="who-gets-clots",
            about_type=ContentType.objects.get_for_model(Cause),
            about_id=dvt.pk,
            body="Clots are more likely after an operation.",
        )

    assert moved(client, add_note) == {"/causes/", "/causes/deep-vein-thrombosis/"}


def test_taking_a_cause_off_the_site_moves_the_pages_that_listed_it(
    client, all_unchanged_since_long_ago
):
    def unpublish():
        cause = Cause.objects.get(slug="dehydration")
        cause.is_published = False
        cause.save()

    assert moved(client, unpublish) == {"/causes/"}


def test_aftercare_moves_the_pages_that_show_it(client, all_unchanged_since_long_ago):
    note = AftercareNote.objects.first()
    assert moved(client, note.save) == {"/massage/"}


def test_the_sitemap_costs_the_same_queries_at_ten_times_the_content(client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get("/sitemap.xml")
        return len(captured)

    before = count()
    assert before <= 8
    CauseFactory.create_batch(50)
    MassageStepFactory.create_batch(50)
    assert count() == before
