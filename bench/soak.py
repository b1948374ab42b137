"""`make soak`: readers load the site while editors' processes write, then faults are added.

Bounded and loopback-only. On SQLite, then on PostgreSQL (SOAK_POSTGRES_URL, which `make soak`
takes from .ci/postgres), each run has phases; in every phase wrk requests the public pages over
SOAK_CONNECTIONS connections while SOAK_WRITERS processes save content (the clock starts once
each has saved, so no phase begins with an idle, fully cached site), and every answer is checked,
not only counted (bench/readers.py): its status, whether it carries the blood clot warning, and
after a deploy whether it comes from the new release.

1. Baseline, SOAK_SECONDS: gunicorn recycles workers (--max-requests), reloads gracefully
   (SIGHUP) and loses one worker to SIGKILL; two editors collide on one step again and again.
2. Faults, SOAK_FAULT_SECONDS each; the fault begins a third of the way in and is mended at two
   thirds (bench/faults.py). Before each, every page is requested (so it is cached), which makes
   any later 503 for it a failure.
   - SQLite, file cache: the cache folder emptied and made unwritable; the database file made
     unopenable (and every cached page made stale as the outage begins); a deploy.
   - PostgreSQL with Redis (REDIS_URL; a redis-server the soak starts on a free loopback port,
     without persistence): Redis killed with SIGKILL and restarted empty; the database refusing
     connections (`ALLOW_CONNECTIONS false` and its sessions ended; the shared server keeps
     running) with every cached page made stale; a deploy.
   - Both: Varnish with the shipped configuration (deploy/varnish/default.vcl) in front of two
     app servers on the same database (and Redis, on PostgreSQL), each purging Varnish on every
     change; readers read through Varnish while the writers save editors' notes and an editor
     publishes a step's new title through the workflow every second or two, and one app server
     is killed (SIGKILL, master and workers) at a third and started again on its port at two
     thirds.
     Every publication must be visible through Varnish within a second of its commit.
   During an outage a few pages that were never requested are read too: a 503 carrying the
   warning is the one error answer allowed, and only for those.
   A deploy: a copy of the tracked tree with a marker added to templates/base.html (so a new
   build identity) is served by a second gunicorn on the same cache and database; readers move
   to it and the first is stopped; every answer without the marker is a stale page. Its writers
   write editors' notes, which leave pages alone: content saves fifteen times a second would
   refresh every page by themselves and hide a release serving its predecessor's pages.

File permissions are what make "unwritable" and "unopenable" real, and root ignores them. Run as
root, the soak starts the site, its writers and its Django scripts through `setpriv` without the
three capabilities that let root do so (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER): they
stay uid 0, owner of the data folder, and permission bits bind them exactly as they bind the
owner of a folder in production. (Switching to `nobody` would be closer to the Docker image, but
the virtual environment's Python lives under /root here, which no other user may enter.) The soak
itself keeps its capabilities to break and mend. Run as another user, nothing needs dropping.
Every request names the site `localhost`, whichever server answers, as a load balancer would.

It prints, per phase: requests, answers outside 2xx/3xx (503 with the warning, and other), answers
without the warning, stale pages after a deploy, writes saved, refused and lost, the page cache's
X-Page-Cache outcomes, and the evidence that the fault took hold. Exit status 1 on any answer
outside 2xx/3xx for a cached page, any answer without the warning, any stale page after the deploy,
any lost write, any save refused outside a database outage, any dropped connection (beyond the
one the killed worker held), or a fault without evidence. SOAK_KEEP=1 keeps the logs.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import faults, readers  # noqa: E402
from tools.served import free_port, gunicorn, manage, production_env  # noqa: E402
from tools.varnish import render_vcl, varnishd  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "20"))
FAULT_SECONDS = int(os.environ.get("SOAK_FAULT_SECONDS", "12"))
WRITERS = int(os.environ.get("SOAK_WRITERS", "3"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "64"))
PATHS = ["/", "/causes/", "/massage/", "/massage/knead-the-calf/", "/causes/dehydration/"]
# Read only while the database is down, so never cached: the one place a 503 is allowed.
NEVER_CACHED = ["/cramp-or-clot/", "/causes/charley-horse/", "/massage/find-the-knots/"]
# Root ignores file permissions; the site and its writers run without the capabilities that let
# it, so permissions bind them as they bind any owner (see the module's docstring).
DAC_CAPABILITIES = "-dac_override,-dac_read_search,-fowner"
CONFINED = (
    ["setpriv", f"--inh-caps={DAC_CAPABILITIES}", f"--bounding-set={DAC_CAPABILITIES}", "--"]
    if os.geteuid() == 0
    else []
)

# Each save on its own connection, as each admin request has. "content" saves (a new cause and an
# edited step) make every cached page stale; "notes" (editors' notes, never published) leave pages
# as they are: the deploy phase writes those, because content saves fifteen times a second would
# refresh every page on their own and hide a release that serves its predecessor's pages.
WRITER = """
import json, re, sys, time
from django.db import connection
from articles.models import Cause, EditorNote, MassageStep
writer, seconds, prefix, kind = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
saved, refused, attempt = [], {}, 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    slug = f"{prefix}-w{writer}-{attempt}"
    attempt += 1
    try:
        if kind == "notes":
            item = Cause.objects.get(slug="dehydration")
            EditorNote.objects.create(item=item, text=f"Note {slug}, written during the soak.")
        else:
            Cause.objects.create(title=f"Soak {slug}", slug=slug, position=1000 + attempt,
                summary="Written during the soak.", body="Soak.")
            step = MassageStep.objects.get(slug="knead-the-calf")
            step.summary = f"Edited by writer {writer}, write {attempt}."
            step.save()
        saved.append(slug)
    except Exception as error:  # a refused save is counted, never fatal: the soak watches them
        # Alike refusals counted together: quoted names (a temporary file's) left out.
        message = re.sub(r"'[^']*'", "'…'", str(error))[:90]
        reason = f"{type(error).__name__}: {message}"
        refused[reason] = refused.get(reason, 0) + 1
    finally:
        connection.close()
    if attempt == 1:
        print("ready", flush=True)  # the soak starts its clock once every writer is writing
    time.sleep(0.2)  # about five saves a second per writer: far busier than any real newsroom
