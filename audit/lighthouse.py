"""`make audit`: Lighthouse's mobile audit of calfcare, served as `make run` serves it.

The site runs under gunicorn with the production settings (debug off, hashed and compressed static
files from WhiteNoise) on a free port of 127.0.0.1, against a fresh SQLite database that
`load_initial_content` fills with the seed content, so every run audits the same pages. Lighthouse
(npm, locked in package-lock.json) drives Debian's Chromium. Each page is audited three times and
the median run by performance is kept, as Lighthouse's own documentation advises, because a single
performance score moves with the machine's load. The run fails when any page scores below BAR.

What a local plain-http run cannot show: HTTPS, HSTS and the redirect from http. Chromium counts
127.0.0.1 as a secure origin, so "Uses HTTPS" passes here without proving anything about
production. That production turns the redirect and HSTS on is tested in tests/test_settings.py;
TLS itself is the job of the proxy in front of gunicorn (see docs/operators.md, Deployment).
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.served import gunicorn, manage  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"

PAGES = {
    "home": "/",
    "massage": "/massage/",
    "step": "/massage/knead-the-calf/",
}
BAR = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
RUNS_PER_PAGE = 3
ATTEMPTS = 3
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"


def lighthouse(url, report_path):
    """One Lighthouse run (mobile profile, its default) and the report it wrote.

    Lighthouse sometimes fails to record the page load on a busy machine ("NO_NAVSTART") and
    asks to be run again; that run has no scores at all, so it is run again, up to ATTEMPTS
    times. A run that produces scores is never repeated to get better ones.
    """
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report_path}",
        f"--only-categories={','.join(BAR)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    for attempt in range(1, ATTEMPTS + 1):
        finished = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if finished.returncode == 0:
            report = json.loads(Path(report_path).read_text())
            if "runtimeError" not in report:
                return report
        print(f"Lighthouse could not measure {url} (attempt {attempt} of {ATTEMPTS}).")
    sys.exit(f"Lighthouse failed {ATTEMPTS} times on {url}.")


def lighthouse_version():
    return subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()


def scores(report):
    return {name: round(report["categories"][name]["score"] * 100) for name in BAR}


def failing_audits(report):
    """The audits behind a lost point, so the output says what to fix."""
    lines = []
    for name in BAR:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"    {name}: {audit['title']} {value}".rstrip())
    return lines


def audit_page(base_url, path, workdir):
    runs = [
        lighthouse(base_url + path, workdir / f"run-{index}.json") for index in range(RUNS_PER_PAGE)
    ]
    by_performance = sorted(runs, key=lambda report: scores(report)["performance"])
    return by_performance[len(runs) // 2]


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make audit`, which runs `npm ci` first.")
    with tempfile.TemporaryDirectory(prefix="calfcare-audit-") as tmp:
        env = {
            **os.environ,
            # Production settings, except what a throwaway plain-http server on 127.0.0.1
            # needs, whatever .env says: a key of its own, no HTTPS redirect, its own address
            # in the canonical links. (The launcher sets PORT to a free one.)
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SITE_URL": "",
            "DATABASE_URL": f"sqlite:///{tmp}/audit.sqlite3",
            "GUNICORN_BIND": "",
        }
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_initial_content", "-v0")
        quiet = ["--access-logfile", os.devnull, "--log-level", "warning"]
        # workers=None: the config's own count, as `make run` has. Warnings go to the terminal.
        with gunicorn(env, workers=None, extra_args=quiet, log=sys.stderr) as base_url:
            results = {}
            for name, path in PAGES.items():
                workdir = Path(tmp) / name
                workdir.mkdir()
                results[name] = audit_page(base_url, path, workdir)

    below = print_report(results)
    if below:
        sys.exit(f"Below the bar: {', '.join(below)}.")
    print("Every page meets the bar.")


def print_report(results):
    """Print the scores and, for a page below the bar, what cost it; the pages below it."""
    print(f"\nLighthouse {lighthouse_version()}, mobile profile, median of {RUNS_PER_PAGE} runs")
    print(f"{'page':<10}" + "".join(f"{name:>16}" for name in BAR))
    print(f"{'(bar)':<10}" + "".join(f"{minimum:>16}" for minimum in BAR.values()))
    below = []
    for name, report in results.items():
        page_scores = scores(report)
        print(f"{name:<10}" + "".join(f"{page_scores[category]:>16}" for category in BAR))
        if any(page_scores[category] < minimum for category, minimum in BAR.items()):
            below.append(name)
            print("\n".join(failing_audits(report)))
    print(
        "Served over plain http on 127.0.0.1, which Chromium treats as a secure origin: the HTTPS\n"
        "check passing here says nothing about production (see the module docstring)."
    )
    return below


if __name__ == "__main__":
    main()
