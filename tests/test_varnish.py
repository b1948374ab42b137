"""The shipped Varnish configuration (deploy/varnish/default.vcl) in front of two app servers.

A real varnishd (Debian's varnish and varnish-modules) with the shipped VCL, two gunicorn app
servers on two loopback ports sharing one database (a SQLite file; PostgreSQL and Redis from
TEST_POSTGRES_URL, as docs/operators.md's "scaling out" describes), each purging Varnish on
every change (DJANGO_SHARED_CACHE_URLS). Edits go live through the publishing workflow, in a
process of their own, as an editor's request on a third server would.

The tests of one deployment run in order: the last ones stop Varnish, then both app servers.
"""

import http.client
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.programs import program_or_fail, throwaway_postgres
from tests.test_redis_cache import RedisServer
from tools.served import ROOT, free_port, gunicorn, manage, production_env
from tools.varnish import render_vcl, varnishd

pytestmark = pytest.mark.slow_server

HOST = "localhost"
WARNING = 'id="dvt-warning"'
STEP = "/massage/knead-the-calf/"
# Pages that do not show the step: a change to it must leave them in Varnish.
# (Not /about/: it counts every review, so any change purges it, as it does /changes/.)
ELSEWHERE = ["/causes/dehydration/", "/cramp-or-clot/", "/privacy/"]
# Pages that show it.
SHOWING_STEP = ["/", "/massage/", STEP, "/massage/find-the-knots/"]
VISIBLE_WITHIN_SECONDS = 1.0

PUBLISH = """
import sys, time
from django.contrib.auth.models import Group, User
from articles.models import MassageStep
from publishing import workflow
slug, text = sys.argv[1], sys.argv[2]
ann, _ = User.objects.get_or_create(username="ann", defaults={"is_staff": True})
ann.groups.add(Group.objects.get(name="Editor"))
rhea, _ = User.objects.get_or_create(username="rhea", defaults={"is_staff": True})
rhea.groups.add(Group.objects.get(name="Clinical reviewer"))
step = MassageStep.objects.get(slug=slug)
step.title = text
draft = workflow.save_draft(step, ann)
workflow.submit(draft, ann, "Checked in the Varnish test")
workflow.approve(draft, rhea)
workflow.publish(draft, rhea, change_note="Checked in the Varnish test")
print("PUBLISHED", time.time(), flush=True)
"""

DRAFT_CAUSE_AND_EDITOR = """
from django.contrib.auth.models import User
from django.test import Client
from articles.models import Cause
Cause.objects.create(title="Draft cause only editors see", slug="draft-cause", position=999,
    summary="Not reviewed yet.", body="Draft.", is_published=False)
editor = User.objects.create_superuser("varnish-editor", password="not-used")
client = Client()
client.force_login(editor)
print(client.cookies["sessionid"].value)
"""

RENAME = """
import sys
from django.apps import apps
from django.contrib.auth.models import Group, User
from publishing import workflow
model, old, new = apps.get_model(sys.argv[1]), sys.argv[2], sys.argv[3]
ann, _ = User.objects.get_or_create(username="ann", defaults={"is_staff": True})
ann.groups.add(Group.objects.get(name="Editor"))
rhea, _ = User.objects.get_or_create(username="rhea", defaults={"is_staff": True})
rhea.groups.add(Group.objects.get(name="Clinical reviewer"))
item = model.objects.get(slug=old)
item.slug = new
draft = workflow.save_draft(item, ann)
workflow.submit(draft, ann, "Renamed in the Varnish test")
workflow.approve(draft, rhea)
workflow.publish(draft, rhea, change_note="Renamed in the Varnish test")
"""

UNPUBLISH = """
import sys
from articles.models import Cause
cause = Cause.objects.get(slug=sys.argv[1])
cause.is_published = False
cause.save()
"""

SUMMARY = """
from articles.models import MassageStep
print(MassageStep.objects.get(slug="knead-the-calf").title)
"""


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.text = response.read().decode(errors="replace")
        self.cache = response.getheader("X-Cache")

    @property
    def warned(self):
        return WARNING in self.text and "999" in self.text


