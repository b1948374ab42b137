"""An item's translation into a language, as readers could be given it: missing, up to date, or
outdated since the English changed.

Judged box by box over the boxes asked about (every translatable box with English in it, by
default), against the published translation only (a draft or a version in review tells readers
nothing):

- a box is *outdated* when the English it was translated from (`Translation.source`) is not the
  English readers see now (`Translatable.english_boxes`), and *missing* when it has no
  published translation;
- the item is OUTDATED if any box is outdated, else MISSING if any box is missing, else
  UP_TO_DATE. Outdated comes first: it is the state someone must act on, since readers had a
  translation and lost it.
"""

from dataclasses import dataclass

from translations.models import Translation

MISSING = "missing"
UP_TO_DATE = "up to date"
OUTDATED = "outdated"


@dataclass(frozen=True)
class TranslationStatus:
    state: str
    translated: int  # boxes with a published, up-to-date translation
    total: int  # boxes asked about
    translation: Translation | None  # the published translation, if any


def status_of(item, language, boxes=None, translation=None):
    """The TranslationStatus of `item` in `language` over `boxes`. `translation`, the item's
    published translation if the caller has it already, saves a query."""
    english = item.english_boxes()
    asked = [box for box in (boxes or english) if box in english]
    if translation is None:
        translation = Translation.objects.published().of(item, language).first()
    elif not translation.is_published:
        translation = None
    done = outdated = 0
    for box in asked:
        if translation is None or box not in translation.boxes:
            continue
        if translation.source.get(box) == english[box]:
            done += 1
        else:
            outdated += 1
    if outdated:
        state = OUTDATED
    elif done < len(asked):
        state = MISSING
    else:
        state = UP_TO_DATE
    return TranslationStatus(state, done, len(asked), translation)


def statuses(item, languages):
    """`item`'s TranslationStatus in each of `languages` (codes), with one query."""
    found = {t.language: t for t in Translation.objects.published().of(item)}
    # An unsaved, unpublished translation says "nothing published" without another query.
    nothing = Translation(is_published=False)
    return {
        language: status_of(item, language, translation=found.get(language, nothing))
        for language in languages
    }
