from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from articles.desk.reviews import review_state, today
from articles.sources import FORMAT_HELP, parse_sources, validate_sources
from articles.validators import (
    validate_has_visible_text,
    validate_image_alt_text,
    validate_length,
    validate_shows_words,
)
from articles.warning import DvtWarning, validate_visible_warning
from publishing.clinical import ClinicalBoxes
from publishing.content import revised_fields
from publishing.versions import person
from publishing.visible_text import shows_words
from translations.models import Translatable

# Every Markdown box: a length pages can render fast, and pictures need alt text. Boxes that
# must say something: also real words.
MARKDOWN_CHECKS = [validate_length, validate_image_alt_text]
MARKDOWN_TEXT_CHECKS = [validate_length, validate_image_alt_text, validate_has_visible_text]
# The guide's boxes that make the blood clot warning on every page.
WARNING_BOXES = ("warning_heading", "warning_urgent", "warning_emergency")


def can_view_drafts(user, model):
    """Signed-in staff who may view this kind of item see drafts, marked as drafts: the draft
    view, at the item's public address."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        return self if can_view_drafts(user, self.model) else self.published()


class SlugRedirect(models.Model):
    """An address a cause or step used to have. Old links get a permanent redirect to wherever
    the item lives now, however many times it has been renamed since."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey()
    old_slug = models.SlugField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="articles_slugredirect_unique_old_slug"
            )
        ]

    def __str__(self):
        return self.old_slug


