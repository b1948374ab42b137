"""The starting content comes from content/ through `manage.py load_initial_content`, which adds
what is missing and never touches what editors have made of it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.initial_content import CONTENT_DIR, HISTORY_REASON, load
from articles.models import AftercareNote, Cause, EditorNote, Guide, MassageStep, SlugRedirect
from publishing import workflow
from publishing.models import Revision

pytestmark = pytest.mark.django_db
CONTENT_MODELS = [Guide, Cause, MassageStep, AftercareNote]


def run(capsys):
    call_command("load_initial_content")
    return capsys.readouterr().out


def snapshot():
    """Every row of content, notes and versions, as stored."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS}
    rows |= {"versions": list(Revision.objects.order_by("pk").values())}
    return rows | {"notes": list(EditorNote.objects.order_by("pk").values())}


def empty_the_database():
    for model in CONTENT_MODELS:
        model.objects.all().delete()
    Revision.objects.all().delete()
    EditorNote.objects.all().delete()
    SlugRedirect.objects.all().delete()


def test_an_empty_database_gets_the_whole_guide_with_its_first_version(capsys):
    empty_the_database()
    out = run(capsys)
    assert "Added cause “Dehydration”" in out
    # The guide's 14 items, and its warning's starting translations into Welsh, Polish and
    # Arabic (the care cards' rows, and so their translations, were never deleted).
    assert "Added Welsh translation of guide text" in out
    assert "Added 17 items from content/." in out
    assert [Guide.objects.count(), Cause.objects.count()] == [1, 5]
    assert [MassageStep.objects.count(), AftercareNote.objects.count()] == [6, 2]
    corrected = {
        ("Guide", ""),
        ("Cause", "dehydration"),
        ("Cause", "charley-horse"),
        ("Cause", "deep-vein-thrombosis"),
        ("MassageStep", "stroke-upward-from-the-ankle"),
        ("AftercareNote", "arnica-gel-or-sports-cream"),
        ("AftercareNote", "heat-and-menthol-creams"),
    }
    for model in CONTENT_MODELS:
        for item in model.objects.all():
            # The seed's words are version 1; content/corrected/ makes version 2 of what it got
            # wrong, published with a change note that says so.
            is_corrected = (model.__name__, getattr(item, "slug", "")) in corrected
            assert item.version == (2 if is_corrected else 1)
            first = workflow.revisions_of(item).get(number=1)
            assert (first.label, first.status) == (HISTORY_REASON, "published")
            if is_corrected:
                second = workflow.revisions_of(item).get(number=2)
                assert second.status == "published"
                assert second.change_note.startswith("We corrected")
    assert EditorNote.objects.count() == 4


def test_a_second_run_adds_and_changes_nothing(capsys):
    run(capsys)
    before = snapshot()
    assert run(capsys) == "Nothing to add: everything in content/ is there.\n"
    assert snapshot() == before


def test_an_editors_edit_survives_a_rerun(capsys):
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.title = "Knead gently"
    step.instruction = "An editor's own words."
    step.save()
    Guide.objects.update(massage_intro="Edited introduction.")
    run(capsys)
    step.refresh_from_db()
    assert (step.title, step.instruction, step.version) == (
        "Knead gently",
        "An editor's own words.",
        2,
    )
    assert Guide.objects.get().massage_intro == "Edited introduction."


def test_a_renamed_or_deleted_item_is_not_brought_back(capsys):
    step = MassageStep.objects.get(slug="knead-the-calf")
    step.slug = "knead-gently"
    step.save()
    Cause.objects.get(slug="hyperpronation").delete()
    EditorNote.objects.filter(content_type__model="cause").delete()  # an editor settled them
    assert "Nothing to add" in run(capsys)
    assert not MassageStep.objects.filter(slug="knead-the-calf").exists()
    assert not Cause.objects.filter(slug="hyperpronation").exists()
    assert not EditorNote.objects.filter(content_type__model="cause").exists()


def test_a_deleted_guide_text_or_item_stays_deleted_because_its_versions_remain(capsys):
    # Its row and its old addresses gone, only its versions (and the audit log) remember it.
    Guide.objects.all().delete()
    MassageStep.objects.get(slug="knead-the-calf").delete()
    SlugRedirect.objects.all().delete()
    assert "Nothing to add" in run(capsys)
    assert not Guide.objects.exists()
    assert not MassageStep.objects.filter(slug="knead-the-calf").exists()


def test_links_between_causes_name_the_page_and_load_as_its_address():
    files = [path for path in CONTENT_DIR.rglob("*.md") if path.name != "README.md"]
    assert "/causes/" not in "".join(path.read_text() for path in files)
    assert "[Know the signs of a clot](/causes/deep-vein-thrombosis/)" in (
        Cause.objects.get(slug="dehydration").related
    )
    assert "[Read about dehydration](/causes/dehydration/)" in (
        Cause.objects.get(slug="deep-vein-thrombosis").related
    )


def test_a_mistake_in_a_content_file_names_the_file(tmp_path):
    (tmp_path / "causes").mkdir()
    (tmp_path / "guide.md").write_text("---\ntitle: Guide\ndescription: D\n---\n")
    (tmp_path / "causes" / "01-new-cause.md").write_text("---\ntitel: Typo\n---\nBody.\n")
    with pytest.raises(Exception, match=r"01-new-cause\.md: Cause has no field 'titel'"):
        load(tmp_path)
    assert not Cause.objects.filter(slug="new-cause").exists()


