"""Comparing two versions of an item, box by box and word by word, and saying in plain sentences
what each version changed and who saved it.

Versions are the item's publishing revisions (publishing.Revision), the one history of content:
the History page and the publishing panel list the same numbers. Every line here is a sentence an
editor reads, never a machine's "None → 2026-12-01" or "[137 chars]".
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import models
from django.utils.text import capfirst

from publishing.versions import DELETED_ACCOUNT, display, normalised, person
from publishing.workflow import BASELINE, LOADED, ON_SCHEDULE, STARTING

# Below this share of words in common, a box counts as rewritten rather than edited.
REWRITE_RATIO = 0.5
# Longer values (or any with a line break) are summarised in words, not quoted whole.
QUOTE_LIMIT = 80
# Who saved a version nobody signed in saved: the starting content (articles.initial_content).
DATA_LOAD = "the system (a data load)"
SCHEDULE = "the site, at the time a reviewer scheduled"
# As articles.initial_content names the starting content's first versions.
HISTORY_REASON = "The content as it stood when history began"

# What readers get in place of a box that shows them no words (the warning's built-in wording):
# only the content apps know it, and publishing imports none of them, so each tells this module
# in its AppConfig.ready() (articles.apps) with `compare_built_in_wording`.
_BUILT_IN_WORDING = []


def compare_built_in_wording(shown):
    """Register `shown(item, field_name)`: the built-in wording readers get for that box of
    `item`, or None when the box's own words show (or it has no built-in wording)."""
    if shown not in _BUILT_IN_WORDING:
        _BUILT_IN_WORDING.append(shown)


def built_in_wording_shown(item, field_name):
    for shown in _BUILT_IN_WORDING:
        wording = shown(item, field_name)
        if wording is not None:
            return wording
    return None


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
    sentence: str = ""
    # Text boxes also show the word-by-word marks; a date, a number or a choice needs only the
    # sentence ("Next review due: set to 1 December 2026").
    show_words: bool = True


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
        old_built_in = built_in_wording_shown(then, field.name)
        new_built_in = built_in_wording_shown(now, field.name)
        old, new = (
            _as_readers_see(then, field, old_built_in),
            _as_readers_see(now, field, new_built_in),
        )
        label = capfirst(field.verbose_name)
        if old_built_in is not None and old_built_in == new_built_in:
            sentence = f"{label}: readers still see the built-in wording (the box shows no words)"
        else:
            sentence = _sentence(label, field, then, now, old, new)
        result.append(
            FieldDifference(
                label=label,
                then=old,
                now=new,
                parts=word_diff(old, new),
                sentence=sentence,
                show_words=isinstance(field, models.CharField | models.TextField)
                and not field.choices,
            )
        )
    return result


def _as_readers_see(item, field, built_in):
    """The box as an editor reads it; a box that shows readers nothing reads as the built-in
    wording they get instead, never as "(empty)" or as invisible characters."""
    if built_in is not None:
        return f"(built-in wording) {built_in}"
    return display(item, field)


def change_sentences(then, now):
    """What changed from `then` to `now`, one plain sentence per box ("Position: moved from 3
    to 4"); the position is a box the form offers, so a move is included too."""
    sentences = [difference.sentence for difference in differences(then, now)]
    return sentences


def saved_by(revision):
    """Who saved a version (a publishing revision), in words, even when nobody can be named."""
    if revision.created_by_id is not None and revision.created_by is not None:
        return person(revision.created_by)
    # No user: a version made without anyone signed in (the starting content, the text an item
    # had when its versions began; migration articles 0009 carried the earlier history's reasons
    # into labels, publishing.workflow's "on schedule" among them), or by a person whose account
    # was deleted since (the version stays, the person is forgotten).
    label = revision.label or ""
    if label.endswith(ON_SCHEDULE):
        return SCHEDULE
    if label in (HISTORY_REASON, BASELINE) or label.startswith(STARTING) or label.endswith(LOADED):
        return DATA_LOAD
    return DELETED_ACCOUNT


def _is_long(text):
    return len(text) > QUOTE_LIMIT or "\n" in text


def _sentence(label, field, then, now, old, new):
    old_value = normalised(field.value_from_object(then))
    new_value = normalised(field.value_from_object(now))
    is_text = isinstance(new_value or old_value, str) and not field.choices
    if field.name == "position":
        return f"{label}: moved from {old} to {new}"
    if old_value in (None, ""):
        if is_text and _is_long(new):
            return f"{label}: written ({_characters(new)})"
        return f"{label}: set to {_quoted(new, is_text)}"
    if new_value in (None, ""):
        if is_text and _is_long(old):
            return f"{label}: emptied (it had {_characters(old)})"
        return f"{label}: emptied (it was {_quoted(old, is_text)})"
    if is_text and (_is_long(old) or _is_long(new)):
        parts = word_diff(old, new)
        if [part.kind for part in parts] == ["removed", "added"]:
            return f"{label}: rewritten ({_characters(new)})"
        removed = _words(part.text for part in parts if part.kind == "removed")
        added = _words(part.text for part in parts if part.kind == "added")
        return f"{label}: edited ({_count(removed, 'word')} taken out, {added} added)"
    return f"{label}: changed from {_quoted(old, is_text)} to {_quoted(new, is_text)}"


def _quoted(text, is_text):
    return f"“{text}”" if is_text else text


def _characters(text):
    return _count(len(text), "character")


def _words(texts):
    return sum(len(text.split()) for text in texts)


def _count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"
