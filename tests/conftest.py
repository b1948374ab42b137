import html
import importlib
import os
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils.html import strip_tags
from hypothesis import settings

from tests.smtp_server import serving


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as a new site has it: migrated, then the starting content loaded."""
    with django_db_blocker.unblock():
        call_command("load_initial_content", verbosity=0)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    for cache in caches.all():
        cache.clear()


def page_text(response):
    """The text a reader sees, whitespace folded, for assertions that ignore markup."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(response.content.decode()))).strip()


@pytest.fixture
def text():
    return page_text


# Bad-input property tests: a few seconds in `make test`, a deeper run with `make fuzz`.
settings.register_profile("default", max_examples=40, deadline=None, derandomize=False)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def make_editor(django_user_model):
    """A member of the Editor group (made by migration articles 0002), staff but not a superuser."""
    from django.contrib.auth.models import Group

    def make(username="dana", first_name="Dana", last_name="Editor"):
        user = django_user_model.objects.create_user(
            username, password="pw", is_staff=True, first_name=first_name, last_name=last_name
        )
        user.groups.add(Group.objects.get(name="Editor"))
        return user

    return make


@pytest.fixture
def editor(make_editor):
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader():
    """A visitor who is not signed in, separate from any signed-in client in the same test."""
    from django.test import Client

    return Client()


@pytest.fixture
def behind_proxy(settings):
    """The site as DJANGO_BEHIND_PROXY=true sets it up, with one trusted proxy (the default)."""
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


@pytest.fixture
def make_reviewer(django_user_model):
    """A member of the Clinical reviewer group (made by migration publishing 0002)."""
    from django.contrib.auth.models import Group

    def make(username="rhea", first_name="Rhea", last_name="Reviewer"):
        user = django_user_model.objects.create_user(
            username,
            password="pw",
            is_staff=True,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@example.org",
        )
        user.groups.add(Group.objects.get(name="Clinical reviewer"))
        return user

    return make


@pytest.fixture
def publish(make_reviewer):
    """publish(item): take the item's pending version through review and live, as a second
    person (a clinical reviewer who did not write it) would: submit, approve, publish."""
    from tests.workflow_steps import publish_pending

    reviewer = None

    def run(item, change_note="Checked and published in a test"):
        nonlocal reviewer
        if reviewer is None:
            reviewer = make_reviewer("publishing-reviewer", "Pat", "Publisher")
        return publish_pending(item, reviewer, change_note)

    return run


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback that the site's email goes to (tests/smtp_server.py);
    links in emails use https://calfcare.example."""
    settings.SITE_URL = "https://calfcare.example"
    with serving(settings) as server:
        yield server


# The data migrations that make a fresh install's Editor, Clinical reviewer and Viewer groups,
# re-run after each flush.
GROUP_MIGRATIONS = [
    ("articles", "0002_create_editor_group", "create_editor_group"),
    ("feedback", "0002_editors_read_feedback", "let_editors_read_feedback"),
    ("publishing", "0002_roles", "create_roles"),
    ("publishing", "0003_roles_for_trust_content", "grant_new_content"),
    ("publishing", "0006_outside_comments_and_viewer", "create_viewer_group"),
    ("publishing", "0008_source_checked_action", "grant_source_checks"),
    ("translations", "0002_roles", "grant_translations"),
]


@pytest.fixture
def fresh_site(transactional_db):
    """A transactional test's database as a new site has it. Such tests (the browser tests,
    whose live server reads through its own connection; the scheduler's thread) run last, and
    Django empties the tables after each one: put the groups and the starting content back
    before each, as a new site gets them (migrate, then load_initial_content)."""
    from django.apps import apps

    for app, migration, function in GROUP_MIGRATIONS:
        getattr(importlib.import_module(f"{app}.migrations.{migration}"), function)(apps, None)
    call_command("load_initial_content", verbosity=0)
