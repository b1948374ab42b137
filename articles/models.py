import re

from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class GuideItem(models.Model):
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
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Cause(GuideItem):
    class Severity(models.TextChoices):
        SELF_CARE = "self-care", "Usually self-care"
        URGENT = "urgent", "Urgent: get medical advice, do not massage"

    summary = models.CharField(
        max_length=200, help_text="One plain sentence, shown in lists and search results."
    )
    body = MarkdownxField()
    severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.SELF_CARE)
    related = MarkdownxField(
        "how it connects",
        blank=True,
        help_text="Optional: how this cause connects to others, with links (shown as a note).",
    )

    class Meta(GuideItem.Meta):
        verbose_name = "cause"

    def get_absolute_url(self):
        return reverse("articles:cause-detail", kwargs={"slug": self.slug})

    @property
    def is_urgent(self):
        return self.severity == self.Severity.URGENT


class MassageStep(GuideItem):
    summary = models.CharField(
        max_length=200,
        help_text="One plain sentence, shown when the step's link is shared or searched.",
    )
    instruction = MarkdownxField(help_text="What to do, in Markdown.")
    repetitions = models.CharField(
        max_length=60, blank=True, help_text='How many times, as readers say it: "10 to 12 times".'
    )
    duration = models.CharField(
        max_length=60, blank=True, help_text='How long, as readers say it: "a few minutes".'
    )

    class Meta(GuideItem.Meta):
        verbose_name = "massage step"

    def get_absolute_url(self):
        return reverse("articles:step-detail", kwargs={"slug": self.slug})

    @property
    def repetition_target(self):
        """The most repetitions the step asks for ("10 to 12 times" -> 12), for the counter."""
        numbers = [int(word) for word in re.findall(r"\d+", self.repetitions)]
        return max(numbers) if numbers else None


class AftercareNote(GuideItem):
    body = MarkdownxField()
    is_caution = models.BooleanField(
        "caution", default=False, help_text="Show as a caution (something to avoid)."
    )

    class Meta(GuideItem.Meta):
        verbose_name = "aftercare note"

    def get_absolute_url(self):
        return reverse("articles:guide") + f"#{self.slug}"


class Guide(models.Model):
    """The article-level text around the causes, steps and notes. There is only ever one."""

    title = models.CharField(max_length=120)
    description = models.CharField(
        max_length=200, help_text="One sentence for search results and link previews."
    )
    introduction = MarkdownxField()
    causes_intro = MarkdownxField("causes introduction", blank=True)
    massage_intro = MarkdownxField("massage introduction", blank=True)
    aftercare_intro = MarkdownxField("aftercare introduction", blank=True)
    warning_heading = models.CharField(
        "DVT warning heading",
        max_length=120,
        blank=True,
        help_text="Leave empty to use the built-in wording. The warning itself always shows.",
    )
    warning_urgent = models.TextField(
        "DVT warning: urgent signs",
        max_length=400,
        blank=True,
        help_text="Plain text. The urgent-care number is added after it. Empty: built-in wording.",
    )
    warning_emergency = models.TextField(
        "DVT warning: emergency signs",
        max_length=400,
        blank=True,
        help_text="Plain text. The emergency number is added after it. Empty: built-in wording.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "guide text"
        verbose_name_plural = "guide text"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:guide")

    @classmethod
    def load(cls):
        """The one guide; a fresh, unsaved one if the seed has been deleted."""
        return cls.objects.order_by("pk").first() or cls(title="Sore calf muscle")


class Feedback(models.Model):
    """A reader's answer to "Was this page helpful?". Anonymous: no name, address or IP is kept."""

    page_path = models.CharField("page", max_length=200, db_index=True)
    page_title = models.CharField(max_length=200)
    helpful = models.BooleanField()
    comment = models.TextField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"

    def __str__(self):
        answer = "helpful" if self.helpful else "not helpful"
        return f"{self.page_title}: {answer}"
