"""Staff preview of a pending version at the item's real address: `?version=<revision id>`.

The page is built as usual, then the one item the revision belongs to is shown as that
revision has it, wherever it appears on the page (its own page, a list, the guide text around
every page). Readers never get this: the parameter is read for signed-in staff who may view
that kind of content, and their pages are never cached.
"""

from publishing.content import apply
from publishing.models import Revision


def revision_for(request, signed_in_staff):
    value = request.GET.get("version", "")
    if not value.isdigit() or not signed_in_staff(request):
        return None
    revision = Revision.objects.select_related("content_type").filter(pk=int(value)).first()
    if revision is None:
        return None
    model = revision.content_type.model_class()
    if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        return None
    return revision


def show(revision, *places):
    """Apply `revision` to every instance of its item found in `places` (instances, lists)."""
    model = revision.content_type.model_class()
    for place in places:
        for obj in place if isinstance(place, (list, tuple)) else [place]:
            if isinstance(obj, model) and obj.pk == revision.object_id:
                apply(obj, revision.content)
