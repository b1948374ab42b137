"""Who publishes the guide: About, Privacy, Accessibility and Contact, linked from every footer.

Each page has built-in wording until an editor's text is published through the review workflow,
and what the Privacy page promises is checked against what the site really does.
"""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.models import InfoPage
from articles.views import unavailable_page
from feedback.models import Feedback
from publishing import workflow
from tests.site_pages import READER_PAGES, fetch
from tools.admin_forms import admin_url, save_in_admin

pytestmark = pytest.mark.django_db

PAGES = {
    # kind: (address, its heading, words only its built-in wording says)
    "about": ("/about/", "About this guide", "This guide is published by the calfcare editors."),
    "privacy": ("/privacy/", "Privacy", "This site gives you no cookies."),
    "accessibility": ("/accessibility/", "Accessibility statement", "WCAG 2.2"),
    "contact": ("/contact/", "Contact", "This site is not a medical service."),
}
FOOTER_LINKS = [
    ("/about/", "About this guide"),
    ("/privacy/", "Privacy"),
    ("/accessibility/", "Accessibility"),
    ("/contact/", "Contact"),
]


def footer(html):
    return html[html.index('<footer class="site-footer">') :]


def folded(html):
    return re.sub(r"\s+", " ", html)


def links_to(html, path, label):
    return re.search(rf'<a [^>]*href="{re.escape(path)}"[^>]*>{re.escape(label)}</a>', html)


def heading(html):
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


@pytest.mark.parametrize("kind", PAGES)
def test_each_page_has_its_address_from_its_kind(kind):
    path = PAGES[kind][0]
    assert reverse("articles:info-page", kwargs={"kind": kind}) == path
    assert resolve(path).kwargs == {"kind": kind}
    assert InfoPage.load(kind).get_absolute_url() == path


def test_other_words_are_not_information_pages(client):
    assert client.get("/imprint/").status_code == 404


@pytest.mark.parametrize("kind", PAGES)
def test_a_fresh_install_shows_each_page_in_its_built_in_wording(client, text, kind):
    path, title, words = PAGES[kind]
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert heading(html) == title
    assert words in text(response)
    assert f"<title>{title} – calfcare</title>" in html
    assert re.search(r'<meta name="description" content="[^"]{30,}">', html)
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert 'id="dvt-warning"' in html[: html.index("<main")]


def test_each_page_has_its_own_description(client):
    descriptions = {
        re.search(r'<meta name="description" content="(.*?)">', client.get(path).text).group(1)
        for path, _, _ in PAGES.values()
    }
    assert len(descriptions) == len(PAGES)


@pytest.mark.parametrize("kind", PAGES)
def test_an_editors_published_text_replaces_the_built_in_wording(
    kind, editor_client, reader, text, publish
):
    path, _, built_in = PAGES[kind]
    page = InfoPage.load(kind)
    save_in_admin(editor_client, page, title="Our own page", body="We wrote **this** ourselves.")
    publish(page)
    response = reader.get(path)
    assert heading(response.text) == "Our own page"
    assert "<strong>this</strong>" in response.text
    assert built_in not in text(response)


def test_an_editors_draft_is_not_shown_to_readers(editor_client, reader, text):
    page = InfoPage.load("about")
    response = save_in_admin(editor_client, page, body="A draft nobody checked yet.")
    assert response.status_code == 302
    assert workflow.pending(page) is not None
    shown = text(reader.get("/about/"))
    assert "A draft nobody checked yet." not in shown
    assert PAGES["about"][2] in shown


def test_staff_can_preview_a_draft_at_the_pages_address(editor_client, reader, text):
    page = InfoPage.load("privacy")
    save_in_admin(editor_client, page, body="Previewed privacy words.")
    draft = workflow.pending(page)
    assert "Previewed privacy words." in text(editor_client.get(f"/privacy/?version={draft.pk}"))
    assert "Previewed privacy words." not in text(reader.get(f"/privacy/?version={draft.pk}"))


def test_an_editors_text_goes_through_the_markdown_sanitiser(editor_client, reader, publish):
    page = InfoPage.load("contact")
    save_in_admin(editor_client, page, body='Hello <script>alert("x")</script> there')
    publish(page)
    html = reader.get("/contact/").text
    assert "Hello" in html
    assert 'alert("x")' not in html and "<script>alert" not in html


def test_the_admin_edits_the_four_pages_but_never_adds_or_deletes_one(admin_client):
    page = InfoPage.load("about")
    assert admin_client.get("/admin/articles/infopage/").status_code == 200
    assert admin_client.get(admin_url(page)).status_code == 200
    assert admin_client.get("/admin/articles/infopage/add/").status_code == 403
    assert admin_client.get(admin_url(page, "delete")).status_code == 403


# The footer ------------------------------------------------------------------------------------


