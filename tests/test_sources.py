"""Readers see what each item rests on, as "Sources" at the end of the page; editors write them
one per line in a box every content form has. Beside each, "checked <date>" only from a check
someone recorded (articles.source_checks); otherwise "not checked yet", whatever date was typed."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import strip_tags

from articles import source_checks
from articles.models import AftercareNote, Cause, Guide, MassageStep, SourceCheck
from articles.sources import parse_sources
from tests.factories import CauseFactory, MassageStepFactory
from tools.admin_forms import admin_url, save_in_admin

pytestmark = pytest.mark.django_db

NHS_DVT = (
    "NHS: DVT (deep vein thrombosis) | https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/"
    " | 2026-12-02"
)
NHS_CLOTS = "NHS: Blood clots | https://www.nhs.uk/conditions/blood-clots/ | 2026-12-02"
NHS_INFORM_DVT = (
    "NHS inform: Deep vein thrombosis | https://www.nhsinform.scot/illnesses-and-conditions/"
    "blood-and-lymph/deep-vein-thrombosis/ | 2026-12-02"
)
NHS_CRAMPS = "NHS: Leg cramps | https://www.nhs.uk/conditions/leg-cramps/ | 2026-12-02"
NHS_SPRAINS = (
    "NHS: Sprains and strains | https://www.nhs.uk/conditions/sprains-and-strains/ | 2026-12-01"
)


def sources_section(response):
    """The "Sources" section of a page, as HTML; None if the page has none."""
    html = response.content.decode()
    found = re.search(r'<section class="sources".*?</section>', html, re.DOTALL)
    return found[0] if found else None


def cited(response):
    """(link text, address, the words after the link and its comma) for each source listed."""
    section = sources_section(response) or ""
    return [
        (text.strip(), url, re.sub(r"\s+", " ", strip_tags(after)).strip().removeprefix(", "))
        for url, text, after in re.findall(
            r'<li class="sources__item"><a href="([^"]+)"[^>]*>(.*?)</a>(.*?)</li>',
            section,
            re.DOTALL,
        )
    ]


def record_check(line, user):
    """`user` pressed "I checked this source today" for the source on this line."""
    return source_checks.record(parse_sources(line)[0], user)


def today_in_words():
    return format_date(timezone.localdate(), "j F Y")


def test_the_dvt_page_lists_its_nhs_sources_not_checked_yet_on_a_fresh_install(client):
    # The starting content types 2 December 2026 beside each; nobody opened the pages.
    response = client.get("/causes/deep-vein-thrombosis/")
    section = sources_section(response)
    assert section is not None
    assert re.search(r'<section class="sources" aria-labelledby="sources-heading">', section)
    assert re.search(r'<h2 class="sources__heading" id="sources-heading">Sources</h2>', section)
    assert cited(response) == [
        (
            "NHS: DVT (deep vein thrombosis)",
            "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
            "not checked yet",
        ),
        ("NHS: Blood clots", "https://www.nhs.uk/conditions/blood-clots/", "not checked yet"),
        (
            "NHS inform: Deep vein thrombosis",
            "https://www.nhsinform.scot/illnesses-and-conditions/blood-and-lymph/"
            "deep-vein-thrombosis/",
            "not checked yet",
        ),
    ]
    assert "2 December 2026" not in response.content.decode()


def test_a_recorded_check_shows_its_day_beside_that_source_only(client, editor):
    record_check(NHS_CLOTS, editor)
    response = client.get("/causes/deep-vein-thrombosis/")
    assert [after for _, _, after in cited(response)] == [
        "not checked yet",
        f"checked {today_in_words()}",
        "not checked yet",
    ]


def test_the_last_of_several_checks_is_the_one_readers_see(client, editor, make_editor):
    first = record_check(NHS_CLOTS, editor)
    SourceCheck.objects.filter(pk=first.pk).update(checked_at=timezone.now() - timedelta(days=40))
    record_check(NHS_CLOTS, make_editor("sam", "Sam", "Second"))
    response = client.get("/causes/dehydration/")
    assert ("NHS: Blood clots", "https://www.nhs.uk/conditions/blood-clots/") + (
        f"checked {today_in_words()}",
    ) in cited(response)


def test_sources_come_at_the_end_of_the_page_content(client):
    html = client.get("/causes/deep-vein-thrombosis/").content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    assert article.index('class="sources"') > article.index("Cramp or blood clot? How to tell")


def test_the_starting_content_cites_the_nhs_pages_its_facts_come_from():
    expected = {
        Cause.objects.get(slug="deep-vein-thrombosis"): [NHS_DVT, NHS_CLOTS, NHS_INFORM_DVT],
        Cause.objects.get(slug="charley-horse"): [NHS_CRAMPS],
        Cause.objects.get(slug="dehydration"): [NHS_CLOTS],
        Guide.load(): [NHS_DVT],
    }
    for item, lines in expected.items():
        assert item.sources.splitlines() == lines, item
        assert [source.url for source in item.source_list] == [
            line.split(" | ")[1] for line in lines
        ]
    others = [
        *Cause.objects.exclude(pk__in=[item.pk for item in expected if isinstance(item, Cause)]),
        *MassageStep.objects.all(),
        *AftercareNote.objects.all(),
    ]
    assert others
    assert [item for item in others if item.sources] == []


def test_a_page_whose_items_cite_nothing_lists_only_the_warnings_source(client):
    # The clot warning on every page rests on the NHS DVT page (the guide text cites it).
    response = client.get("/causes/hyperpronation/")
    assert response.status_code == 200
    assert [text for text, _, _ in cited(response)] == ["NHS: DVT (deep vein thrombosis)"]


def test_step_one_lists_the_steps_own_sources_first_then_its_notice_and_warning(client):
    MassageStep.objects.filter(slug="bare-the-leg").update(sources=NHS_SPRAINS)
    response = client.get("/massage/bare-the-leg/")
    assert cited(response) == [
        # The step's own, also the notice's: listed once.
        (
            "NHS: Sprains and strains",
            "https://www.nhs.uk/conditions/sprains-and-strains/",
            "not checked yet",
        ),
        (
            "NHS: Achilles tendon rupture",
            "https://www.nhs.uk/conditions/achilles-tendon-rupture/",
            "not checked yet",
        ),
        (
            "NHS: DVT (deep vein thrombosis)",
            "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
            "not checked yet",
        ),
    ]


def test_a_later_step_lists_its_own_sources_then_the_warnings_not_the_notice_it_links_to(client):
    MassageStepFactory(slug="ice-the-calf", sources=NHS_SPRAINS)
    response = client.get("/massage/ice-the-calf/")
    assert [text for text, _, _ in cited(response)] == [
        "NHS: Sprains and strains",
        "NHS: DVT (deep vein thrombosis)",
    ]


def test_the_massage_page_lists_the_guide_text_and_steps_sources_once_each(client):
    MassageStepFactory(sources=NHS_SPRAINS)
    MassageStepFactory(sources=f"{NHS_SPRAINS}\n{NHS_DVT}")
    response = client.get("/massage/")
    assert [text for text, _, _ in cited(response)] == [
        "NHS: Sprains and strains",  # the steps'
        "NHS: DVT (deep vein thrombosis)",
        "NHS inform: Deep vein thrombosis",  # the care cards'
        "NHS: Achilles tendon rupture",  # the notice before the first step
    ]


def test_the_home_page_lists_the_guide_texts_source_not_those_of_the_parts_it_links_to(client):
    MassageStepFactory(sources=NHS_CLOTS)
    response = client.get("/")
    assert [text for text, _, _ in cited(response)] == ["NHS: DVT (deep vein thrombosis)"]


def test_the_causes_list_lists_the_causes_sources_once_each(client):
    response = client.get("/causes/")
    assert [text for text, _, _ in cited(response)] == [
        "NHS: Blood clots",
        "NHS: Leg cramps",
        "NHS: DVT (deep vein thrombosis)",
        "NHS inform: Deep vein thrombosis",
    ]


def test_a_date_typed_beside_a_source_is_never_shown_as_a_check(client):
    CauseFactory(sources=NHS_CLOTS.replace("2026-12-02", "2026-11-20"))
    response = client.get("/causes/")
    assert (
        "NHS: Blood clots",
        "https://www.nhs.uk/conditions/blood-clots/",
        "not checked yet",
    ) in cited(response)
    html = response.content.decode()
    assert "20 November 2026" not in html
    assert "2 December 2026" not in html


def test_a_check_is_of_the_address_whichever_item_cites_it(client, editor):
    # Two items cite one address, with different typed dates: one check covers both.
    CauseFactory(sources=NHS_CLOTS.replace("2026-12-02", "2026-11-20"))
    record_check(NHS_CLOTS, editor)
    response = client.get("/causes/")
    shown = [entry for entry in cited(response) if entry[0] == "NHS: Blood clots"]
    assert shown == [
        (
            "NHS: Blood clots",
            "https://www.nhs.uk/conditions/blood-clots/",
            f"checked {today_in_words()}",
        )
    ]


def test_sources_saved_without_the_check_never_reach_the_page(client):
    # Written in a shell, past the form's check: nothing that is not a web address is linked.
    Cause.objects.filter(slug="hyperpronation").update(
        sources="Evil: Script | javascript:alert(1) | 2026-12-01"
    )
    response = client.get("/causes/hyperpronation/")
    assert "Evil" not in response.content.decode()
    assert "javascript:" not in response.content.decode()


def test_showing_sources_and_their_checks_costs_the_same_however_many_are_cited(client):
    def queries_for(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    cited_pages = {path: queries_for(path) for path in ("/", "/causes/", "/massage/")}
    # One source each instead of several: a page that cites nothing skips the checks' query.
    one = "NHS: Blood clots | https://www.nhs.uk/conditions/blood-clots/ | 2026-12-02"
    for model in (Cause, MassageStep, AftercareNote, Guide):
        model.objects.update(sources=one)
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    assert {path: queries_for(path) for path in cited_pages} == cited_pages


@pytest.mark.parametrize(
    "item",
    [
        lambda: Cause.objects.get(slug="dehydration"),
        lambda: MassageStep.objects.get(slug="knead-the-calf"),
        lambda: AftercareNote.objects.first(),
        lambda: Guide.load(),
    ],
    ids=["cause", "step", "aftercare note", "guide text"],
)
def test_every_content_form_has_the_sources_box_with_its_help(admin_client, item):
    html = admin_client.get(admin_url(item())).content.decode()
    assert re.search(r'<textarea name="sources"[^>]*id="id_sources"', html)
    assert "One source per line: Publisher: Title | https://address | date checked" in html


def test_a_badly_written_source_is_refused_with_a_message_an_editor_understands(admin_client):
    cause = Cause.objects.get(slug="hyperpronation")
    response = save_in_admin(
        admin_client, cause, sources="NHS Leg cramps https://www.nhs.uk/conditions/leg-cramps/"
    )
    assert response.status_code == 200
    assert "Line 1 is not in the form “Publisher: Title | address | date”." in (
        response.content.decode()
    )
    cause.refresh_from_db()
    assert cause.sources == ""


def test_a_content_file_cites_one_source_a_line_of_its_front_matter(tmp_path):
    from articles.initial_content import read

    path = tmp_path / "01-cramp.md"
    path.write_text(f"---\ntitle: Cramp\nsources: {NHS_CRAMPS}\nsources: {NHS_CLOTS}\n---\nBody.\n")
    assert read(path, "body").fields["sources"] == f"{NHS_CRAMPS}\n{NHS_CLOTS}"


def test_a_badly_written_source_in_a_content_file_names_the_file(tmp_path):
    from articles.initial_content import ContentError, build, read

    path = tmp_path / "01-cramp.md"
    path.write_text("---\ntitle: Cramp\nsummary: S.\nsources: NHS Leg cramps\n---\nBody.\n")
    with pytest.raises(ContentError, match=r"01-cramp\.md.*Line 1 is not in the form"):
        build(Cause, read(path, "body"), slug="cramp")
