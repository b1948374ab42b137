"""What a page says about itself: title, description, canonical address and share card."""

from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

# Every page's description (and so its link preview and search result) carries this, for a
# reader who sees nothing but the preview; the share cards carry it too (articles.share_cards).
SAFETY_CUE = "Check first it is not a blood clot."
# What a shared link or a search result about the massage must never leave out.
CLOT_WARNING = "Check first it is not a blood clot: do not massage a leg that may have one."
# What a page about an urgent cause says first, in its preview and share card: it is not a
# "check first" page, it is the one that sends the reader for advice today.
URGENT_CUE = "If you think you have one, get medical advice today."
# Search engines cut descriptions at about this length; the warning must survive the cut.
DESCRIPTION_LIMIT = 200


def shortened(text, room):
    """`text` on one line in at most `room` characters, cut at a word with "…" if need be."""
    text = " ".join(text.split())
    if len(text) > room:
        text = text[: room - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
    return text


def with_clot_warning(text, limit=DESCRIPTION_LIMIT, warning=CLOT_WARNING):
    """`text` then the clot warning, within `limit` characters: the text is shortened at a word,
    never the warning."""
    text = shortened(text, limit - len(warning) - 1)
    return f"{text} {warning}" if text else warning


def step_description(number, count, summary, limit=DESCRIPTION_LIMIT):
    """A massage step's description: "Step N of M.", the clot warning, then the step's summary
    shortened to fit. Its place and the warning come first because a chat app's preview may show
    only a line or two of it, and a shared step may be all someone reads (issue 25)."""
    lead = f"Step {number} of {count}. {CLOT_WARNING}"
    return f"{lead} {shortened(summary, limit - len(lead) - 1)}".rstrip()


def with_safety_cue(text, limit=DESCRIPTION_LIMIT):
    """`text` with the safety cue at its end, unless it already carries it."""
    text = " ".join(text.split())
    if SAFETY_CUE.rstrip(".") in text and len(text) <= limit:
        return text
    return with_clot_warning(text, limit, warning=SAFETY_CUE)


def absolute_url(request, path):
    """The public address of a path: DJANGO_SITE_URL where set, else the request's own host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    url: str
    og_type: str = "website"
    image_url: str = ""
    image_alt: str = ""
    # The guide's front page: JSON-LD's WebSite and publisher hang their @ids on it.
    home_url: str = ""

    @classmethod
    def build(
        cls, request, title, description, og_type="website", image_path="", image_alt="", cue=None
    ):
        """`cue` replaces the safety cue the description ends with (an urgent cause's)."""
        if cue is None:
            description = with_safety_cue(description)
        elif "advice today" not in description:
            description = with_clot_warning(description, warning=cue)
        return cls(
            title=title,
            description=description,
            url=absolute_url(request, request.path),
            og_type=og_type,
            image_url=absolute_url(request, image_path or static("img/share-card.png")),
            image_alt=image_alt
            or f"{settings.SITE_NAME}: a guide to a sore calf muscle, and when it could be a "
            "blood clot",
            home_url=absolute_url(request, reverse("articles:guide")),
        )
