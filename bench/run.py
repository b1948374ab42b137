"""`make bench`: how close calfcare comes to the serving limit, and how it holds at 10× content.

Starts the site as `make run` serves it (gunicorn, production settings) and a bare WSGI app
serving the very same HTML under the same gunicorn configuration, loads both with wrk (loopback
only, a few seconds a page; the bare app and the cached site three times each, interleaved, and
the median run of each compared), and prints per page: requests/s, p50 and p99 latency, the ratio to
the bare app, SQL queries, and the first-visit weight. The site is measured three ways: warm
(pages in the page cache), cache cleared just before the run (every worker renders each page
once, then answers from the cache), and with the page cache off (every request rendered).

Then two more rows for the massage page: through the shipped Varnish configuration
(deploy/varnish/default.vcl, rendered by tools/varnish.py) in front of two app servers, as
docs/operators.md's Deployment describes, and the very same bytes from nginx serving a file,
the most this machine hands out; each with its ratio to nginx (the goal: Varnish at 0.4× or
more, p99 under 10 ms). Figures also go to bench/results/.

This is a benchmark, not a test: `make test` never runs it.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.served import fetch, free_port, gunicorn, manage, production_env  # noqa: E402
from tools.varnish import render_vcl, varnishd  # noqa: E402

PAGES = {
    "home": "/",
    "causes": "/causes/",
    "massage": "/massage/",
    "step": "/massage/knead-the-calf/",
}
DURATION = os.environ.get("BENCH_DURATION", "3s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
RESULTS = ROOT / "bench" / "results"

GROW_CONTENT = """
from articles.models import Cause, MassageStep
Cause.objects.bulk_create([Cause(title=f"Bench cause {n}", slug=f"bench-cause-{n}",
    position=100 + n, summary="A benchmark cause.", body="Some **Markdown** text. " * 20)
    for n in range(50)])
MassageStep.objects.bulk_create([MassageStep(title=f"Bench step {n}", slug=f"bench-step-{n}",
    position=100 + n, summary="A benchmark step.", instruction="Press *gently*. " * 20,
    repetitions="10 to 12 times") for n in range(55)])
from delivery.page_cache import invalidate_pages; invalidate_pages()
"""

CLEAR_PAGE_CACHE = "from delivery.page_cache import invalidate_pages; invalidate_pages()"

COUNT_QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, path in PAGES.items():
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    counts[name] = len(queries)
print(json.dumps(counts))
"""


WARM_REQUESTS = 20
PAIRED_RUNS = int(os.environ.get("BENCH_PAIRED_RUNS", "3"))


def wrk(url, host=None):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
        + (["-H", f"Host: {host}"] if host else [])
        + [url],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def _median(runs):
    """The run with the median request rate (its latencies with it)."""
    return sorted(runs, key=lambda run: run["requests_per_second"])[len(runs) // 2]


def _ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 3)


# Headers the server adds itself, or that say how this answer was made: not part of the page.
NOT_REPLAYED = {
    "date",
    "server",
    "connection",
    "content-length",
    "x-page-cache",
    "transfer-encoding",
}


def _response(url):
    """What the site answers for a page: the HTML and the headers it sends with it (CSP and
    the other security headers), for the bare app to hand out unchanged."""
    _, headers, body = fetch(url)
    kept = [[name, value] for name, value in headers.items() if name.lower() not in NOT_REPLAYED]
    return {"html": body.decode(), "headers": kept}


def first_visit_weight(base, path):
    """HTML + CSS + JS a first visit downloads, brotli-compressed as a browser would get it."""
    accept = {"Accept-Encoding": "br, gzip"}
    _, headers, html = fetch(base + path, accept)
    text = fetch(base + path)[2].decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    assets += re.findall(r'<script src="([^"]+)"', text)
    sizes = {"html": len(html)}
    immutable = True
    for asset in assets:
        _, asset_headers, body = fetch(base + asset, accept)
        sizes[asset] = len(body)
        immutable &= "immutable" in asset_headers.get("Cache-Control", "")
    return {
        "bytes": sum(sizes.values()),
        "parts": sizes,
        "html_encoding": headers.get("Content-Encoding", "identity"),
        "assets_immutable": immutable,
    }


