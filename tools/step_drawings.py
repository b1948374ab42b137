"""Writes the six massage-step drawings (static/img/steps/*.svg) from one leg, so every drawing
has the same leg, line weight and proportions. Run it after changing a path:

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
THIGH = "M20 20H188M20 64H150"
LOWER_LEG = (
    "M150 64C140 78 136 100 142 124C148 146 168 160 170 184C171 196 160 204 164 216"
    "C166 222 172 222 178 222H254C266 222 268 210 258 206C236 198 206 190 198 180"
    "L202 62C208 42 204 22 188 20"
)
# The ankle bone, a small mark that makes the shape read as a leg.
ANKLE = "M181 181a6 6 0 0 1 11-3"
FLOOR = "M8 224H312"


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


def hand(kind, x, y, angle=0, scale=1.0, mirror=False):
    """A hand drawn about its wrist at (0, 0), fingers pointing down (+y), filled with the
    page's colour so it sits in front of the leg. `kind`: open, point or fist."""
    if kind == "fist":
        # Seen from the back of the hand: four knuckles on the leading edge, the fingers' fold
        # just behind them, the thumb tucked across.
        d = (
            "M-16 0L-20 22V44A5.25 5.25 0 0 0-9.5 44A5.25 5.25 0 0 0 1 44A5.25 5.25 0 0 0 11.5 44"
            "A5.25 5.25 0 0 0 22 44V22L16 0M-20 36H22M-9.5 36V44M1 36V44M11.5 36V44"
            "M22 20C28 22 30 30 24 34"
        )
    elif kind == "point":
        d = (
            "M-16 0V36C-16 48-10 52-2 52H4V84C4 90 14 90 14 84V40C14 30 18 24 18 16V0"
            "M-8 38V50M0 38V52M18 14C26 18 30 28 26 36"
        )
    else:
        d = (
            "M-18 0V46C-18 66-12 80 0 80C12 80 20 70 20 52L22 40C28 36 34 30 34 22"
            "C34 14 26 14 22 20L20 0M-9 50V76M0 50V79M9 50V77"
        )
    flip = " scale(-1 1)" if mirror else ""
    return path(
        d,
        transform=f"translate({x} {y}) rotate({angle}) scale({scale}){flip}",
        fill="#fff",
        stroke_width=f"{3 / scale:.2f}",
        **{"class": "step-picture__hand"},
    )


def arrow(d, tip, towards):
    """A line `d` ending at `tip` with a chevron head pointing along `towards` degrees
    (0 = right, 90 = down)."""
    return path(d) + path(
        "M-10-8L0 0-10 8", transform=f"translate({tip[0]} {tip[1]}) rotate({towards})"
    )


# The lower leg turned a quarter turn to lie across the other knee, calf down.
ACROSS = "translate(20 284) rotate(-90)"
LEG = path(THIGH) + path(LOWER_LEG) + path(ANKLE, stroke_width="2") + path(FLOOR, stroke_width="2")
CALF = "M141 80C156 86 186 86 202 82L198 178L170 181C166 158 146 146 142 124C138 104 137 90 141 80Z"

DRAWINGS = {
    "bare-the-leg": (
        "Seated on a chair, bare lower leg, foot flat on the floor",
        path("M12 68H126M120 68V224M28 68V224", stroke_width="2") + LEG,
        path("M164 230H262", stroke_width="5"),
    ),
    "stroke-upward": (
        "Index finger at the back of the ankle, stroking up the calf towards the knee",
        LEG + hand("point", 92, 196, -80, 1.0),
        arrow("M184 190C174 166 156 146 158 86", (158, 86), -90),
    ),
    "knead": (
        "Calf resting on the other knee, fingertips and thumbs pressing and releasing the muscle",
        # The other leg, close up: thigh from the left, its knee under the calf, shin down.
        area(CALF, transform=ACROSS)
        + path("M0 154H112C140 152 156 164 156 186L152 240M0 198H80C76 212 76 226 80 240")
        # The sore leg across it: the same lower leg turned to lie calf down, its thigh going
        # off to the left.
        + path(LOWER_LEG.split("L202 62")[0] + "L202 62", transform=ACROSS)
        + path("M82 82H0M84 134C64 140 34 142 0 142")
        + path(ANKLE, stroke_width="2", transform=ACROSS)
        + hand("open", 96, 40, 0, 1.0)
        + hand("open", 188, 40, 0, 1.0, mirror=True),
        arrow("M118 124H132", (132, 124), 0) + arrow("M158 124H144", (144, 124), 180),
    ),
    "shake-out": (
        "Hand holding the fleshy part of the calf, shaking it gently from side to side",
        area(CALF) + LEG + hand("open", 74, 104, -90, 1.0),
        arrow("M160 146H192", (192, 146), 0)
        + arrow("M188 146H156", (156, 146), 180)
        + path("M146 166c-4 6-4 12 0 18M136 162c-5 8-5 18 0 26", stroke_width="2"),
    ),
    "find-knots": (
        "Fingertips feeling over the calf for knots",
        area(CALF) + LEG + hand("open", 70, 140, -90, 1.0),
        path("M170 92a6 6 0 1 0 0.1 0M180 126a6 6 0 1 0 0.1 0", stroke_width="3")
        + path("M176 76C158 96 194 108 176 122S190 150 176 164", stroke_dasharray="2 8"),
    ),
    "fist-circles": (
        "A fist pressing a sore spot on the calf, moving in small circles",
        LEG + hand("fist", 92, 120, -90, 1.0),
        arrow("M145 112A22 22 0 1 1 145 128", (145, 128), 250),
    ),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (label, lines, accent) in DRAWINGS.items():
        (OUT / f"{name}.svg").write_text(svg(lines, accent, label))


if __name__ == "__main__":
    main()
