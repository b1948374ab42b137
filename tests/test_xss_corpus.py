"""A corpus of XSS payloads, stored in every text field, never becomes active in any page.

Each payload goes into every field an editor can write (through the models, and through the
admin's own form), then every surface that shows those fields is fetched and parsed: nothing
that could run or load (tests/active_content.py) may appear that the same surface built from
plain words lacks. To cover a new surface (the feedback views, the JSON-LD), add it to SURFACES.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client

from articles.models import AftercareNote, Cause, Guide, MassageStep
from publishing import workflow
from tests.active_content import active_content as _active_content
from tests.factories import AftercareNoteFactory, CauseFactory, MassageStepFactory
from tools.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    # Script elements, plain, disguised and breaking out of where they are put.
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="https://evil.example/x.js"></script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    # Event handlers, in tags and breaking out of attribute values.
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="#" onmouseover="alert(1)">hover</a>',
    '<div onclick="alert(1)">click</div>',
    "<input autofocus onfocus=alert(1)>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    # javascript:, vbscript: and data: URLs, as HTML and as Markdown.
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<javascript:alert(1)>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '<a href="vbscript:msgbox(1)">x</a>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    # Encoded variants.
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    "[x](&#106;avascript:alert(1))",
    "[x](java%0Ascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<img src=x onerror=&#97;lert(1)>",
    # Markdown attribute injection.
    '![x" onerror="alert(1)](/media/a.png)',
    '[x](https://example.com "t\\" onmouseover=\\"alert(1)")',
    # SVG and MathML.
    '<svg onload="alert(1)"></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    # Frames, objects, forms, base and meta.
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><button>Send</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # Style-based.
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
]
PLAIN_WORDS = "Plain words"


def active_content(html):
    """What could run or load on the page, with the item's id taken out of the publishing panel's
    own forms (/admin/articles/cause/<id>/publishing/): each run stores a new item."""
    return {
        tuple(
            re.sub(r"/\d+/publishing/$", "/<id>/publishing/", part)
            if isinstance(part, str)
            else part
            for part in finding
        )
        for finding in _active_content(html)
    }


@dataclass
class Stored:
    payload: str
    guide: Guide
    cause: Cause
    step: MassageStep
    note: AftercareNote
    # Readers cannot see it, so it may be deleted: the delete page of a published item is
    # refused (403) until taking it off the site has been published (publishing.desk).
    unpublished_cause: Cause | None = None


def fitted(field, value):
    """The value cut to the field's length, as the database (PostgreSQL) would insist."""
    return value[: field.max_length] if field.max_length else value


def store_everywhere(payload):
    """The payload in every text field of the guide text and of one cause, step and note."""
    guide = Guide.objects.get()
    for name in [
        "title", "description", "summary", "introduction", "causes_intro", "massage_intro",
        "aftercare_intro", "warning_heading", "warning_urgent", "warning_emergency",
    ]:  # fmt: skip
        setattr(guide, name, fitted(Guide._meta.get_field(name), payload))
    guide.save()

    def texts(model, names):
        return {name: fitted(model._meta.get_field(name), payload) for name in names}

    return Stored(
        payload=payload,
        guide=guide,
        cause=CauseFactory(
            slug="payload-cause",
            severity=Cause.Severity.URGENT,
            **texts(Cause, ["title", "summary", "body"]),
        ),
        step=MassageStepFactory(
            slug="payload-step",
            **texts(MassageStep, ["title", "summary", "instruction", "repetitions", "duration"]),
        ),
        note=AftercareNoteFactory(slug="payload-note", **texts(AftercareNote, ["title", "body"])),
        unpublished_cause=CauseFactory(
            slug="payload-unpublished-cause",
            is_published=False,
            **texts(Cause, ["title", "summary", "body"]),
        ),
    )


# Every page that shows what an editor wrote: name -> how to fetch it (reader, editor, stored).
SURFACES = {
    "guide page": lambda reader, editor, s: reader.get("/"),
    "cause list": lambda reader, editor, s: reader.get("/causes/"),
    "cause page": lambda reader, editor, s: reader.get(s.cause.get_absolute_url()),
    "massage page": lambda reader, editor, s: reader.get("/massage/"),
    "step page": lambda reader, editor, s: reader.get(s.step.get_absolute_url()),
    "not-found page": lambda reader, editor, s: reader.get(f"/no-such-page/{quote(s.payload)}/"),
    "admin cause list": lambda reader, editor, s: editor.get("/admin/articles/cause/"),
    "admin cause search": lambda reader, editor, s: editor.get(
        "/admin/articles/cause/", {"q": s.payload}
    ),
    "admin cause form": lambda reader, editor, s: editor.get(
        f"/admin/articles/cause/{s.cause.pk}/change/"
    ),
    "admin cause delete": lambda reader, editor, s: editor.get(
        f"/admin/articles/cause/{s.unpublished_cause.pk}/delete/"
    ),
    "admin step form": lambda reader, editor, s: editor.get(
        f"/admin/articles/massagestep/{s.step.pk}/change/"
    ),
    "admin note list": lambda reader, editor, s: editor.get("/admin/articles/aftercarenote/"),
    "admin guide form": lambda reader, editor, s: editor.get(
        f"/admin/articles/guide/{s.guide.pk}/change/"
    ),
    "live Markdown preview": lambda reader, editor, s: editor.post(
        "/markdownx/markdownify/", {"content": s.payload}
    ),
}
EXPECTED_STATUS = {"not-found page": 404}