@pytest.mark.parametrize("site_page", READER_PAGES, ids=lambda page: page.name)
def test_every_page_footer_links_the_information_pages_and_names_the_publisher(site_page, client):
    response = fetch(site_page, client)
    assert response.status_code == site_page.status
    bottom = folded(footer(response.content.decode()))
    for path, label in FOOTER_LINKS:
        assert links_to(bottom, path, label), (path, bottom)
    assert "Published by the calfcare editors." in bottom
    # What the footer said before stays.
    assert "This guide gives general information, not a diagnosis." in bottom
    assert "In an emergency call 999." in bottom


def test_the_publisher_is_a_setting(client, settings, text):
    settings.SITE_PUBLISHER = "the Example Health Trust"
    assert "Published by the Example Health Trust." in text(client.get("/cramp-or-clot/"))
    assert "published by the Example Health Trust" in text(client.get("/about/"))


def settings_value(name, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="calfcare.settings", DJANGO_SECRET_KEY="k" * 50)
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[1],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_publisher_follows_the_site_name_unless_set():
    assert settings_value("SITE_PUBLISHER", DJANGO_SITE_NAME="Leg & Co") == "the Leg & Co editors"
    assert settings_value("SITE_PUBLISHER", DJANGO_SITE_PUBLISHER="Example NHS Trust") == (
        "Example NHS Trust"
    )


def test_the_unavailable_page_footer_needs_no_database(django_db_blocker):
    with django_db_blocker.block():
        html = folded(unavailable_page().decode())
    for path, label in FOOTER_LINKS:
        assert links_to(html, path, label)
    assert "Published by the calfcare editors." in html


@pytest.mark.parametrize("kind", PAGES)
def test_the_sitemap_lists_each_page(client, kind):
    assert f"<loc>http://testserver{PAGES[kind][0]}</loc>" in client.get("/sitemap.xml").text


# What the Privacy page promises ----------------------------------------------------------------


@pytest.mark.parametrize("site_page", READER_PAGES, ids=lambda page: page.name)
def test_no_reader_is_given_a_cookie_on_any_page(site_page):
    response = fetch(site_page, Client())
    assert not response.cookies, f"{site_page.path} set {list(response.cookies)}"
    assert "Set-Cookie" not in response.headers


