"""What a revision holds: the boxes of an item an editor fills in, as plain JSON values.

Left out: the order (moved in the lists and saved at once, see articles.desk.ordering), the
review dates (recorded by a clinical review, never typed), and what the database keeps for
itself (keys, versions, timestamps).
"""

NOT_REVISED = {"position", "last_reviewed", "next_review_due", "reviewed_by", "version"}


def can_be_taken_off(item_or_model):
    """Whether this kind of content has an on/off switch (`is_published`).

    The guide, safety texts and info pages have none: they are always on the site, and their
    admins refuse deletion. Every question of "do readers see it?" goes through here and
    `on_the_site`, so no caller guesses a default of its own.
    """
    return any(field.name == "is_published" for field in item_or_model._meta.concrete_fields)


def on_the_site(item):
    """Whether readers see `item` now, as its row stands (a kind with no switch always)."""
    return item.is_published if can_be_taken_off(item) else True


def revised_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in NOT_REVISED
    ]


def snapshot(item):
    """The item's boxes as JSON values (texts, booleans, numbers)."""
    return {field.name: field.value_from_object(item) for field in revised_fields(type(item))}


def apply(item, content):
    """Put a revision's boxes onto `item` (in memory; the caller saves)."""
    for field in revised_fields(type(item)):
        if field.name in content:
            setattr(item, field.attname, field.to_python(content[field.name]))
    return item


def as_instance(revision, row=None):
    """An unsaved copy of the item as `revision` has it, for previews and comparisons: the
    item's row (`row`, or read now) with the revision's boxes put on it."""
    model = revision.content_type.model_class()
    row = row if row is not None else model.objects.filter(pk=revision.object_id).first()
    copy = model()
    if row is not None:
        copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
    return apply(copy, revision.content)


def changed_fields(model, old, new):
    """Names of the revised boxes whose values differ between two snapshots (None: empty)."""
    old = old or {}
    return [
        field.name
        for field in revised_fields(model)
        if _comparable(_box(old, field)) != _comparable(_box(new, field))
    ]


def _box(content, field):
    """A box's value in a snapshot. A box the model gained after the snapshot was taken was
    empty then, as its default: a new field is not a change an editor made to every item."""
    if content and field.name not in content:
        return field.get_default()
    return content.get(field.name)


def _comparable(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value
