"""The delivery path's loose ends from the red-team pass (issue 23): renamed pages' redirects,
what the service worker may keep, a reviewer's withdrawn consent, control characters in feed
and email text, unpublished pages coming back as stale copies, and outside review links in the
audit log and access logs. (tests/test_varnish.py checks the Varnish side with a real varnishd.)
"""

import http.client
import json
import logging
import re
import subprocess
import threading
import time
import xml.etree.ElementTree as ElementTree
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.utils import timezone

from articles.models import Cause, MassageStep, SlugRedirect
from delivery.logfmt import AccessLogFormatter, LogfmtFormatter
from delivery.page_cache import page_generation
from publishing import links, notifications, workflow
from publishing.models import AuditEvent, ReviewerProfile
from tests import test_renames, test_shared_cache
from tests.programs import program_or_fail
from tests.test_page_cache import DatabaseDown, get, page_cache
from tests.test_shared_cache import sent
from tools.admin_forms import save_in_admin
from tools.served import free_port, stop

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]

# The purge recorder, the commit stand-in, quick re-sends and the rename step: the shared-cache
# and rename tests' own fixtures.
varnish = test_shared_cache.varnish
committed = test_shared_cache.committed
_sent_again_soon = test_shared_cache._sent_again_soon
rename = test_renames.rename


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


# 1. Renames ------------------------------------------------------------------------------------


def test_an_old_address_redirect_is_kept_briefly_by_shared_caches_and_names_its_item(
    editor_client, reader, rename
):
    cause = Cause.objects.get(slug="hyperpronation")
    rename(editor_client, cause, "overpronation")
    moved = reader.get("/causes/hyperpronation/")
    assert moved.status_code == 301
    assert "s-maxage=60" in cache_control(moved), "a rename back must reach readers in a minute"
    assert f"articles.cause.{cause.pk}" in moved["xkey"].split(), "purged with its item"
    assert "max-age=86400" not in cache_control(moved)


def test_an_editor_gets_the_redirect_without_keys(editor_client, rename):
    cause = Cause.objects.get(slug="hyperpronation")
    rename(editor_client, cause, "overpronation")
    moved = editor_client.get("/causes/hyperpronation/")
    assert moved.status_code == 301
    assert "xkey" not in moved


def test_freeing_an_old_address_purges_the_redirect_kept_for_it(varnish, committed):
    cause = Cause.objects.get(slug="hyperpronation")
    with committed():
        old = SlugRedirect.objects.create(
            content_type=ContentType.objects.get_for_model(Cause),
            object_id=cause.pk,
            old_slug="flat-feet",
        )
    assert f"articles.cause.{cause.pk}" in sent(varnish)
    varnish.purges.clear()
    with committed():
        old.delete()  # the address is free for another cause now
    assert f"articles.cause.{cause.pk}" in sent(varnish)


def test_the_shipped_vcl_keeps_redirects_a_minute_at_most():
    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    redirects = re.search(r"if \(beresp\.status == 301.*?\n    \}", vcl, re.DOTALL)
    assert redirects, "vcl_backend_response has no rule for redirects"
    assert "set beresp.ttl = 60s;" in redirects.group(0)


# 2. The service worker -------------------------------------------------------------------------


def service_worker_config(client):
    body = client.get("/sw.js").content.decode()
    return body, json.loads(re.search(r"const CONFIG = (\{.*?\});\n", body).group(1))


def test_the_service_worker_never_names_the_admin_address(client, settings):
    settings.ADMIN_PATH = "editors-7f3a/"
    body, config = service_worker_config(client)
    assert "editors-7f3a" not in body
    assert "never" not in config, "an allow-list, not a list of what to hide"
    assert "/" in config["pages"] and "/offline/" in config["pages"]
    assert config["sections"] == ["/causes/", "/massage/", "/pictures/"]


def test_the_service_worker_keeps_only_public_addresses():
    worker = (ROOT / "templates" / "offline" / "sw.js").read_text()
    assert "CONFIG.never" not in worker
    assert "CONFIG.pages.includes(path)" in worker
    assert "CONFIG.sections.some(" in worker


# 3. A reviewer's consent ------------------------------------------------------------------------


def test_a_reviewer_who_withdraws_consent_is_purged_from_every_page_they_reviewed(
    varnish, committed, make_reviewer
):
    rhea = make_reviewer("rhea", "Rhea", "Reviewer")
    cause = Cause.objects.get(slug="dehydration")
    step = MassageStep.objects.get(slug="knead-the-calf")
    Cause.objects.filter(pk=cause.pk).update(reviewed_by=rhea)
    MassageStep.objects.filter(pk=step.pk).update(reviewed_by=rhea)
    with committed():
        profile = ReviewerProfile.objects.create(user=rhea, role="GP", show_name=True)
    varnish.purges.clear()
    generation = page_generation().current()
    with committed():
        profile.show_name = False
        profile.save()
    purged = sent(varnish)
    assert {f"articles.cause.{cause.pk}", f"articles.massagestep.{step.pk}"} <= purged
    assert page_generation().current() != generation, "the app's page cache forgets them too"
    other = Cause.objects.get(slug="charley-horse")
    assert f"articles.cause.{other.pk}" not in purged, "only the pages that name them"


