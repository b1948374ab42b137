"""The DVT warning's built-in wording. Editors may reword it; they can never remove it."""

from dataclasses import dataclass

DEFAULT_HEADING = "Could it be a blood clot?"
DEFAULT_URGENT = (
    "If one calf is swollen, warm, red or darkened, or the pain throbs and gets worse when you "
    "walk or stand, do not massage it. Get medical advice today:"
)
DEFAULT_EMERGENCY = "If you also have chest pain or are short of breath, call"


@dataclass(frozen=True)
class DvtWarning:
    heading: str
    urgent: str
    emergency: str

    @classmethod
    def for_guide(cls, guide=None):
        """The editors' wording where they gave one, the built-in wording for anything empty."""

        def pick(field, default):
            value = getattr(guide, field, "") if guide is not None else ""
            return value.strip() or default

        return cls(
            heading=pick("warning_heading", DEFAULT_HEADING),
            urgent=pick("warning_urgent", DEFAULT_URGENT),
            emergency=pick("warning_emergency", DEFAULT_EMERGENCY),
        )


# The care cards' lists (templates/includes/care_cards.html shows them; JSON-LD repeats them).
URGENT_SIGNS = (
    "throbbing or cramping pain in the calf or thigh, often worse when you walk or stand",
    "swelling of the leg",
    "warm skin around the painful area",
    "red or darkened skin around the painful area (it can be harder to see on brown or black skin)",
    "veins that are swollen, hard or sore when you touch them",
)
EMERGENCY_SIGNS = (
    "you are breathless",
    "you have chest pain, often worse when you breathe in",
)