print(json.dumps({"writer": writer, "saved": saved, "refused": refused}))
"""

FOUND = """
import json, sys
from articles.models import Cause, EditorNote
saved = json.load(open(sys.argv[1]))
notes = [f"Note {slug}, written during the soak." for slug in saved]
print(Cause.objects.filter(slug__in=saved).count()
    + EditorNote.objects.filter(text__in=notes).count())
"""


# An editor publishing a step's new title through the workflow, again and again, as the
# admin does: each commit purges Varnish, and the soak checks the new title is there in time.
PUBLISHED_STEP = "work-the-sore-spots"
PUBLISHER = """
import json, re, sys, time
from django.contrib.auth.models import Group, User
from django.db import connection
from articles.models import MassageStep
from publishing import workflow
seconds, slug = float(sys.argv[1]), sys.argv[2]
ann, _ = User.objects.get_or_create(username="soak-ann", defaults={"is_staff": True})
ann.groups.add(Group.objects.get(name="Editor"))
rhea, _ = User.objects.get_or_create(username="soak-rhea", defaults={"is_staff": True})
rhea.groups.add(Group.objects.get(name="Clinical reviewer"))
print("ready", flush=True)
published, refused, number = [], {}, 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    number += 1
    title = f"Work the sore spots, version {number}"
    try:
        step = MassageStep.objects.get(slug=slug)
        step.title = title
        draft = workflow.save_draft(step, ann)
        workflow.submit(draft, ann, "Published during the soak")
        workflow.approve(draft, rhea)
        workflow.publish(draft, rhea, change_note="Published during the soak")
        print("PUBLISHED " + json.dumps({"title": title, "at": time.time()}), flush=True)
        published.append(title)
    except Exception as error:
        message = re.sub(r"'[^']*'", "'…'", str(error))[:90]
        reason = f"{type(error).__name__}: {message}"
        refused[reason] = refused.get(reason, 0) + 1
    finally:
        connection.close()
    time.sleep(1.5)
