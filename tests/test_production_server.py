"""The production command line, run as the Docker image runs it, serves a locked-down site.

No Docker engine runs here, so this does what the image does, read from the Dockerfile itself:
copy the files its build stage copies (as root, so its runtime user cannot write them), collect
static files with its build command, set its runtime environment plus exactly the variables
the operators' guide's `docker run` passes (docs/operators.md, Docker), migrate as it says, then
start its CMD (gunicorn with production settings) as its non-root USER on a free loopback port
and run its HEALTHCHECK. A temporary folder owned by that user stands in for the /data volume:
every path the image or the guide puts under /data lands there, and nowhere else may the server
write.

Switching to that user needs root (CI runs as root). Run as anyone else, the tests fail and say
so: a skipped test here would hide a container that cannot start.
"""

import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.test_security_headers import PERMISSIONS_POLICY, PUBLIC_POLICY, policy
from tools.served import free_port, stop, wait_until_serving

pytestmark = pytest.mark.slow_server

ROOT = Path(__file__).resolve().parents[1]
# Where the Docker commands are documented: `docker run`, then the first-time commands.
DOCKER_DOCS = ROOT / "docs" / "operators.md"
VENV_BIN = Path(sys.executable).parent
HOST = "calfcare.example"
STARTUP_SECONDS = 30


class Dockerfile:
    def __init__(self, text):
        text = text.replace("\\\n", " ")
        build, runtime = re.split(r"^FROM ", text, flags=re.MULTILINE)[1:]
        self.build_copies = [
            shlex.split(line)[1:] for line in build.splitlines() if line.startswith("COPY ")
        ]
        self.build_runs = [line[4:] for line in build.splitlines() if line.startswith("RUN ")]
        self.runtime_env = dict(
            re.findall(r'(\w+)="?([^"\s]*)"?', " ".join(re.findall(r"^ENV (.*)$", runtime, re.M)))
        )
        self.cmd = json.loads(re.search(r"^CMD (\[.*\])$", runtime, re.M).group(1))
        healthcheck = re.search(r"^HEALTHCHECK .*?CMD (\[.*\])$", runtime, re.M)
        self.healthcheck = json.loads(healthcheck.group(1))
        uid, gid = re.search(r"^USER (\d+):(\d+)$", runtime, re.M).groups()
        self.user = int(uid), int(gid)
        (self.volume,) = json.loads(re.search(r"^VOLUME (\[.*\])$", runtime, re.M).group(1))


DOCKERFILE = Dockerfile((ROOT / "Dockerfile").read_text())


def documented_docker_run_variables():
    """The documented `docker run -e` variables: {name: value}, None for one taken from the
    shell."""
    docs = DOCKER_DOCS.read_text()
    command = re.search(r"^docker run .*?^  calfcare$", docs, re.MULTILINE | re.DOTALL).group(0)
    words = shlex.split(command.replace("\\\n", " ").replace("$HOST", HOST))
    variables = [value for flag, value in zip(words, words[1:], strict=False) if flag == "-e"]
    return {name: value or None for name, _, value in (v.partition("=") for v in variables)}


def build_app(app):
    """The build stage's COPY lines (WORKDIR /app), then its collectstatic RUN line, as root."""
    for *sources, destination in DOCKERFILE.build_copies:
        for source in sources:
            target = app / destination
            if destination.endswith("/"):
                target = target / Path(source).name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(ROOT / source, target)
    (collectstatic,) = [run for run in DOCKERFILE.build_runs if "collectstatic" in run]
    command = collectstatic.replace("/opt/venv/bin/python", shlex.quote(sys.executable))
    subprocess.run(
        command, shell=True, cwd=app, env=build_env(), check=True, capture_output=True, timeout=120
    )
    # As `COPY --chown=root:root` leaves it: readable by everyone, writable by root alone.
    for path in [app, *app.rglob("*")]:
        path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)


def build_env():
    return {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "LANG": "C.UTF-8"}


