"""Varnish with the shipped configuration (deploy/varnish/default.vcl), in front of app servers
started by tools/served.py: for tests/test_varnish.py, `make bench` and `make soak`.

`render_vcl` writes the shipped VCL with the app servers' ports in place of its own (the block
between its "app servers" markers) and the path of the unavailable page; nothing else changes,
so what is tested is what is shipped. `varnishd` runs Debian's varnishd in the foreground on a
free loopback port, in its own working folder, and stops it on exit.
"""

import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from tools.served import ROOT, free_port, stop

SHIPPED_VCL = ROOT / "deploy" / "varnish" / "default.vcl"
SHIPPED_UNAVAILABLE_PAGE = "/etc/varnish/calfcare-unavailable.html"
_APP_SERVERS = re.compile(
    r"(# --- app servers: begin ---\n).*?(# --- app servers: end ---)", re.DOTALL
)


def render_vcl(ports, unavailable_page=SHIPPED_UNAVAILABLE_PAGE, vcl=SHIPPED_VCL):
    """The shipped VCL for app servers on 127.0.0.1 at `ports`."""
    names = [f"app{number}" for number in range(1, len(ports) + 1)]
    backends = "".join(
        f'backend {name} {{ .host = "127.0.0.1"; .port = "{port}"; .probe = healthz; }}\n'
        for name, port in zip(names, ports, strict=True)
    )
    init = "".join(f"    app_servers.add_backend({name});\n" for name in names)
    block = (
        f"{backends}\nsub vcl_init {{\n    new app_servers = directors.round_robin();\n{init}}}\n"
    )
    text = Path(vcl).read_text()
    rendered, count = _APP_SERVERS.subn(lambda m: m.group(1) + block + m.group(2), text)
    if count != 1:
        raise ValueError(f"{vcl} has lost its app server markers")
    return rendered.replace(SHIPPED_UNAVAILABLE_PAGE, str(unavailable_page))


def varnishd_path():
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


@contextmanager
def varnishd(vcl_text, workdir, port=None, memory="64m", log=None, extra_params=()):
    """varnishd serving `vcl_text` on `port` (a free loopback one by default); yields its base
    URL. The app servers must know it before they start (DJANGO_SHARED_CACHE_URLS)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    vcl = workdir / "calfcare.vcl"
    vcl.write_text(vcl_text)
    port = port or free_port()
    command = [
        varnishd_path(),
        "-F",  # in the foreground, so it is this process that stops
        "-j", "none",  # no privilege separation: a throwaway instance in a temporary folder
        "-n", str(workdir / "state"),
        "-a", f"127.0.0.1:{port}",
        "-T", "none",
        "-f", str(vcl),
        "-s", f"malloc,{memory}",
        # As docs/operators.md's Deployment runs it: the app servers compress, Varnish keeps
        # their copies.
        "-p", "http_gzip_support=off",
        *extra_params,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=log or subprocess.DEVNULL, stderr=log or subprocess.STDOUT
    )
    try:
        _wait_for(process, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process, seconds=20)


def _wait_for(process, port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("varnishd did not start listening")