class EditorNote(models.Model):
    """A note between editors about an item ("check this with a clinician"). Never published."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey()
    text = MarkdownxField("note", validators=MARKDOWN_CHECKS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A note keeps its author; who changed it last, and when, is recorded beside them, and every
    # version is in its history. The version lets the admin catch an edit made over a colleague's
    # newer one (articles.desk.notes), as for the items themselves.
    #
    # A note is the one model that keeps django-simple-history. The guide's content has one
    # history, its publishing revisions (publishing.models.Revision), because readers see its
    # versions; a note is never published, so it has no versions to review, number or make live,
    # and a revision's states would mean nothing for it. Its history rows are still how a note
    # keeps every wording (the issue asks that notes keep theirs) and how the admin knows the
    # text an editor opened (articles.desk.notes).
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "editors' note"
        verbose_name_plural = "editors' notes"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        # The admin's heading for each note: when, by whom, and who edited it last.
        when = format_date(timezone.localtime(self.created_at), "j F Y") if self.created_at else ""
        author = person(self.author, missing="")
        heading = ", by ".join(part for part in [when, author] if part) or "new note"
        if self.edited_at:
            edited = format_date(timezone.localtime(self.edited_at), "j F Y")
            heading += f", edited by {person(self.edited_by, missing='someone')} on {edited}"
        return heading

    def save(self, *args, **kwargs):
        # From the database, not the instance, as VersionedContent does.
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("version")
            self.version = (stored.first() or (0,))[0] + 1
        super().save(*args, **kwargs)


class ReviewedContent(models.Model):
    """Who last checked this against current guidance, when, and when it must be checked again."""

    last_reviewed = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text="The day this was last checked against current medical guidance.",
    )
    next_review_due = models.DateField(
        "next review due", null=True, blank=True, help_text="When it must be checked again."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="reviewed by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(last_reviewed__isnull=True)
                | Q(next_review_due__isnull=True)
                | Q(next_review_due__gt=F("last_reviewed")),
                name="%(app_label)s_%(class)s_next_review_after_last",
                violation_error_message="The next review must be due after the last review.",
            )
        ]

    def clean(self):
        super().clean()
        errors = {}
        # A review is a date, a due date and a person: all three, or none yet.
        review_fields = {
            "last_reviewed": "When was it reviewed? Fill in the date, or clear all three boxes.",
            "next_review_due": "When is the next review due? Fill it in, or clear all three boxes.",
            "reviewed_by": "Who reviewed it? Choose them, or clear all three boxes.",
        }
        given = {name: getattr(self, self._meta.get_field(name).attname) for name in review_fields}
        if any(value is not None for value in given.values()):
            for name, message in review_fields.items():
                if given[name] is None:
                    errors[name] = message
        if self.last_reviewed and self.last_reviewed > today():
            errors["last_reviewed"] = "A review cannot be in the future: use the day it happened."
        if (
            self.last_reviewed
            and self.next_review_due
            and (self.next_review_due <= self.last_reviewed)
        ):
            errors["next_review_due"] = (
                "The next review must be due after the last one, which was on "
                f"{format_date(self.last_reviewed, 'j F Y')}."
            )
        errors.update(self._blank_looking_boxes())
        if errors:
            raise ValidationError(errors)

    def _blank_looking_boxes(self):
        """Every filled one-line box (a title, a summary, a quote, a picture's description) must
        show readers words, by the one rule (publishing.visible_text): a title of one Hangul
        filler is a blank heading, on the page of an urgent cause as anywhere. Boxes with their
        own check (the warning, a safety text's heading) and the Markdown boxes (their
        validators) are left to it; choices and slugs cannot hold such characters."""
        errors = {}
        for field in self._meta.concrete_fields:
            if (
                not isinstance(field, models.CharField)
                or isinstance(field, models.SlugField)
                or field.choices
                or not field.editable
                or validate_shows_words in field.validators
            ):
                continue
            value = getattr(self, field.attname)
            # Spaces alone are an empty box: its own check (required, or the model's) says so.
            if value and value.strip() and not shows_words(value):
                errors[field.name] = (
                    "This box has no words readers would see (only spaces, invisible or "
                    "blank-looking characters, or punctuation). Write the words"
                    + (", or empty the box." if field.blank else ".")
                )
        return errors

    @property
    def review_state(self):
        return review_state(self)

    # Every kind of content is reviewed, and edited, in the admin.
    def admin_change_url(self):
        opts = self._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk])


class VersionedContent(models.Model):
    """A version number that goes up by one on every save.

    The admin's forms carry the number they were opened at, so a save made over a colleague's
    newer one is caught (articles.desk.forms.EditorForm). The number is read from the database, not
    the instance, so reverting to an old version still moves it forward.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stored_version = self.stored_value("version")
        self.version = stored_version + 1 if stored_version is not None else 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
        super().save(*args, **kwargs)

    def stored_value(self, field):
        """`field` as the database holds it now; None for an item not saved yet."""
        if self.pk is None:
            return None
        stored = type(self)._default_manager.filter(pk=self.pk).values_list(field, flat=True)
        return stored.first()


class CitesSources(models.Model):
    """What an item rests on, shown to readers as "Sources" (see articles.sources)."""

    sources = models.TextField(
        "sources", blank=True, validators=[validate_sources], help_text=FORMAT_HELP
    )

    class Meta:
        abstract = True

    @property
    def source_list(self):
        try:
            return parse_sources(self.sources)
        except ValidationError:  # saved before the check, or edited in a shell
            return []


class GuideItem(CitesSources, ReviewedContent, VersionedContent):
    """What every piece of the guide shares: a title, a stable slug, an explicit order, a state."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The last part of the web address. Shared links use it, so change it rarely.",
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the guide: lower numbers come first."
    )
    is_published = models.BooleanField(
        "published", default=True, help_text="Untick to keep this as a draft readers cannot see."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    editor_notes = GenericRelation(EditorNote)

    objects = PublishableQuerySet.as_manager()

    # Items with a page of their own keep their old addresses working after a rename.
    keeps_old_addresses = False
    # A routine is followed in order, so its first step stays first and every reorder is
    # emailed to the clinical reviewers (articles.desk.ordering says why only the steps are).
    is_routine = False

    class Meta(ReviewedContent.Meta):
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Save (VersionedContent counts the version), then, if the slug changed, keep the old
        address leading here.

        A save limited to other fields (a reorder, a recorded review) cannot change the slug,
        so only a full save, or one that names the slug, reads the stored one.
        """
        update_fields = kwargs.get("update_fields")
        watch_slug = self.keeps_old_addresses and (update_fields is None or "slug" in update_fields)
        old_slug = self.stored_value("slug") if watch_slug else None
        super().save(*args, **kwargs)
        if watch_slug and old_slug != self.slug:
            self._keep_old_address(old_slug)

    def get_absolute_url(self):
        # Also the admin's "View on site": for a draft, staff get the draft view there.
        return self.url_for_slug(self.slug)

    def url_for_slug(self, slug):
        """The public address this item has (or had) under `slug`."""
        return reverse(self.url_name, kwargs={"slug": slug})

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        others = type(self)._default_manager.exclude(pk=self.pk)
        if self.position is not None and self._position_changed():
            holder = others.filter(position=self.position).first()
            if holder:
                errors.setdefault("position", []).append(
                    f"“{holder}” is already at position {self.position}. Use a number no other "
                    f"{self._meta.verbose_name} has, or move it in the list of "
                    f"{self._meta.verbose_name_plural} (drag it, or use the “Move up” and “Move "
                    "down” actions)."
                )
        if self.slug:
            for field, message in self._slug_errors(others).items():
                errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _position_changed(self):
        # Only a new or changed position is checked, so an unrelated edit is never held up by a
        # clash made elsewhere (say in the shell); the next move of either item settles it.
        return self.pk is None or self.stored_value("position") != self.position

    def _slug_errors(self, others):
        holder = others.filter(slug=self.slug).first()
        if holder:
            return {
                "slug": f"“{holder}” already uses the address {holder.get_absolute_url()}. "
                "Choose a different slug."
            }
        if self.keeps_old_addresses:
            old = SlugRedirect.objects.filter(
                content_type=ContentType.objects.get_for_model(self), old_slug=self.slug
            ).exclude(object_id=self.pk)
            old_owner = type(self)._default_manager.filter(pk__in=old.values("object_id")).first()
            if old_owner:
                return {
                    "slug": f"The address {self.get_absolute_url()} used to belong to "
                    f"“{old_owner}”, and links shared then still lead there. Choose a "
                    "different slug."
                }
        return {}

    def _keep_old_address(self, old_slug):
        """Point `old_slug` (None for a new item) here, and free the new slug of old links."""
        content_type = ContentType.objects.get_for_model(self)
        # The live address always wins over an old one of the same name.
        SlugRedirect.objects.filter(content_type=content_type, old_slug=self.slug).delete()
        if old_slug:
            SlugRedirect.objects.update_or_create(
                content_type=content_type,
                old_slug=old_slug,
                defaults={"object_id": self.pk},
            )


class PagedItem(GuideItem):
    """A guide item with a page of its own: it keeps its old addresses working after a rename."""

    # The old addresses: `item.slug_redirects`, and `SlugRedirect.objects.filter(cause=...)`
    # (or `massagestep=...`) the other way.
    slug_redirects = GenericRelation(SlugRedirect, related_query_name="%(class)s")

    keeps_old_addresses = True

    class Meta(GuideItem.Meta):
        abstract = True


class Cause(ClinicalBoxes, Translatable, PagedItem):
    class Severity(models.TextChoices):
        SELF_CARE = "self-care", "Usually self-care"
        URGENT = "urgent", "Urgent: get medical advice, do not massage"

    # How serious a cause is, always; and all of an urgent cause (see clinical_boxes).
    clinical_boxes_always = frozenset({"severity"})
    # The pages that list every published cause (articles.pages).
    listed_on = ("cause-list",)
    translatable_boxes = ("title", "summary", "body", "related")

    summary = models.CharField(
        max_length=200, help_text="One plain sentence, shown in lists and search results."
    )
    body = MarkdownxField(validators=MARKDOWN_TEXT_CHECKS)
    severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.SELF_CARE)
    related = MarkdownxField(
        "how it connects",
        blank=True,
        validators=MARKDOWN_CHECKS,
        help_text="Optional: how this cause connects to others, with links (shown as a note).",
    )
    url_name = "articles:cause-detail"

    class Meta(PagedItem.Meta):
        verbose_name = "cause"

    @property
    def is_urgent(self):
        return self.severity == self.Severity.URGENT

    @classmethod
    def clinical_boxes(cls, content):
        # An urgent cause's page is what a reader with a clot reads: its title, summary and
        # text, and whether it is on the site at all, are all clinical.
        if content.get("severity") == cls.Severity.URGENT:
            return {field.name for field in revised_fields(cls)}
        return super().clinical_boxes(content)


