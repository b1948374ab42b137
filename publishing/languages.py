"""Versions written in a language other than English, and who may approve them: a clinical
reviewer who reads that language, as their reviewer profile says (`ReviewerProfile.languages`).

A model whose every version is in one language declares it (`class Translation(InOneLanguage,
...)`), as content models declare their clinical boxes (publishing.clinical), so the transition
table needs no list of models. Everything else is in English, which every reviewer reads.
"""

from django.conf import settings

from publishing.models import ReviewerProfile

ENGLISH = "en"


class InOneLanguage:
    """Mixed into a model whose versions are each in one language, named by the box
    `language_box` of the version's content."""

    language_box = "language"

    @classmethod
    def language_of(cls, content):
        return (content or {}).get(cls.language_box) or ENGLISH


def language_of(revision):
    """The language `revision` is written in: English unless its model says otherwise."""
    model = revision.content_type.model_class()
    if model is None or not issubclass(model, InOneLanguage):
        return ENGLISH
    return model.language_of(revision.content)


def name(code):
    """The language as the admin names it: "Welsh"."""
    return str(dict(settings.LANGUAGES).get(code, code))


def other_languages():
    """Every language of the site but English, as (code, name) pairs."""
    return [(code, str(label)) for code, label in settings.LANGUAGES if code != ENGLISH]


def reads(user, language):
    """Whether `user` reads `language`: English, or a language their reviewer profile names."""
    if language == ENGLISH:
        return True
    profile = ReviewerProfile.objects.filter(user_id=getattr(user, "pk", None)).first()
    return profile is not None and language in (profile.languages or [])
