"""Whether a cited page was checked, from records only.

An item's sources carry a typed date (articles.sources): an editor's note that nothing confirms.
What readers are told is from `SourceCheck` rows, each made by a signed-in person pressing "I
checked this source today" on the admin's "Sources checked" page (articles.desk.source_checks):

- `with_checks(sources)`: a page's sources, each with its last recorded check or none; one query
  for all of them, none for a page that cites nothing. The template says "checked <date>" or
  "not checked yet" from it, never from the typed date.
- `cited_now()`: every address that what readers see now cites (published items, the guide
  text, the safety texts as shown, built-in sources included), for the admin page.
- `record(url, user)`: a check made now, by `user`, written to the audit log with it.
- `so_far()`: how many of those addresses have a check, for "About this guide".
"""

from dataclasses import dataclass, field

from django.db import transaction

from articles.models import (
    AftercareNote,
    Cause,
    ClinicalNote,
    Guide,
    MassageStep,
    SafetyText,
    SourceCheck,
)
from articles.safety_texts import SafetyTexts, ShownSafetyText
from articles.sources import Source, sources_of
from publishing import audit
from publishing.models import AuditEvent
from publishing.versions import person


@dataclass(frozen=True)
class ShownSource:
    """A source as readers see it: the citation, and the last check anyone recorded of it."""

    source: Source
    check: SourceCheck | None = None

    @property
    def publisher(self):
        return self.source.publisher

    @property
    def title(self):
        return self.source.title

    @property
    def url(self):
        return self.source.url

    @property
    def checked_on(self):
        """The day of the last recorded check; None when nobody has recorded one."""
        return self.check.checked_on if self.check is not None else None


def last_checks(urls):
    """{address: its latest SourceCheck} for those of `urls` anyone has checked: one query."""
    urls = set(urls)
    if not urls:
        return {}
    latest = {}
    for check in SourceCheck.objects.filter(url__in=urls).order_by("url", "-checked_at", "-pk"):
        latest.setdefault(check.url, check)
    return latest


def with_checks(sources):
    checks = last_checks(source.url for source in sources)
    return [ShownSource(source, checks.get(source.url)) for source in sources]


@dataclass
class CitedSource:
    """One address that live content cites, for the admin page: where it is cited, and its
    last check."""

    source: Source
    cited_by: list = field(default_factory=list)
    check: SourceCheck | None = None


def cited_now():
    """Every address cited by what readers see now, in the guide's order (the guide text, the
    causes, steps, aftercare notes, clinical notes, then the safety texts as shown), each once
    with everything that cites it."""
    groups = [
        [Guide.load()],
        Cause.objects.published(),
        MassageStep.objects.published(),
        AftercareNote.objects.published(),
        ClinicalNote.objects.published(),
    ]
    cited = {}
    for group in groups:
        for item in group:
            _cite(cited, item, str(item))
    # As readers get them: a text with no sources of its own cites the built-in ones.
    for row in SafetyTexts(SafetyText.objects.all()).rows:
        _cite(cited, ShownSafetyText(row), row.get_kind_display())
    checks = last_checks(cited)
    for url, entry in cited.items():
        entry.check = checks.get(url)
    return list(cited.values())


def _cite(cited, item, name):
    for source in sources_of(item):
        entry = cited.setdefault(source.url, CitedSource(source))
        if name not in entry.cited_by:
            entry.cited_by.append(name)


@transaction.atomic
def record(source, user):
    """`user` checked `source` (an articles.sources.Source) today: kept, and logged."""
    check = SourceCheck.objects.create(
        url=source.url,
        title=f"{source.publisher}: {source.title}"[:300],
        checked_by=user,
        checked_by_name=person(user),
    )
    audit.record(user, AuditEvent.Action.SOURCE_CHECKED, item=check, detail=source.url)
    return check


@dataclass(frozen=True)
class SourcesSoFar:
    cited: int
    checked: int
    last_checked: object = None  # the day of the latest check of a cited address, or None


def so_far():
    """How many addresses live content cites, how many of those someone recorded checking,
    and the day of the latest such check."""
    entries = cited_now()
    checks = [entry.check for entry in entries if entry.check is not None]
    return SourcesSoFar(
        cited=len(entries),
        checked=len(checks),
        last_checked=max((check.checked_on for check in checks), default=None),
    )