def test_a_named_reviewers_new_account_name_is_purged_too(varnish, committed, make_reviewer):
    rhea = make_reviewer("rhea", "Rhea", "Reviewer")
    cause = Cause.objects.get(slug="dehydration")
    Cause.objects.filter(pk=cause.pk).update(reviewed_by=rhea)
    ReviewerProfile.objects.create(user=rhea, role="GP", show_name=True)
    varnish.purges.clear()
    with committed():
        rhea.last_name = "Married-Name"
        rhea.save()
    assert f"articles.cause.{cause.pk}" in sent(varnish)


# 4. Tracking parameters (the cache key is the clean address) -----------------------------------


def test_the_shipped_vcl_drops_tracking_parameters_before_the_lookup():
    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    receive = vcl[vcl.index("sub vcl_recv") : vcl.index("return (hash);")]
    assert "utm_" in receive and "fbclid" in receive and "gclid" in receive


# 5. Control characters and line breaks ----------------------------------------------------------


def test_a_control_character_in_a_change_note_never_breaks_the_feed(publish, make_editor, reader):
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    cause = Cause.objects.get(slug="dehydration")
    save_in_admin(client, cause, summary="Not drinking enough can make your calf sore.")
    publish(cause, change_note="Fixed\x0b a typo\x00 pasted from a PDF\x1b")
    response = reader.get("/changes/feed/")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)  # well-formed XML 1.0
    titles = [node.text for node in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Dehydration: Fixed a typo pasted from a PDF" in titles


def test_a_change_note_pasted_with_control_characters_is_stored_as_meant(publish, make_editor):
    # PostgreSQL refuses a NUL in a text column: stored as typed, the note would be a 500.
    ann = make_editor("ann", "Ann", "Author")
    client = Client()
    client.force_login(ann)
    cause = Cause.objects.get(slug="dehydration")
    save_in_admin(client, cause, summary="Not drinking enough can make your calf sore.")
    draft = workflow.pending(cause)
    publish(cause, change_note="Fixed\x0b a typo\x00 pasted\tfrom a PDF\x1b\x7f")
    draft.refresh_from_db()
    assert draft.change_note == "Fixed a typo pasted\tfrom a PDF"


def test_a_line_break_in_a_title_never_stops_the_email(make_editor, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ann = make_editor("ann", "Ann", "Author")
    ann.email = "ann@example.org"
    ann.save()
    subject = "For review: Cramp\r\nBcc: everyone@example.org\x07  after a run (version 2)"
    assert notifications.send(subject, ["Body"], [ann]) == 1
    (email,) = mail.outbox
    assert email.subject == "For review: Cramp Bcc: everyone@example.org after a run (version 2)"


def test_a_submission_with_a_line_break_in_the_title_still_emails_the_reviewers(
    smtp_server, make_reviewer, make_editor, django_capture_on_commit_callbacks
):
    make_reviewer("sam", "Sam", "Second")
    ann = make_editor("ann", "Ann", "Author")
    cause = Cause.objects.get(slug="dehydration")
    cause.title = "Not drinking\nenough"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(workflow.save_draft(cause, ann), ann, "Plainer title")
    (email,) = smtp_server.to("sam@example.org")
    assert email.subject.startswith("For review: Not drinking enough (version ")


# 6. Unpublished pages never come back as stale copies -------------------------------------------


def test_an_unpublished_page_is_not_served_stale_when_django_fails(varnish, committed):
    django = DatabaseDown(WSGIHandler())
    app = page_cache(django)
    assert get(app, "/causes/hyperpronation/").status == 200
    assert get(app, "/causes/dehydration/").status == 200
    cause = Cause.objects.get(slug="hyperpronation")
    cause.is_published = False
    with committed():
        cause.save()
    django.down = True
    gone = get(app, "/causes/hyperpronation/")
    assert gone.status == 503, "its last good copy was dropped"
    assert 'id="dvt-warning"' in gone.text
    still = get(app, "/causes/dehydration/")
    assert (still.status, still.headers["X-Page-Cache"]) == (200, "stale"), "others still are"
    # Varnish is told to drop every copy of that address, its grace copy too (PURGE <path>,
    # which the shipped VCL answers with a hard purge).
    sent(varnish)
    assert ("/causes/hyperpronation/", None) in varnish.purges


def test_a_deleted_step_is_purged_at_its_address_and_its_share_card(varnish, committed):
    step = MassageStep.objects.get(slug="knead-the-calf")
    with committed():
        step.delete()
    sent(varnish)
    paths = {path for path, _ in varnish.purges}
    assert {"/massage/knead-the-calf/", "/massage/knead-the-calf/card.png"} <= paths


def test_a_republished_page_is_served_stale_again(committed):
    django = DatabaseDown(WSGIHandler())
    app = page_cache(django)
    cause = Cause.objects.get(slug="hyperpronation")
    cause.is_published = False
    with committed():
        cause.save()
    cause.is_published = True
    with committed():
        cause.save()
    assert get(app, "/causes/hyperpronation/").status == 200
    django.down = True
    assert get(app, "/causes/hyperpronation/").status == 200


# 7. Outside review links ------------------------------------------------------------------------


@pytest.fixture
def link(make_editor, make_reviewer):
    ann = make_editor("ann", "Ann", "Author")
    rhea = make_reviewer("rhea", "Rhea", "Reviewer")
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.instruction = "Knead the calf gently with both hands, for a minute."
    revision = workflow.submit(workflow.save_draft(step, ann), ann, "Gentler wording")
    return links.create(revision, rhea, "Dr Shah")


def test_an_outside_link_opened_many_times_is_logged_once_a_day(link, reader, monkeypatch):
    address = links.address(link)
    for _ in range(5):
        assert reader.get(address).status_code == 200
    opened = AuditEvent.objects.filter(action=AuditEvent.Action.LINK_OPENED)
    assert opened.count() == 1
    tomorrow = timezone.now() + timedelta(hours=25)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    reader.get(address)
    assert opened.count() == 2, "a new day, a new entry"


def test_a_second_link_for_the_same_version_is_logged_on_its_own(link, reader, make_reviewer):
    other = links.create(link.revision, link.created_by, "Dr Shah")
    reader.get(links.address(link))
    reader.get(links.address(other))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LINK_OPENED).count() == 2


def test_the_access_log_never_holds_an_outside_review_token(link):
    token = links.token(link)
    atoms = {"m": "GET", "U": f"/review/{token}/", "s": "200", "B": 512, "D": 1234}
    access = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(h)s", (), None)
    access.args = atoms
    line = AccessLogFormatter().format(access)
    assert token not in line
    assert "path=/review/…/" in line


def test_djangos_own_log_never_holds_an_outside_review_token(link):
    token = links.token(link)
    path = f"/review/{token}/"
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (path,), None
    )
    line = LogfmtFormatter().format(record)
    assert token not in line and "/review/…/" in line


