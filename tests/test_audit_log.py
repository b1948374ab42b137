"""The audit log in the admin: each entry leads to its item while the item exists, and the
filters offer what editors look for (kinds of content, every action), not Django's internals."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from articles.models import Cause, MassageStep
from publishing import audit
from publishing.models import AuditEvent
from tests.factories import CauseFactory
from tools.admin_forms import admin_url

pytestmark = pytest.mark.django_db

LIST = "/admin/publishing/auditevent/"
CONTENT_KINDS = {
    "Causes",
    "Massage steps",
    "Aftercare notes",
    "Guide text",
    "Clinical notes",
    "Information pages",
    "Safety texts",
    # A translation is content with versions of its own (translations.models).
    "Translations",
}


@pytest.fixture
def superuser(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def filter_choices(response, title):
    spec = next(spec for spec in response.context["cl"].filter_specs if spec.title == title)
    return [choice["display"] for choice in spec.choices(response.context["cl"])][1:]


def test_each_entry_links_to_its_items_admin_page(superuser, admin_user):
    step = MassageStep.objects.get(slug="knead-the-calf")
    audit.record(admin_user, AuditEvent.Action.REORDERED, item=step, detail="Moved")
    page = superuser.get(LIST).content.decode()
    assert f'<a href="{admin_url(step)}">{step}</a>' in page


def test_an_entry_whose_item_was_deleted_names_it_without_a_link(superuser, admin_user):
    cause = CauseFactory(title="Gone <soon>", is_published=False)
    url = admin_url(cause)
    audit.record(admin_user, AuditEvent.Action.DELETED, item=cause)
    Cause.objects.filter(pk=cause.pk).delete()
    page = superuser.get(LIST).content.decode()
    assert "Gone &lt;soon&gt;" in page
    assert url not in page


def test_the_kind_filter_offers_only_kinds_of_content(superuser, admin_user):
    # Entries about things that are not content must not bring their types into the filter.
    audit.record(admin_user, AuditEvent.Action.ROLE_GRANTED, item=admin_user, detail="Editor")
    offered = filter_choices(superuser.get(LIST), "kind of content")
    assert set(offered) == CONTENT_KINDS
    assert not {"user", "session", "permission"} & {kind.lower() for kind in offered}
    assert Permission.objects.exists(), "Django's own types exist and are still not offered"


def test_filtering_by_kind_shows_only_that_kinds_entries(superuser, admin_user):
    step = MassageStep.objects.get(slug="knead-the-calf")
    cause = Cause.objects.first()
    audit.record(admin_user, AuditEvent.Action.REORDERED, item=step, detail="step moved")
    audit.record(admin_user, AuditEvent.Action.REORDERED, item=cause, detail="cause moved")
    response = superuser.get(LIST)
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "kind of content")
    steps = next(c for c in spec.choices(response.context["cl"]) if c["display"] == "Massage steps")
    page = superuser.get(LIST + steps["query_string"]).content.decode()
    assert "step moved" in page and "cause moved" not in page


def test_the_action_filter_offers_outside_reviewers_comments(superuser):
    assert "Outside reviewer commented" in filter_choices(superuser.get(LIST), "action")


def test_times_in_the_admins_own_columns_are_uk_24_hour_with_the_zone(superuser, admin_user):
    """Django's en-GB default is "7 Dec 2026, 2:30 p.m." with no zone; the schedule box and the
    panel say "7 Dec 2026, 14:30 GMT", so the admin's lists must too."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    winter_afternoon = datetime(2026, 12, 7, 14, 30, tzinfo=ZoneInfo("Europe/London"))
    # The log cannot be changed once written: the entry is written as of that moment instead.
    AuditEvent.objects.create(
        actor=admin_user,
        action=AuditEvent.Action.REORDERED,
        item_label="Knead the calf",
        at=winter_afternoon,
    )
    page = superuser.get(LIST).content.decode()
    assert "7 Dec 2026, 14:30 GMT" in page
    assert "p.m." not in page


def test_the_revisions_list_filters_by_kinds_of_content_only(superuser):
    offered = filter_choices(superuser.get("/admin/publishing/revision/"), "kind of content")
    assert set(offered) == CONTENT_KINDS