def as_runtime_user():
    """subprocess arguments that run a command as the image's USER, with Docker's umask."""
    uid, gid = DOCKERFILE.user
    return {"user": uid, "group": gid, "extra_groups": [], "umask": 0o022}


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def make_image_venv(venv):
    """A stand-in for the image's /opt/venv that its user can run: a venv seeing the packages of
    the one running these tests, whose own interpreter may sit where that user cannot reach it
    (pyenv under /root, which is 0700), so its base is the first Python that user can run."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [os.path.realpath(sys._base_executable)] + [
        f"{folder}/{version}" for folder in ("/usr/local/bin", "/usr/bin")
    ]
    for base in candidates:
        try:
            subprocess.run([base, "-c", ""], check=True, timeout=30, **as_runtime_user())
            break
        except (OSError, subprocess.CalledProcessError):
            continue
    else:
        pytest.fail(f"None of {candidates} can be run by uid {DOCKERFILE.user[0]}")
    subprocess.run([base, "-m", "venv", "--without-pip", venv], check=True, timeout=60)
    (site_packages,) = Path(venv, "lib").glob("python*/site-packages")
    packages = sysconfig.get_paths()["purelib"]
    # The packages themselves, not a path to them: the checkout may sit in a folder that user
    # cannot enter (a `mktemp -d` clone is 0700). Hard links cost nothing on one file system.
    shutil.copytree(packages, site_packages, dirs_exist_ok=True, copy_function=_link_or_copy)
    for script in VENV_BIN.iterdir():  # console scripts (gunicorn), pointed at the new python
        if script.is_file() and script.read_bytes().startswith(f"#!{VENV_BIN}/".encode()):
            _, body = script.read_text().split("\n", 1)
            target = Path(venv, "bin", script.name)
            target.write_text(f"#!{venv}/bin/python\n{body}")
            target.chmod(0o755)
    check = [f"{venv}/bin/python", "-c", "import django, gunicorn"]
    result = subprocess.run(check, capture_output=True, text=True, timeout=60, **as_runtime_user())
    assert result.returncode == 0, (
        f"uid {DOCKERFILE.user[0]} cannot import {packages}: {result.stderr}"
    )


def volume(owner):
    """An empty folder standing in for the /data volume, owned as the image's /data is."""
    data = Path(tempfile.mkdtemp(prefix="data-", dir=owner))
    os.chown(data, *DOCKERFILE.user)
    data.chmod(0o755)
    return data


def runtime_env(image, data, port, **overrides):
    """The image's ENV plus the documented `docker run -e` variables and nothing else, with the
    /data volume mounted at `data`; HOME is the user's home in the image (/app), as Docker sets
    it."""

    def mounted(value):
        return re.sub(rf"(?<![\w.-]){re.escape(DOCKERFILE.volume)}(?=/|$)", str(data), value)

    env = {"LANG": "C.UTF-8", "HOME": str(image.app)}  # LANG: the python base image's ENV
    env.update({name: mounted(value) for name, value in DOCKERFILE.runtime_env.items()})
    path = env["PATH"].replace("/opt/venv/bin", str(image.venv / "bin"))
    env["PATH"] = path.replace("$PATH", "/usr/bin:/bin")
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"  # loopback only, instead of the image's 0.0.0.0
    env["WEB_CONCURRENCY"] = "2"  # the machine running the tests is shared
    documented = documented_docker_run_variables()
    # The one variable the docs take from the shell: the secret key they have just generated.
    assert [name for name, value in documented.items() if value is None] == ["DJANGO_SECRET_KEY"]
    documented["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update({name: mounted(value) for name, value in documented.items()})
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run_as_user(image, env, command):
    """A command as the docs run it with `docker exec` (as the image's user, in /app)."""
    return subprocess.run(
        command, cwd=image.app, env=env, capture_output=True, text=True, timeout=120,
        executable=shutil.which(command[0], path=env["PATH"]), **as_runtime_user(),
    )  # fmt: skip


def start(image, env, log):
    return subprocess.Popen(
        DOCKERFILE.cmd, cwd=image.app, env=env, stdout=log, stderr=subprocess.STDOUT,
        executable=shutil.which(DOCKERFILE.cmd[0], path=env["PATH"]), **as_runtime_user(),
    )  # fmt: skip


def files_in(folder):
    return {path: (path.stat().st_mtime_ns, path.stat().st_size) for path in folder.rglob("*")}


class Server:
    def __init__(self, port, log_path, env, image, data):
        self.port, self.log_path, self.env = port, log_path, env
        self.image, self.app, self.data = image, image.app, data

    def request(self, method, path, host=HOST, https=True, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {})}
        connection.request(method, path, body=body, headers={**all_headers, **(headers or {})})
        response = connection.getresponse()
        response.text = response.read().decode(errors="replace")
        connection.close()
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields, **kwargs):
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kwargs.pop("headers")}
        body = urllib.parse.urlencode(fields)
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def log(self):
        return self.log_path.read_text()

    def log_once_it_has(self, text):
        """The log, once `text` is in it: gunicorn writes the access line after responding."""
        deadline = time.monotonic() + 10
        while text not in self.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.log()


