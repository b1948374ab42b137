"""Load the seed article, "Causes And Treatment Of A Sore Calf Muscle", as the site's content.

The seed's wording is kept as written, slips included (an editor should flag those, not a
migration silently change them). Step titles and the one-line summaries are ours; the seed has
none. Rows are only created, never updated: re-running this on a database that editors have
already changed leaves their work alone.
"""

from django.db import migrations

GUIDE = {
    "title": "Causes and treatment of a sore calf muscle",
    "description": (
        "What causes a sore calf muscle, a step-by-step self-massage, aftercare, and the signs "
        "that it could be a blood clot instead."
    ),
    "introduction": (
        "Nearly everyone who walks or runs for exercise has experienced a sore calf muscle. "
        "Often you do not even feel it right away and the pain makes its presence known either "
        "at night while you are resting or the next morning when you are trying to get out bed. "
        "Many times a sore calf muscle may not even become a pain until two days later.\n\n"
        "Some athletes take a bit of pain as a sign of a good workout however, if the soreness "
        "is severe enough it can make just climbing the stairs a dreaded ordeal."
    ),
    "causes_intro": (
        "You do not have to be a competitive athlete to suffer from a sore calf muscle as they "
        "can be caused from any number of reasons. The cause is generally due to strain or "
        "tightness but severe pain can be an indication of a serious problem."
    ),
    "massage_intro": (
        "The most effective way to relieve a sore calf muscle is through massage. Below are a "
        "few techniques to not only relax the calf muscle but also promote healing."
    ),
    "aftercare_intro": "",
}

CAUSES = [
    {
        "slug": "incorrect-posture",
        "title": "Incorrect posture",
        "summary": "Bad posture that leans your weight forward adds extra strain on the calf.",
        "body": (
            "If you constantly have bad posture and lean your weight forward, you can add extra "
            "strain on your calf muscle."
        ),
        "severity": "self-care",
    },
    {
        "slug": "dehydration",
        "title": "Dehydration",
        "summary": "Without enough fluid and minerals, hard-working leg muscles strain easily.",
        "body": (
            "When runners or other athletes do not stay properly hydrated then the lack of "
            "minerals, magnesium and calcium can easily lead to muscle strain, particularly a "
            "sore calf muscle because their legs are handling the most movement."
        ),
        "severity": "self-care",
    },
    {
        "slug": "hyperpronation",
        "title": "Hyperpronation",
        "summary": "Rolling the foot inward as you walk keeps straining the calf muscles.",
        "body": (
            "Quite a few people will unconsciously engage in an abnormal foot motion when they "
            "walk which is referred to as hyperpronation. This is characterized by rolling the "
            "foot inward which constantly places a strain on calf muscles that are trying to "
            "compensate."
        ),
        "severity": "self-care",
    },
    {
        "slug": "charley-horse",
        "title": "Charley horse",
        "summary": "A sudden, painful, knotty spasm in the calf muscle.",
        "body": (
            "You know if you have a Charley horse from the sudden, painful, knotty spasm that "
            "occurs in the calf muscle these are believed to be caused from a mineral "
            "deficiency, blood trapped in a particular spot of the muscle or a hormonal "
            "imbalance."
        ),
        "severity": "self-care",
    },
    {
        "slug": "deep-vein-thrombosis",
        "title": "Deep vein thrombosis (DVT)",
        "summary": "A blood clot in a deep vein. Heat, tenderness and swelling may come with it.",
        "body": (
            "This is a specific type of blood clot. Heat, tenderness and swelling may accompany "
            "this. The most susceptible people to experience deep vein thrombosis are victims of "
            "pulmonary disease or cancer."
        ),
        "severity": "urgent",
    },
]

STEPS = [
    {
        "slug": "bare-the-leg",
        "title": "Bare the leg and sit down",
        "summary": "Take off socks and shoes, and sit in a chair with your feet flat on the floor.",
        "instruction": (
            "Remove any socks, shoes, etc so that the leg with your sore calf muscle is bare. "
            "Sit in a chair with your feet positioned flat on the floor."
        ),
        "repetitions": "",
        "duration": "",
    },
    {
        "slug": "stroke-upward-from-the-ankle",
        "title": "Stroke upward from the ankle",
        "summary": "Starting at the ankle, press with your index finger and stroke upward.",
        "instruction": (
            "Starting down at the ankle you will press with the index finger on the back of "
            "your thigh upward in a stroking position. Repeat 10 to 12 times."
        ),
        "repetitions": "10 to 12 times",
        "duration": "",
    },
    {
        "slug": "knead-the-calf",
        "title": "Knead the calf",
        "summary": "Rest your calf on the other knee and knead it with fingertips and thumbs.",
        "instruction": (
            "Rest the middle of your sore calf on the other leg's knee. Use your fingertips and "
            "thumbs to press in the muscle and release in a kneading motion. You should "
            "continue to do this for a few minutes. Kneading really works for stiffness or if "
            "you have a Charley horse."
        ),
        "repetitions": "",
        "duration": "a few minutes",
    },
    {
        "slug": "shake-out-the-calf",
        "title": "Shake out the calf",
        "summary": "Wiggle the fleshy part of your calf with your hands to relax the muscle.",
        "instruction": (
            "Shake out the fleshy part of your calf muscle by using your hands to wiggle it. "
            "This will help to relax the muscle."
        ),
        "repetitions": "",
        "duration": "",
    },
    {
        "slug": "find-the-knots",
        "title": "Find the knots",
        "summary": "Feel around your calf for knots: spots that have not relaxed yet.",
        "instruction": (
            "Feel around your calf and locate any knots that are left over. These are spots "
            "where your sore calf muscle has not yet relaxed and are still producing pain."
        ),
        "repetitions": "",
        "duration": "",
    },
    {
        "slug": "work-the-sore-spots",
        "title": "Work the sore spots with your fist",
        "summary": "Massage any sore spots left deeply with your fist, in a circular motion.",
        "instruction": (
            "Massage any sore spots that are left over deeply with your fist in a circular "
            "motion to loosen up the muscle."
        ),
        "repetitions": "",
        "duration": "",
    },
]

AFTERCARE_NOTES = [
    {
        "slug": "arnica-gel-or-sports-cream",
        "title": "Arnica gel or a sports cream",
        "body": (
            "If you calf continues to be sore, consider applying Arnica Gel or a sports cream "
            "that is designed to relax aches and pains."
        ),
        "is_caution": False,
    },
    {
        "slug": "heat-and-menthol-creams",
        "title": "Take care with heat and menthol creams",
        "body": (
            "Be sure to follow directions and any ointments that are menthol or heat activated, "
            "never apply directly after showering until your pores have a chance to cool off and "
            "close."
        ),
        "is_caution": True,
    },
]


def load_seed(apps, schema_editor):
    Guide = apps.get_model("articles", "Guide")
    if not Guide.objects.exists():
        Guide.objects.create(**GUIDE)
    for model_name, rows in [
        ("Cause", CAUSES),
        ("MassageStep", STEPS),
        ("AftercareNote", AFTERCARE_NOTES),
    ]:
        model = apps.get_model("articles", model_name)
        for position, row in enumerate(rows, start=1):
            fields = {key: value for key, value in row.items() if key != "slug"}
            model.objects.get_or_create(slug=row["slug"], defaults={"position": position, **fields})


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(load_seed, migrations.RunPython.noop)]