print(json.dumps({"published": published, "refused": refused,
    "title": MassageStep.objects.get(slug=slug).title}))
"""
VISIBLE_WITHIN_SECONDS = 1.0


# Two editors open the same step again and again while the load runs; each time the first saves,
# the second's save must be refused with their text kept, and their merge then saved.
CONFLICT_EDITORS = """
import json, sys, time
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from articles.models import MassageStep
from publishing import workflow
setup_test_environment()  # lets the client see the form the admin shows again
from tools.admin_forms import change_form_data, save_in_admin
seconds = float(sys.argv[1])
User = get_user_model()
clients = []
for name in ("soak-ali", "soak-bea"):
    user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True,
        "is_superuser": True, "first_name": name})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    clients.append(client)
ali, bea = clients
rounds = refused = overwritten = lost = 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    step = MassageStep.objects.get(slug="shake-out-the-calf")
    alis_form, beas_form = change_form_data(ali, step), change_form_data(bea, step)
    alis_text, beas_text = f"Ali's round {rounds}.", f"Bea's round {rounds}."
    save_in_admin(ali, step, alis_form, instruction=alis_text)
    response = save_in_admin(bea, step, beas_form, instruction=beas_text)
    if response.status_code == 200 and "Nothing was saved" in response.content.decode():
        refused += 1
        shown = response.context["adminform"].form
        merged = dict(beas_form, loaded_version=shown.data["loaded_version"])
        save_in_admin(bea, step, merged, instruction=alis_text + " " + beas_text)
    else:
        overwritten += 1
    # An admin save makes a draft (publishing.workflow), never the row readers see: the merge
    # must be the step's draft now, and Ali's own text a version on record.
    draft = workflow.pending(step)
    kept = [revision.content.get("instruction") for revision in workflow.revisions_of(step)]
    merged_text = draft.content.get("instruction") if draft else None
    lost += not (merged_text == alis_text + " " + beas_text and alis_text in kept)
    rounds += 1
