"""Run the site as production runs it (gunicorn, production settings) for tests to talk to."""

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


@contextmanager
def gunicorn(
    env, workers=2, app=None, extra_args=(), log=None, on_start=None, root=ROOT, wrapper=()
):
    """gunicorn with the project's config on a free loopback port; stopped on exit.
    workers=None keeps the config's own worker count; app replaces the site's WSGI app;
    log: an open file for everything it prints (logs go to stdout); on_start receives the
    process (the soak test signals it); root: the source tree to serve (the soak serves a copy
    to play a deploy); wrapper: a command that execs it (the soak's takes away root's power to
    ignore file permissions)."""
    port = free_port()
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
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers (the bare app has no robots.txt)
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stderr.read().decode()[-2000:] if process.stderr else ""
                    raise RuntimeError(f"gunicorn did not start: {output}") from None
                time.sleep(0.2)
        if on_start is not None:
            on_start(process)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