class Deployment:
    """Two app servers and Varnish; `stop_*` and `start_varnish` for the outage tests."""

    def __init__(self, workdir, database_url=None, redis_url=None):
        self.workdir = workdir
        self.varnish_port = free_port()
        extra = {
            "DJANGO_SHARED_CACHE_URLS": f"http://127.0.0.1:{self.varnish_port}",
            # As in production: the public address, whose host a purge by address names.
            "DJANGO_SITE_URL": f"http://{HOST}",
        }
        if database_url:
            extra["DATABASE_URL"] = database_url
        if redis_url:
            extra["REDIS_URL"] = redis_url
        # Both app servers share the cache folder (one machine) or Redis, and the database.
        self.env = production_env(workdir / "site", **extra)
        self.apps, self.varnish = ExitStack(), ExitStack()
        self.unavailable_page = workdir / "unavailable.html"
        self.publishers = []

    def start(self):
        manage(self.env, "migrate", "--no-input")
        manage(self.env, "load_initial_content")
        manage(self.env, "collectstatic", "--no-input", "--verbosity", "0")
        manage(self.env, "unavailable_page", str(self.unavailable_page))
        ports = []
        for number in (1, 2):
            log = self.apps.enter_context((self.workdir / f"app{number}.log").open("w"))
            base = self.apps.enter_context(gunicorn(self.env, log=log))
            ports.append(urlsplit(base).port)
        self.vcl = render_vcl(ports, self.unavailable_page)
        self.start_varnish()

    def start_varnish(self):
        program_or_fail("varnishd", "varnish varnish-modules", "The Varnish tests")
        self.varnish.enter_context(
            varnishd(self.vcl, self.workdir / "varnish", port=self.varnish_port)
        )

    def stop_varnish(self):
        self.varnish.close()

    def stop_app_servers(self):
        self.apps.close()

    def get(self, path, method="GET", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.varnish_port, timeout=10)
        try:
            connection.request(method, path, headers={"Host": HOST, **(headers or {})})
            return Answer(connection.getresponse())
        finally:
            connection.close()

    def cached(self, paths):
        """Every page in `paths` requested until Varnish answers it from its cache."""
        for path in paths:
            for _ in range(3):
                answer = self.get(path)
                assert answer.status == 200 and answer.warned, (path, answer.status)
                if answer.cache == "hit":
                    break
            else:
                pytest.fail(f"Varnish never kept {path}: X-Cache {answer.cache}")

    def _shell_args(self, code, args):
        script = self.workdir / f"script-{secrets.token_hex(4)}.py"
        script.write_text(code)
        run = f"import sys; sys.argv = ['', *{list(args)!r}]; exec(open({str(script)!r}).read())"
        return ["shell", "-c", run]

    def shell(self, code, *args):
        return manage(self.env, *self._shell_args(code, args))

    def publish(self, slug, text):
        """Publish `text` as the step's title in another process; returns the moment the
        publication committed, while that process may still be purging."""
        process = subprocess.Popen(
            [sys.executable, "manage.py", *self._shell_args(PUBLISH, [slug, text])],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.publishers.append(process)
        for line in process.stdout:
            if line.startswith("PUBLISHED"):
                return float(line.split()[1])
        process.wait(timeout=60)
        pytest.fail(f"the publication failed (exit status {process.returncode})")

    def close(self):
        for process in self.publishers:
            process.communicate(timeout=60)
        self.varnish.close()
        self.apps.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request):
    workdir = Path(tempfile.mkdtemp(prefix="calfcare-varnish-"))
    cleanups = [lambda: shutil.rmtree(workdir, ignore_errors=True)]
    try:
        if request.param == "postgresql":
            database_url, drop = throwaway_postgres("calfcare_varnish")
            cleanups.append(drop)
            redis = RedisServer()
            redis.start()
            cleanups.append(redis.stop)
            deployment = Deployment(workdir, database_url, redis.url)
        else:
            deployment = Deployment(workdir)
        cleanups.append(deployment.close)
        deployment.start()
        yield deployment
    finally:
        for cleanup in reversed(cleanups):
            cleanup()


def test_readers_are_answered_from_varnish_with_the_warning(site):
    first = site.get("/massage/")
    assert first.status == 200 and first.warned
    site.cached(["/massage/"])
    hit = site.get("/massage/")
    assert hit.cache == "hit"
    assert "s-maxage=86400" in hit.headers["Cache-Control"]
    assert "xkey" not in hit.headers and "Surrogate-Key" not in hit.headers
    browser = {"Accept-Encoding": "gzip, deflate, br"}
    site.get("/massage/", headers=browser)
    compressed = site.get("/massage/", headers=browser)
    assert compressed.headers["Content-Encoding"] == "br", "the app server's brotli copy, kept"
    assert compressed.cache == "hit"


def test_a_published_edit_is_visible_through_varnish_within_a_second_and_only_its_pages_purged(
    site,
):
    site.cached(SHOWING_STEP + ELSEWHERE)
    text = f"Knead the calf, published through Varnish {secrets.token_hex(4)}"
    published_at = site.publish("knead-the-calf", text)
    while True:
        answer = site.get(STEP)
        now = time.time()
        if text in answer.text:
            break
        assert now - published_at < VISIBLE_WITHIN_SECONDS + 5, "the edit never showed"
        time.sleep(0.02)
    assert now - published_at < VISIBLE_WITHIN_SECONDS, f"visible after {now - published_at}s"
    assert answer.warned
    for path in ELSEWHERE:
        assert site.get(path).cache == "hit", f"{path} does not show the step, yet was purged"
    for path in ["/", "/massage/", "/massage/find-the-knots/"]:
        answer = site.get(path)
        assert answer.cache == "miss", f"{path} shows the step, yet was not purged"
        # The home page's card counts the steps and a neighbour says "step 5 of 6" with others'
        # titles: both are purged, but only the routine shows this step's title.
        if path == "/massage/":
            assert text in answer.text, f"{path} shows the step's old title"


