"""Without JavaScript, every reader page shows all its content and every link works.

Links are followed on the live server. A link to a part of a page (#...) must find that part.
Links to other sites (there are none today) are not followed: the suite runs offline.
"""

import re
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.site_pages import READER_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("target", [pytest.param(page, id=page.name) for page in READER_PAGES])
def test_page_shows_all_its_content_without_javascript(visits, target):
    visit = visits.without_javascript(target)
    assert visit.status == target.status
    assert not visit.hidden_text, "Hidden without JavaScript:\n" + "\n".join(visit.hidden_text)


def test_every_link_works_without_javascript(visits, browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    answers = {}  # address without the #part -> (status, html)
    broken = []
    for site_page in READER_PAGES:
        visit = visits.without_javascript(site_page)
        for link in visit.links:
            where = f"{site_page.name}: {link['text']!r} -> {link['written']}"
            if link["written"].startswith("tel:"):
                if not re.fullmatch(r"tel:\+?\d+", link["written"]):
                    broken.append(f"{where}: not a phone number")
                continue
            if link["written"].startswith("#"):
                if link["written"][1:] not in visit.ids:
                    broken.append(f"{where}: no such part of the page")
                continue
            if not link["href"].startswith(live_server.url):
                continue
            address, part = urldefrag(link["href"])
            if address not in answers:
                response = context.request.get(address)
                answers[address] = (response.status, response.text())
            status, html = answers[address]
            if status != 200:
                broken.append(f"{where}: answered {status} (after any redirects)")
            elif part and not re.search(rf'\bid="{re.escape(part)}"', html):
                broken.append(f"{where}: {urlsplit(address).path} has no #{part}")
    context.close()
    assert answers, "the pages link to each other"
    assert not broken, "Broken links:\n" + "\n".join(broken)


def test_the_routine_can_be_walked_step_by_step_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/massage/")
    page.get_by_role("link", name="Step 3 on its own page").click()
    assert page.locator("h1").inner_text() == "Knead the calf"
    page.get_by_role("navigation", name="Steps").get_by_role("link", name="Next").click()
    assert page.locator(".step__counter").inner_text() == "Step 4 of 6"
    context.close()
