"""Comparing a past version of an item with the current one, box by box and word by word."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.text import capfirst

from articles.desk.versions import display, normalised

# Below this share of words in common, a box counts as rewritten rather than edited.
REWRITE_RATIO = 0.5


@dataclass
class DiffPart:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass
class FieldDifference:
    label: str
    then: str
    now: str
    parts: list


def word_diff(old, new):
    """The two texts as one run of words: unchanged, removed and added pieces in order."""
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    if matcher.ratio() < REWRITE_RATIO:
        # Mostly rewritten: a word-by-word patchwork would be unreadable, so show both whole.
        return [part for part in [DiffPart("removed", old), DiffPart("added", new)] if part.text]
    parts = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(DiffPart("same", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(DiffPart("removed", "".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(DiffPart("added", "".join(new_words[b1:b2])))
    return parts


def differences(then, now):
    """Every box an editor can change whose value differs between two copies of an item."""
    result = []
    for field in now._meta.fields:
        if not field.editable or field.primary_key:
            continue
        if normalised(field.value_from_object(then)) == normalised(field.value_from_object(now)):
            continue
        old, new = display(then, field), display(now, field)
        result.append(
            FieldDifference(
                label=capfirst(field.verbose_name), then=old, now=new, parts=word_diff(old, new)
            )
        )
    return result
