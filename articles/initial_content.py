"""The guide's starting content, read from the Markdown files in content/ (see content/README.md).

`load()` creates what a database lacks and never changes what it has: an item is added only if its
address (slug) has never been used, neither by a live item, nor as an old address, nor by any
version of any item (an item an editor deleted or renamed stays deleted or renamed: its revisions
outlive its row). Each new item gets its version 1, the seed article's words as they were given,
and the editors' notes written under it in its file. Where the seed got something wrong, the
same file name under content/corrected/ holds the corrected boxes: they are published at once as
version 2, with the file's `change note:`, which must start "We corrected" (readers see it).
A site loaded before a correction existed gets it too, but only for an item no person has ever
changed (every version of it is the starting content's): the seed's wrong words must not stay
live there, and an item an editor has changed is theirs, so it is listed for them instead.
Running it again adds nothing. `manage.py load_initial_content` runs it after `migrate`.

Starting translations (content/<language>/, see content/README.md) are loaded the same way: each
published at once as its translation's first version, on record as checked by no clinician,
and only where that item never had a translation into that language.

A file is front matter (`name: value` lines between two `---` lines; `sources:` may repeat, one
source a line), then the Markdown of the main text, then optional sections, each opened by a line
`--- name ---`. Links to another page of the guide name it instead of its address,
`[text](cause:dehydration)` or `[text](step:knead-the-calf)`, so the address is worked out,
never copied.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse

from articles.models import (
    AftercareNote,
    Cause,
    EditorNote,
    Guide,
    InfoPage,
    MassageStep,
    SafetyText,
    SlugRedirect,
)
from publishing import workflow
from publishing.content import changed_fields, snapshot
from publishing.languages import name as language_name
from publishing.languages import other_languages
from publishing.models import Revision
from publishing.workflow import (
    ensure_baseline,
    publish_starting_correction,
    publish_starting_version,
)
from translations.drafts import translation_of
from translations.models import Translation

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
# The label of each new item's version 1 (the words migration 0004 gave history's first rows).
HISTORY_REASON = "The content as it stood when history began"
NOTE_SECTION = "editors' note"
# Fields written one `name: value` line per value, repeated, as the admin's box has one per line.
LINE_PER_VALUE = {"sources"}

# Folder, model, and the field that holds a file's main text.
KINDS = [
    ("causes", Cause, "body"),
    ("massage-steps", MassageStep, "instruction"),
    ("aftercare-notes", AftercareNote, "body"),
]
# Version 2 of what the seed got wrong: content/corrected/guide.md and content/corrected/<folder>/
# with the same file names as the items they correct.
CORRECTED = "corrected"
CHANGE_NOTE = "change note"
# A correction is published with a public change note that owns it (red-flags.md: "a publisher
# fixes an error at its source and says so"), never a quiet edit.
CHANGE_NOTE_START = "We corrected"
LINK_TARGETS = {"cause": "articles:cause-detail", "step": "articles:step-detail"}
FILE_NAME = re.compile(r"^(?P<position>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
SECTION = re.compile(r"^--- (?P<name>[^-].*?) ---$")
LINK = re.compile(r"\]\((?P<kind>\w+):(?P<slug>[\w-]+)\)")


class ContentError(Exception):
    """A content file that cannot be read as written; the message names the file and the line."""


@dataclass
class ContentFile:
    path: Path
    fields: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def read(path, main_field=None):
    """A content file's fields (front matter, main text, sections) and its editors' notes."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[0] != "---" or "---" not in lines[1:]:
        raise ContentError(f"{path}: must start with front matter between two lines of ---")
    end = lines.index("---", 1)
    content = ContentFile(path)
    for number, line in enumerate(lines[1:end], start=2):
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ContentError(f"{path}, line {number}: expected `name: value`, got {line!r}")
        name, value = name.strip(), value.strip()
        if name in LINE_PER_VALUE and name in content.fields:
            content.fields[name] += "\n" + value
        else:
            content.fields[name] = value
    sections, name = [(main_field, [])], main_field
    for line in lines[end + 1 :]:
        heading = SECTION.match(line)
        if heading:
            name = heading["name"]
            sections.append((name, []))
        else:
            sections[-1][1].append(line)
    for name, section_lines in sections:
        text = "\n".join(section_lines).strip("\n")
        if name == NOTE_SECTION:
            content.notes.append(text)
        elif text:
            if name is None:
                raise ContentError(f"{path}: text before the first `--- name ---` section")
            content.fields[name.replace(" ", "_")] = text
    return content


def build(model, content, **extra):
    """An unsaved item of `model` from a file, its fields checked as the admin checks them.

    Only the fields: the model's clean() would refuse a position another item has taken since,
    and an item added at the same position as another is harmless (the list orders by pk next).
    """
    item = model(**extra, **values(model, content))
    return checked(item, content.path)


