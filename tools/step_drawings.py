"""Writes the six massage-step drawings (static/img/steps/*.svg) from one seated figure, one leg
and one set of hands, so every drawing has the same person, leg, hands, line weight and
proportions. Run it after changing a path:

    python tools/step_drawings.py

The brief each drawing answers (issue 25), checked by tests/test_step_pictures.py and
tests/e2e/test_step_pictures.py: a whole seated figure with a head (`step-picture__head`), the
same leg throughout (the near leg, foot to the right), hands with thumbs (`step-picture__hand`,
`step-picture__thumb`) touching the skin where the work is, motion arrows
(`step-picture__arrow`) that start at the hand and point the way it moves, and the step's number
in a badge (`step-picture__badge`).

The lines are `currentColor` (they follow the text in light, dark and print); the accents (where
to work, which way, the badge) are brand teal, which the page's CSS sets to var(--brand); what
sits in front (body, arms, hands) is filled with the page's colour (`step-picture__paper`). The
colours written here are the fallbacks for the file opened on its own or drawn on a share card.
"""

import math
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "static" / "img" / "steps"
TEAL = "#0c6b62"
PAPER = "#fff"
FLOOR_Y = 222

# The chair, side on, its back to the left.
CHAIR = "M30 60L38 134H106M38 134V222M102 134V222"
FLOOR = f"M8 {FLOOR_Y}H312"

# The near leg, seated, side on, toes to the right. The lower leg is drawn about the knee at
# (0, 0), shin straight down; the kneading step lays the same calf level across the other knee.
KNEE = (170, 118)
LOWER_LEG = (
    "M-14 14C-26 26-32 42-26 58C-20 70-10 78-10 88V98C-10 103-6 104 0 104H50"
    "C58 104 58 96 50 94L16 86C10 83 8 76 8 66L12 2"
)
ANKLE = "M3 84a4 4 0 0 1 7-2"
# The calf: the back of the lower leg, where the hands work (the teal patch).
CALF = "M-14 14C-26 26-32 42-26 58C-20 70-10 78-10 86C-6 64-4 36-14 14Z"
# Thigh, from the hip to the knee; its top line meets the belly.
THIGH = "M48 134C70 136 120 134 158 132M90 104C120 104 150 102 172 104C178 106 181 112 180 118"


def svg(lines, accent, label, step):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240" '
        'fill="none" stroke-linecap="round" stroke-linejoin="round" stroke-width="3">'
        f'<title>{label}</title><g stroke="currentColor">{lines}</g>'
        f'<g class="step-picture__accent" stroke="{TEAL}">{accent}{badge(step)}</g></svg>\n'
    )


def path(d, **attrs):
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<path d="{d}"{extra}/>'


def paper(d, **attrs):
    """A shape in front of what is drawn before it: filled with the page's colour."""
    attrs.setdefault("class_", "step-picture__paper")
    return path(d, fill=PAPER, **attrs)


def area(d, **attrs):
    """A soft teal patch: where to work, which a hand touches (`step-picture__target`)."""
    return path(
        d,
        fill=TEAL,
        fill_opacity=".18",
        stroke="none",
        class_="step-picture__area step-picture__target",
        **attrs,
    )


def badge(step):
    """The step's number in a teal disc, top left, where a reader starts to look."""
    return (
        f'<g class="step-picture__badge" data-step="{step}" stroke="none">'
        f'<circle cx="20" cy="20" r="15" fill="{TEAL}"/>'
        f'<text x="20" y="27" fill="{PAPER}" font-family="Arial,Helvetica,sans-serif" '
        f'font-size="20" font-weight="700" text-anchor="middle">{step}</text></g>'
    )


def arrow(d, tip, towards, back=None):
    """A motion arrow: the line `d` (drawn from the hand) ending at `tip`, its chevron head
    pointing along `towards` degrees (0 = right, 90 = down); `back`, a second head at the
    line's start for a movement that goes there and back."""
    heads = [(tip, towards)] + ([back] if back else [])
    return (
        '<g class="step-picture__arrow">'
        + path(d)
        + "".join(
            path("M-9-7L0 0-9 7", transform=f"translate({x} {y}) rotate({angle})")
            for (x, y), angle in heads
        )
        + "</g>"
    )