class StepPicture(models.Model):
    """An uploaded picture for a massage step, kept in the database rather than on one server's
    disk: every app server sharing the database can serve it. Rows are never edited; the same
    image uploaded twice is one row (its sha256). See articles.step_pictures."""

    data = models.BinaryField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}

    class Meta:
        verbose_name = "step picture"

    def __str__(self):
        return f"{self.width}×{self.height} {self.extension.upper()} picture"

    @property
    def extension(self):
        return self.EXTENSIONS[self.content_type]

    @property
    def url(self):
        return reverse("step-picture", args=[self.sha256, self.extension])


# The project's own line drawings of the steps (static/img/steps, drawn by articles.step_pictures).
STEP_DRAWINGS = [
    ("bare-the-leg", "Bare the leg, sit with the foot flat on the floor"),
    ("stroke-upward", "Index finger stroking up from the ankle"),
    ("knead", "Calf on the other knee, kneading with fingertips and thumbs"),
    ("shake-out", "Hand shaking out the calf"),
    ("find-knots", "Fingertips feeling the calf for knots"),
    ("fist-circles", "Fist in circles on a sore spot"),
]
PICTURE_ALT_REQUIRED = (
    "Say what the picture shows, for readers who cannot see it: describe the movement in a "
    "sentence. Or choose no drawing and remove the picture."
)


