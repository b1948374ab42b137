"""Public pages cost a small, fixed number of queries however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AftercareNoteFactory, CauseFactory, MassageStepFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/causes/",
    "/causes/dehydration/",
    # The pages with both care cards, the comparison, or the "do not massage" notice too.
    "/causes/deep-vein-thrombosis/",
    "/cramp-or-clot/",
    "/massage/",
    "/massage/knead-the-calf/",
]


def query_counts(client):
    counts = {}
    for path in PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        counts[path] = len(captured)
    return counts


def test_query_counts_are_small_and_flat_at_ten_times_the_content(client):
    before = query_counts(client)
    # The front page, the most: the guide text, causes, steps, aftercare, the safety texts and
    # the clinical notes on it (for the review line), the reviewers once it is reviewed, and the
    # recorded checks of its sources (one query for all, articles.source_checks.with_checks).
    assert max(before.values()) <= 8
    CauseFactory.create_batch(50)
    MassageStepFactory.create_batch(60)
    AftercareNoteFactory.create_batch(20)
    assert query_counts(client) == before


def test_staff_draft_views_stay_flat_too(client, editor):
    client.force_login(editor)
    before = query_counts(client)
    CauseFactory.create_batch(20, is_published=False)
    MassageStepFactory.create_batch(20, is_published=False)
    AftercareNoteFactory.create_batch(10, is_published=False)
    assert query_counts(client) == before