_baselines = {}


def fetch_all(reader, editor, stored):
    pages = {}
    for name, fetch in SURFACES.items():
        response = fetch(reader, editor, stored)
        assert response.status_code == EXPECTED_STATUS.get(name, 200), name
        pages[name] = response.content.decode()
    return pages


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def baseline(reader, admin_client):
    """What each surface holds when every field says plain words (worked out once)."""
    if not _baselines:
        pages = fetch_all(reader, admin_client, store_everywhere(PLAIN_WORDS))
        _baselines.update({name: active_content(html) for name, html in pages.items()})
        Cause.objects.filter(slug__in=["payload-cause", "payload-unpublished-cause"]).delete()
        MassageStep.objects.filter(slug="payload-step").delete()
        AftercareNote.objects.filter(slug="payload-note").delete()
    return _baselines


def new_active_content(pages, baseline):
    return {
        name: found
        for name, html in pages.items()
        if (found := active_content(html) - baseline[name])
    }


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_every_field_never_becomes_active_on_any_surface(
    payload, reader, admin_client, baseline
):
    pages = fetch_all(reader, admin_client, store_everywhere(payload))
    assert new_active_content(pages, baseline) == {}
    for name in ["guide page", "cause page", "step page", "not-found page"]:
        assert 'id="dvt-warning"' in pages[name], f"the clot warning is still on the {name}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_saved_through_the_admin_form_never_becomes_active(
    payload, reader, admin_client, baseline, publish
):
    cause = Cause.objects.get(slug="dehydration")
    data = change_form_data(admin_client, cause)
    # Words after the payload: the form refuses a body with no visible text of its own.
    body = payload + "\n\nStill some words for readers."
    data.update(
        title=fitted(Cause._meta.get_field("title"), payload),
        summary=fitted(Cause._meta.get_field("summary"), payload),
        body=body,
    )
    response = admin_client.post(f"/admin/articles/cause/{cause.pk}/change/", data)
    if response.status_code == 200:
        # Refused with a form error (a picture without alt text, say): nothing was stored, and
        # the form shown again with the editor's text in it runs none of it.
        assert "errornote" in response.content.decode()
        assert active_content(response.content.decode()) - baseline["admin cause form"] == set()
        cause.refresh_from_db()
        assert cause.body != body
        assert workflow.pending(cause) is None
        return
    assert response.status_code == 302, "the admin accepted and stored the payload"
    cause.refresh_from_db()
    assert cause.body != body, "saved as a draft: readers do not get it until it is published"
    cause = publish(cause)
    assert cause.body == body
    stored = Stored(payload, Guide.objects.get(), cause, None, None)
    for name in ["cause list", "cause page", "admin cause list", "admin cause form"]:
        html = SURFACES[name](reader, admin_client, stored).content.decode()
        assert active_content(html) - baseline[name] == set(), name


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_a_pending_version_never_becomes_active_in_the_publishing_panel(
    payload, reader, admin_client, admin_user, baseline
):
    """The panel above the form shows a pending version word by word beside the live text."""
    cause = Cause.objects.get(slug="dehydration")
    cause.title = fitted(Cause._meta.get_field("title"), payload)
    cause.summary = fitted(Cause._meta.get_field("summary"), payload)
    cause.body = payload + "\n\nStill some words for readers."
    assert workflow.save_draft(cause, admin_user) is not None
    stored = Stored(payload, Guide.objects.get(), cause, None, None)
    html = SURFACES["admin cause form"](reader, admin_client, stored).content.decode()
    assert "What version" in html, "the panel shows the pending change"
    assert active_content(html) - baseline["admin cause form"] == set()


def test_the_check_catches_an_unsanitized_renderer(reader, admin_client, baseline, monkeypatch):
    """If Markdown ever reached pages unsanitized, the corpus test would fail."""
    from django.utils.safestring import mark_safe

    monkeypatch.setattr("articles.templatetags.articles_tags.render_markdown", mark_safe)
    pages = fetch_all(reader, admin_client, store_everywhere("<img src=x onerror=alert(1)>"))
    found = new_active_content(pages, baseline)
    assert ("event handler", "img", "onerror") in found["cause page"]


@pytest.mark.parametrize(
    "html,finding",
    [
        ("<script>alert(1)</script>", ("script", None, None, "alert(1)")),
        ('<a href=" JaVa&#x09;Script:x">x</a>', ("dangerous url", "a", "href", "java\tscript:x")),
        ("<p onclick=x>", ("event handler", "p", "onclick")),
        ('<p style="color:red">', ("style attribute", "p")),
        ("<iframe src=x></iframe>", ("iframe",)),
        ('<meta http-equiv="refresh" content="0">', ("meta", "refresh", "0")),
        ('<script type="application/ld+json">{"a": "</script>', ("json-ld", "BROKEN")),
    ],
)
def test_the_detector_sees_what_a_browser_would_run(html, finding):
    assert finding in active_content(html)


def test_the_detector_ignores_plain_markup():
    html = '<p>Hi <a href="/causes/">causes</a> <img src="/media/a.png" alt="a"></p>'
    assert active_content(html) == set()
