"""Start the site as production runs it (gunicorn, production settings) and wait until it answers.

The one launcher for the tests that need a real server, `make bench`, `make soak` and `make audit`
(see tools/__init__.py for why it lives here): a production-like environment on throwaway files,
manage.py commands in it, gunicorn with the project's config on a free loopback port, and a plain
fetch. tests/test_production_server.py starts the Docker image's own command as the image's user,
so it keeps its own start and shares the port and the wait.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp_path, **extra):
    tmp_path.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="calfcare.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="false",
        DATABASE_URL=extra.pop("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        **extra,
    )
    return env


def manage(env, *args, root=ROOT, wrapper=()):
    return subprocess.run(
        [*wrapper, sys.executable, "manage.py", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def retitle_elsewhere(env, model, slug, title):
    """Change an item's title from another process (a shell), as an editor on another app
    server would: the running server hears of it only through the shared cache."""
    manage(
        env,
        "shell",
        "-c",
        f"from articles.models import {model}; "
        f"item = {model}.objects.get(slug={slug!r}); "
        f"item.title = {title!r}; item.save()",
    )


@contextmanager
def gunicorn(
    env,
    workers=2,
    app=None,
    extra_args=(),
    log=None,
    on_start=None,
    root=ROOT,
    wrapper=(),
    port=None,
):
    """gunicorn with the project's config on a free loopback port; stopped on exit.
    workers=None keeps the config's own worker count; app replaces the site's WSGI app;
    log: an open file for everything it prints (logs go to stdout); on_start receives the
    process (the soak test signals it); root: the source tree to serve (the soak serves a copy
    to play a deploy); wrapper: a command that execs it (the soak's takes away root's power to
    ignore file permissions); port: where to listen (a free one by default; an app server
    restarted behind Varnish comes back where it was)."""
    port = port or free_port()
    env = {**env, "PORT": str(port)}
    if workers is not None:
        env["WEB_CONCURRENCY"] = str(workers)
    process = subprocess.Popen(
        [*wrapper, sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
        + ["--no-control-socket"]
        + list(extra_args)
        + ([app] if app else []),
        cwd=root,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(
            process,
            lambda: answers(base + "/robots.txt"),
            output=lambda: process.stderr.read().decode()[-2000:] if process.stderr else "",
        )
        if on_start is not None:
            on_start(process)
        yield base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def stop(process, seconds=25):
    """Ask `process` to stop (SIGTERM), and kill it if it has not within `seconds`."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def answers(url):
    """True once anything answers at `url`, an error status included (the bare app of `make bench`
    has no robots.txt); raises OSError while nothing listens."""
    try:
        urllib.request.urlopen(url, timeout=2).close()
    except urllib.error.HTTPError:
        pass
    return True


def wait_until_serving(process, probe, seconds=30, output=lambda: ""):
    """Return once `probe()` is true. A probe may raise OSError (nothing listens yet). Raises
    RuntimeError with `output()` (what the server printed) if `process` exits first or `seconds`
    pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if probe():
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start: {output()}")
        time.sleep(0.2)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
