"""Writes the six massage-step drawings (static/img/steps/*.svg) from one leg and one hand, so
every drawing has the same leg, hands, line weight and proportions. Run it after changing a path:

    python tools/step_drawings.py

The lines are `currentColor` (they follow the text in light, dark and print); the accents (where
to work, which way) are brand teal, which the page's CSS sets to var(--brand); the colour written
here is the fallback for the file opened on its own.
"""

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "static" / "img" / "steps"
TEAL = "#0c6b62"

# The seated lower leg, side view, toes to the right: thigh off to the left at the top, knee
# top right, shin down to the foot flat on the floor; the calf bulges to the left (behind).
THIGH = "M0 20H188M0 64H150"
LOWER_LEG = (
    "M150 64C140 78 136 100 142 124C148 146 168 160 170 184C171 196 160 204 164 216"
    "C166 222 172 222 178 222H254C266 222 268 210 258 206C236 198 206 190 198 180"
    "L202 62C208 42 204 22 188 20"
)
# The ankle bone, a small mark that makes the shape read as a leg.
ANKLE = "M181 181a6 6 0 0 1 11-3"
FLOOR = "M0 224H320"

# Hands, drawn about the wrist at (0, 0) with the fingers pointing down (+y), the thumb on the
# right (+x) and the forearm going up off the picture (so its open end is never seen).
HANDS = {
    # The back of a relaxed right hand, fingers together, thumb a little apart.
    "open": (
        "M-17-120L-13 0C-15 10-18 22-18 34V58A4.3 4.3 0 0 0-9.4 60V66A4.3 4.3 0 0 0-.8 68V70"
        "A4.3 4.3 0 0 0 7.8 70V66A4.3 4.3 0 0 0 16.4 64L17 38C20 42 24 50 28 50"
        "C32 50 33 45 31 39C28 27 22 12 13 0L17-120",
        "M-9.4 60V48M-.8 68V50M7.8 66V50",
    ),
    # The back of the hand, the index finger out straight, the other three curled under.
    "point": (
        "M-17-120L-13 0C-16 10-19 22-19 34V46A4.5 4.5 0 0 0-10 48A4.5 4.5 0 0 0-1 50"
        "A4.5 4.5 0 0 0 8 50V78A4.5 4.5 0 0 0 17 78V38C20 42 24 50 28 50"
        "C32 50 33 45 31 39C28 27 22 12 13 0L17-120",
        "M-10 48V40M-1 50V40M8 50V40",
    ),
    # Side on, thumb towards us: the fingers rolled into the palm, the knuckles leading, the
    # thumb folded across them.
    "fist": (
        "M-17-120L-13 0C-16 10-19 22-19 34V48A4.75 4.75 0 0 0-9.5 50A4.75 4.75 0 0 0 0 52"
        "A4.75 4.75 0 0 0 9.5 52A4.75 4.75 0 0 0 19 48V30C19 18 16 8 13 0L17-120",
        "M-9.5 50V40M0 52V40M9.5 52V40M19 16C10 20 0 26-6 30C-10 33-8 38-4 37C4 35 12 34 19 34",
    ),
}


def svg(lines, accent, label):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240" '
        'fill="none" stroke-linecap="round" stroke-linejoin="round" stroke-width="3">'
        f'<title>{label}</title><g stroke="currentColor">{lines}</g>'
        f'<g class="step-picture__accent" stroke="{TEAL}">{accent}</g></svg>\n'
    )


def path(d, **attrs):
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<path d="{d}"{extra}/>'


def area(d, **attrs):
    """A soft teal patch: where to work."""
    return path(
        d, fill=TEAL, fill_opacity=".18", stroke="none", **{"class": "step-picture__area"}, **attrs
    )


def hand(kind, x, y, angle=0, scale=1.15, mirror=False, within=1.0):
    """A hand and forearm with the wrist at (x, y), turned `angle` degrees from fingers-down;
    filled with the page's colour so it sits in front of the leg. `within`: the scale of the
    group it is drawn in, so its lines keep the picture's weight."""
    outline, details = HANDS[kind]
    flip = " scale(-1 1)" if mirror else ""
    weight = scale * within
    return (
        f'<g transform="translate({x} {y}) rotate({angle}) scale({scale}){flip}" '
        f'stroke-width="{3 / weight:.2f}">'
        + path(outline, fill="#fff", **{"class": "step-picture__hand"})
        + path(details, stroke_width=f"{2 / weight:.2f}")
        + "</g>"
    )


def arrow(d, tip, towards):
    """A line `d` ending at `tip` with a chevron head pointing along `towards` degrees
    (0 = right, 90 = down)."""
    return path(d) + path(
        "M-10-8L0 0-10 8", transform=f"translate({tip[0]} {tip[1]}) rotate({towards})"
    )


