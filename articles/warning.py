"""The signs of a blood clot, worded once, and the DVT warning's built-in wording. Editors may
reword the warning; they can never remove it.

Each sign has one wording everywhere the site names it (shared/health/red-flags.md): a short name
for a sentence that lists several ("swelling, warm skin, …") and the same words with their detail
for a list of signs (the care cards, JSON-LD). The warning, the care cards, cramp-or-clot, the
"before you massage" box and the step pages all take them from here.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from publishing.visible_text import shows_words


@dataclass(frozen=True)
class Sign:
    short: str  # as named in a sentence listing several signs
    detail: str = ""  # what the short name leaves out, for a list of signs

    @property
    def full(self):
        return f"{self.short} {self.detail}".strip()


PAIN = Sign(
    "throbbing or cramping pain", "in the calf or thigh, often worse when you walk or stand"
)
SWELLING = Sign("swelling", "of the leg")
WARM_SKIN = Sign("warm skin", "around the painful area")
RED_SKIN = Sign(
    "red or darkened skin",
    "around the painful area (it can be harder to see on brown or black skin)",
)
# red-flags.md: "veins that are swollen, hard or sore when touched". Any one of the three counts:
# a swollen or hard vein is a sign even when touching it does not hurt, so "when you touch them"
# explains "sore" alone (docs/clinical-read.md).
VEINS = Sign("swollen, hard or sore veins", "(sore means they hurt when you touch them)")
CLOT_SIGNS = (PAIN, SWELLING, WARM_SKIN, RED_SKIN, VEINS)


def in_a_sentence(signs):
    """ "swelling, warm skin or red or darkened skin": the short names, joined for a sentence."""
    names = [sign.short for sign in signs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", or " + names[-1]


# What a reader can see or feel on their leg, for "is it safe to massage?" lines. "Your leg",
# not "one leg": a clot is usually in one leg but can be in both (red-flags.md).
LEG_SIGNS = in_a_sentence((SWELLING, WARM_SKIN, RED_SKIN, PAIN))

# The emergency signs in a sentence, all four, in the care card's words (EMERGENCY_SIGNS below):
# a short line that named only some would tell a reader coughing up blood it is not an emergency.
EMERGENCY_IN_A_SENTENCE = (
    "you also have chest pain, are breathless or cough up blood, or someone passes out"
)

DEFAULT_HEADING = "Could it be a blood clot?"
DEFAULT_URGENT = f"If your leg has {LEG_SIGNS}, do not massage it. Get medical advice today:"
DEFAULT_EMERGENCY = f"If {EMERGENCY_IN_A_SENTENCE}, call"

DEFAULTS = {
    "warning_heading": DEFAULT_HEADING,
    "warning_urgent": DEFAULT_URGENT,
    "warning_emergency": DEFAULT_EMERGENCY,
}

INVISIBLE_WARNING_MESSAGE = (
    "This box has no words readers would see (only spaces, invisible or blank-looking "
    "characters, or punctuation), so readers would see an empty warning. Write the wording "
    "readers should see, or empty the box completely to use the built-in wording."
)


def validate_visible_warning(text):
    """A warning box is either empty (the built-in wording) or has words readers can see
    (publishing.visible_text)."""
    if text and not shows_words(text):
        raise ValidationError(INVISIBLE_WARNING_MESSAGE, code="invisible")


@dataclass(frozen=True)
class DvtWarning:
    heading: str
    urgent: str
    emergency: str

    @classmethod
    def for_guide(cls, guide=None):
        """The editors' wording where they gave one, the built-in wording for anything empty.

        "Empty" is judged by what readers would see, not by the stored string: text made only of
        invisible characters (which the admin refuses, but a shell or loaddata would not) counts
        as empty, so the warning can never be blanked."""

        def pick(field):
            value = (getattr(guide, field, "") if guide is not None else "") or ""
            return value.strip() if shows_words(value) else DEFAULTS[field]

        return cls(
            heading=pick("warning_heading"),
            urgent=pick("warning_urgent"),
            emergency=pick("warning_emergency"),
        )


# The care cards' lists (templates/includes/care_cards.html shows them; JSON-LD repeats them).
URGENT_SIGNS = tuple(sign.full for sign in CLOT_SIGNS)
# The emergency signs come after "you have pain or swelling in your leg and:" on the card.
EMERGENCY_SIGNS = (
    "you are breathless, or struggling to breathe",
    "you have chest pain, often sharp and worse when you breathe in",
    "you are coughing up blood",
    "you pass out (collapse)",
)
