"""`make soak`: readers load the site while editors' processes write, on SQLite and PostgreSQL.

Bounded and loopback-only: for SOAK_SECONDS per database, wrk requests the public pages over 64
connections while WRITERS processes save content. Meanwhile gunicorn recycles workers
(--max-requests), reloads gracefully (SIGHUP) and loses one worker to SIGKILL mid-load.
Afterwards it prints, per database: requests, 5xx and other non-2xx/3xx answers, dropped
connections, "database is locked" errors, writes made, writes found. Exit status 1 if any
write is lost or any answer is an error beyond the one request the killed worker held.
"""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.served import gunicorn, manage, production_env  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "20"))
WRITERS = int(os.environ.get("SOAK_WRITERS", "3"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "64"))
PATHS = ["/", "/causes/", "/massage/", "/massage/knead-the-calf/", "/causes/dehydration/"]

LUA_PATHS = ", ".join(f'"{path}"' for path in PATHS)
WRK_SCRIPT = (
    f"local paths = {{{LUA_PATHS}}}\n"
    "local i = 0\n"
    "request = function()\n"
    "  i = i + 1\n"
    '  return wrk.format("GET", paths[(i % #paths) + 1])\n'
    "end\n"
)

WRITER = """
import json, sys, time
from django.db import OperationalError
from articles.models import Cause, MassageStep
writer, seconds = int(sys.argv[1]), float(sys.argv[2])
made, errors = 0, []
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        Cause.objects.create(title=f"Soak {writer}-{made}", slug=f"soak-w{writer}-{made}",
            position=1000 + made, summary="Written during the soak.", body="Soak.")
        step = MassageStep.objects.get(slug="knead-the-calf")
        step.summary = f"Edited by writer {writer}, write {made}."
        step.save()
        made += 1
    except OperationalError as error:
        errors.append(str(error))
    time.sleep(0.2)  # about five saves a second per writer: far busier than any real newsroom
print(json.dumps({"writer": writer, "made": made, "errors": errors}))
"""


# Two editors open the same step again and again while the load runs; each time the first saves,
# the second's save must be refused with their text kept, and their merge then saved.
CONFLICT_EDITORS = """
import json, sys, time
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from articles.models import MassageStep
setup_test_environment()  # lets the client see the form the admin shows again
from tests.admin_forms import change_form_data, save_in_admin
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
    step.refresh_from_db()
    kept = [r.instruction for r in step.history.all()]
    lost += not (step.instruction == alis_text + " " + beas_text and alis_text in kept)
    rounds += 1
print(json.dumps({"rounds": rounds, "refused": refused, "overwritten": overwritten, "lost": lost}))
"""


def run_wrk(base, script):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
    ).stdout
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": dict(
            zip(["connect", "read", "write", "timeout"], map(int, sockets.groups()), strict=True)
        )
        if sockets
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0},
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


def soak(label, env, workdir):
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    script = workdir / "paths.lua"
    script.write_text(WRK_SCRIPT)
    log_path = workdir / f"gunicorn-{label}.log"
    events = []
    with (
        log_path.open("w") as log,
        gunicorn(
            env,
            workers=None,
            extra_args=["--max-requests", "400", "--max-requests-jitter", "50"],
            log=log,
            on_start=lambda process: events.append(process),
        ) as base,
    ):
        process = events.pop()
        writers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import sys, django; django.setup(); exec(open(sys.argv[3]).read())",
                ]
                + [str(n), str(SECONDS), str(workdir / "writer.py")],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(WRITERS)
        ]
        conflicts = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, django; django.setup(); exec(open(sys.argv[2]).read())",
            ]
            + [str(SECONDS), str(workdir / "conflicts.py")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        disruption = disrupt(process, events)
        load = run_wrk(base, script)
        disruption.join()
        results = [
            json.loads(w.communicate(timeout=60)[0].strip().splitlines()[-1]) for w in writers
        ]
        editors = json.loads(conflicts.communicate(timeout=60)[0].strip().splitlines()[-1])
    found = json.loads(
        manage(
            env,
            "shell",
            "-c",
            "import json; from articles.models import Cause; "
            f"print(json.dumps([Cause.objects.filter(slug__startswith=f'soak-w{{n}}-').count() "
            f"for n in range({WRITERS})]))",
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    log_text = log_path.read_text()
    report = {
        "database": label,
        **load,
        "database_locked": log_text.count("database is locked")
        + sum("locked" in e for r in results for e in r["errors"]),
        "server_errors_logged": len(re.findall(r"status=5\d\d", log_text)),
        "writes_made": [r["made"] for r in results],
        "writes_found": found,
        "writer_errors": sum(len(r["errors"]) for r in results),
        "two_editor_conflicts": editors,
        "events": events,
    }
    print(json.dumps(report, indent=2), flush=True)
    return report


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


def main():
    reports = []
    with tempfile.TemporaryDirectory(prefix="calfcare-soak-") as tmp:
        workdir = Path(tmp)
        (workdir / "writer.py").write_text(WRITER)
        (workdir / "conflicts.py").write_text(CONFLICT_EDITORS)
        reports.append(soak("sqlite", production_env(workdir / "sqlite"), workdir))
        postgres = os.environ.get("SOAK_POSTGRES_URL")
        if postgres:
            with throwaway_database(postgres) as url:
                env = production_env(workdir / "pg", DATABASE_URL=url)
                reports.append(soak("postgresql", env, workdir))
    failed = False
    for report in reports:
        dropped = sum(report["socket_errors"].values())
        lost = sum(report["writes_made"]) - sum(report["writes_found"])
        print(
            f"{report['database']:10} {report['requests']} requests, "
            f"{report['non_2xx_3xx']} non-2xx/3xx, {dropped} dropped connections, "
            f"{report['database_locked']} 'database is locked', "
            f"{sum(report['writes_made'])} writes made, {sum(report['writes_found'])} found "
            f"({lost} lost); two editors: {report['two_editor_conflicts']['refused']} of "
            f"{report['two_editor_conflicts']['rounds']} second saves refused, "
            f"{report['two_editor_conflicts']['overwritten']} silent overwrites, "
            f"{report['two_editor_conflicts']['lost']} texts lost"
        )
        # The killed worker may take its one in-flight request with it; nothing else may fail.
        failed |= lost != 0 or report["non_2xx_3xx"] != 0 or dropped > 1
        failed |= report["database_locked"] != 0 or report["writer_errors"] != 0
        editors = report["two_editor_conflicts"]
        failed |= editors["overwritten"] != 0 or editors["lost"] != 0 or editors["rounds"] == 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