# Hands, drawn about the wrist at (0, 0), pointing along +x, the thumb on the -y side; the
# forearm comes in from -x. Each: the outline (filled with the page's colour), finger lines,
# and the thumb, drawn last so it is never hidden.
HANDS = {
    # Fingers together, cupped round the leg, the thumb apart.
    "grip": (
        "M0-8C8-10 18-10 24-8L36-6C41-5 41 3 36 3L20 7C12 9 4 9 0 8Z",
        "M24-3H34M22 2H32",
        "M6-8C8-16 16-21 23-20C27-19 27-15 24-14L14-8",
    ),
    # The index finger out straight, the others curled, the thumb along it.
    "point": (
        "M0-8C8-10 16-10 22-8L42-5C46-4 46 1 42 1L24 2C26 8 20 10 14 9C6 9 2 9 0 8Z",
        "M16 2C20 2 22 5 20 8",
        "M6-8C10-14 18-15 26-12C28-11 27-8 24-8",
    ),
    # A loose fist, knuckles leading, seen from the palm side: four curled fingers stacked, their
    # knuckles a row of bumps, the thumb folded across them.
    "fist": (
        "M0-10C6-14 14-16 24-16H30A4 4 0 0 1 30-8H32A4 4 0 0 1 32 0H31A4 4 0 0 1 31 8H28"
        "A4 4 0 0 1 28 16H10C4 16 0 14 0 10Z",
        "M14-8H30M14 0H32M14 8H28",
        "M1 4C9-2 17-9 25-11C31-12 34-4 28-1C20 2 12 8 6 13",
    ),
}


def hand(kind, wrist, angle, mirror=False):
    """A hand with its wrist at `wrist`, turned `angle` degrees (0 = fingers to the right).
    `mirror` puts the thumb on the other side."""
    outline, fingers, thumb = HANDS[kind]
    flip = " scale(1 -1)" if mirror else ""
    return (
        f'<g class="step-picture__hand" transform="translate({wrist[0]} {wrist[1]}) '
        f'rotate({angle}){flip}">'
        + paper(outline)
        + path(fingers, stroke_width="2")
        + path(thumb, fill=PAPER, class_="step-picture__paper step-picture__thumb")
        + "</g>"
    )


def elbow(shoulder, wrist, upper=56, fore=50, bend=1):
    """Where the elbow goes for an arm of these lengths, bent to one side (`bend` = ±1)."""
    (sx, sy), (wx, wy) = shoulder, wrist
    reach = min(math.dist(shoulder, wrist), upper + fore - 1)
    along = (upper**2 - fore**2 + reach**2) / (2 * reach)
    out = math.sqrt(max(upper**2 - along**2, 0)) * bend
    ux, uy = (wx - sx) / reach, (wy - sy) / reach
    return round(sx + ux * along - uy * out), round(sy + uy * along + ux * out)


def arm(shoulder, wrist, bend=1, at=None):
    """A sleeve from the shoulder to the wrist, the elbow `at` a point or worked out: a thick
    line drawn twice, the inside in the page's colour, so it sits in front of the body with
    one outline."""
    ex, ey = at or elbow(shoulder, wrist, bend=bend)
    d = f"M{shoulder[0]} {shoulder[1]}L{ex} {ey}L{wrist[0]} {wrist[1]}"
    return path(d, stroke_width="15") + path(
        d, stroke=PAPER, stroke_width="9", class_="step-picture__paper-line"
    )


def head(x, y):
    return (
        f'<circle class="step-picture__head step-picture__paper" cx="{x}" cy="{y}" r="18" '
        f'fill="{PAPER}"/>'
    )


def lower_leg(knee=KNEE, angle=0, calf=True):
    place = f"translate({knee[0]} {knee[1]})" + (f" rotate({angle})" if angle else "")
    return (
        f'<g class="step-picture__leg" transform="{place}">'
        + paper(LOWER_LEG)
        + (area(CALF) if calf else "")
        + path(ANKLE, stroke_width="2")
        + "</g>"
    )


# The torso leaning forward over the thigh, to reach the calf: its back, then its front.
LEANING = "M44 132C36 108 80 78 140 62M92 106C106 96 128 88 152 82"


def leaning(*hands):
    """The seated figure leaning forward, the near arm reaching down to `hands`."""
    return (
        path(CHAIR, stroke_width="2")
        + path(FLOOR, stroke_width="2")
        + path(LEANING)
        + path(THIGH)
        + head(160, 64)
        + lower_leg()
        + "".join(hands)
    )


def reach(kind, wrist, angle, mirror=False):
    return arm((124, 82), wrist) + hand(kind, wrist, angle, mirror)