def values(model, content):
    """A file's fields as `model`'s values: yes/no as booleans, links to pages as addresses."""
    found = {}
    for name, value in content.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            raise ContentError(f"{content.path}: {model.__name__} has no field {name!r}") from None
        if isinstance(model_field, models.BooleanField):
            if value not in ("yes", "no"):
                raise ContentError(f"{content.path}: {name} must be yes or no, not {value!r}")
            found[name] = value == "yes"
        else:
            found[name] = LINK.sub(lambda link: _link(content.path, link), value)
    return found


def checked(item, path):
    try:
        item.clean_fields()
    except ValidationError as error:
        raise ContentError(f"{path}: {error.message_dict}") from None
    return item


def _link(path, link):
    url_name = LINK_TARGETS.get(link["kind"])
    if url_name is None:
        raise ContentError(f"{path}: unknown link {link[0]!r}: use cause:slug or step:slug")
    return "](" + reverse(url_name, kwargs={"slug": link["slug"]}) + ")"


def ever_used(model, slug):
    """Whether any item of `model` has, or ever had, this address: a deleted item's versions
    (publishing revisions) are kept, and so is what they said."""
    content_type = ContentType.objects.get_for_model(model)
    return (
        model._default_manager.filter(slug=slug).exists()
        or SlugRedirect.objects.filter(content_type=content_type, old_slug=slug).exists()
        or Revision.objects.filter(content_type=content_type, content__slug=slug).exists()
    )


def ever_had_guide():
    """Whether the guide text exists, or did: its versions outlive it."""
    content_type = ContentType.objects.get_for_model(Guide)
    return Guide.objects.exists() or Revision.objects.filter(content_type=content_type).exists()


def create(item, notes):
    item.save()
    # Version 1 in the publishing workflow: the seed's wording as it was given, published.
    ensure_baseline(item, label=HISTORY_REASON)
    content_type = ContentType.objects.get_for_model(item)
    for text in notes:
        EditorNote.objects.create(content_type=content_type, object_id=item.pk, text=text)


@transaction.atomic
def load(content_dir=None):
    """Creates the content the database lacks; returns a line per item created ("guide text
    “…”") and a sentence per correction published to, or left for the editors of, an item
    loaded earlier."""
    content_dir = content_dir or CONTENT_DIR
    corrected_dir = content_dir / CORRECTED
    created, corrections = [], []
    if not ever_had_guide():
        guide = read(content_dir / "guide.md")
        item = build(Guide, guide)
        create(item, guide.notes)
        correct(item, corrected_dir / "guide.md")
        created.append(f"guide text “{guide.fields['title']}”")
    else:
        corrections += correct_existing(Guide.objects.first(), corrected_dir / "guide.md")
    for folder, model, main_field in KINDS:
        for path in sorted((content_dir / folder).glob("*.md")):
            name = FILE_NAME.match(path.name)
            if name is None:
                raise ContentError(f"{path}: name it like 01-some-slug.md (position, then slug)")
            if ever_used(model, name["slug"]):
                existing = model._default_manager.filter(slug=name["slug"]).first()
                correction = corrected_dir / folder / path.name
                corrections += correct_existing(existing, correction, main_field)
                continue
            content = read(path, main_field)
            extra = {"slug": name["slug"], "position": int(name["position"])}
            item = build(model, content, **extra)
            create(item, content.notes)
            correct(item, corrected_dir / folder / path.name, main_field)
            created.append(f"{model._meta.verbose_name} “{item.title}”")
    for model in (SafetyText, InfoPage):
        for kind in model.Kind:
            if not model.objects.filter(kind=kind).exists():
                # Empty boxes: the built-in wording, until editors write their own.
                create(model(kind=kind), [])
                created.append(f"{model._meta.verbose_name} “{kind.label}”")
    for language, _name in other_languages():
        added, outdated = load_translations(content_dir / language, language)
        created += added
        corrections += outdated
    return created, corrections


# Starting translations ---------------------------------------------------------------------------

# The label of a starting translation's version: as the English starting content, nobody has
# reviewed it (publishing.changes.SignOff.FIRST_VERSION), and readers are told so.
STARTING_TRANSLATION = "Starting translation, not yet checked by a clinician"
# The front matter line that says which English a translation file was written from.
ENGLISH = "english"


def translation_files(folder):
    """Each file of a language's folder and the item it translates (None: not loaded yet)."""
    yield folder / "guide.md", Guide.objects.order_by("pk").first(), None
    for kind in SafetyText.Kind:
        yield (
            folder / "safety-texts" / f"{kind}.md",
            SafetyText.objects.filter(kind=kind).first(),
            "body",
        )


