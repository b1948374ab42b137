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
