"""What each public page shows besides its own items: the safety texts, and whether the guide
text's own boxes (not just its warning) are on it, as the page registry (articles.pages) says.

The review line (articles.views) and the sitemap's dates (articles.sitemaps) both read this, so a
page's "last reviewed" and its "last changed" are about the same things. Keep it in step with the
templates: a page listed here with a text it does not show only ever makes its review line more
cautious, but a text shown and not listed would let the line claim a review it never had.
"""

from articles.pages import BY_URL_NAME, CARE_CARDS, PAGES, Kind
from articles.safety_texts import safety_texts_for

# Pages that show the guide text's introductions, so clinical notes about the guide sit there.
SHOWS_GUIDE_TEXT = frozenset(page.url_name for page in PAGES if page.shows_guide_text)


def safety_texts_on(url_name, item=None, step_number=None):
    """The kinds of safety text the page at `url_name` shows (for a cause page, `item`; for a
    step's page, its `step_number`), on top of the guide text's warning, which is on every page.
    Without the number a step's page counts the checks it may show: only ever more cautious."""
    page = BY_URL_NAME.get(url_name)
    kinds = page.safety_texts if page is not None else ()
    if url_name == "cause-detail" and item is not None and item.is_urgent:
        kinds = (*kinds, *CARE_CARDS)
    if url_name == "step-detail" and step_number not in (None, 1):
        # The checks are in full on step 1; later steps link to them there (issue 25).
        kinds = tuple(kind for kind in kinds if kind != Kind.DO_NOT_MASSAGE)
    return kinds


def safety_texts(request):
    """Every safety text by kind, the same rows the page's templates show (one query for all
    four per request, articles.safety_texts); a kind with no row is an unsaved, never-reviewed
    one: the built-in wording."""
    return {row.kind: row for row in safety_texts_for(request).rows}