# A lace-up shoe, taken off, on the floor by the heel: sole, toe cap, the opening and its laces.
SHOE = (
    "M108 222V208C108 204 112 203 115 205C121 209 129 209 134 204C144 207 154 211 158 217V222Z"
    "M108 217H158M130 207l3 4M137 207l2 5M144 209l2 5"
)
# The sock coming off: its top still round the front of the foot, the rest pulled out past the
# toes and up to the hand.
SOCK = (
    "M204 206C201 212 201 218 204 222H224C231 222 234 216 236 212L252 196C256 191 249 186 245 190"
    "L228 206C220 208 212 207 204 206Z"
)


def bending(*more):
    """The seated figure bent well forward over the thigh, to reach the foot."""
    return (
        path(CHAIR, stroke_width="2")
        + path(FLOOR, stroke_width="2")
        + path(SHOE, stroke_width="2")
        # The back, and the chest folded down onto the thigh, hiding the thigh's top up to it.
        + path("M44 132C34 100 92 68 152 80M160 86C158 94 154 100 150 103")
        + path(THIGH.replace("M90 104C120 104", "M150 103C160 103"))
        + head(168, 70)
        + lower_leg(calf=False)
        + "".join(more)
    )


# Kneading: the sore leg crossed over the other, seen from the side, the middle of its calf
# resting on the other knee. Its lower leg is the standing one's, foot and all, turned to lie
# almost level (the calf underneath, the foot beyond the knee); its thigh rises from the hip to
# a knee above the other thigh and covers where the lower leg joins.
CROSSED_KNEE = (134, 68)
# Its outlines run on into the lower leg's (no line across the knee); the top one starts at the
# chest, the lap's crease where the two meet.
CROSSED_THIGH = "M56 132C84 114 120 94 146 84M100 48C94 60 90 70 86 76C104 66 122 58 139 56"


def crossed(*more):
    return (
        path(CHAIR, stroke_width="2")
        + path(FLOOR, stroke_width="2")
        + path(THIGH)
        + lower_leg(calf=False)
        + path("M42 132C36 100 56 64 92 50")
        + lower_leg(CROSSED_KNEE, -80)
        + paper("M56 132C84 114 120 94 146 84L150 62 139 56C122 58 104 66 86 76Z", stroke="none")
        + path(CROSSED_THIGH)
        + head(90, 30)
        + "".join(more)
    )


DRAWINGS = {
    "bare-the-leg": (
        "Seated on a chair, bent forward, pulling the sock off over the toes, the shoe on the "
        "floor beside the foot",
        bending(
            paper(SOCK),
            area(SOCK),
            path("M209 207C206 212 206 217 209 222", stroke_width="2"),
            arm((138, 96), (228, 172), at=(188, 128)),
            hand("grip", (228, 172), 45, mirror=True),
        ),
        arrow("M256 186L292 168", (292, 168), -27),
        1,
    ),
    "stroke-upward": (
        "Index finger at the back of the ankle, stroking up the calf towards the knee",
        leaning(reach("point", (138, 160), 70)),
        arrow("M158 200C156 180 152 160 160 138", (160, 138), -80),
        2,
    ),
    "knead": (
        "Calf resting on the other knee, fingertips and thumbs squeezing and releasing the muscle",
        crossed(
            arm((96, 60), (166, 74), at=(118, 100)),
            hand("grip", (166, 74), 30),
        ),
        arrow("M176 64V38", (176, 38), -90, ((176, 64), 90)),
        3,
    ),
    "shake-out": (
        "Hand holding the fleshy part of the calf, shaking it gently from side to side",
        leaning(reach("grip", (126, 156), 10)),
        arrow("M146 170H128", (128, 170), 180) + arrow("M146 170H164", (164, 170), 0),
        4,
    ),
    "find-knots": (
        "Fingertips feeling over the calf for knots",
        leaning(reach("grip", (124, 142), 15)),
        # The fingertips' search down the calf, and two knots found on the way.
        arrow("M157 158C150 170 150 186 156 200", (156, 200), 75)
        + '<circle cx="146" cy="178" r="3.5"/><circle cx="164" cy="190" r="3.5"/>',
        5,
    ),
    "fist-circles": (
        "A fist pressing a sore spot on the calf, moving in small circles",
        leaning(reach("fist", (114, 144), 38)),
        arrow("M150 149A16 16 0 1 1 140 178", (140, 178), 214),
        6,
    ),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (label, lines, accent, step) in DRAWINGS.items():
        (OUT / f"{name}.svg").write_text(svg(lines, accent, label, step))


if __name__ == "__main__":
    main()