class MassageStep(ClinicalBoxes, Translatable, PagedItem):
    # What a reader does to their leg, and whether the step is in the routine at all: taking a
    # step off the site (the first, which gets the leg ready and checks it is safe, above all)
    # or putting one back changes what "Start the routine" has readers do, as a reorder would.
    # A countdown is clinical too: the routine times the reader's massage by it, so it is a
    # timing only a clinician may set. (The title, summary, timings in words and picture say the
    # instruction again and are checked against it at review, but a slip there cannot tell a
    # reader to do anything new.)
    clinical_boxes_always = frozenset({"instruction", "is_published", "target_seconds"})
    # The pages that list every published step: a step's own page shows "Step 3 of 6" and its
    # neighbours' titles, the home page's card counts them (articles.pages).
    listed_on = ("guide", "step-list", "step-detail")
    translatable_boxes = (
        "title",
        "summary",
        "instruction",
        "repetitions",
        "duration",
        "picture_alt",
    )

    summary = models.CharField(
        max_length=200,
        help_text="One plain sentence, shown when the step's link is shared or searched.",
    )
    instruction = MarkdownxField(
        help_text="What to do, in Markdown.", validators=MARKDOWN_TEXT_CHECKS
    )
    repetitions = models.CharField(
        max_length=60, blank=True, help_text='How many times, as readers say it: "10 to 12 times".'
    )
    duration = models.CharField(
        max_length=60, blank=True, help_text='How long, as readers say it: "a few minutes".'
    )
    # A countdown needs a number that "a few minutes" does not give: only a clinician sets one
    # (a clinical box). Without it, a step timed in words gets a timer the reader starts and
    # stops (static/js/guide.js); the starting content sets none.
    target_seconds = models.PositiveSmallIntegerField(
        "countdown (seconds)",
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(1800)],
        help_text=(
            "Only if a clinician gives a time: how many seconds the guided routine counts down "
            "(180 is three minutes). A clinical change, approved like the instruction. Leave "
            "empty and readers time themselves."
        ),
    )
    drawing = models.CharField(
        max_length=40,
        blank=True,
        choices=STEP_DRAWINGS,
        help_text="The line drawing shown with the step. An uploaded picture replaces it.",
    )
    # Stored by its id in a revision (publishing.content), so a new picture reaches readers only
    # when the version holding it is published; PROTECT keeps every version's picture.
    picture = models.ForeignKey(
        StepPicture, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    picture_alt = models.CharField(
        "what the picture shows",
        max_length=250,
        blank=True,
        help_text=(
            "What the picture shows, for people who cannot see it: describe the movement, "
            "such as “Index finger at the back of the ankle, stroking up towards the knee”."
        ),
    )
    url_name = "articles:step-detail"
    # "Start the routine" walks readers through the steps in order: the first gets the leg
    # ready and checks it is safe to massage (articles.desk.ordering).
    is_routine = True

    class Meta(PagedItem.Meta):
        verbose_name = "massage step"

    def clean(self):
        super().clean()
        if (self.drawing or self.picture_id) and not self.picture_alt.strip():
            raise ValidationError({"picture_alt": PICTURE_ALT_REQUIRED})

    @property
    def has_picture(self):
        return bool(self.picture_id or self.drawing)


class AftercareNote(Translatable, GuideItem):
    # The pages that list every published note (articles.pages).
    listed_on = ("step-list",)
    translatable_boxes = ("title", "body")

    body = MarkdownxField(validators=MARKDOWN_TEXT_CHECKS)
    is_caution = models.BooleanField(
        "caution", default=False, help_text="Show as a caution (something to avoid)."
    )

    class Meta(GuideItem.Meta):
        verbose_name = "aftercare note"

    def get_absolute_url(self):
        return reverse("articles:guide") + f"#{self.slug}"


class Guide(ClinicalBoxes, Translatable, CitesSources, ReviewedContent, VersionedContent):
    """The article-level text around the causes, steps and notes. There is only ever one."""

    # The blood clot warning on every page.
    clinical_boxes_always = frozenset({"warning_heading", "warning_urgent", "warning_emergency"})
    translatable_boxes = (
        "title",
        "description",
        "summary",
        "introduction",
        "causes_intro",
        "massage_intro",
        "aftercare_intro",
        *WARNING_BOXES,
    )
    # So every page shows it (delivery.shared_cache keys it so).
    shown_on_every_page = True

    title = models.CharField(max_length=120)
    description = models.CharField(
        max_length=200, help_text="One sentence for search results and link previews."
    )
    introduction = MarkdownxField(validators=MARKDOWN_TEXT_CHECKS)
    # The home page is an overview (issue 25): this and a card per part, the full text on them.
    summary = models.TextField(
        "home page summary",
        max_length=300,
        blank=True,
        help_text="Plain text: two short sentences at the top of the home page, above the links "
        "to the guide's parts. Empty: the description.",
    )
    causes_intro = MarkdownxField("causes introduction", blank=True, validators=MARKDOWN_CHECKS)
    massage_intro = MarkdownxField("massage introduction", blank=True, validators=MARKDOWN_CHECKS)
    aftercare_intro = MarkdownxField(
        "aftercare introduction", blank=True, validators=MARKDOWN_CHECKS
    )
    warning_heading = models.CharField(
        "DVT warning heading",
        max_length=120,
        blank=True,
        validators=[validate_visible_warning],
        help_text="Leave empty to use the built-in wording. The warning itself always shows.",
    )
    warning_urgent = models.TextField(
        "DVT warning: urgent signs",
        max_length=400,
        blank=True,
        validators=[validate_visible_warning],
        help_text="Plain text. The urgent-care number is added after it. Empty: built-in wording.",
    )
    warning_emergency = models.TextField(
        "DVT warning: emergency signs",
        max_length=400,
        blank=True,
        validators=[validate_visible_warning],
        help_text="Plain text. The emergency number is added after it. Empty: built-in wording.",
    )
    editor_notes = GenericRelation(EditorNote)

    class Meta(ReviewedContent.Meta):
        verbose_name = "guide text"
        verbose_name_plural = "guide text"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:guide")

    def english_boxes(self):
        # The warning as readers see it: the built-in wording for a box left empty.
        shown = DvtWarning.for_guide(self)
        warning = dict(
            zip(WARNING_BOXES, [shown.heading, shown.urgent, shown.emergency], strict=True)
        )
        return super().english_boxes() | warning

    def safety_boxes(self):
        return set(WARNING_BOXES)

    @classmethod
    def load(cls):
        """The one guide; a fresh, unsaved one if the seed has been deleted."""
        return cls.objects.order_by("pk").first() or cls(title="Sore calf muscle")


class OnePerKind(models.Model):
    """Content that exists once per kind (`kind`, unique), made by the starting content; an
    empty box means the built-in wording."""

    class Meta:
        abstract = True

    @classmethod
    def load(cls, kind):
        """The row of this kind; an unsaved, empty one (the built-in wording) if it is missing."""
        return cls.objects.filter(kind=kind).first() or cls(kind=kind)


class SafetyText(
    ClinicalBoxes, Translatable, OnePerKind, CitesSources, ReviewedContent, VersionedContent
):
    """A safety text readers rely on: the care cards, the cramp-or-clot comparison, the "do not
    massage" notice. One of each; an empty box means the built-in wording. Any change to one is
    a clinical change."""

    every_box_clinical = True
    translatable_boxes = ("heading", "body")

    class Kind(models.TextChoices):
        URGENT_CARD = "urgent-card", "Urgent care card"
        EMERGENCY_CARD = "emergency-card", "Emergency care card"
        CRAMP_OR_CLOT = "cramp-or-clot", "Cramp or blood clot comparison"
        DO_NOT_MASSAGE = "do-not-massage", "Before you massage (do not massage if…)"

    kind = models.CharField(max_length=30, choices=Kind.choices, unique=True, editable=False)
    heading = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_shows_words],
        help_text="Empty: built-in wording.",
    )
    # Judged as readers see it: a body of `&#8203;` or a comment would leave the card empty.
    body = MarkdownxField(
        blank=True,
        validators=MARKDOWN_TEXT_CHECKS,
        help_text="Empty: the built-in wording is used.",
    )
    editor_notes = GenericRelation(EditorNote)

    class Meta(ReviewedContent.Meta):
        verbose_name = "safety text"
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        # A page that shows it, for "View on site" and a reviewer's preview: the notice is not
        # on the cramp-or-clot page, the cards and the comparison are.
        if self.kind == self.Kind.DO_NOT_MASSAGE:
            return reverse("articles:step-list")
        return reverse("articles:cramp-or-clot")

    def english_boxes(self):
        # As readers see it: the built-in wording while a box is empty.
        from articles.safety_texts import ShownSafetyText

        shown = ShownSafetyText(self)
        return {"heading": shown.heading, "body": shown.body}

    def safety_boxes(self):
        # The care cards are what a reader with a clot acts on: never missing in any language.
        if self.kind in (self.Kind.URGENT_CARD, self.Kind.EMERGENCY_CARD):
            return set(self.translatable_boxes)
        return set()


