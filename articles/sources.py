"""Sources an item cites, written one per line in a plain box an editor can fill in:

    NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01

that is: publisher, a colon, the title as published; the address; a date. Kept as text on the
item itself, so sources go through drafts, review and history with the rest of its boxes
(publishing.content).

The date is what the editor typed: their own note of when they read the page, which nothing
confirms. Readers are never shown it as a check. A source reads "checked <date>" only where a
person recorded that they opened the address and found it still says what the item rests on
(`SourceCheck`, from the admin's "Sources checked" page; articles.source_checks).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

FORMAT_HELP = (
    "One source per line: Publisher: Title | https://address | date checked (YYYY-MM-DD). "
    "For example: NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-01. "
    "Readers see “checked” only once someone records a check on the Sources checked page."
)
LINE = re.compile(
    r"^(?P<publisher>[^:|]+):\s*(?P<title>[^|]+?)\s*\|\s*(?P<url>\S+)\s*\|\s*(?P<dated>\S+)$"
)


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    url: str
    # The date typed beside it: an editor's note, never shown to readers as a check.
    dated: date


def parse_sources(text):
    """The sources in `text`, in order; raises ValidationError naming each bad line."""
    return [source for _, source in numbered_sources(text)]


def numbered_sources(text):
    """(line number, source) for each source in `text`; raises as parse_sources does."""
    sources, problems = [], []
    check_url = URLValidator(schemes=["https", "http"])
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        if match is None:
            problems.append(
                f"Line {number} is not in the form “Publisher: Title | address | date”."
            )
            continue
        try:
            check_url(match["url"])
        except ValidationError:
            problems.append(f"Line {number}: “{match['url']}” is not a web address (https://…).")
            continue
        try:
            dated = date.fromisoformat(match["dated"])
        except ValueError:
            problems.append(f"Line {number}: write the date checked as YYYY-MM-DD.")
            continue
        sources.append(
            (
                number,
                Source(match["publisher"].strip(), match["title"].strip(), match["url"], dated),
            )
        )
    if problems:
        raise ValidationError(" ".join(problems) + " " + FORMAT_HELP)
    return sources


def validate_sources(text):
    parse_sources(text)


def sources_of(*cited):
    """The sources a page shows for the items on it, each address once, as the page first cites
    it. `cited` are items, lists of items, or nothing (None, or a template's "").

    An address is one source however its citations title or date it: whether it was checked is
    a record about the address (articles.source_checks), the same for every item resting on it.
    """
    by_url = {}
    for group in cited:
        for item in [group] if hasattr(group, "source_list") else group or []:
            for source in getattr(item, "source_list", ()):
                by_url.setdefault(source.url, source)
    return list(by_url.values())
