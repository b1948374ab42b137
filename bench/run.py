"""`make bench`: how close calfcare comes to the serving limit, and how it holds at 10× content.

Starts the site as `make run` serves it (gunicorn, production settings) and a bare WSGI app
serving the very same HTML under the same gunicorn configuration, loads both with wrk (loopback
only, a few seconds a page; the bare app and the cached site three times each, interleaved, and
the median run of each compared), and prints per page: requests/s, p50 and p99 latency, the ratio to
the bare app, SQL queries, and the first-visit weight. The site is measured three ways: warm
(pages in the page cache), cache cleared just before the run (every worker renders each page
once, then answers from the cache), and with the page cache off (every request rendered).
Figures also go to bench/results/.

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

from tools.served import fetch, gunicorn, manage, production_env  # noqa: E402

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
from calfcare.page_cache import invalidate_pages; invalidate_pages()
"""

CLEAR_PAGE_CACHE = "from calfcare.page_cache import invalidate_pages; invalidate_pages()"

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


def wrk(url):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
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
