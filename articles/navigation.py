"""The "contents" mini-hub and previous/next between pages: the pages with a title in the page
registry (articles.pages), in its order."""

from articles.pages import GUIDE_PAGES


def guide_navigation(url_name):
    """Contents entries marked with where the reader is, and the pages either side."""
    entries = []
    current_index = None
    for index, page in enumerate(GUIDE_PAGES):
        if url_name == page.url_name:
            state = "page"
            current_index = index
        elif url_name in page.child_url_names:
            state = "true"
        else:
            state = ""
        entries.append(
            {"title": page.title, "label": page.label, "url": page.url, "current": state}
        )
    previous_page = next_page = None
    if current_index is not None:
        if current_index > 0:
            previous_page = GUIDE_PAGES[current_index - 1]
        if current_index + 1 < len(GUIDE_PAGES):
            next_page = GUIDE_PAGES[current_index + 1]
    return {"contents": entries, "previous_page": previous_page, "next_page": next_page}