print(json.dumps({"rounds": rounds, "refused": refused, "overwritten": overwritten, "lost": lost}))
"""


def start_script(env, script, *args):
    """A Django script of the workdir's, confined as the site is."""
    return subprocess.Popen(
        [
            *CONFINED,
            sys.executable,
            "-c",
            "import sys, django; django.setup(); exec(open(sys.argv.pop(1)).read())",
            str(script),
            *map(str, args),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def last_json_line(process):
    out, err = process.communicate(timeout=120)
    lines = out.strip().splitlines()
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"a soak script failed:\n{err[-2000:]}")
    return json.loads(lines[-1])


def start_writers(env, workdir, seconds, prefix, kind="content"):
    """WRITERS processes saving for `seconds`; returns once each has made its first save."""
    writers = [
        start_script(env, workdir / "writer.py", n, seconds, prefix, kind) for n in range(WRITERS)
    ]
    for writer in writers:
        if writer.stdout.readline().strip() != "ready":
            raise RuntimeError(f"a writer did not start:\n{writer.communicate()[1][-2000:]}")
    return writers


def finish_writers(env, workdir, writers):
    results = [last_json_line(w) for w in writers]
    saved = [slug for r in results for slug in r["saved"]]
    refused = {}
    for result in results:
        for reason, count in result["refused"].items():
            refused[reason] = refused.get(reason, 0) + count
    (workdir / "saved.json").write_text(json.dumps(saved))
    found = last_json_line(start_script(env, workdir / "found.py", workdir / "saved.json"))
    return {"saved": len(saved), "found": found, "refused": refused}


def prime(base, paths):
    """Every page requested twice, so each is cached before a fault; their X-Page-Cache answers."""
    outcomes = {}
    for path in paths:
        for _ in range(2):
            answer = readers.get(base + path)
            if not (answer.status == 200 and answer.warned):
                raise RuntimeError(f"{path} answered {answer.status} before any fault")
        outcomes[path] = answer.cache
    return outcomes


class NeverCachedReader(threading.Thread):
    """Reads pages nobody has requested before, while the database is down: a 503 with the
    warning is allowed for them, as long as no earlier answer for that page was good."""

    def __init__(self, base, paths):
        super().__init__(daemon=True)
        self.base, self.paths = base, paths
        self.stopping = threading.Event()
        self.answers = {"answers": 0, "ok": 0, "warned_503": 0, "other_errors": 0}
        self.violations = []

    def run(self):
        good = set()
        while not self.stopping.is_set():
            for path in self.paths:
                answer = readers.get(self.base + path)
                self.answers["answers"] += 1
                if answer.ok and answer.warned:
                    self.answers["ok"] += 1
                    good.add(path)
                elif answer.status == 503 and answer.warned and path not in good:
                    self.answers["warned_503"] += 1
                else:
                    self.answers["other_errors"] += 1
                    self.violations.append(f"{path}: {answer.status}, warned={answer.warned}")
            self.stopping.wait(0.3)

    def stop(self):
        self.stopping.set()
        self.join(timeout=30)


def sleep_until(moment):
    time.sleep(max(0.0, moment - time.monotonic()))


def outage_phase(database, fault, env, workdir, cold=False):
    """Readers and writers for FAULT_SECONDS; `fault` begins at a third and ends at two thirds."""
    script = readers.write_script(workdir / "readers.lua", PATHS)
    slug = fault.name.split()[0].lower()
    with (
        (workdir / f"gunicorn-{database}-{slug}.log").open("w") as log,
        gunicorn(env, workers=None, log=log, wrapper=CONFINED) as base,
    ):
        primed = prime(base, PATHS)
        writers = start_writers(env, workdir, FAULT_SECONDS, f"soak-{database}-{slug}")
        started = time.monotonic()
        load = readers.start_wrk(base, script, FAULT_SECONDS, CONNECTIONS)
        sleep_until(started + FAULT_SECONDS / 3)
        try:
            evidence = fault.begin(base)
            never_cached = NeverCachedReader(base, NEVER_CACHED) if cold else None
            if never_cached:
                never_cached.start()
            sleep_until(started + 2 * FAULT_SECONDS / 3)
            if never_cached:
                never_cached.stop()
        finally:
            fault.end()
        load = readers.finish_wrk(load, FAULT_SECONDS)
        writes = finish_writers(env, workdir, writers)
    return {
        "database": database,
        "phase": fault.name,
        "primed": primed,
        "evidence": evidence,
        "readers": load,
        "writes": writes,
        "never_cached": never_cached and {**never_cached.answers, "bad": never_cached.violations},
        "refusals_allowed": isinstance(fault, faults.DatabaseOutage),
    }


def deploy_phase(database, env, workdir):
    """A new release started mid-run on the same cache and database; readers move to it."""
    marker = f"soak-{secrets.token_hex(6)}"
    release = faults.make_release(ROOT, workdir / f"release-{database}", marker, env)
    before = readers.write_script(workdir / "readers.lua", PATHS)
    after = readers.write_script(workdir / "readers-release.lua", PATHS, release=marker)
    first_half, second_half = FAULT_SECONDS // 2, FAULT_SECONDS - FAULT_SECONDS // 2
    with (
        (workdir / f"gunicorn-{database}-old.log").open("w") as old_log,
        (workdir / f"gunicorn-{database}-new.log").open("w") as new_log,
        ExitStack() as old_server,
    ):
        old = old_server.enter_context(gunicorn(env, workers=None, log=old_log, wrapper=CONFINED))
        primed = prime(old, PATHS)
        writers = start_writers(env, workdir, FAULT_SECONDS, f"soak-{database}-deploy", "notes")
        started = time.monotonic()
        load = readers.start_wrk(old, before, first_half, CONNECTIONS)
        with gunicorn(env, workers=None, log=new_log, wrapper=CONFINED, root=release) as new:
            # A query string keeps this answer out of the page cache: Django renders it.
            rendered = readers.get(new + "/?soak-release-check")
            evidence = "the new release renders the marker" if marker in rendered.text else None
            sleep_until(started + first_half)
            load = readers.finish_wrk(load, first_half)
            moved = readers.start_wrk(new, after, second_half, CONNECTIONS)
            old_server.close()  # readers have moved: the old release stops
            load = readers.add_up(load, readers.finish_wrk(moved, second_half))
        writes = finish_writers(env, workdir, writers)
    return {
        "database": database,
        "phase": "deploy (new build identity)",
        "primed": primed,
        "evidence": evidence,
        "readers": load,
        "writes": writes,
        "never_cached": None,
        "refusals_allowed": False,
    }


class PublicationWatcher(threading.Thread):
    """Reads the publisher's output; for each publication, polls the step's page through
    Varnish until the new title is there, and notes how long that took after the commit."""

    def __init__(self, publisher, url):
        super().__init__(daemon=True)
        self.publisher, self.url = publisher, url
        self.delays, self.never, self.unwarned = [], [], 0
        self.summary = None

    def run(self):
        for line in self.publisher.stdout:
            if line.startswith("PUBLISHED "):
                self._watch(json.loads(line.removeprefix("PUBLISHED ")))
            elif line.startswith("{"):
                self.summary = json.loads(line)

    def _watch(self, publication):
        while time.time() - publication["at"] < 10:
            answer = readers.get(self.url)
            self.unwarned += not answer.warned
            if publication["title"] in answer.text:
                self.delays.append(round(time.time() - publication["at"], 3))
                return
            time.sleep(0.02)
        self.never.append(publication["title"])

    def result(self):
        self.publisher.wait(timeout=120)
        self.join(timeout=30)
        summary = self.summary or {"published": [], "refused": {"no summary": 1}, "title": None}
        late = [delay for delay in self.delays if delay >= VISIBLE_WITHIN_SECONDS]
        return {
            "published": len(summary["published"]),
            "seen": len(self.delays),
            "late": late,
            "never_seen": self.never,
            "slowest_seconds": max(self.delays, default=None),
            "unwarned": self.unwarned,
            "refused": summary["refused"],
            "lost": int(
                bool(summary["published"]) and summary["title"] != summary["published"][-1]
            ),
        }


def kill_app_server(process):
    """SIGKILL an app server, its workers first: a machine that died, not one told to stop."""
    workers = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    for worker in workers:
        os.kill(int(worker), signal.SIGKILL)
    process.kill()
    process.wait(timeout=10)


def refuses_connections(port, seconds=3):
    """True once nothing listens on `port` (a killed worker takes a moment to be gone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            return True
        time.sleep(0.05)
    return False


def varnish_phase(database, env, workdir):
    """Readers through Varnish in front of two app servers; one is killed and comes back."""
    varnish_port = free_port()
    env = {**env, "DJANGO_SHARED_CACHE_URLS": f"http://127.0.0.1:{varnish_port}"}
    unavailable = workdir / "unavailable.html"
    manage(env, "unavailable_page", str(unavailable))
    script = readers.write_script(workdir / "readers.lua", PATHS)
    ports, events = [free_port(), free_port()], []
    with ExitStack() as stack:
        logs = [
            stack.enter_context((workdir / f"gunicorn-{database}-app{n}.log").open("w"))
            for n in (1, 2)
        ]
        stack.enter_context(gunicorn(env, workers=2, log=logs[0], wrapper=CONFINED, port=ports[0]))
        second = ExitStack()
        stack.callback(second.close)
        second.enter_context(
            gunicorn(env, workers=2, log=logs[1], wrapper=CONFINED, port=ports[1],
                     on_start=events.append)
        )  # fmt: skip
        cache = stack.enter_context(
            varnishd(render_vcl(ports, unavailable), workdir / f"varnish-{database}",
                     port=varnish_port)
        )  # fmt: skip
        primed = prime(cache, PATHS + [f"/massage/{PUBLISHED_STEP}/"])
        # The writers write editors' notes, as in the deploy phase: content saves fifteen times
        # a second would purge every page all the time and leave Varnish nothing to answer
        # from. The publisher's changes are the content changes here, each one checked.
        writers = start_writers(env, workdir, FAULT_SECONDS, f"soak-{database}-varnish", "notes")
        publisher = start_script(env, workdir / "publisher.py", FAULT_SECONDS, PUBLISHED_STEP)
        if publisher.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the publisher did not start:\n{publisher.communicate()[1]}")
        watcher = PublicationWatcher(publisher, f"{cache}/massage/{PUBLISHED_STEP}/")
        watcher.start()
        started = time.monotonic()
        load = readers.start_wrk(cache, script, FAULT_SECONDS, CONNECTIONS)
        sleep_until(started + FAULT_SECONDS / 3)
        kill_app_server(events.pop())
        second.close()
        evidence = []
        if refuses_connections(ports[1]):
            evidence.append(f"app server 2 killed (SIGKILL): port {ports[1]} refused connections")
        sleep_until(started + 2 * FAULT_SECONDS / 3)
        second.enter_context(gunicorn(env, workers=2, log=logs[1], wrapper=CONFINED, port=ports[1]))
        evidence.append("started again on its port")
        load = readers.finish_wrk(load, FAULT_SECONDS)
        writes = finish_writers(env, workdir, writers)
        publications = watcher.result()
    return {
        "database": database,
        "phase": "Varnish, app server killed",
        "primed": primed,
        "evidence": "; ".join(evidence) if len(evidence) == 2 else None,
        "readers": load,
        "writes": writes,
        "publications": publications,
        "never_cached": None,
        "refusals_allowed": False,
    }


def disrupt(process, events):
    """A graceful reload a third of the way in, a killed worker two thirds of the way in."""

    def run():
        time.sleep(SECONDS / 3)
        process.send_signal(signal.SIGHUP)
        events.append("graceful reload (SIGHUP)")
        time.sleep(SECONDS / 3)
        workers = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
        ).stdout.split()
        if workers:
            os.kill(int(workers[0]), signal.SIGKILL)
            events.append(f"worker {workers[0]} killed (SIGKILL)")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def baseline_phase(database, env, workdir):
    script = readers.write_script(workdir / "readers.lua", PATHS)
    log_path = workdir / f"gunicorn-{database}.log"
    events = []
    with (
        log_path.open("w") as log,
        gunicorn(
            env,
            workers=None,
            extra_args=["--max-requests", "400", "--max-requests-jitter", "50"],
            log=log,
            on_start=lambda process: events.append(process),
            wrapper=CONFINED,
        ) as base,
    ):
        process = events.pop()
        writers = start_writers(env, workdir, SECONDS, f"soak-{database}-baseline")
        conflicts = start_script(env, workdir / "conflicts.py", SECONDS)
        disruption = disrupt(process, events)
        load = readers.finish_wrk(readers.start_wrk(base, script, SECONDS, CONNECTIONS), SECONDS)
        disruption.join()
        writes = finish_writers(env, workdir, writers)
        editors = last_json_line(conflicts)
    log_text = log_path.read_text()
    return {
        "database": database,
        "phase": "baseline",
        "primed": None,
        "evidence": "; ".join(events) or None,
        "readers": load,
        "writes": writes,
        "never_cached": None,
        "refusals_allowed": False,
        "database_locked": log_text.count("database is locked")
        + sum(n for reason, n in writes["refused"].items() if "locked" in reason),
        "two_editor_conflicts": editors,
    }


def judge(report):
    """What broke the rules in one phase (an empty list: nothing)."""
    counts, writes = report["readers"]["counts"], report["writes"]
    problems = []
    if counts["warned_503"]:
        problems.append(f"{counts['warned_503']} answers 503 (with the warning) for cached pages")
    if counts["other_errors"]:
        problems.append(f"{counts['other_errors']} other answers outside 2xx/3xx")
    if counts["unwarned"]:
        problems.append(f"{counts['unwarned']} answers without the blood clot warning")
    if counts.get("stale"):
        problems.append(f"{counts['stale']} stale pages after the deploy")
    if writes["saved"] != writes["found"]:
        problems.append(f"{writes['saved'] - writes['found']} lost writes")
    if writes["refused"] and not report["refusals_allowed"]:
        problems.append(f"saves refused: {writes['refused']}")
    # The killed worker may take its one in-flight request with it; nothing else may drop.
    dropped = sum(report["readers"]["socket_errors"].values())
    if dropped > (1 if report["phase"] == "baseline" else 0):
        problems.append(f"{dropped} dropped connections")
    if report["readers"]["requests"] == 0 or counts["answers"] != report["readers"]["requests"]:
        problems.append("the readers' checks did not see every answer")
    if report["evidence"] is None:
        problems.append("no evidence the fault took hold: this phase proves nothing")
    if report.get("publications"):
        published = report["publications"]
        if not published["published"]:
            problems.append("no publication went through: nothing was checked")
        if published["late"] or published["never_seen"]:
            problems.append(
                f"publications not visible through Varnish within {VISIBLE_WITHIN_SECONDS} s: "
                f"{len(published['late'])} late, {len(published['never_seen'])} never"
            )
        if published["unwarned"]:
            problems.append(f"{published['unwarned']} checked pages without the warning")
        if published["lost"] or published["refused"]:
            problems.append(f"publications lost or refused: {published}")
    if report["never_cached"] and report["never_cached"]["bad"]:
        problems.append(f"never-cached pages: {report['never_cached']['bad'][:3]}")
    if report["phase"] == "baseline":
        editors = report["two_editor_conflicts"]
        if report["database_locked"]:
            problems.append(f"{report['database_locked']} 'database is locked'")
        if editors["overwritten"] or editors["lost"] or not editors["rounds"]:
            problems.append(f"two editors: {editors}")
    return problems


def describe(report):
    counts, writes = report["readers"]["counts"], report["writes"]
    outside = counts["warned_503"] + counts["other_errors"]
    stale = counts["stale"] if "deploy" in report["phase"] else "-"
    line = (
        f"{report['database']:10} {report['phase']:28} {report['readers']['requests']} requests; "
        f"outside 2xx/3xx {outside} (503 with the warning {counts['warned_503']}, "
        f"other {counts['other_errors']}); without the warning {counts['unwarned']}; "
        f"stale after deploy {stale}; lost writes {writes['saved'] - writes['found']} "
        f"({writes['saved']} saved, {sum(writes['refused'].values())} refused); "
        f"dropped {sum(report['readers']['socket_errors'].values())}"
    )
    readers_saw = report["readers"]
    details = [
        f"statuses {readers_saw['statuses']}, X-Page-Cache {readers_saw['x_page_cache']}",
        f"fault: {report['evidence'] or 'NO EVIDENCE'}",
    ]
    if report.get("publications"):
        published = report["publications"]
        details.append(
            f"{published['published']} publications, {published['seen']} seen through Varnish, "
            f"slowest {published['slowest_seconds']} s after its commit, "
            f"{len(published['late'])} later than {VISIBLE_WITHIN_SECONDS} s, "
            f"{len(published['never_seen'])} never; {published['lost']} lost"
        )
    if report["never_cached"]:
        cold = report["never_cached"]
        details.append(
            f"never-cached pages read during the outage: {cold['answers']} answers, "
            f"{cold['warned_503']} 503 with the warning (allowed), {cold['ok']} 2xx/3xx, "
            f"{cold['other_errors']} other"
        )
    if report["phase"] == "baseline":
        editors = report["two_editor_conflicts"]
        details.append(
            f"{report['database_locked']} 'database is locked'; two editors: "
            f"{editors['refused']} of {editors['rounds']} second saves refused, "
            f"{editors['overwritten']} silent overwrites, {editors['lost']} texts lost"
        )
    if writes["refused"]:
        details.append(f"saves refused: {writes['refused']}")
    return "\n".join([line, *("    " + d for d in details)])


@contextmanager
def throwaway_database(server_url):
    import psycopg

    name = f"calfcare_soak_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def sqlite_run(workdir):
    env = production_env(workdir / "sqlite")
    manage(env, "migrate", "--no-input", wrapper=CONFINED)
    manage(env, "load_initial_content", wrapper=CONFINED)
    yield baseline_phase("sqlite", env, workdir)
    cache = faults.CacheFolderUnwritable(env["DJANGO_CACHE_DIR"], CONFINED)
    yield outage_phase("sqlite", cache, env, workdir)
    outage = faults.DatabaseOutage(env, CONFINED, ROOT)
    yield outage_phase("sqlite", outage, env, workdir, cold=True)
    yield deploy_phase("sqlite", env, workdir)
    yield varnish_phase("sqlite", env, workdir)


def postgres_run(workdir, server_url):
    with throwaway_database(server_url) as url:
        env = production_env(workdir / "pg", DATABASE_URL=url)
        manage(env, "migrate", "--no-input", wrapper=CONFINED)
        manage(env, "load_initial_content", wrapper=CONFINED)
        yield baseline_phase("postgresql", env, workdir)
        redis = faults.RedisServer(free_port(), workdir / "redis")
        redis.start()
        try:
            env = {**env, "REDIS_URL": redis.url}
            yield outage_phase("postgresql", faults.RedisKilled(redis), env, workdir)
            outage = faults.DatabaseOutage(env, CONFINED, ROOT, admin_url=server_url)
            yield outage_phase("postgresql", outage, env, workdir, cold=True)
            yield deploy_phase("postgresql", env, workdir)
            yield varnish_phase("postgresql", env, workdir)
        finally:
            redis.stop()


def main():
    failures = []
    workdir = Path(tempfile.mkdtemp(prefix="calfcare-soak-"))
    try:
        (workdir / "writer.py").write_text(WRITER)
        (workdir / "conflicts.py").write_text(CONFLICT_EDITORS)
        (workdir / "found.py").write_text(FOUND)
        (workdir / "publisher.py").write_text(PUBLISHER)
        manage(
            production_env(workdir / "static"), "collectstatic", "--no-input", "--verbosity", "0"
        )
        runs = [sqlite_run(workdir)]
        postgres = os.environ.get("SOAK_POSTGRES_URL")
        if postgres:
            runs.append(postgres_run(workdir, postgres))
        for run in runs:
            for report in run:
                print(describe(report), flush=True)
                for problem in judge(report):
                    failures.append(f"{report['database']} {report['phase']}: {problem}")
                    print(f"    FAIL: {problem}", flush=True)
    finally:
        if os.environ.get("SOAK_KEEP"):
            print(f"soak: gunicorn logs and scripts kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"soak: {len(failures)} failures" if failures else "soak: no failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
