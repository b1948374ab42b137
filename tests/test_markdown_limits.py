"""No text an editor types can stall or break a page: a length limit, a linear-time renderer,
and plain paragraphs when rendering fails. Python-Markdown took 11 s on 10,000 `[`."""

import logging

import pytest

from articles import markdown
from articles.markdown import MAX_LENGTH, render_markdown
from articles.models import Cause, Guide, MassageStep
from bench.markdown_worst_case import PATHOLOGICAL, at_the_limit, nested_list
from publishing import workflow
from tests.workflow_steps import pending_version
from tools.admin_forms import save_in_admin


@pytest.fixture(autouse=True)
def _render_afresh():
    markdown._render.cache_clear()
    yield
    markdown._render.cache_clear()


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_at_the_limit_renders_as_markdown(text):
    """How long these take is `make bench`'s to measure (bench/markdown_worst_case.py)."""
    assert len(text) <= MAX_LENGTH
    html = render_markdown(text)
    assert str(html).strip()


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, nested_list(2000), ">" * 100_000],
    ids=["100,000 brackets", "list nested 2,000 deep", "100,000 quote marks"],
)
def test_text_over_the_limit_is_shown_as_plain_paragraphs_and_logged(text, caplog):
    with caplog.at_level(logging.WARNING, logger="articles.markdown"):
        html = render_markdown(text)
    assert html.startswith("<p>") and "<li>" not in html and "<blockquote>" not in html
    assert "shown as plain text" in caplog.text


def test_plain_paragraphs_keep_the_words_and_escape_the_markup():
    html = render_markdown("**Rest** the leg.\n\n<script>alert(1)</script> " + "x" * MAX_LENGTH)
    assert html.startswith("<p>**Rest** the leg.</p><p>&lt;script&gt;alert(1)&lt;/script&gt; ")


@pytest.mark.django_db
def test_a_page_whose_text_cannot_be_rendered_shows_it_plainly_instead_of_failing(
    client, monkeypatch, caplog
):
    class BrokenParser:
        def render(self, text):
            raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown, "_parser", BrokenParser)
    cause = Cause.objects.get(slug="dehydration")
    with caplog.at_level(logging.ERROR, logger="articles.markdown"):
        response = client.get(cause.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<p>If you run or play sport, drink enough fluid." in page
    assert 'id="dvt-warning"' in page
    assert "Markdown could not be rendered" in caplog.text


def test_line_breaks_count_as_one_character_as_the_editor_sees_them():
    # Browsers send each line break in a textarea as two characters (CR LF).
    text = "word\r\n" * (MAX_LENGTH // 5)
    assert len(text) > MAX_LENGTH
    assert markdown.too_long_message(text) is None
    assert "<p>word\nword" in render_markdown(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model,field", [(MassageStep, "instruction"), (Cause, "body"), (Guide, "causes_intro")]
)
def test_saving_over_long_text_in_the_admin_says_how_long_it_is_and_the_limit(
    editor_client, model, field
):
    item = model.objects.order_by("pk").first()
    response = save_in_admin(editor_client, item, **{field: "Knead." * 10_200})
    assert response.status_code == 200, "the save should have been refused"
    assert response.context["adminform"].form.errors[field] == [
        "This text is 61,200 characters long; the limit is 10,000. Split it into shorter "
        "sections (another cause, step or aftercare note), or shorten it, and save again."
    ]
    assert "This text is 61,200 characters long" in response.content.decode()
    item.refresh_from_db()
    assert len(getattr(item, field)) < MAX_LENGTH
    assert workflow.pending(item) is None, "no draft version was saved either"


@pytest.mark.django_db
def test_text_at_the_limit_saves(editor_client, publish):
    step = MassageStep.objects.get(slug="knead-the-calf")
    text = ("Knead gently. " * 1_000)[: MAX_LENGTH - 1] + "."
    assert save_in_admin(editor_client, step, instruction=text).status_code == 302
    assert pending_version(step).instruction == text
    assert publish(step).instruction == text


@pytest.mark.django_db
def test_the_live_markdown_preview_refuses_over_long_text_with_the_same_message(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": "[" * (MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert "This text is 10,001 characters long; the limit is 10,000." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_the_live_markdown_preview_renders_text_at_the_limit(editor_client):
    response = editor_client.post("/markdownx/markdownify/", {"content": at_the_limit("**a** ")})
    assert response.status_code == 200
    assert "<strong>a</strong>" in response.content.decode()