def test_the_command_reports_a_bad_file_as_an_error(monkeypatch, tmp_path):
    (tmp_path / "causes").mkdir()
    (tmp_path / "causes" / "new-cause.md").write_text("---\ntitle: T\n---\n")
    monkeypatch.setattr("articles.initial_content.CONTENT_DIR", tmp_path)
    with pytest.raises(CommandError, match="name it like 01-some-slug.md"):
        call_command("load_initial_content")


def write_item(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


GUIDE_FILE = "---\ntitle: Guide\ndescription: D\n---\n\n--- introduction ---\nHello.\n"


def test_a_correction_is_version_2_with_its_change_note_and_version_1_keeps_the_seed(tmp_path):
    empty_the_database()
    write_item(tmp_path, "guide.md", GUIDE_FILE)
    write_item(tmp_path / "causes", "01-new-cause.md", "---\ntitle: T\nsummary: S\n---\nThigh.\n")
    write_item(
        tmp_path / "corrected" / "causes",
        "01-new-cause.md",
        "---\nchange note: We corrected thigh to calf.\n---\nCalf.\n",
    )
    load(tmp_path)
    cause = Cause.objects.get(slug="new-cause")
    assert (cause.body, cause.title, cause.version) == ("Calf.", "T", 2)
    first, second = workflow.revisions_of(cause).order_by("number")
    assert first.content["body"] == "Thigh."
    assert (second.status, second.change_note) == ("published", "We corrected thigh to calf.")


@pytest.mark.parametrize("note", ["", "change note: Fixed a slip.\n"])
def test_a_correction_without_a_we_corrected_change_note_is_refused(tmp_path, note):
    empty_the_database()
    write_item(tmp_path, "guide.md", GUIDE_FILE)
    write_item(tmp_path / "corrected", "guide.md", f"---\n{note}---\n\n--- introduction ---\nHi.\n")
    with pytest.raises(Exception, match=r"guide\.md: a correction needs a `change note:` line"):
        load(tmp_path)
    assert not Guide.objects.exists()


def test_every_correction_file_corrects_an_item_that_exists():
    """A file under content/corrected/ with no item of the same name would never load."""
    for path in (CONTENT_DIR / "corrected").rglob("*.md"):
        assert (CONTENT_DIR / path.relative_to(CONTENT_DIR / "corrected")).exists(), path


def older_site(tmp_path):
    """A site loaded before content/corrected/ had a correction for the new cause."""
    empty_the_database()
    write_item(tmp_path, "guide.md", GUIDE_FILE)
    write_item(tmp_path / "causes", "01-new-cause.md", "---\ntitle: T\nsummary: S\n---\nThigh.\n")
    load(tmp_path)
    write_item(
        tmp_path / "corrected" / "causes",
        "01-new-cause.md",
        "---\nchange note: We corrected thigh to calf.\n---\nCalf.\n",
    )
    return Cause.objects.get(slug="new-cause")


def test_a_site_loaded_before_a_correction_gets_it_where_nobody_changed_the_item(tmp_path):
    cause = older_site(tmp_path)
    added, corrections = load(tmp_path)
    assert added == []
    assert corrections == [
        "Published the correction to cause “T” (content/corrected/): nobody had changed it."
    ]
    cause.refresh_from_db()
    assert (cause.body, cause.version) == ("Calf.", 2)
    second = workflow.revisions_of(cause).get(number=2)
    assert second.change_note == "We corrected thigh to calf."
    assert load(tmp_path) == ([], []), "a second run publishes nothing again"


def test_a_correction_never_overwrites_an_editors_change(tmp_path, make_editor):
    cause = older_site(tmp_path)
    cause.body = "Thigh, said more plainly."
    workflow.save_draft(cause, make_editor("ann", "Ann", "Author"))
    _added, corrections = load(tmp_path)
    assert corrections == [
        "Left cause “T” to its editors: they have changed it, so the correction in "
        "causes/01-new-cause.md is theirs to make."
    ]
    cause.refresh_from_db()
    assert (cause.body, cause.version) == ("Thigh.", 1), "readers keep the live text"
    assert workflow.pending(cause).content["body"] == "Thigh, said more plainly."


def test_the_command_says_which_corrections_it_published(monkeypatch, tmp_path, capsys):
    older_site(tmp_path)
    monkeypatch.setattr("articles.initial_content.CONTENT_DIR", tmp_path)
    call_command("load_initial_content")
    out = capsys.readouterr().out
    assert "Published the correction to cause “T” (content/corrected/)" in out
    assert "Nothing to add" in out


def test_a_site_loaded_before_the_guide_had_a_summary_gets_the_corrected_one(capsys):
    """Versions saved before a box existed do not hold it: the box was empty then, not changed
    by a person, so the correction that fills it still reaches the site (issue 25's summary)."""
    guide = Guide.load()
    versions = workflow.revisions_of(guide)
    for version in versions:
        version.content.pop("summary", None)
        version.save(update_fields=["content"])
    Guide.objects.update(summary="")
    out = run(capsys)
    assert "Published the correction to guide text" in out
    guide.refresh_from_db()
    assert guide.summary.startswith("A sore calf muscle is usually due to strain or tightness")
    assert workflow.revisions_of(guide).get(number=guide.version).content["summary"]