def test_editors_and_drafts_never_come_out_of_varnish(site):
    session = site.shell(DRAFT_CAUSE_AND_EDITOR).stdout.strip().splitlines()[-1]
    editor = {"Cookie": f"sessionid={session}"}
    draft = site.get("/causes/draft-cause/", headers=editor)
    assert draft.status == 200 and "Draft cause only editors see" in draft.text
    assert draft.cache == "pass"
    assert "private" in draft.headers["Cache-Control"]
    for _ in range(3):
        answer = site.get("/causes/draft-cause/")
        assert answer.status == 404, "a reader got the editor's draft"
    site.cached(["/causes/"])
    seen_by_editor = site.get("/causes/", headers=editor)
    assert seen_by_editor.cache == "pass" and "Draft cause only editors see" in seen_by_editor.text
    assert "Draft cause only editors see" not in site.get("/causes/").text
    assert site.get("/admin/login/").cache == "pass"
    assert site.get("/healthz").cache == "pass"


def test_a_cause_renamed_and_renamed_back_never_loops_through_varnish(site):
    site.cached(["/causes/hyperpronation/"])
    site.shell(RENAME, "articles.cause", "hyperpronation", "overpronation")
    moved = site.get("/causes/hyperpronation/")
    assert moved.status == 301 and moved.headers["Location"] == "/causes/overpronation/"
    assert site.get("/causes/hyperpronation/").cache == "hit", "a redirect is kept, briefly"
    site.shell(RENAME, "articles.cause", "overpronation", "hyperpronation")
    back = site.get("/causes/hyperpronation/")
    assert back.status == 200 and back.warned, "the old redirect was purged with the rename"
    assert site.get("/causes/overpronation/").headers["Location"] == "/causes/hyperpronation/"
    assert "s-maxage=60" in moved.headers["Cache-Control"]


def test_tracking_parameters_are_dropped_before_varnish_looks_a_page_up(site):
    site.cached(["/causes/"])
    shared = site.get("/causes/?utm_source=whatsapp&utm_medium=social&fbclid=IwAR0abc")
    assert shared.status == 200 and shared.cache == "hit", "the clean address's copy"
    # A purge by address (DJANGO_SHARED_CACHE_PURGE=url) reaches what readers got from a link.
    assert site.get("/causes/", method="PURGE").status == 200
    assert site.get("/causes/?utm_source=whatsapp").cache == "miss"
    # Other parameters stay, wherever the tracking ones were among them.
    site.get("/causes/?topic=runners")
    assert site.get("/causes/?utm_campaign=spring&topic=runners&gclid=x1").cache == "hit"


def test_purges_from_outside_the_app_servers_are_refused(site):
    site.cached(["/causes/"])
    relayed = site.get(
        "/", method="PURGE", headers={"X-Forwarded-Proto": "https", "xkey-purge": "all"}
    )
    assert relayed.status == 405
    assert site.get("/causes/").cache == "hit"


def test_a_save_stands_when_varnish_is_down_and_the_failed_purge_is_logged(site):
    site.stop_varnish()
    try:
        text = f"Knead the calf, saved while Varnish was down {secrets.token_hex(4)}"
        done = site.shell(PUBLISH, "knead-the-calf", text)
        log = done.stdout + done.stderr
        assert "did not take a purge" in log, "the failure was not retried"
        assert "not purged after 5 tries" in log
        assert site.shell(SUMMARY).stdout.strip().splitlines()[-1] == text
    finally:
        site.start_varnish()


def test_with_both_app_servers_down_varnish_serves_every_cached_page_with_the_warning(site):
    pages = SHOWING_STEP + ELSEWHERE + ["/causes/"]
    site.cached(pages)
    # Softly purged pages too: kept for grace, served when nothing else can be.
    site.shell("from delivery.page_cache import invalidate_pages; invalidate_pages()")
    # An unpublished page is purged outright: never served again, not even for grace.
    site.cached(["/causes/incorrect-posture/"])
    site.shell(UNPUBLISH, "incorrect-posture")
    site.stop_app_servers()
    unpublished = site.get("/causes/incorrect-posture/")
    assert unpublished.status == 503 and unpublished.warned, "an unpublished page came back"
    for path in pages:
        answer = site.get(path)
        assert answer.status == 200, (path, answer.status)
        assert answer.warned, path
    never_cached = site.get("/causes/charley-horse/")
    assert never_cached.status == 503 and never_cached.warned


def test_the_shipped_vcl_compiles_with_the_xkey_vmod(tmp_path):
    varnishd = program_or_fail("varnishd", "varnish varnish-modules", "The Varnish tests")
    shipped = Path(__file__).resolve().parents[1] / "deploy" / "varnish" / "default.vcl"
    result = subprocess.run(
        [varnishd, "-C", "-j", "none", "-n", str(tmp_path), "-f", str(shipped)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # The compiled C (varnishd prints it on stderr) names the vmod it found and loaded.
    assert '"name": "xkey"' in result.stderr
