import factory

from articles.models import AftercareNote, Cause, MassageStep


class GuideItemFactory(factory.django.DjangoModelFactory):
    """What every guide item needs: a numbered title and address, placed after the seed's."""

    class Meta:
        abstract = True

    class Params:
        kind = "item"

    title = factory.LazyAttributeSequence(lambda item, n: f"Test {item.kind} {n}")
    slug = factory.LazyAttributeSequence(lambda item, n: f"test-{item.kind}-{n}")
    position = factory.Sequence(lambda n: 100 + n)


class CauseFactory(GuideItemFactory):
    class Meta:
        model = Cause

    class Params:
        kind = "cause"

    summary = "A short summary of the cause."
    body = "What the cause is and what to do."


class MassageStepFactory(GuideItemFactory):
    class Meta:
        model = MassageStep

    class Params:
        kind = "step"

    summary = "A short summary of the step."
    instruction = "Do this gently."


class AftercareNoteFactory(GuideItemFactory):
    class Meta:
        model = AftercareNote

    class Params:
        kind = "note"

    body = "Look after your calf."


def live_clinical_note(slug="leg-cramp"):
    """A live clinical note about the leg cramp cause, as the starting content loaded them
    before issue 24 (published, never reviewed): a fresh install has none now, since their facts
    joined the corrected text."""
    from django.contrib.contenttypes.models import ContentType

    from articles.models import Cause, ClinicalNote
    from publishing.workflow import ensure_baseline

    note = ClinicalNote.objects.filter(slug=slug).first()
    if note is None:
        cause = Cause.objects.get(slug="charley-horse")
        note = ClinicalNote.objects.create(
            title="Charley horse is a leg cramp",
            slug=slug,
            about_type=ContentType.objects.get_for_model(cause),
            about_id=cause.pk,
            quote="charley horse",
            body="“Charley horse” is an American name. In the UK it is called a leg cramp.",
        )
        ensure_baseline(note)
    return note
