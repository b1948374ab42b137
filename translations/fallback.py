"""What a reader of a language is shown of an item: the one rule the pages follow.

    up to date                  the translation, alone
    missing or outdated         the current English, marked "not translated yet"
    ... of the warning or a     the translation (if there is one) with the current English
        care card               beside it: these are never missing, and an outdated one is
                                never shown alone

"Up to date" is translations.status's: the published translation, box by box, of the English
readers see now. A translation is published only once a clinical reviewer who reads its
language approved it, or as the starting content, on record as checked by no clinician
(`checked_by_clinician` is then False, and the page says so, as it does of the English).
"""

from dataclasses import dataclass

from publishing.languages import ENGLISH
from translations.status import OUTDATED, UP_TO_DATE, status_of

# What a page says beside the English it shows in place of a translation, and beside a
# translation no clinician has checked: English source words for the site's own catalogues.
NOT_TRANSLATED_YET = "This part has not been translated yet"
NOT_CHECKED = "This translation has not yet been checked by a clinician"


@dataclass(frozen=True)
class ForReader:
    language: str  # the reader's language
    state: str  # translations.status: missing, up to date or outdated
    translation: dict | None  # box -> translated text the reader is shown, or None
    english: dict | None  # box -> current English the reader is shown, or None
    checked_by_clinician: bool  # whether a clinical reviewer checked the translation shown

    @property
    def not_translated_yet(self):
        """The reader sees English in place of their language: mark it so."""
        return self.language != ENGLISH and self.translation is None

    @property
    def english_beside(self):
        """A translation that may be out of date, with the current English beside it."""
        return self.translation is not None and self.english is not None


def for_reader(item, language, boxes=None):
    """What a reader of `language` sees of `item`'s `boxes` (every translatable box with
    English in it, by default)."""
    english = item.english_boxes()
    asked = [box for box in (boxes or english) if box in english]
    current = {box: english[box] for box in asked}
    if language == ENGLISH:
        return ForReader(language, UP_TO_DATE, None, current, True)
    found = status_of(item, language, boxes=asked)
    translation = found.translation
    checked = translation is not None and translation.reviewed_by_id is not None
    if found.state == UP_TO_DATE:
        return ForReader(language, found.state, _boxes(translation, asked), None, checked)
    shown = _boxes(translation, asked) if translation is not None else None
    if shown and set(asked) & item.safety_boxes():
        return ForReader(language, found.state, shown, current, checked)
    return ForReader(language, found.state, None, current, False)


def _boxes(translation, asked):
    return {box: translation.boxes[box] for box in asked if box in translation.boxes}


__all__ = ["NOT_CHECKED", "NOT_TRANSLATED_YET", "OUTDATED", "ForReader", "for_reader"]