class Upstream(ThreadingHTTPServer):
    """A stand-in for Varnish behind nginx: answers every GET with a small page."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the HTTP method's name
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self):
        self.shutdown()
        self.server_close()


def shipped_nginx(tmp_path, upstream_port, http_port, https_port):
    """deploy/nginx/calfcare.conf on loopback ports, without TLS, logging into `tmp_path`, in
    a main configuration of its own."""
    site = (ROOT / "deploy" / "nginx" / "calfcare.conf").read_text()
    site = "\n".join(
        line for line in site.splitlines() if not line.strip().startswith(("ssl_", "listen [::]"))
    )
    site = (
        site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port};")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("server 127.0.0.1:6081;", f"server 127.0.0.1:{upstream_port};")
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "calfcare.conf").write_text(site)
    temp = " ".join(
        f"{name}_temp_path {tmp_path}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ {temp} include {tmp_path}/calfcare.conf; }}\n"
    )
    return main


def test_nginx_keeps_review_tokens_out_of_its_logs(tmp_path):
    nginx = program_or_fail("nginx", "nginx", "The nginx log test")
    upstream = Upstream()
    http_port, https_port = free_port(), free_port()
    conf = shipped_nginx(tmp_path, upstream.server_address[1], http_port, https_port)
    process = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "start.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    token = "MQ:1xadLJ:secret-token-of-a-draft"
    review = f"/review/{token}/"

    def get(port, path, **headers):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "calfcare.example", **headers})
            return connection.getresponse().status
        finally:
            connection.close()

    try:
        for _ in range(100):
            try:
                get(https_port, "/")
                break
            except OSError:
                time.sleep(0.05)
        assert get(https_port, review) == 200
        referrer = {"Referer": f"https://calfcare.example{review}"}
        assert get(https_port, "/static/css/site.css", **referrer) == 200
        assert get(http_port, review) == 301
        upstream.stop()
        assert get(https_port, review) == 502
        assert get(https_port, "/causes/") == 502
    finally:
        stop(process)
    access = (tmp_path / "access.log").read_text()
    errors = (tmp_path / "error.log").read_text()
    assert access.count('"GET /review/.../ HTTP/1.1" ') == 3, access
    assert token not in access and token not in errors
    assert "/causes/" in errors, "the error log still names other requests"