def measure(env, label):
    print(f"\n== {label}", flush=True)
    shell_output = manage(env, "shell", "-c", f"PAGES = {PAGES!r}\n{COUNT_QUERIES}").stdout
    counts = json.loads(shell_output.strip().splitlines()[-1])
    figures = {}
    with ExitStack() as stack:
        site = stack.enter_context(gunicorn(env, workers=None))
        fetch(site + "/")  # warm, so the answers below come from the page cache
        pages = {path: _response(site + path) for path in PAGES.values()}
        pages_file = Path(env["DJANGO_CACHE_DIR"]).parent / f"pages-{int(time.time())}.json"
        pages_file.write_text(json.dumps(pages))
        bare = stack.enter_context(
            gunicorn(
                {**env, "BENCH_PAGES": str(pages_file)}, workers=None, app="bench.bare_app:app"
            )
        )
        uncached = stack.enter_context(
            gunicorn({**env, "DJANGO_PAGE_CACHE": "false"}, workers=None)
        )
        for name, path in PAGES.items():
            # Warm every worker, not one: a worker's first hit reads the shared store and keeps
            # the page in its memory; "cached" is the steady state readers meet.
            for _ in range(WARM_REQUESTS):
                fetch(site + path)
            # One run of each swings by 15% on a shared two-core machine; the medians of
            # interleaved runs compare the two under the same conditions.
            runs = [(wrk(bare + path), wrk(site + path)) for _ in range(PAIRED_RUNS)]
            bare_run = _median([bare_run for bare_run, _ in runs])
            cached_run = _median([cached_run for _, cached_run in runs])
            manage(env, "shell", "-c", CLEAR_PAGE_CACHE)
            cleared_run = wrk(site + path)
            rendered_run = wrk(uncached + path)
            figures[name] = {
                "path": path,
                "bare": bare_run,
                "cached": cached_run,
                "cache_cleared": cleared_run,
                "rendered_every_request": rendered_run,
                "cached_ratio": round(
                    cached_run["requests_per_second"] / bare_run["requests_per_second"], 3
                ),
                "cache_cleared_ratio": round(
                    cleared_run["requests_per_second"] / bare_run["requests_per_second"], 3
                ),
                "rendered_ratio": round(
                    rendered_run["requests_per_second"] / bare_run["requests_per_second"], 3
                ),
                "queries": counts[name],
                "first_visit": first_visit_weight(site, path),
            }
            _print_row(name, figures[name])
    return figures


def _print_row(name, row):
    print(
        f"{name:8} bare {row['bare']['requests_per_second']:8.0f} req/s | "
        f"cached {row['cached']['requests_per_second']:8.0f} req/s "
        f"(×{row['cached_ratio']:.2f}) p50 {row['cached']['p50_ms']:.2f} ms "
        f"p99 {row['cached']['p99_ms']:.2f} ms | "
        f"cleared {row['cache_cleared']['requests_per_second']:6.0f} "
        f"(×{row['cache_cleared_ratio']:.2f}) "
        f"p99 {row['cache_cleared']['p99_ms']:.1f} ms | "
        f"rendering {row['rendered_every_request']['requests_per_second']:6.0f} req/s "
        f"(×{row['rendered_ratio']:.2f}) p99 {row['rendered_every_request']['p99_ms']:.1f} ms | "
        f"{row['queries']} queries | first visit {row['first_visit']['bytes'] / 1024:.1f} KB "
        f"({row['first_visit']['html_encoding']})",
        flush=True,
    )


NGINX_CONF = """
daemon off;
worker_processes auto;
pid %(dir)s/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path %(dir)s/body;
    proxy_temp_path %(dir)s/proxy;
    fastcgi_temp_path %(dir)s/fastcgi;
    uwsgi_temp_path %(dir)s/uwsgi;
    scgi_temp_path %(dir)s/scgi;
    server_tokens off;
    keepalive_requests 1000000;
    # Its best: the file's descriptor kept open, and sent by the kernel.
    sendfile on;
    tcp_nopush on;
    open_file_cache max=16 inactive=60s;
    open_file_cache_valid 60s;
    server {
        listen 127.0.0.1:%(port)d;
        root %(dir)s;
        location = %(path)s {
            # try_files, not alias: an address ending in "/" would be read as a folder.
            try_files /page.html =404;
            default_type "text/html; charset=utf-8";
%(headers)s
        }
    }
}
"""
# Headers nginx writes itself, or that only say how Varnish answered.
NOT_REPLAYED_BY_NGINX = NOT_REPLAYED | {"content-type", "age", "via", "x-varnish", "x-cache",
                                        "accept-ranges", "etag", "last-modified"}  # fmt: skip


def nginx(page_headers, body, path):
    """nginx serving `body` from a file at `path`, with the same headers: the machine's ceiling."""
    folder = Path(tempfile.mkdtemp(prefix="calfcare-bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as another user when started by root
    (folder / "page.html").write_bytes(body)
    (folder / "page.html").chmod(0o644)
    port = free_port()
    headers = "".join(
        f'            add_header {name} "{value.replace(chr(34), chr(92) + chr(34))}" always;\n'
        for name, value in page_headers
        if name.lower() not in NOT_REPLAYED_BY_NGINX
    )
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF % {"dir": folder, "port": port, "path": path, "headers": headers})
    process = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(conf), "-e", "stderr"],
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if fetch(base + path)[0] == 200:
                return process, base, folder
        except OSError:
            pass
        time.sleep(0.1)
    process.terminate()  # the master stops its workers
    _, errors = process.communicate(timeout=10)
    raise RuntimeError(f"nginx did not start: {errors.decode()[-2000:]}")


