"""Scheduled publishing on real gunicorn workers behind the page cache, with no cron and no
reader: a change whose time has come is live within 60 seconds while nobody asks for a page,
and the cache never serves the old page after."""

import time

import pytest

from tools.served import fetch, gunicorn, manage, production_env

pytestmark = pytest.mark.slow_server

SCHEDULE = """
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from articles.models import MassageStep
from publishing import workflow
from publishing.models import Revision
ann = User.objects.create_user("ann", is_staff=True)
ann.groups.add(Group.objects.get(name="Editor"))
rhea = User.objects.create_user("rhea", is_staff=True)
rhea.groups.add(Group.objects.get(name="Clinical reviewer"))
step = MassageStep.objects.get(slug="knead-the-calf")
step.summary = "Published by the schedule."
draft = workflow.save_draft(step, ann)
workflow.submit(draft, ann, "Timed")
workflow.approve(draft, rhea)
workflow.publish(draft, rhea, at=timezone.now() + timedelta(hours=1))
"""

TIME_PASSES = """
from datetime import timedelta
from django.utils import timezone
from publishing.models import Revision
Revision.objects.filter(status="approved").update(
    publish_at=timezone.now() - timedelta(seconds=1)
)
"""

IS_LIVE = """
from publishing.models import Revision
published = Revision.objects.filter(status="published", change_note="Timed")
print("live" if published.exists() else "waiting")
"""


def test_a_scheduled_change_goes_live_through_the_page_cache_without_cron(tmp_path):
    env = production_env(tmp_path)
    manage(env, "migrate", "--no-input")
    manage(env, "load_initial_content")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    with gunicorn(env, workers=2) as base:
        for _ in range(6):  # every worker has the old page kept
            status, headers, body = fetch(base + "/massage/knead-the-calf/")
            assert b"Published by the schedule." not in body
        manage(env, "shell", "-c", SCHEDULE)
        status, headers, body = fetch(base + "/massage/knead-the-calf/")
        assert b"Published by the schedule." not in body, "not before its time"
        manage(env, "shell", "-c", TIME_PASSES)
        # No reader now: the database alone says when it went live.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if manage(env, "shell", "-c", IS_LIVE).stdout.split()[-1] == "live":
                break
            time.sleep(2)
        else:
            pytest.fail("the scheduled change was not live within 60 seconds, with no reader")
        # Once live, no worker serves the page kept from before.
        for _ in range(8):
            status, headers, body = fetch(base + "/massage/knead-the-calf/")
            assert status == 200 and b"Published by the schedule." in body
