"""The admin index's "Due for review" box: how much of each kind of content needs a review.

Offered to templates by articles.context_processors.site as `review_worklist`, a function the
template calls once (Django calls callables it finds in the context), so only the admin index,
the one page that shows the box, runs its queries.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse

from articles.desk.reviews import ReviewState, review_state_filter
from articles.models import CONTENT_MODELS

# Most pressing first; "up to date" is not work to do.
WORK_STATES = [ReviewState.OVERDUE, ReviewState.NOT_REVIEWED, ReviewState.DUE_SOON]


@dataclass
class WorklistEntry:
    kind: str
    state: ReviewState
    count: int
    url: str

    @property
    def text(self):
        return f"{self.count} {self.kind}: {self.state.label.lower()}"


def review_worklist(user):
    """Entries the user may open, or None when they may view no content at all."""
    viewable = [
        model
        for model in CONTENT_MODELS
        if admin.site.is_registered(model)
        and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    if not viewable:
        return None
    entries = []
    for state in WORK_STATES:
        for model in viewable:
            count = model.objects.filter(review_state_filter(state)).count()
            if count:
                opts = model._meta
                entries.append(
                    WorklistEntry(
                        kind=str(opts.verbose_name if count == 1 else opts.verbose_name_plural),
                        state=state,
                        count=count,
                        url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                        + f"?review={state.value}",
                    )
                )
    return entries
