"""The JSON-LD every page carries, parsed as a crawler would and checked against the schema.org
ranges of the properties it uses: who publishes the page, its dates, breadcrumbs, citations,
stable @ids, and the clot warning in the massage's descriptions."""

from datetime import datetime, timedelta

import pytest
from django.db.models import F

from articles.models import CONTENT_MODELS, Cause, Guide, MassageStep, SafetyText
from articles.page_meta import CLOT_WARNING, DESCRIPTION_LIMIT
from tests.test_queries import PAGES
from tests.test_sharing import read

pytestmark = pytest.mark.django_db

# Every kind of public page, as the query-count test lists them.

# schema.org's expected types for the properties the site uses: a node's @type, or str for
# Text, URL and dates. A value outside its range is what a validator reports as an error.
TEXT = str
RANGES = {
    "name": {TEXT},
    "description": {TEXT},
    "url": {TEXT},
    "inLanguage": {TEXT},
    "isPartOf": {"WebSite", "CreativeWork"},
    "publisher": {"Organization", "Person"},
    "lastReviewed": {TEXT},
    "reviewedBy": {"Organization", "Person"},
    "jobTitle": {TEXT},
    "datePublished": {TEXT},
    "dateModified": {TEXT},
    "breadcrumb": {"BreadcrumbList"},
    "itemListElement": {"ListItem"},
    "item": {TEXT},
    "position": {int},
    "citation": {"CreativeWork", TEXT},
    "mainEntity": {"HowTo", "HowToStep", "MedicalCondition"},
    "step": {"HowToStep"},
    "text": {TEXT},
    "alternateName": {TEXT},
    "signOrSymptom": {"MedicalSignOrSymptom"},
    "possibleComplication": {TEXT},
    "riskFactor": {"MedicalRiskFactor"},
}


def range_errors(node, path="$"):
    """Every property whose value is outside its schema.org range, as "path: problem"."""
    errors = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in RANGES:
            errors.append(f"{path}.{key}: not a property this check knows")
            continue
        for index, each in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{index}]"
            if isinstance(each, dict):
                kind = each.get("@type")
                if kind is None and set(each) == {"@id"}:
                    continue  # a reference to a node described elsewhere
                if kind not in RANGES[key]:
                    errors.append(f"{where}: a {kind}, expected {RANGES[key]}")
                errors.extend(range_errors(each, where))
            elif type(each) not in RANGES[key]:
                errors.append(f"{where}: {type(each).__name__}, expected {RANGES[key]}")
    return errors


def json_ld(client, path):
    (data,) = read(client.get(path)).json_ld
    return data


@pytest.mark.parametrize("path", PAGES)
def test_every_pages_json_ld_keeps_to_schema_org_ranges(client, path):
    data = json_ld(client, path)
    assert data["@type"] == "MedicalWebPage"
    assert range_errors(data) == []


def test_the_checker_catches_a_complication_given_as_a_node():
    bad = {"possibleComplication": {"@type": "MedicalCondition", "name": "Pulmonary embolism"}}
    assert range_errors(bad) == [
        "$.possibleComplication[0]: a MedicalCondition, expected {<class 'str'>}"
    ]


def test_the_dvt_pages_complication_is_text_naming_the_emergency(client):
    condition = json_ld(client, "/causes/deep-vein-thrombosis/")["mainEntity"]
    complication = condition["possibleComplication"]
    assert complication.startswith("Pulmonary embolism: a clot that has travelled to the lungs.")
    assert "Call 999 now if:" in complication


