"""The production command line, run as the Docker image runs it, serves a locked-down site.

No Docker engine runs here, so this does what the image does, read from the Dockerfile itself:
copy the files its build stage copies, collect static files with its build command, set its
runtime environment plus the variables README's `docker run` passes (and no others), migrate as
README says, then start its CMD (gunicorn with production settings) on a free loopback port and
run its HEALTHCHECK. A temporary SQLite database and media folder stand in for the /data volume.
"""

import http.client
import json
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_security_headers import PERMISSIONS_POLICY, PUBLIC_POLICY, policy

ROOT = Path(__file__).resolve().parents[1]
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


DOCKERFILE = Dockerfile((ROOT / "Dockerfile").read_text())


def documented_docker_run_variables():
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^docker run .*?^  calfcare$", readme, re.MULTILINE | re.DOTALL).group(0)
    return re.findall(r"-e (\w+)", command)


def build_app(app):
    """The build stage's COPY lines (WORKDIR /app), then its collectstatic RUN line."""
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
        command, shell=True, cwd=app, env=base_env(), check=True, capture_output=True, timeout=120
    )


def base_env():
    return {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "LANG": "C.UTF-8"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def runtime_env(data, port, **overrides):
    env = {**base_env(), **DOCKERFILE.runtime_env}
    path = env["PATH"].replace("/opt/venv/bin", str(VENV_BIN))
    env["PATH"] = path.replace("$PATH", "/usr/bin:/bin")
    env["DJANGO_MEDIA_ROOT"] = str(data / "media")
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"  # loopback only, instead of the image's 0.0.0.0
    env["WEB_CONCURRENCY"] = "2"
    documented = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DJANGO_BEHIND_PROXY": "true",
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
    }
    assert set(documented) == set(documented_docker_run_variables())
    env.update(documented)
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def start(app, env, log):
    return subprocess.Popen(
        DOCKERFILE.cmd, cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT,
        executable=shutil.which(DOCKERFILE.cmd[0], path=env["PATH"]),
    )  # fmt: skip


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class Server:
    def __init__(self, port, log_path, env, app):
        self.port, self.log_path, self.env, self.app = port, log_path, env, app

    def get(self, path, host=HOST, https=True, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {})}
        connection.request("GET", path, headers={**all_headers, **(headers or {})})
        response = connection.getresponse()
        response.text = response.read().decode(errors="replace")
        connection.close()
        return response

    def log(self):
        return self.log_path.read_text()

    def log_once_it_has(self, text):
        """The log, once `text` is in it: gunicorn writes the access line after responding."""
        deadline = time.monotonic() + 10
        while text not in self.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.log()


@pytest.fixture(scope="module")
def image_app(tmp_path_factory):
    app = tmp_path_factory.mktemp("image") / "app"
    build_app(app)
    return app


@pytest.fixture(scope="module")
def server(image_app, tmp_path_factory):
    app = image_app
    data = tmp_path_factory.mktemp("data")
    port = free_port()
    env = runtime_env(data, port)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=app, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    log_path = data / "gunicorn.log"
    with log_path.open("w") as log:
        process = start(app, env, log)
        try:
            server = Server(port, log_path, env, app)
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    if server.get("/healthz", host="127.0.0.1", https=False).status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not start:\n" + server.log()
                time.sleep(0.2)
            yield server
        finally:
            stop(process)


def test_the_image_runs_gunicorn_with_the_config_and_no_control_socket():
    assert DOCKERFILE.cmd == ["gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]


def test_the_healthcheck_passes(server):
    result = subprocess.run(
        DOCKERFILE.healthcheck, cwd=server.app, env=server.env, capture_output=True, timeout=10,
        executable=shutil.which(DOCKERFILE.healthcheck[0], path=server.env["PATH"]),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_healthz_answers_a_probe_by_address_over_http(server):
    response = server.get("/healthz", host=f"127.0.0.1:{server.port}", https=False)
    assert response.status == 200
    assert response.text == "ok\n"


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


def test_production_refuses_to_start_without_a_secret_key(image_app, tmp_path):
    app = image_app
    env = runtime_env(tmp_path, free_port(), DJANGO_SECRET_KEY=None)
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = start(app, env, log)
        try:
            process.wait(timeout=STARTUP_SECONDS)
        finally:
            stop(process)
    assert process.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in log_path.read_text()