def fingerprint(english):
    """A short digest of the English boxes a file translates, as readers see them: written in
    the file (`english:`), so the loader knows whether the English has changed since."""
    text = json.dumps(english, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def ever_translated(item, language):
    """Whether `item` has, or had, a translation into `language` (its versions outlive it)."""
    item_type = ContentType.objects.get_for_model(item)
    return (
        Translation.objects.of(item, language).exists()
        or Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(Translation),
            content__content_type=item_type.pk,
            content__object_id=item.pk,
            content__language=language,
        ).exists()
    )


def load_translations(folder, language):
    """The starting translations in `folder` for items that never had one into `language`.
    Returns lines for what was added, and a sentence for each one loaded as outdated (written
    from English that has changed since: readers of the warning or a care card then get the
    English beside it, translations.fallback)."""
    added, outdated = [], []
    if not folder.exists():
        return added, outdated
    for path, item, main_field in translation_files(folder):
        if not path.exists() or item is None or ever_translated(item, language):
            continue
        content = read(path, main_field)
        written_from = content.fields.pop(ENGLISH, "")
        unknown = set(content.fields) - set(item.translatable_boxes)
        if unknown:
            raise ContentError(f"{path}: {item._meta.verbose_name} has no box {sorted(unknown)}")
        english = {box: item.english_boxes().get(box, "") for box in content.fields}
        label = f"{language_name(language)} translation of {item._meta.verbose_name} “{item}”"
        translation = translation_of(item, language)
        translation.boxes = dict(content.fields)
        if written_from == fingerprint(english):
            translation.source = english
        else:
            translation.source = {}
            outdated.append(
                f"Loaded the {label} as outdated: its English has changed since "
                f"{language}/{path.name} was written."
            )
        live = workflow.live_revision(item)
        translation.source_version = live.number if live is not None else None
        translation.is_published = True
        try:
            # As a reviewer's approval would find it: its boxes, and the UK's numbers kept.
            translation.full_clean()
        except ValidationError as error:
            raise ContentError(f"{path}: {' '.join(error.messages)}") from None
        publish_starting_version(translation, STARTING_TRANSLATION, "")
        added.append(label)
    return added, outdated


def read_correction(path, main_field=None):
    """A file of content/corrected/: the boxes it corrects, and its public change note."""
    correction = read(path, main_field)
    change_note = " ".join(correction.fields.pop(CHANGE_NOTE, "").split())
    if not change_note.startswith(CHANGE_NOTE_START):
        raise ContentError(
            f"{path}: a correction needs a `change note:` line that starts “{CHANGE_NOTE_START}”, "
            "saying what was wrong, for readers (it is shown on the page and on /changes/)"
        )
    if correction.notes:
        raise ContentError(f"{path}: editors' notes belong in the item's own file")
    return correction, change_note


def correct(item, path, main_field=None):
    """Version 2 of a newly added item, when content/corrected/ has a file for it: the boxes the
    file gives replace the seed's, published at once with its change note. Version 1 keeps the
    seed's words."""
    if not path.exists():
        return None
    correction, change_note = read_correction(path, main_field)
    stored = type(item)._default_manager.get(pk=item.pk)
    for name, value in values(type(item), correction).items():
        setattr(stored, name, value)
    # Each box checked as the admin would check it.
    return publish_starting_correction(checked(stored, path), change_note)


def correct_existing(item, path, main_field=None):
    """A correction for an item already loaded (on a site older than the correction): published
    if no person has ever changed the item, else named for its editors. [] when there is nothing
    to correct, or the correction is live already."""
    if item is None or not path.exists():
        return []
    label = f"{item._meta.verbose_name} “{item}”"
    if changed_by_a_person(item):
        correction, _note = read_correction(path, main_field)
        stored = values(type(item), correction)
        if all(getattr(item, name) == value for name, value in stored.items()):
            return []
        return [
            f"Left {label} to its editors: they have changed it, so the correction in "
            f"{path.parent.name}/{path.name} is theirs to make."
        ]
    if correct(item, path, main_field) is None:
        return []
    return [f"Published the correction to {label} (content/corrected/): nobody had changed it."]


def changed_by_a_person(item):
    """Whether a person has changed `item`: a version with an author (a draft, an edit carried
    over from the old history), one waiting, or a row that no longer says what its live version
    does (changed outside the admin)."""
    content_type = ContentType.objects.get_for_model(item)
    versions = Revision.objects.filter(content_type=content_type, object_id=item.pk)
    settled = (Revision.Status.PUBLISHED, Revision.Status.SUPERSEDED)
    if versions.filter(created_by__isnull=False).exists():
        return True
    if versions.exclude(status__in=settled).exists():
        return True
    live = versions.filter(status=Revision.Status.PUBLISHED).order_by("-number").first()
    return live is None or bool(changed_fields(type(item), live.content, snapshot(item)))
