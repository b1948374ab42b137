"""Shared caches in front of the site: public pages say how long a shared cache may keep them
and what they show; every change purges the pages that show it, after it commits, retried, and
never at the cost of the save. (tests/test_varnish.py does the same against a real varnishd.)"""

import io
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.desk.ordering import move_one_place
from articles.models import Cause, MassageStep, SafetyText
from delivery import shared_cache
from publishing import workflow
from tests.factories import live_clinical_note
from tests.workflow_steps import publish_pending

pytestmark = pytest.mark.django_db


def keys(response):
    return set(response["xkey"].split())


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


class PurgeRecorder(ThreadingHTTPServer):
    """A stand-in shared cache: records each PURGE (path and xkey-purge header)."""

    def __init__(self, status=200):
        self.purges, self.status = [], status
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the HTTP method's name
                recorder.purges.append((self.path, self.headers.get("xkey-purge")))
                self.send_response(recorder.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        # A short poll, so shutting the recorder down at the end of each test is quick.
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def purged_keys(self):
        return {key for _, header in self.purges if header for key in header.split()}


@pytest.fixture(autouse=True)
def _sent_again_soon(monkeypatch):
    monkeypatch.setattr(shared_cache, "AGAIN_SECONDS", (0.05, 0.1))


@pytest.fixture
def varnish(settings):
    recorder = PurgeRecorder()
    settings.SHARED_CACHES = [recorder.url]
    yield recorder
    shared_cache.purger.wait(10)
    recorder.shutdown()
    recorder.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block's commit would run. (The test's own transaction
    never commits, so Django's capture stands in for the commit.)"""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(shared_cache, "RETRY_DELAYS", (0.01, 0.02))


def sent(recorder):
    shared_cache.purger.wait(10)
    return recorder.purged_keys()


# What pages say -------------------------------------------------------------------------------


def test_a_public_page_may_be_kept_a_day_by_shared_caches_while_browsers_revalidate(client):
    response = client.get("/massage/")
    assert cache_control(response) >= {
        "public",
        "max-age=0",
        "must-revalidate",
        f"s-maxage={24 * 60 * 60}",
        "stale-while-revalidate=60",
        f"stale-if-error={24 * 60 * 60}",
    }


def test_a_step_page_names_the_guide_every_step_and_its_safety_text(client):
    step = MassageStep.objects.published().first()
    response = client.get(step.get_absolute_url())
    steps = {f"articles.massagestep.{pk}" for pk in MassageStep.objects.values_list("pk", flat=1)}
    assert keys(response) >= {"guide", "all", "articles.massagestep", *steps}
    assert "articles.safetytext.do-not-massage" in keys(response)
    assert not any(key.startswith("articles.cause") for key in keys(response))
    assert response["Surrogate-Key"] == response["xkey"]


def test_a_cause_page_names_its_own_cause_and_no_other(client):
    cause, other = Cause.objects.published()[:2]
    response = client.get(cause.get_absolute_url())
    assert f"articles.cause.{cause.pk}" in keys(response)
    assert f"articles.cause.{other.pk}" not in keys(response)
    assert "articles.cause" not in keys(response), "a new cause does not change this page"


def test_each_page_carries_the_keys_of_every_kind_it_lists(client):
    # The home page's routine card counts the steps (issue 25); the parts list the rest.
    assert "articles.massagestep" in keys(client.get("/"))
    assert "articles.cause" in keys(client.get("/causes/"))
    assert keys(client.get("/massage/")) >= {"articles.massagestep", "articles.aftercarenote"}


def test_pages_built_from_all_content_are_purged_by_any_change(client):
    assert "content" in keys(client.get("/sitemap.xml"))
    assert "content" in keys(client.get("/changes/"))


def test_editors_pages_and_drafts_carry_no_keys_and_are_never_shared(editor_client):
    step = MassageStep.objects.published().first()
    response = editor_client.get(step.get_absolute_url())
    assert "xkey" not in response
    assert "s-maxage" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# What changes purge ---------------------------------------------------------------------------


def test_publishing_a_step_purges_that_step_and_its_lists_after_commit(
    varnish, committed, editor, make_reviewer
):
    step = MassageStep.objects.published().first()
    step.title = "Knead, newly worded"
    with committed():
        workflow.save_draft(step, editor)
    assert sent(varnish) == set(), "a draft changes nothing readers see"
    with committed():
        publish_pending(step, make_reviewer())
    purged = sent(varnish)
    assert {f"articles.massagestep.{step.pk}", "articles.massagestep", "content"} <= purged
    assert not any(key.startswith("articles.cause.") for key in purged)
    assert all(path == "/" for path, _ in varnish.purges)


def test_nothing_is_purged_before_the_change_commits_or_when_it_rolls_back(varnish, committed):
    cause = Cause.objects.published().first()
    with committed():
        cause.title = "Saved"
        cause.save()
        assert sent(varnish) == set(), "not before the commit"
    assert f"articles.cause.{cause.pk}" in sent(varnish)
    varnish.purges.clear()
    with committed():
        with transaction.atomic():
            cause.title = "Rolled back"
            cause.save()
            transaction.set_rollback(True)
    assert sent(varnish) == set()


def test_a_clinical_note_purges_the_item_it_is_about(varnish, committed):
    cause = Cause.objects.get(slug="charley-horse")
    note = live_clinical_note()
    assert note.about == cause
    with committed():
        note.save()
    assert f"articles.cause.{cause.pk}" in sent(varnish)


def test_a_safety_text_is_purged_by_its_kind(varnish, committed):
    text = SafetyText.objects.get(kind="urgent-card")
    with committed():
        text.save()
    assert "articles.safetytext.urgent-card" in sent(varnish)


def test_reordering_purges_every_moved_step(varnish, committed):
    second, third = MassageStep.objects.order_by("position")[1:3]
    with committed():
        move_one_place(MassageStep, [third.pk], -1)
    purged = sent(varnish)
    assert {f"articles.massagestep.{second.pk}", f"articles.massagestep.{third.pk}"} <= purged


def test_clear_page_cache_purges_every_page(varnish, committed):
    with committed():
        call_command("clear_page_cache", stdout=io.StringIO())
    assert sent(varnish) == {"all"}
    assert varnish.purges == [("/", "all")] * 3, "sent, and sent again twice (AGAIN_SECONDS)"


def test_by_url_every_public_page_is_purged(varnish, committed, settings):
    settings.SHARED_CACHE_PURGE = "url"
    step = MassageStep.objects.published().first()
    with committed():
        step.save()
    shared_cache.purger.wait(10)
    paths = {path for path, _ in varnish.purges}
    assert {"/", "/massage/", step.get_absolute_url(), "/sitemap.xml"} <= paths


def test_by_url_an_unpublished_cause_is_purged_at_its_address_and_its_old_ones(
    varnish, committed, settings
):
    settings.SHARED_CACHE_PURGE = "url"
    cause = Cause.objects.published().first()
    old_address = cause.get_absolute_url()
    cause.slug = f"{cause.slug}-renamed"
    with committed():
        cause.save()
    shared_cache.purger.wait(10)
    assert old_address in {path for path, _ in varnish.purges}, "renamed: its old address"
    varnish.purges.clear()
    cause.is_published = False
    with committed():
        cause.save()
    shared_cache.purger.wait(10)
    paths = {path for path, _ in varnish.purges}
    assert {old_address, cause.get_absolute_url()} <= paths, "unpublished: every address"
    assert not any("#" in path for path in paths)


# When purging fails -----------------------------------------------------------------------------


def test_a_purge_no_cache_takes_is_retried_logged_and_the_save_stands(
    settings, committed, quick_retries, caplog
):
    refusing = PurgeRecorder(status=503)
    settings.SHARED_CACHES = ["http://127.0.0.1:9", refusing.url]  # nothing listens on port 9
    cause = Cause.objects.published().first()
    cause.title = "Saved whatever the caches say"
    with caplog.at_level(logging.WARNING, logger="delivery.shared_cache"):
        with committed():
            cause.save()
        assert shared_cache.purger.wait(10)
    refusing.shutdown()
    refusing.server_close()
    assert Cause.objects.get(pk=cause.pk).title == "Saved whatever the caches say"
    assert len(refusing.purges) == 9, "a try and two retries, and all that twice again later"
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 6
    assert all("not purged after 3 tries" in message for message in errors)
    assert f"articles.cause.{cause.pk}" in errors[0]


def test_with_no_shared_cache_nothing_is_sent(settings):
    settings.SHARED_CACHES = []
    Cause.objects.published().first().save()
    assert shared_cache.purger.wait(0)
