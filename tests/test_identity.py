"""Whose guide this is (issue 25): the site's name drawn as a wordmark, not set in the system
font, and on every page a footer line saying it is an independent guide, not part of the NHS."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

from articles.views import unavailable_page
from tests.site_pages import READER_PAGES, fetch

pytestmark = pytest.mark.django_db

INDEPENDENT = "An independent guide, not part of the NHS."


class Region(HTMLParser):
    """The text, and the wordmark drawings, inside the first element with `css_class`."""

    def __init__(self, css_class):
        super().__init__()
        self.css_class = css_class
        self.found = False
        self.depth = 0  # >0 while inside the region
        self.text = []
        self.drawings = []  # (the <svg>'s attributes, how many <path>s it holds)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0 and self.css_class in (attrs.get("class") or "").split():
            self.found, self.depth = True, 1
            return
        if self.depth == 0:
            return
        if tag not in ("img", "path", "br", "meta", "link", "input"):
            self.depth += 1
        if tag == "svg":
            self.drawings.append([attrs, 0])
        if tag == "path" and self.drawings:
            self.drawings[-1][1] += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth and tag == "path" and self.drawings:
            self.drawings[-1][1] += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in ("img", "path", "br"):
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)

    @property
    def words(self):
        return re.sub(r"\s+", " ", "".join(self.text)).strip()


def region(html, css_class):
    reader = Region(css_class)
    reader.feed(html)
    assert reader.found, f"no element with class {css_class}"
    return reader


def assert_drawn_wordmark(place):
    """`place` shows the name as the drawing, named "calfcare" for screen readers, and not as
    text in the system font."""
    ((attrs, paths),) = place.drawings
    assert attrs.get("role") == "img" and attrs.get("aria-label") == "calfcare"
    assert attrs.get("viewbox") == "0 0 181 36" and paths == 8
    # Its lines are the text colour, so it is drawn in light, dark, forced colours and print.
    assert attrs.get("stroke") == "currentColor" and attrs.get("fill") == "none"
    assert "calfcare" not in place.words


@pytest.mark.parametrize("site_page", READER_PAGES, ids=lambda page: page.name)
def test_every_page_says_in_its_footer_that_it_is_not_part_of_the_nhs(site_page, client):
    response = fetch(site_page, client)
    assert response.status_code == site_page.status
    footer = region(response.content.decode(), "site-footer")
    assert INDEPENDENT in footer.words
    assert_drawn_wordmark(region(response.content.decode(), "site-footer__brand"))


def test_the_unavailable_page_says_it_without_a_database(django_db_blocker):
    with django_db_blocker.block():
        html = unavailable_page().decode()
    assert INDEPENDENT in region(html, "site-footer").words


@pytest.mark.parametrize("site_page", READER_PAGES, ids=lambda page: page.name)
def test_every_page_header_links_home_with_the_drawn_wordmark(site_page, client):
    html = fetch(site_page, client).content.decode()
    brand = region(html, "site-header__brand")
    assert_drawn_wordmark(brand)
    # The link's accessible name: the drawing's "calfcare", then these hidden words.
    assert brand.words == ": sore calf muscle guide, home"


def test_the_page_draws_the_wordmark_file_as_it_is(client):
    """static/img/wordmark.svg is the one drawing: the page inlines its paths, not a copy."""
    with open(finders.find("img/wordmark.svg"), encoding="utf-8") as file:
        paths = re.findall(r"<path [^>]*/>", file.read())
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert "".join(paths) in header


def test_a_renamed_site_shows_its_own_name_as_text_not_the_calfcare_drawing(client, settings):
    settings.SITE_NAME = "Leg & Co"
    html = client.get("/cramp-or-clot/").content.decode()
    for css_class in ("site-header__brand", "site-footer__brand"):
        place = region(html, css_class)
        assert place.drawings == []
        assert place.words.startswith("Leg & Co")
