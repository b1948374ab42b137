"""A translator's work becomes a draft version of the item's translation, through the same
`save_draft` every editor's save goes through; submitting, review and publishing are then the
workflow's own steps (publishing.workflow).

Each box given is recorded with the English it translates, as readers see it now, and the
English item's live version number: that is what later tells whether the English has changed
since (translations.status). Boxes not given keep what the translation's latest version has.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from publishing import workflow
from publishing.content import as_instance
from translations.models import Translation

# The label of a translation's version 1: the row made to hold it, before anything is
# translated (as an English item's version 1 is its row as it stood).
NOTHING_YET = "Not translated yet"


def translation_of(item, language):
    """The item's Translation row for `language`, made (unpublished, empty) if it has none."""
    translation, created = Translation.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        language=language,
    )
    if created:
        workflow.ensure_baseline(translation, label=NOTHING_YET)
    return translation


def with_boxes(item, language, boxes):
    """The item's translation, unsaved, as its latest version has it with `boxes` (box ->
    translated text) put in, each with the English it translates. Raises KeyError naming a box
    the item has no English for."""
    translation = translation_of(item, language)
    latest = workflow.pending(translation)
    proposed = as_instance(latest, row=translation) if latest is not None else translation
    proposed._state.adding = False  # the row exists: checked as a change to it, not a new one
    english = item.english_boxes()
    live = workflow.live_revision(item)
    texts, sources = dict(proposed.boxes), dict(proposed.source)
    for box, text in boxes.items():
        texts[box], sources[box] = text, english[box]
    proposed.boxes, proposed.source = texts, sources
    proposed.source_version = live.number if live is not None else None
    proposed.is_published = True
    return proposed


@transaction.atomic
def propose(item, language, boxes, user, label=""):
    """A draft of the item's translation into `language` with `boxes` translated, saved by
    `user`; the draft there was if nothing changed. Checked first as the admin checks a save
    (ValidationError)."""
    proposed = with_boxes(item, language, boxes)
    proposed.full_clean()
    return workflow.save_draft(proposed, user, label=label)