class ClinicalNote(ClinicalBoxes, Translatable, GuideItem):
    """A clinician's note shown beside what an item says, where the seed article is doubtful
    or incomplete ("Clinical note: …"). `about` is the item it annotates; `quote` the words in
    it the note is about."""

    # What it says, where it shows and what it cites.
    every_box_clinical = True
    translatable_boxes = ("title", "quote", "body")

    about_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        verbose_name="about a",
        limit_choices_to={
            "app_label": "articles",
            "model__in": ["guide", "cause", "massagestep", "aftercarenote"],
        },
    )
    about_id = models.PositiveBigIntegerField("about which (its number)")
    about = GenericForeignKey("about_type", "about_id")
    quote = models.CharField(
        "the words it is about",
        max_length=300,
        blank=True,
        help_text="Copy the words from the item that this note corrects or completes.",
    )
    body = MarkdownxField("note", validators=MARKDOWN_TEXT_CHECKS)

    class Meta(GuideItem.Meta):
        verbose_name = "clinical note"
        indexes = [models.Index(fields=["about_type", "about_id"])]

    def get_absolute_url(self):
        about = self.about
        return about.get_absolute_url() if about is not None else reverse("articles:guide")

    def shown_with(self):
        """The item this note is shown beside, by its key alone (unsaved, never read: it may be
        gone): the pages that show it show the note (delivery.shared_cache purges them)."""
        if self.about_type_id is None:
            return None
        model = ContentType.objects.get_for_id(self.about_type_id).model_class()
        return None if model is None else model(pk=self.about_id)