def behind_varnish(env, site_figures, name="massage"):
    """The page through Varnish in front of two app servers, and from nginx; each compared with
    nginx, and calfcare alone with it too."""
    path = PAGES[name]
    print(f"\n== {name} through Varnish (deploy/varnish/default.vcl), and from nginx", flush=True)
    with ExitStack() as stack:
        ports = [
            int(stack.enter_context(gunicorn(env, workers=2)).rsplit(":", 1)[1]) for _ in (1, 2)
        ]
        workdir = Path(tempfile.mkdtemp(prefix="calfcare-bench-varnish-"))
        stack.callback(subprocess.run, ["rm", "-rf", str(workdir)])
        cache = stack.enter_context(varnishd(render_vcl(ports), workdir, memory="128m"))
        for _ in range(WARM_REQUESTS):
            status, headers, body = fetch(cache + path, {"Host": "localhost"})
        if status != 200 or headers.get("X-Cache") != "hit":
            raise RuntimeError(f"Varnish does not keep {path}: {status} {headers.get('X-Cache')}")
        process, ceiling, folder = nginx(headers.items(), body, path)
        stack.callback(subprocess.run, ["rm", "-rf", str(folder)])
        stack.callback(process.wait, 10)
        stack.callback(process.terminate)
        if fetch(ceiling + path)[2] != body:
            raise RuntimeError("nginx does not hand out the same bytes")
        runs = [(wrk(ceiling + path), wrk(cache + path, "localhost")) for _ in range(PAIRED_RUNS)]
    file_run = _median([run for run, _ in runs])
    varnish_run = _median([run for _, run in runs])
    alone = site_figures[name]["cached"]
    ceiling_rate = file_run["requests_per_second"]
    figures = {
        "path": path,
        "bytes": len(body),
        "nginx_file": file_run,
        "varnish": varnish_run,
        "varnish_ratio": round(varnish_run["requests_per_second"] / ceiling_rate, 3),
        "calfcare_alone_ratio": round(alone["requests_per_second"] / ceiling_rate, 3),
        "goal": "varnish_ratio >= 0.4 and varnish p99 < 10 ms",
    }
    figures["goal_met"] = figures["varnish_ratio"] >= 0.4 and varnish_run["p99_ms"] < 10
    for label, run in (("nginx file", file_run), ("Varnish", varnish_run)):
        print(
            f"{name:8} {label:10} {run['requests_per_second']:8.0f} req/s "
            f"(×{run['requests_per_second'] / ceiling_rate:.2f} of nginx) "
            f"p50 {run['p50_ms']:.2f} ms p99 {run['p99_ms']:.2f} ms, {run['errors']} errors",
            flush=True,
        )
    print(
        f"{name:8} calfcare alone ×{figures['calfcare_alone_ratio']:.2f} of nginx; goal "
        f"(Varnish ≥ 0.4× of nginx, p99 < 10 ms) {'met' if figures['goal_met'] else 'NOT MET'}",
        flush=True,
    )
    return figures


def markdown_worst_case(env):
    """The slowest texts an editor could type, each rendered once in a fresh process."""
    output = manage(
        env,
        "shell",
        "-c",
        "import json; from bench.markdown_worst_case import worst_case_seconds; "
        "print(json.dumps(worst_case_seconds()))",
    ).stdout
    timings = json.loads(output.strip().splitlines()[-1])
    name, seconds = max(timings.items(), key=lambda item: item[1])
    print(
        f"\n== Markdown at the length limit: slowest of {len(timings)} worst cases "
        f"{seconds * 1000:.0f} ms ({name}); target well under 1 s",
        flush=True,
    )
    return timings


def main():
    with tempfile.TemporaryDirectory(prefix="calfcare-bench-") as tmp:
        env = production_env(Path(tmp))
        manage(env, "migrate", "--no-input")
        manage(env, "load_initial_content")
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        report = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {"cores": os.cpu_count()},
            "wrk": {"connections": CONNECTIONS, "duration": DURATION, "threads": 2},
            "seed_content": measure(env, "seed content"),
        }
        report["behind_varnish"] = behind_varnish(env, report["seed_content"])
        manage(env, "shell", "-c", GROW_CONTENT)
        report["ten_times_content"] = measure(env, "10× content (55 more causes and steps)")
        report["markdown_worst_case"] = markdown_worst_case(env)
    RESULTS.mkdir(exist_ok=True)
    stamp = report["when"].replace(":", "").replace("-", "")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nFigures written to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