class Image:
    """The image's files: /app (root's), /opt/venv, and room for volumes, in a temporary folder
    everyone may traverse (pytest's own tmp_path is private to root)."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="calfcare-image-"))
        self.root.chmod(0o755)
        self.app, self.venv = self.root / "app", self.root / "venv"


@pytest.fixture(scope="module")
def image():
    if os.geteuid() != 0:
        pytest.fail(
            "These tests start the server as the image's non-root user (uid "
            f"{DOCKERFILE.user[0]}), which needs root: run them as root, as CI does."
        )
    image = Image()
    try:
        build_app(image.app)
        make_image_venv(image.venv)
        image.files_as_built = files_in(image.app)
        yield image
    finally:
        shutil.rmtree(image.root)


def documented_setup_commands():
    """The documented first-time commands: migrate, then load the starting content."""
    docs = DOCKER_DOCS.read_text()
    pattern = r"^docker exec calfcare (.*manage\.py (?:migrate|load_initial_content).*?)\s+#"
    commands = [shlex.split(command) for command in re.findall(pattern, docs, re.M)]
    assert [command[2] for command in commands] == ["migrate", "load_initial_content"]
    return commands


@pytest.fixture(scope="module")
def server(image):
    data = volume(image.root)
    port = free_port()
    env = runtime_env(image, data, port)
    for command in documented_setup_commands():
        done = run_as_user(image, env, command)
        assert done.returncode == 0, done.stderr
    log_path = image.root / f"gunicorn-{port}.log"
    with log_path.open("w") as log:
        process = start(image, env, log)
        try:
            server = Server(port, log_path, env, image, data)
            wait_until_serving(
                process,
                lambda: server.get("/healthz", host="127.0.0.1", https=False).status == 200,
                seconds=STARTUP_SECONDS,
                output=server.log,
            )
            yield server
        finally:
            stop(process)


def test_the_image_runs_gunicorn_with_the_config_and_no_control_socket():
    assert DOCKERFILE.cmd == ["gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]


def test_the_healthcheck_passes(server):
    result = run_as_user(server.image, server.env, DOCKERFILE.healthcheck)
    assert result.returncode == 0, result.stderr


def test_healthz_answers_a_probe_by_address_over_http(server):
    response = server.get("/healthz", host=f"127.0.0.1:{server.port}", https=False)
    assert response.status == 200
    assert response.text == "ok\ncache: ok\n"


def test_plain_http_is_redirected_to_https(server):
    response = server.get("/massage/", https=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/massage/"


def test_pages_are_served_with_every_security_header(server):
    response = server.get("/")
    assert response.status == 200
    assert 'id="dvt-warning"' in response.text
    assert policy(response.headers) == {**PUBLIC_POLICY, "upgrade-insecure-requests": []}
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.getheader("Permissions-Policy") == PERMISSIONS_POLICY
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Set-Cookie") is None


def test_static_files_are_built_in_with_hashed_names(server):
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', server.get("/").text)
    response = server.get(stylesheet.group(1))
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/css")
    assert "immutable" in response.getheader("Cache-Control")


def test_the_admin_login_is_never_cached_and_its_cookie_is_secure(server):
    response = server.get("/admin/login/")
    assert response.status == 200
    assert "no-store" in response.getheader("Cache-Control")
    assert "Secure" in response.getheader("Set-Cookie")
    assert "unsafe" not in response.getheader("Content-Security-Policy")


def test_an_unknown_host_is_refused(server):
    assert server.get("/", host="evil.example").status == 400


def test_the_access_log_is_key_value_without_address_or_query(server):
    server.get("/causes/?email=someone@example.com", headers={"X-Forwarded-For": "203.0.113.7"})
    log = server.log_once_it_has("method=GET path=/causes/ status=200")
    assert "method=GET path=/causes/ status=200" in log
    assert all(line.startswith("time=") for line in log.splitlines())
    assert "someone@example.com" not in log
    assert "203.0.113.7" not in log


def test_the_massage_guide_and_its_blood_clot_warning_are_served(server):
    response = server.get("/massage/")
    assert response.status == 200
    assert 'id="dvt-warning"' in response.text
    assert 'id="dvt-warning"' in server.get("/").text


def test_a_readers_feedback_is_stored_in_the_database_on_the_volume(server):
    response = server.post_form(
        "/feedback/",
        {"page": "/massage/", "helpful": "yes", "comment": "Clear steps"},
        headers={"Origin": f"https://{HOST}"},
    )
    assert response.status == 303, response.text
    assert response.getheader("Location") == "/feedback/thanks/?page=%2Fmassage%2F"
    assert server.get(response.getheader("Location")).status == 200
    database = server.env["DATABASE_URL"].removeprefix("sqlite:///")
    assert Path(database).is_relative_to(server.data)
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT page_path, helpful, comment FROM feedback_feedback")
        assert rows.fetchall() == [("/massage/", 1, "Clear steps")]


def test_the_server_writes_its_cache_on_the_volume_and_nothing_in_the_application_folder(server):
    server.get("/causes/")  # a page, cached; the feedback above counted a post in the cache too
    cache = Path(server.env["DJANGO_CACHE_DIR"])
    assert cache.is_relative_to(server.data)
    assert any(path.is_file() for path in cache.rglob("*"))
    assert not (server.app / ".cache").exists()
    assert not (server.app / "db.sqlite3").exists()
    assert files_in(server.app) == server.image.files_as_built


def test_production_refuses_to_start_without_a_secret_key(image):
    data = volume(image.root)
    env = runtime_env(image, data, free_port(), DJANGO_SECRET_KEY=None)
    log_path = image.root / "no-secret-key.log"
    with log_path.open("w") as log:
        process = start(image, env, log)
        try:
            process.wait(timeout=STARTUP_SECONDS)
        finally:
            stop(process)
    assert process.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in log_path.read_text()
