"""Runs the in-page measurements of probes.js (one JavaScript expression) in a Playwright page."""

from pathlib import Path

_PROBES = Path(__file__).with_name("probes.js").read_text()


def measure(page, probe):
    """The result of one probe in probes.js, e.g. measure(page, "tapTargets")."""
    return page.evaluate(f"({_PROBES}).{probe}()")
