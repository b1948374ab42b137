"""The page an outside clinical reviewer opens from a signed link (publishing.links)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.desk.history import differences
from publishing import links
from publishing.content import as_instance
from publishing.workflow import live_revision


@never_cache
@require_safe
def outside_review(request, token):
    link = links.open_link(token)
    if link is None:
        response = render(request, "publishing/outside_review_gone.html", status=410)
        response["X-Robots-Tag"] = "noindex"
        return response
    revision = link.revision
    model = revision.content_type.model_class()
    item = model._default_manager.filter(pk=revision.object_id).first()
    live = live_revision(item) if item is not None else None
    then = item if live is not None else model()
    draft = as_instance(revision, item)
    context = {
        "link": link,
        "revision": revision,
        "kind": model._meta.verbose_name,
        "is_new": live is None,
        "differences": differences(then, draft),
    }
    response = render(request, "publishing/outside_review.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