def test_the_dvt_pages_risk_factors_are_the_corrected_texts_list(client):
    condition = json_ld(client, "/causes/deep-vein-thrombosis/")["mainEntity"]
    factors = [factor["name"] for factor in condition["riskFactor"]]
    assert len(factors) == 7
    assert "have had a clot before, or have cancer or cancer treatment" in factors
    assert "are dehydrated" in factors
    assert not any("pulmonary disease" in factor for factor in factors)
    assert "pulmonary disease" not in condition["description"]
    assert condition["description"].startswith("Deep vein thrombosis (DVT) is a blood clot")
    assert "Clots are rare in young, healthy people." in condition["description"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_names_its_publisher_and_the_site_with_stable_ids(client, path, settings):
    settings.SITE_PUBLISHER = "Calf Health Trust"
    data = json_ld(client, path)
    assert data["@id"] == f"http://testserver{path}#webpage"
    assert data["publisher"] == {
        "@type": "Organization",
        "@id": "http://testserver/#publisher",
        "name": "Calf Health Trust",
    }
    assert data["isPartOf"]["@id"] == "http://testserver/#website"
    assert data["isPartOf"]["publisher"] == {"@id": "http://testserver/#publisher"}


def test_ids_use_the_public_address_when_one_is_set(client, settings):
    settings.SITE_URL = "https://calfcare.example"
    data = json_ld(client, "/massage/")
    assert data["@id"] == "https://calfcare.example/massage/#webpage"
    assert data["mainEntity"]["@id"] == "https://calfcare.example/massage/#how-to"
    assert data["mainEntity"]["step"][2]["@id"] == (
        "https://calfcare.example/massage/knead-the-calf/#step"
    )
    assert data["publisher"]["@id"] == "https://calfcare.example/#publisher"


def test_the_publisher_defaults_to_the_sites_editors(client):
    assert json_ld(client, "/")["publisher"]["name"] == "the calfcare editors"


def test_a_step_page_has_breadcrumbs_from_the_front_page(client):
    crumbs = json_ld(client, "/massage/knead-the-calf/")["breadcrumb"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [
        (each["position"], each["name"], each["item"]) for each in crumbs["itemListElement"]
    ] == [
        (1, Guide.load().title, "http://testserver/"),
        (2, "How to massage a sore calf", "http://testserver/massage/"),
        (3, "Step 3: Knead the calf", "http://testserver/massage/knead-the-calf/"),
    ]


def test_a_cause_and_the_cramp_page_have_breadcrumbs_too(client):
    cause = json_ld(client, "/causes/dehydration/")["breadcrumb"]["itemListElement"]
    assert [each["item"] for each in cause] == [
        "http://testserver/",
        "http://testserver/causes/",
        "http://testserver/causes/dehydration/",
    ]
    assert cause[-1]["name"] == Cause.objects.get(slug="dehydration").title
    cramp = json_ld(client, "/cramp-or-clot/")["breadcrumb"]["itemListElement"]
    assert [each["name"] for each in cramp] == [Guide.load().title, "Cramp or blood clot?"]
    assert "breadcrumb" not in json_ld(client, "/"), "the front page is the start of the trail"


def an_hour_ago():
    """Every row last changed an hour ago, so a change now moves the date (dates are to the
    second) however fast the test runs."""
    for model in CONTENT_MODELS:
        earlier = {"updated_at": F("updated_at") - timedelta(hours=1)}
        if any(field.name == "created_at" for field in model._meta.fields):
            earlier["created_at"] = F("created_at") - timedelta(hours=1)
        model.objects.update(**earlier)


def test_dates_are_iso_and_modified_follows_the_newest_change_on_the_page(client):
    an_hour_ago()
    before = json_ld(client, "/massage/knead-the-calf/")
    published = datetime.fromisoformat(before["datePublished"])
    modified = datetime.fromisoformat(before["dateModified"])
    assert published <= modified
    step = MassageStep.objects.get(slug="find-the-knots")  # a neighbour: its title shows here
    step.title = "Find the knots gently"
    step.save()
    after = json_ld(client, "/massage/knead-the-calf/")
    assert datetime.fromisoformat(after["dateModified"]) > modified
    assert after["datePublished"] == before["datePublished"]


def test_a_safety_text_change_moves_the_pages_that_show_it(client):
    an_hour_ago()
    before = json_ld(client, "/cramp-or-clot/")["dateModified"]
    text = SafetyText.objects.get(kind=SafetyText.Kind.CRAMP_OR_CLOT)
    text.save()
    assert json_ld(client, "/cramp-or-clot/")["dateModified"] > before


def test_citations_come_from_the_sources_of_everything_on_the_page(client):
    Cause.objects.filter(slug="deep-vein-thrombosis").update(
        sources="NHS: DVT (deep vein thrombosis) | "
        "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/ | 2026-12-01"
    )
    SafetyText.objects.filter(kind=SafetyText.Kind.URGENT_CARD).update(
        sources="NHS inform: Deep vein thrombosis | https://www.nhsinform.scot/illnesses-and-"
        "conditions/blood-and-lymph/deep-vein-thrombosis/ | 2026-12-01\n"
        "NHS: DVT (deep vein thrombosis) | "
        "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/ | 2026-12-01"
    )
    data = json_ld(client, "/causes/deep-vein-thrombosis/")
    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "DVT (deep vein thrombosis)",
            "url": "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
            "publisher": {"@type": "Organization", "name": "NHS"},
        },
        {
            "@type": "CreativeWork",
            "name": "Deep vein thrombosis",
            "url": "https://www.nhsinform.scot/illnesses-and-conditions/blood-and-lymph/"
            "deep-vein-thrombosis/",
            "publisher": {"@type": "Organization", "name": "NHS inform"},
        },
    ]
    names = [work["name"] for work in json_ld(client, "/causes/dehydration/")["citation"]]
    assert "Blood clots" in names and "Deep vein thrombosis" not in names


def test_the_how_to_description_carries_the_clot_warning(client):
    how_to = json_ld(client, "/massage/")["mainEntity"]
    assert how_to["description"].endswith(CLOT_WARNING)
    assert len(how_to["description"]) <= 300


def test_every_steps_link_preview_carries_the_clot_warning(client):
    steps = list(MassageStep.objects.published())
    for number, step in enumerate(steps, start=1):
        response = client.get(step.get_absolute_url())
        meta = read(response).meta
        for description in (meta["og:description"], meta["description"]):
            # Where it is in the routine, then the warning, then what the step says (issue 25).
            lead = f"Step {number} of {len(steps)}. {CLOT_WARNING} "
            assert description.startswith(lead)
            assert step.summary.startswith(description.removeprefix(lead).removesuffix("…"))
            assert len(description) <= DESCRIPTION_LIMIT
        assert json_ld(client, step.get_absolute_url())["description"] == description


def test_a_long_summary_is_shortened_at_a_word_so_the_warning_survives(client):
    # As long as the box allows (200 characters): with the warning, too long for a preview.
    MassageStep.objects.filter(slug="knead-the-calf").update(summary=("Knead gently " * 16)[:200])
    meta = read(client.get("/massage/knead-the-calf/")).meta
    assert len(meta["og:description"]) <= DESCRIPTION_LIMIT
    assert meta["og:description"].startswith(f"Step 3 of 6. {CLOT_WARNING} Knead gently")
    assert meta["og:description"].endswith(" Knead gently Knead…")