def test_a_reader_sending_feedback_is_given_no_cookie(client):
    response = client.post(
        "/feedback/", {"page": "/", "helpful": "yes"}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 303
    assert not response.cookies


def test_feedback_keeps_exactly_what_the_privacy_page_says(client, text):
    client.post(
        "/feedback/",
        {"page": "/privacy/", "helpful": "no", "comment": "Say more."},
        headers={"Origin": "http://testserver", "User-Agent": "ReaderBrowser/1.0"},
        REMOTE_ADDR="203.0.113.9",
    )
    kept = Feedback.objects.values().get()
    # The page's address and title, yes or no, the comment, and when: nothing about who.
    assert set(kept) == {"id", "page_path", "page_title", "helpful", "comment", "created_at"}
    assert "203.0.113.9" not in str(kept) and "ReaderBrowser" not in str(kept)
    privacy = text(client.get("/privacy/"))
    for said in [
        "which page you were on",
        "whether you said yes or no",
        "what you wrote in the box",
        "the date and time",
        "We do not keep your name, your email address or your internet address",
        "We delete feedback after a year.",
    ]:
        assert said in privacy


def test_the_privacy_page_says_how_long_feedback_is_kept_as_set(client, settings, text):
    settings.FEEDBACK_KEEP_DAYS = 90
    assert "We delete feedback after 90 days." in text(client.get("/privacy/"))


def test_feedback_can_be_sent_from_an_information_page(client):
    response = client.post(
        "/feedback/", {"page": "/about/", "helpful": "yes"}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 303
    assert Feedback.objects.get().page_title == "About this guide"


def make_feedback(days_old):
    answer = Feedback.objects.create(page_path="/", page_title="Guide", helpful=True)
    Feedback.objects.filter(pk=answer.pk).update(
        created_at=timezone.now() - timedelta(days=days_old)
    )
    return answer


def test_purge_feedback_deletes_only_feedback_older_than_the_setting(settings, capsys):
    settings.FEEDBACK_KEEP_DAYS = 30
    old, older = make_feedback(31), make_feedback(400)
    recent, today = make_feedback(29), make_feedback(0)
    call_command("purge_feedback")
    assert set(Feedback.objects.values_list("pk", flat=True)) == {recent.pk, today.pk}
    assert not Feedback.objects.filter(pk__in=[old.pk, older.pk]).exists()
    assert "Deleted 2 feedback answers older than 30 days." in capsys.readouterr().out


def test_purge_feedback_keeps_a_year_by_default(capsys):
    kept, gone = make_feedback(364), make_feedback(366)
    call_command("purge_feedback")
    assert list(Feedback.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Feedback.objects.filter(pk=gone.pk).exists()


# The Contact and About pages -------------------------------------------------------------------


def test_the_contact_page_shows_the_email_address_only_when_one_is_set(client, settings, text):
    settings.CONTACT_EMAIL = ""
    without = client.get("/contact/").text
    assert "mailto:" not in without
    assert "Was this page helpful?" in without
    settings.CONTACT_EMAIL = "editors@calfcare.example"
    with_email = client.get("/contact/").text
    assert '<a href="mailto:editors@calfcare.example">editors@calfcare.example</a>' in with_email


def test_the_contact_page_gives_the_emergency_number(client, settings, text):
    settings.EMERGENCY_NUMBER = "112"
    assert "In an emergency, call 112" in text(client.get("/contact/"))


@pytest.mark.parametrize(
    "days,words", [(365, "within a year"), (730, "within 2 years"), (182, "within 182 days")]
)
def test_the_about_page_says_how_often_pages_are_checked_as_set(
    settings, client, text, days, words
):
    settings.REVIEW_INTERVAL_DAYS = days
    assert f"{words} of the last check" in text(client.get("/about/"))


def test_the_contact_page_says_plainly_it_gives_no_medical_advice(client, text):
    reading = text(client.get("/contact/"))
    assert "This site is not a medical service. We cannot give you medical advice" in reading
    assert "In an emergency, call 999." in reading
    assert "If you need urgent advice, call NHS 111 on 111" in reading


def test_the_contact_page_names_the_publisher_and_their_postal_address_from_settings(
    client, settings, text
):
    settings.SITE_PUBLISHER = "the Example Health Trust"
    settings.SITE_PUBLISHER_ADDRESS = []
    reading = text(client.get("/contact/"))
    assert "This guide is published by the Example Health Trust." in reading
    assert "write to us" not in reading
    settings.SITE_PUBLISHER_ADDRESS = ["Example House", "1 High Street", "Leeds LS1 1AA"]
    html = client.get("/contact/").text
    assert "You can write to us at:<br>Example House<br>1 High Street<br>Leeds LS1 1AA" in html
    assert "Example House<br>1 High Street" in client.get("/about/").text


def test_the_contact_page_promises_a_reply_time_only_when_one_is_set(client, settings, text):
    settings.CONTACT_EMAIL = "editors@calfcare.example"
    settings.CONTACT_REPLY_WORKING_DAYS = None
    assert "reply within" not in text(client.get("/contact/"))
    settings.CONTACT_REPLY_WORKING_DAYS = 5
    assert "We aim to reply within 5 working days." in text(client.get("/contact/"))
    settings.CONTACT_REPLY_WORKING_DAYS = 1
    assert "We aim to reply within 1 working day." in text(client.get("/contact/"))
    # No address to reply from, no promise of a reply.
    settings.CONTACT_EMAIL = ""
    assert "reply within" not in text(client.get("/contact/"))


def article_links(html):
    article = html[html.index("<article") : html.index("</article>")]
    return re.findall(r'<a [^>]*href="([^"]+)"', article)


def test_about_and_contact_do_not_send_the_reader_round_in_a_loop(client):
    assert "/contact/" in article_links(client.get("/about/").text)
    assert "/about/" not in article_links(client.get("/contact/").text)


def test_about_on_a_fresh_install_says_nothing_has_been_checked_yet(client, text):
    reading = text(client.get("/about/"))
    assert "What has been checked so far" in reading
    assert "No clinical reviewer has checked this guide yet." in reading
    assert "The guide names 6 web pages as its sources. Nobody has recorded checking them yet" in (
        reading
    )


def test_about_describes_the_review_workflow_as_designed_never_as_done(client, text):
    reading = text(client.get("/about/"))
    assert "The site is set up so that a clinical reviewer approves each change" in reading
    assert "a clinical reviewer must check it and agree to it" not in reading
    assert "checked by a clinician" not in reading


def test_about_counts_approved_parts_and_checked_sources_from_the_records(
    client, text, editor, editor_client, publish
):
    from articles import safety_texts, source_checks
    from articles.models import Cause

    cause = Cause.objects.get(slug="dehydration")
    save_in_admin(editor_client, cause, summary="Not drinking enough can make your calf sore.")
    publish(cause, change_note="Made the summary plainer")
    source_checks.record(safety_texts.NHS_DVT, editor)
    reading = text(client.get("/about/"))
    today = format_date(timezone.localdate(), "j F Y")
    assert "A clinical reviewer has approved the words of 1 of the " in reading
    assert f"The latest approval was on {today}." in reading
    assert "not been checked by a clinical reviewer yet" in reading
    assert "Someone has opened 1 of them and recorded that it still says what the guide" in (
        reading
    )
    assert f"The latest check was on {today}." in reading


def test_about_shows_what_has_been_checked_under_an_editors_own_text(
    editor_client, reader, text, publish
):
    page = InfoPage.load("about")
    save_in_admin(editor_client, page, body="Every page is checked by three doctors.")
    publish(page)
    reading = text(reader.get("/about/"))
    assert "Every page is checked by three doctors." in reading
    # The records still speak, after whatever an editor wrote.
    assert reading.index("What has been checked so far") > reading.index("three doctors")
