"""Translations of the guide's content: one `Translation` per item and language, a content item
in its own right, so its versions are publishing revisions like the English ones (drafts,
review, approval, change notes, the audit log), with nothing added to the workflow but the rule
that its reviewer reads its language (publishing.languages).

The row holds what readers of that language may be shown, once a version is published: the
translated boxes (`boxes`, box name -> text) and, box by box, the English each was translated
from as readers saw it then (`source`), with the English item's version number at the time
(`source_version`). Keeping the English text itself, not only a number, is what tells an
outdated translation from an up-to-date one exactly (translations.status): a change to a box
outdates that box's translation, and only that; a change the version number never saw (the
built-in wording of the warning or the care cards, a new emergency number in the settings)
outdates it too.

A content model takes part by declaring `Translatable` with the boxes translators translate.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from publishing.clinical import ClinicalBoxes
from publishing.languages import InOneLanguage, name, other_languages
from publishing.visible_text import shows_words
from translations.numbers import number_problems


class Translatable:
    """Mixed into a content model. `translatable_boxes`: the boxes translators translate, in
    the order they read them. Override `english_boxes` where readers see more than the stored
    value (an empty box that means built-in wording), and `safety_boxes` for the boxes a reader
    must never miss: while their translation is missing or outdated, the English is shown
    beside it (translations.fallback)."""

    translatable_boxes = ()

    def english_boxes(self):
        """The English of each translatable box as readers see it now; empty boxes left out."""
        found = {}
        for box in self.translatable_boxes:
            text = str(getattr(self, box) or "")
            if text.strip():
                found[box] = text
        return found

    def safety_boxes(self):
        return set()


class TranslationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def of(self, item, language=None):
        found = self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        return found if language is None else found.filter(language=language)


class Translation(ClinicalBoxes, InOneLanguage, models.Model):
    # Every box: a translation is approved by a clinical reviewer who reads it, whatever it
    # translates, and is never published without review (publishing.transitions).
    every_box_clinical = True

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name="kind of item"
    )
    object_id = models.PositiveBigIntegerField("item (its number)")
    item = GenericForeignKey()
    language = models.CharField(max_length=8, choices=other_languages())
    boxes = models.JSONField("translated boxes", default=dict, blank=True)
    source = models.JSONField(
        "the English translated",
        default=dict,
        blank=True,
        help_text="Box by box, the English each translation was made from, as readers saw it.",
    )
    source_version = models.PositiveIntegerField(
        "translated from English version", null=True, blank=True
    )
    is_published = models.BooleanField("published", default=False)

    # A clinical review of the translation, as the English items record theirs (written by
    # publishing.workflow when a version goes live or a review is recorded).
    last_reviewed = models.DateField("last reviewed", null=True, blank=True, editable=False)
    next_review_due = models.DateField("next review due", null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TranslationQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="translations_one_per_item_and_language",
            )
        ]

    def __str__(self):
        return self.label(self.language, self.item)

    def get_absolute_url(self):
        # Where readers find the item; its own language's address comes with i18n_patterns.
        return self.item.get_absolute_url() if self.item is not None else "/"

    @staticmethod
    def label(language, item):
        kind = f"“{item}”" if item is not None else "a deleted item"
        return f"{name(language)} translation of {kind}"

    @classmethod
    def label_of_version(cls, content):
        """How the audit log, emails and history name a version: "Welsh translation of
        “Dehydration”"."""
        model = ContentType.objects.get_for_id(content["content_type"]).model_class()
        item = model._default_manager.filter(pk=content["object_id"]).first() if model else None
        return cls.label(content.get("language", ""), item)

    def clean(self):
        super().clean()
        item = self.item
        if item is None:
            raise ValidationError("The item this translates no longer exists.")
        known = set(getattr(item, "translatable_boxes", ()))
        problems = []
        for box, text in self.boxes.items():
            if box not in known:
                problems.append(f"{type(item)._meta.verbose_name} has no box {box!r} to translate.")
            elif not isinstance(text, str) or not shows_words(text):
                problems.append(f"The translation of {box} has no words readers would see.")
            else:
                problems += number_problems(self.source.get(box, ""), text, box)
        if problems:
            raise ValidationError({"boxes": problems})
