"""What "About this guide" says has been checked on this site: counted from its own records, so
it describes the checks that happened here, never the ones the workflow is designed to have.

- Clinical reviews: each part of the guide readers see (the guide text, published causes,
  steps, aftercare and clinical notes, the safety texts and information pages) and whether its
  current wording carries a clinical review. That review is written to the row only by the
  publishing workflow, from the version a reviewer approved or reviewed (publishing.workflow:
  `_go_live`, `record_review`); the admin shows it read-only.
- Sources: the addresses that content cites and the checks people recorded of them
  (articles.source_checks).

On a fresh install both are none, and the page says so.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max

from articles import source_checks
from articles.models import CONTENT_MODELS


@dataclass(frozen=True)
class ReviewsSoFar:
    parts: int
    reviewed: int
    last_reviewed: date | None = None

    @property
    def not_reviewed(self):
        return self.parts - self.reviewed


def reviews_so_far():
    """How many parts of the guide readers see, how many of those a clinical reviewer approved
    as they now read, and the latest such review: one query per kind of content."""
    parts = reviewed = 0
    latest = None
    for model in CONTENT_MODELS:
        rows = model._default_manager.all()
        if any(field.name == "is_published" for field in model._meta.fields):
            rows = rows.filter(is_published=True)
        counted = rows.aggregate(
            parts=Count("pk"), reviewed=Count("last_reviewed"), latest=Max("last_reviewed")
        )
        parts += counted["parts"]
        reviewed += counted["reviewed"]
        if counted["latest"] is not None and (latest is None or counted["latest"] > latest):
            latest = counted["latest"]
    return ReviewsSoFar(parts, reviewed, latest)


def so_far():
    """Everything About's "What has been checked so far" says, from records."""
    return {"reviews": reviews_so_far(), "sources": source_checks.so_far()}