class InfoPage(OnePerKind, ReviewedContent, VersionedContent):
    """About this guide, Privacy, Accessibility statement, Contact: one of each, linked from
    every page's footer. An empty body means the built-in wording."""

    class Kind(models.TextChoices):
        ABOUT = "about", "About this guide"
        PRIVACY = "privacy", "Privacy"
        ACCESSIBILITY = "accessibility", "Accessibility statement"
        CONTACT = "contact", "Contact"

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True, editable=False)
    title = models.CharField(max_length=120, blank=True, help_text="Empty: the built-in title.")
    body = MarkdownxField(
        blank=True, validators=MARKDOWN_CHECKS, help_text="Empty: the built-in wording is used."
    )
    editor_notes = GenericRelation(EditorNote)

    # Every page's footer lists the information pages (articles.pages).
    listed_on = ("*",)

    class Meta(ReviewedContent.Meta):
        verbose_name = "information page"
        ordering = ["kind"]

    def __str__(self):
        return self.title or self.get_kind_display()

    def get_absolute_url(self):
        return reverse("articles:info-page", kwargs={"kind": self.kind})


# The content editors write and readers read: what the page cache watches for changes
# (articles.apps) and what the admin's "Due for review" box counts, in that box's order.
CONTENT_MODELS = (Guide, Cause, MassageStep, AftercareNote, ClinicalNote, SafetyText, InfoPage)


class SourceCheck(models.Model):
    """A person's record that they opened a cited address and found the page still there and
    still saying what the guide rests on it for: the only thing that lets readers see
    "checked <date>" beside a source (articles.source_checks).

    One row per check, never changed: the latest for an address is its check, the earlier ones
    its history. Kept by address, as readers' "Sources" lists are (articles.sources.sources_of):
    a check is of the page at that address, whichever items cite it. Who is kept as text too, so
    the record still names them after their account is deleted."""

    url = models.URLField("address", max_length=500)
    # What the guide called the page when it was checked, as the check's own record.
    title = models.CharField("source", max_length=300)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_by_name = models.CharField("checked by", max_length=200)
    checked_at = models.DateTimeField("checked at", default=timezone.now)

    class Meta:
        verbose_name = "source checked"
        verbose_name_plural = "sources checked"
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["url", "-checked_at"])]

    def __str__(self):
        return f"{self.title} ({self.url})"

    @property
    def checked_on(self):
        return timezone.localdate(self.checked_at)
