"""The safety texts readers rely on: the two care cards, the cramp-or-clot comparison and the
"do not massage" notice. Editors reword them in the admin (`SafetyText`, one row per kind,
through the review workflow); an empty box means the built-in wording written here.

How an editor's text relates to the built-in facts:

- A box an editor fills in replaces that part of the built-in wording whole: the heading, the
  body (Markdown, through articles.markdown like every editor's text), the sources. There is no
  merging, so a reviewer approves exactly what readers will see.
- The care cards' numbers are never in an editor's text. Each card ends with a line built here
  from settings (`{% include "includes/care_cards.html" %}`): where to call, the online service,
  and "do not drive yourself". However a card is reworded, it cannot lose its number or send a
  reader to another country's one, and moving the site to 911 or 112 is one setting.
- URGENT_SIGNS and EMERGENCY_SIGNS (articles.warning) stay the facts: the built-in card bodies
  are written from them, and so is the page's JSON-LD. An editor who rewrites a card's signs
  takes on the whole list, which the clinical review then checks.

Loading: `safety_texts_for(request)` fetches every kind in one query, the first time a page
asks for one, and keeps them on the request; pages that show none never query.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from articles.markdown import markdown_shows_words
from articles.models import SafetyText
from articles.sources import Source
from articles.warning import (
    EMERGENCY_SIGNS,
    LEG_SIGNS,
    PAIN,
    RED_SKIN,
    SWELLING,
    URGENT_SIGNS,
    VEINS,
    WARM_SKIN,
    in_a_sentence,
)
from publishing.visible_text import shows_words

Kind = SafetyText.Kind

# The day the facts these pages rest on (shared/health/red-flags.md) were cited from the NHS
# pages below: the date in the sources box, not a check (nobody opened the pages from here).
# Readers see "checked" only from a recorded check (articles.source_checks).
CHECKED = date(2026, 12, 2)
NHS_DVT = Source(
    "NHS",
    "DVT (deep vein thrombosis)",
    "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
    CHECKED,
)
NHS_INFORM_DVT = Source(
    "NHS inform",
    "Deep vein thrombosis",
    "https://www.nhsinform.scot/illnesses-and-conditions/blood-and-lymph/deep-vein-thrombosis/",
    CHECKED,
)
NHS_LEG_CRAMPS = Source("NHS", "Leg cramps", "https://www.nhs.uk/conditions/leg-cramps/", CHECKED)
NHS_SPRAINS = Source(
    "NHS", "Sprains and strains", "https://www.nhs.uk/conditions/sprains-and-strains/", CHECKED
)
NHS_ACHILLES = Source(
    "NHS",
    "Achilles tendon rupture",
    "https://www.nhs.uk/conditions/achilles-tendon-rupture/",
    CHECKED,
)
BUILT_IN_SOURCES = {
    Kind.URGENT_CARD: (NHS_DVT, NHS_INFORM_DVT),
    Kind.EMERGENCY_CARD: (NHS_DVT, NHS_INFORM_DVT),
    Kind.CRAMP_OR_CLOT: (NHS_LEG_CRAMPS, NHS_DVT),
    Kind.DO_NOT_MASSAGE: (NHS_SPRAINS, NHS_ACHILLES),
}

# Cramp or clot: what a reader can check, as (check, more like a cramp, could be a clot).
# The page shows them as a table; an editor starting their own version gets them as Markdown.
CRAMP_OR_CLOT_LEAD = (
    "A sore calf is usually due to strain or tightness. But severe pain can be a sign of a "
    "serious problem. Is your pain a leg cramp (a charley horse)? Or is it a blood clot in a "
    "deep vein (deep vein thrombosis, DVT)? If you are not sure, check these three things."
)
# The signs a reader checks on their skin and leg, in the words used everywhere (articles.warning).
SKIN_SIGNS = (SWELLING, WARM_SKIN, RED_SKIN, VEINS)
CRAMP_OR_CLOT_CHECKS = (
    (
        "One leg or both? What does it feel like?",
        "It can happen in either leg, or both. A sudden, painful, knotty spasm in the calf muscle.",
        f"Usually in one leg (rarely both): {PAIN.full}.",
    ),
    (
        "Does it pass within minutes?",
        "Yes: a cramp passes within minutes.",
        "No: the pain lasts and builds.",
    ),
    (
        f"Do you have {in_a_sentence(SKIN_SIGNS)}?",
        "No: these are not signs of a cramp.",
        "Yes: these can be signs of a clot.",
    ),
)
# red-flags.md gives no timing for a cramp beyond "passes within minutes"; the advice is its own
# check put as an action (pain that lasts and builds can be a clot), not a threshold of ours.
CRAMP_ADVICE = (
    "If your pain does not pass within minutes, or it lasts and builds, do not massage your "
    "leg. Get medical advice today."
)


@dataclass(frozen=True)
class Comparison:
    lead: str
    checks: tuple
    advice: str


BUILT_IN_COMPARISON = Comparison(CRAMP_OR_CLOT_LEAD, CRAMP_OR_CLOT_CHECKS, CRAMP_ADVICE)


def _bullets(lines):
    return "\n".join(f"- {line}" for line in lines)


def _urgent_card_body():
    return (
        "you have any of these, usually in one leg (rarely both):\n\n"
        f"{_bullets(URGENT_SIGNS)}\n\n"
        "These can be signs of a blood clot in a deep vein (deep vein thrombosis, DVT). A "
        "suspected clot is normally checked with an ultrasound scan within about 24 hours.\n\n"
        "**Do not massage a leg that may have a clot.**"
    )


def _emergency_card_body():
    # Every sign in full: a reader may arrive at this card alone (the NHS care card pattern).
    return (
        "you have pain or swelling in your leg and:\n\n"
        f"{_bullets(EMERGENCY_SIGNS)}\n\n"
        "This can mean a clot has travelled to your lungs (a pulmonary embolism). It is "
        "life-threatening and needs treatment straight away.\n\n"
        "If someone with these signs has passed out (collapsed), call an ambulance for them."
    )


def _cramp_or_clot_body():
    rows = [
        "| Check | More like a cramp (charley horse) | Could be a blood clot (DVT) |",
        "|---|---|---|",
        *(f"| {check} | {cramp} | {clot} |" for check, cramp, clot in CRAMP_OR_CLOT_CHECKS),
    ]
    return f"{CRAMP_OR_CLOT_LEAD}\n\n" + "\n".join(rows) + f"\n\n{CRAMP_ADVICE}"


def _do_not_massage_body():
    signs = reverse("articles:step-list") + "#urgent-signs"
    return (
        "- **A blood clot?** Do not massage a leg that may have a blood clot. "
        f"If your leg has {LEG_SIGNS}, [check the signs of a clot]({signs}) first.\n"
        "- **A new strain or injury?** Do not massage it for the first couple of days. "
        "Avoid heat (such as hot baths and heat packs) and alcohol too. "
        "Heat, alcohol and massage can make swelling worse. Rest, ice, compression and raising "
        "the leg (elevation) help instead. For ice, wrap an ice pack or a bag of frozen peas "
        "in a towel. Hold it on for up to 20 minutes, every 2 to 3 hours. Never put ice "
        "straight on your skin.\n"
        "- **A snap or pop?** You may have felt or heard a sudden snap or pop at the back of "
        "your leg or heel. It may feel as if someone kicked you in the calf. It may be hard to "
        "walk or stand on tiptoe. This can be a torn Achilles tendon. Do not massage it. Go to "
        "an urgent treatment centre or A&E."
    )


# Built when asked, so the numbers are always the current settings' (tests change them).
BUILT_IN_HEADINGS = {
    Kind.URGENT_CARD: lambda: (
        f"Ask for medical advice today from {settings.URGENT_CARE_NAME} or a doctor if:"
    ),
    Kind.EMERGENCY_CARD: lambda: f"Call {settings.EMERGENCY_NUMBER} or go to A&E now if:",
    Kind.CRAMP_OR_CLOT: lambda: "Cramp or blood clot? How to tell",
    Kind.DO_NOT_MASSAGE: lambda: "Check it is safe to massage first",
}
BUILT_IN_BODIES = {
    Kind.URGENT_CARD: _urgent_card_body,
    Kind.EMERGENCY_CARD: _emergency_card_body,
    Kind.CRAMP_OR_CLOT: _cramp_or_clot_body,
    Kind.DO_NOT_MASSAGE: _do_not_massage_body,
}


def built_in_heading(kind):
    return BUILT_IN_HEADINGS[kind]()


def built_in_body(kind):
    """The built-in wording as Markdown: what the page shows while the body box is empty."""
    return BUILT_IN_BODIES[kind]()


def sources_text(sources):
    """Sources in the form the sources box takes (articles.sources), one per line."""
    return "\n".join(f"{s.publisher}: {s.title} | {s.url} | {s.dated.isoformat()}" for s in sources)


@dataclass(frozen=True)
class ShownSafetyText:
    """One safety text as readers see it: the editor's box where it says anything, else the
    built-in wording. Read at render time, so a staff preview applied to `row` shows."""

    row: SafetyText

    @property
    def kind(self):
        return self.row.kind

    @property
    def heading(self):
        # Judged by what readers would see: invisible characters alone never blank a text.
        mine = self.row.heading or ""
        return mine.strip() if shows_words(mine) else built_in_heading(self.kind)

    @property
    def has_own_body(self):
        # Rendered first: a body of `&#8203;` or `<!-- -->` renders to nothing.
        return markdown_shows_words(self.row.body or "")

    @property
    def body(self):
        """Markdown: the editor's, or the built-in wording."""
        return self.row.body if self.has_own_body else built_in_body(self.kind)

    @property
    def sources(self):
        return self.row.source_list or list(BUILT_IN_SOURCES[self.kind])

    # What articles.sources.sources_of reads, as on any item.
    source_list = sources