def leg(thigh=THIGH, weight=1.0):
    """The seated leg, its thin lines (ankle, floor) kept thin in a group scaled by `weight`."""
    thin = f"{2 / weight:.2f}"
    return (
        path(thigh)
        + path(LOWER_LEG)
        + path(ANKLE, stroke_width=thin)
        + path(FLOOR if weight == 1 else "M-200 224H400", stroke_width=thin)
    )


LEG = leg()
CALF = "M141 80C156 86 186 86 202 82L198 178L170 181C166 158 146 146 142 124C138 104 137 90 141 80Z"
# The whole sitter, for the first step and for kneading: the same leg at .7 size, seated on a
# chair (its back behind the sitter's), the body cropped at the waist.
SMALL = 0.7
CHAIR = "M-100 66H132a4 4 0 0 1 0 8H-100M124 74V224M-88 74V224M-94 66L-110-120"
BACK = "M-30-120C-50-40-70 64-20 64H150"


def seated(front, *more):
    """The seated figure at SMALL size, `front` its belly and thigh top, `more` drawn over it."""
    return (
        f'<g transform="translate(93 72) scale({SMALL})" stroke-width="{3 / SMALL:.2f}">'
        + path(CHAIR, stroke_width=f"{2 / SMALL:.2f}")
        + leg(BACK + front, SMALL)
        + "".join(more)
        + "</g>"
    )


# Kneading: the sore lower leg is the same leg turned a quarter turn, its calf lying on the other
# knee, its foot up; its thigh goes back to the hip, under the body leaning forward.
ACROSS = "translate(60 160) rotate(-90)"

DRAWINGS = {
    "bare-the-leg": (
        "Seated on a chair, bare lower leg, foot flat on the floor",
        # The trouser leg rolled up above the knee: a band filled like the hands, in front.
        seated(
            "M34-120C20-60 18 20 60 20H188",
            path(
                "M108 12h14a5 5 0 0 1 5 5v50a5 5 0 0 1-5 5h-14a5 5 0 0 1-5-5V17a5 5 0 0 1 5-5z",
                fill="#fff",
                **{"class": "step-picture__hand"},
            ),
            path("M72 36C82 42 92 42 102 34M64 52C76 58 90 58 102 50", stroke_width="2.86"),
        ),
        path("M206 235H278", stroke_width="5") + arrow("M214 70H186", (186, 70), 180),
    ),
    "stroke-upward": (
        "Index finger at the back of the ankle, stroking up the calf towards the knee",
        LEG + hand("point", 65, 189, -75),
        arrow("M184 190C174 166 156 146 158 86", (158, 86), -90),
    ),
    "knead": (
        "Calf resting on the other knee, fingertips and thumbs pressing and releasing the muscle",
        seated(
            "M40 20H188",
            area(CALF, transform=ACROSS),
            path(LOWER_LEG, transform=ACROSS),
            path("M80-28L34-16C16-12 6-22 12-40L36-120M124 10C100 16 70 20 40 20"),
            path(ANKLE, stroke_width=f"{2 / SMALL:.2f}", transform=ACROSS),
            hand("open", 118, -84, -20, within=SMALL),
            hand("open", 206, -84, -20, within=SMALL),
        ),
        arrow("M199 65H208", (208, 65), 0) + arrow("M234 65H225", (225, 65), 180),
    ),
    "shake-out": (
        "Hand holding the fleshy part of the calf, shaking it gently from side to side",
        area(CALF) + LEG + hand("open", 96, 116, -85),
        arrow("M160 176H192", (192, 176), 0)
        + arrow("M188 176H156", (156, 176), 180)
        + path("M136 150c-4 6-4 12 0 18M126 146c-5 8-5 18 0 26", stroke_width="2"),
    ),
    "find-knots": (
        "Fingertips feeling over the calf for knots",
        area(CALF) + LEG + hand("open", 64, 96, -75),
        path("M176 100a6 6 0 1 0 0.1 0M182 140a6 6 0 1 0 0.1 0", stroke_width="3")
        + path("M180 78C162 98 198 110 180 124S194 152 180 166", stroke_dasharray="2 8"),
    ),
    "fist-circles": (
        "A fist pressing a sore spot on the calf, moving in small circles",
        LEG + hand("fist", 84, 116, -80),
        arrow("M154 117A18 18 0 1 1 153 131", (153, 131), 255),
    ),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (label, lines, accent) in DRAWINGS.items():
        (OUT / f"{name}.svg").write_text(svg(lines, accent, label))


if __name__ == "__main__":
    main()
