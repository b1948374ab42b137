"""The files translators work in: PO (gettext's format, which every translation tool reads) and
XLIFF 1.2, one file per language, one entry per box of each item.

An entry is named `<app>.<model>:<pk>:<box>` (the PO `msgctxt`, the XLIFF `id`); its English
(`msgid`, `<source>`) is the box as readers see it now, its translation (`msgstr`, `<target>`)
the item's current translation, if any. A translation made from English that has changed since
is exported *fuzzy*, with the English it was made from as the previous `msgid`, so the
translator sees what changed.

Importing (`import_po`) is all or nothing: every entry is checked first (its item and box exist,
its English is still what readers see, its translation keeps the UK's numbers), and a file with
any problem is refused with the line of each, nothing written. Entries left empty, or marked
fuzzy, are not translations yet and are skipped.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import polib
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone

from publishing import workflow
from publishing.languages import ENGLISH, name, other_languages
from translations import drafts
from translations.models import Translatable, Translation
from translations.numbers import NUMBER

KEEP_NUMBERS = (
    "Keep 999, 111 and A&E as they are, in Western digits (0 to 9): readers in the UK dial them."
)


MSGCTXT = re.compile(r'^msgctxt "([^"]*)"')


class ImportRefused(Exception):
    """A file that cannot be imported as it is; the message names the file and each line."""


def translatable_models():
    return [model for model in apps.get_models() if issubclass(model, Translatable)]


def translatable_items():
    """Every item readers can see that has boxes to translate, model by model."""
    for model in translatable_models():
        manager = model._default_manager
        found = manager.filter(is_published=True) if _has_field(model, "is_published") else manager
        yield from found.order_by("pk")


def _has_field(model, field):
    return any(f.name == field for f in model._meta.concrete_fields)


def key_of(item, box):
    return f"{item._meta.label_lower}:{item.pk}:{box}"


@dataclass(frozen=True)
class Entry:
    key: str
    item: object
    box: str
    english: str
    translation: str  # "" when there is none
    translated_from: str  # the English the translation was made from ("" when there is none)

    @property
    def outdated(self):
        return bool(self.translation) and self.translated_from != self.english


def entries(language, items=None):
    """Every box of `items` (default: every translatable item readers can see) with its English
    and its translation into `language`: the pending version's, else the published one's."""
    for item in translatable_items() if items is None else items:
        translation = Translation.objects.of(item, language).first()
        latest = workflow.pending(translation) if translation is not None else None
        content = latest.content if latest is not None else _content(translation)
        boxes, sources = content.get("boxes") or {}, content.get("source") or {}
        for box, english in item.english_boxes().items():
            yield Entry(
                key_of(item, box),
                item,
                box,
                english,
                boxes.get(box, ""),
                sources.get(box, "") if box in boxes else "",
            )


def _content(translation):
    if translation is None or not translation.is_published:
        return {}
    return {"boxes": translation.boxes, "source": translation.source}


def _comment(entry):
    item = entry.item
    where = f"{item._meta.verbose_name} “{item}”, {entry.box}."
    # Said where it matters, so the reminder is read rather than skipped.
    if NUMBER.search(entry.english) or "A&E" in entry.english:
        return f"{where} {KEEP_NUMBERS}"
    return where


def export_po(language, items=None):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "calfcare",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
    }
    for entry in entries(language, items):
        po_entry = polib.POEntry(
            msgctxt=entry.key,
            msgid=entry.english,
            msgstr=entry.translation,
            comment=_comment(entry),
        )
        if entry.outdated:
            po_entry.flags.append("fuzzy")
            po_entry.previous_msgid = entry.translated_from
        po.append(po_entry)
    return str(po)


def export_xliff(language, items=None):
    units = []
    for entry in entries(language, items):
        state = "needs-review-translation" if entry.outdated else "translated"
        target = (
            f"\n        <target state={quoteattr(state)}>{escape(entry.translation)}</target>"
            if entry.translation
            else ""
        )
        units.append(
            f"      <trans-unit id={quoteattr(entry.key)}>\n"
            f"        <source>{escape(entry.english)}</source>{target}\n"
            f"        <note>{escape(_comment(entry))}</note>\n"
            "      </trans-unit>"
        )
    body = "\n".join(units)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'  <file original="calfcare" datatype="plaintext" source-language="{ENGLISH}" '
        f"target-language={quoteattr(language)}>\n"
        f"    <body>\n{body}\n    </body>\n  </file>\n</xliff>\n"
    )


FORMATS = {"po": export_po, "xliff": export_xliff}


# Importing -------------------------------------------------------------------------------------


def read_po(path):
    """The PO file at `path`, or ImportRefused naming the line polib could not read."""
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ImportRefused(f"Nothing was imported.\n{Path(path).name}{_where(error)}") from None


def _where(error):
    # polib says "Syntax error in po file /tmp/x.po (line 6)": the line, as the others read.
    found = re.search(r"\(line (\d+)\)", str(error))
    if found:
        return f", line {found[1]}: this is not written as a PO file is (a syntax error)."
    return f": it cannot be read as a PO file ({error.__class__.__name__})."


def _context_lines(path):
    """The line of each entry's `msgctxt`, by its key: where a translator finds the entry."""
    lines = {}
    text = Path(path).read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        found = MSGCTXT.match(line)
        if found:
            lines[found[1]] = number
    return lines


