"""What a page says about itself: title, description, canonical address and share card."""

from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static


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

    @classmethod
    def build(cls, request, title, description, og_type="website", image_path="", image_alt=""):
        return cls(
            title=title,
            description=" ".join(description.split()),
            url=absolute_url(request, request.path),
            og_type=og_type,
            image_url=absolute_url(request, image_path or static("img/share-card.png")),
            image_alt=image_alt
            or f"{settings.SITE_NAME}: a guide to a sore calf muscle, and when it could be a "
            "blood clot",
        )