class SafetyTexts:
    """Every safety text, as one page shows them; missing rows read as the built-in wording."""

    def __init__(self, rows=()):
        by_kind = {row.kind: row for row in rows}
        self.rows = [by_kind.get(kind) or SafetyText(kind=kind) for kind in Kind]
        self._shown = {row.kind: ShownSafetyText(row) for row in self.rows}

    # The built-in comparison in parts, for the page's own table (templates/articles/
    # cramp_or_clot.html), which stacks into cards on a phone as a Markdown table cannot.
    comparison = BUILT_IN_COMPARISON

    @property
    def urgent_card(self):
        return self._shown[Kind.URGENT_CARD]

    @property
    def emergency_card(self):
        return self._shown[Kind.EMERGENCY_CARD]

    @property
    def cramp_or_clot(self):
        return self._shown[Kind.CRAMP_OR_CLOT]

    @property
    def do_not_massage(self):
        return self._shown[Kind.DO_NOT_MASSAGE]

    @property
    def care_card_sources(self):
        """Both cards' sources as one list, each once. Shown under the pair: the emergency card
        itself links nowhere (the NHS care card pattern), so its sources cannot sit inside it."""
        seen, sources = set(), []
        for source in [*self.urgent_card.sources, *self.emergency_card.sources]:
            if source.url not in seen:
                seen.add(source.url)
                sources.append(source)
        return sources


def built_in_safety_texts():
    """The built-in wording alone, for pages rendered without the database (503)."""
    return SafetyTexts()


def safety_texts_for(request):
    """Every safety text, fetched at most once per request in one query."""
    if not hasattr(request, "_safety_texts"):
        request._safety_texts = SafetyTexts(SafetyText.objects.all())
    return request._safety_texts