def _item_for(key, problems, line):
    try:
        label, pk, box = key.split(":")
        model = apps.get_model(label)
        item = model._default_manager.get(pk=int(pk))
    except (ValueError, LookupError):
        problems.append((line, f"“{key}” names no item of this site."))
        return None, None
    except ObjectDoesNotExist:
        problems.append((line, f"“{key}” names an item that no longer exists."))
        return None, None
    if not isinstance(item, Translatable) or box not in item.translatable_boxes:
        problems.append((line, f"“{key}” names no box to translate."))
        return None, None
    return item, box


def planned(po, lines):
    """What the file proposes, item by item: {item: {box: (text, line)}}, and the problems found, as
    (line, sentence) pairs."""
    problems = []
    language = po.metadata.get("Language", "").strip()
    if language not in dict(other_languages()):
        known = ", ".join(code for code, _ in other_languages())
        problems.append(
            (1, f"the header must say which language it is (Language: one of {known}).")
        )
        return language, {}, problems
    proposals = {}
    for entry in po:
        if entry.obsolete or not entry.msgstr.strip() or "fuzzy" in entry.flags:
            continue
        line = lines.get(entry.msgctxt, entry.linenum)
        item, box = _item_for(entry.msgctxt or "", problems, line)
        if item is None:
            continue
        english = item.english_boxes().get(box)
        if english != entry.msgid:
            problems.append(
                (
                    line,
                    f"The English of {item._meta.verbose_name} “{item}” ({box}) has changed since "
                    "this file was exported. Export the file again and translate the new English.",
                )
            )
            continue
        proposals.setdefault(item, {})[box] = (entry.msgstr, line)
    return language, proposals, problems


@transaction.atomic
def import_po(path, user, change_note=""):
    """Drafts of each item's translation the file at `path` changes, submitted for review with
    `change_note`. Returns the revisions. Raises ImportRefused, having written nothing."""
    filename = Path(path).name
    po = read_po(path)
    language, proposals, problems = planned(po, _context_lines(path))
    note = change_note or f"Updated the {name(language)} translation."
    made = []
    for item, boxes in proposals.items():
        try:
            with transaction.atomic():
                texts = {box: text for box, (text, _line) in boxes.items()}
                draft = drafts.propose(item, language, texts, user, label=f"Imported: {filename}")
                if draft is not None and draft.status == draft.Status.DRAFT:
                    draft = workflow.submit(draft, user, note)
                if draft is not None:
                    made.append(draft)
        except (ValidationError, workflow.WorkflowError) as error:
            line = min(line for _text, line in boxes.values())
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            problems.append((line, f"{item._meta.verbose_name} “{item}”: {' '.join(messages)}"))
    if problems:
        # Raised inside the transaction: every draft made above is undone with it.
        lines = [f"{filename}, line {line}: {text}" for line, text in sorted(problems)]
        raise ImportRefused("\n".join(["Nothing was imported.", *lines]))
    return made
