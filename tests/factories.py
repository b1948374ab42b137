import factory

from articles.models import AftercareNote, Cause, MassageStep


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cause

    title = factory.Sequence(lambda n: f"Test cause {n}")
    slug = factory.Sequence(lambda n: f"test-cause-{n}")
    position = factory.Sequence(lambda n: 100 + n)
    summary = "A short summary of the cause."
    body = "What the cause is and what to do."


class MassageStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MassageStep

    title = factory.Sequence(lambda n: f"Test step {n}")
    slug = factory.Sequence(lambda n: f"test-step-{n}")
    position = factory.Sequence(lambda n: 100 + n)
    summary = "A short summary of the step."
    instruction = "Do this gently."


class AftercareNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AftercareNote

    title = factory.Sequence(lambda n: f"Test note {n}")
    slug = factory.Sequence(lambda n: f"test-note-{n}")
    position = factory.Sequence(lambda n: 100 + n)
    body = "Look after your calf."
