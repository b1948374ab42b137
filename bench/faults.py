"""What `make soak` breaks while readers and writers run, and how it proves each fault took hold.

Each fault has `begin(base)`, which breaks something and returns the evidence that it is broken
(a fault that did not take hold would let a soak pass by construction, so no evidence is a
failure), and `end()`, which mends it. The site and the writers run without root's power to
ignore file permissions (see bench/soak.py), so permissions bite; the soak itself breaks and mends.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.readers import get

# Makes every cached page stale, as a migration, `loaddata` or a deploy step would.
CLEAR_PAGE_CACHE = """
from django.core.management import call_command
call_command("clear_page_cache")
"""


def run_confined(wrapper, *command, env=None, cwd=None):
    return subprocess.run(
        [*wrapper, *command], capture_output=True, text=True, timeout=60, env=env, cwd=cwd
    )


class RedisServer:
    """The soak's own redis-server on a loopback port: no persistence, so a restart is empty."""

    def __init__(self, port, workdir):
        self.port, self.workdir, self.process = port, workdir, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        self.workdir.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class RedisKilled:
    name = "Redis killed and restarted"

    def __init__(self, redis):
        self.redis = redis

    def begin(self, base):
        self.redis.process.send_signal(signal.SIGKILL)
        self.redis.process.wait(timeout=10)
        return None if self.redis.answers() else "redis refuses connections"

    def end(self):
        self.redis.start()


class CacheFolderUnwritable:
    """The cache folder emptied and made read-only, as a fresh volume with the wrong owner or a
    full disk would leave it. Emptied, so readers' pages must be stored again (a folder that is
    merely read-only keeps serving what it holds, and the fault would never be met)."""

    name = "cache folder unwritable"

    def __init__(self, cache_dir, wrapper):
        self.cache_dir, self.wrapper = Path(cache_dir), wrapper

    def begin(self, base):
        folders = [self.cache_dir, *(p for p in self.cache_dir.rglob("*") if p.is_dir())]
        for path in self.cache_dir.rglob("*"):
            if not path.is_dir():
                path.unlink(missing_ok=True)
        for folder in folders:
            folder.chmod(0o555)
        probe = "import sys, tempfile; tempfile.mkstemp(dir=sys.argv[1])"
        tried = run_confined(self.wrapper, sys.executable, "-c", probe, str(self.cache_dir))
        return "the site cannot create a file in it" if tried.returncode != 0 else None

    def end(self):
        for folder in [self.cache_dir, *(p for p in self.cache_dir.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)


class DatabaseOutage:
    """The database unavailable for a while, and every cached page made stale as it goes, so
    readers need Django (or the last good copy) rather than a warm cache that hides the outage."""

    name = "database unavailable"

    def __init__(self, env, wrapper, root, admin_url=None):
        self.env, self.wrapper, self.root, self.admin_url = env, wrapper, root, admin_url
        self.url = urlsplit(env["DATABASE_URL"])

    def begin(self, base):
        if self.url.scheme == "sqlite":
            # Every request and every save opens a new SQLite connection (CONN_MAX_AGE=0 for
            # SQLite), and a file its user cannot open answers "unable to open database file".
            self.mode = Path(self.url.path).stat().st_mode
            Path(self.url.path).chmod(0)
        else:
            name = self.url.path.lstrip("/")
            self._postgres(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            self._postgres(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
        cleared = run_confined(
            self.wrapper,
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            CLEAR_PAGE_CACHE,
            env=self.env,
            cwd=self.root,
        )
        if cleared.returncode != 0:
            raise RuntimeError(f"could not clear the page cache: {cleared.stderr[-1000:]}")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if get(base + "/healthz").status == 503:
                return "/healthz answers 503; cached pages made stale"
            time.sleep(0.2)
        return None

    def end(self):
        if self.url.scheme == "sqlite":
            Path(self.url.path).chmod(self.mode)
        else:
            name = self.url.path.lstrip("/")
            self._postgres(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')

    def _postgres(self, sql, params=None):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql, params)


def make_release(root, dest, marker, env):
    """A copy of the tracked tree with one visible change (a marker in every page's <head>),
    its static files collected: a new release, whose build identity differs from the running one.
    """
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, names):
        source = root / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    base = dest / "templates" / "base.html"
    text = base.read_text()
    changed = text.replace(
        "<head>\n", f'<head>\n  <meta name="calfcare-release" content="{marker}">\n', 1
    )
    if changed == text:
        raise RuntimeError("templates/base.html has no <head> line to mark")
    base.write_text(changed)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=dest,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return dest
