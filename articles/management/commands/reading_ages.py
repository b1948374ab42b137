"""`manage.py reading_ages`: the reading age of every public page's main text, page by page.

Each page is rendered as an anonymous reader gets it, and the text inside its <main> is
estimated as the editor's preview estimates (articles.reading_age: Flesch-Kincaid grade + 5,
textstat). The guide aims at 9 to 11. It reads; it changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client

from articles.pages import public_paths
from articles.reading_age import (
    AIM,
    as_sentences,
    main_html,
    reading_age,
    sentences,
    text_blocks,
    word_count,
)


def page_reading_ages(client=None):
    """(path, reading age or None, words, longest sentence's words) for every public HTML page."""
    host = next((host for host in settings.ALLOWED_HOSTS if host not in ("*", "")), "localhost")
    client = client or Client(HTTP_HOST=host.lstrip("."), raise_request_exception=False)
    rows = []
    for path in public_paths():
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        blocks = text_blocks(main_html(response.content.decode()))
        text = as_sentences(blocks)
        longest = max((word_count(s) for s in sentences(blocks)), default=0)
        rows.append((path, reading_age(text), word_count(text), longest))
    return rows


class Command(BaseCommand):
    help = "Print the reading age of every public page's main text (the guide aims at 9 to 11)."

    def handle(self, *args, **options):
        low, high = AIM
        rows = page_reading_ages()
        width = max((len(path) for path, *_ in rows), default=4)
        self.stdout.write(f"{'Page':<{width}}  Age   Words  Longest sentence (words)")
        for path, age, words, longest in rows:
            shown = "  -  " if age is None else f"{age:5.1f}"
            self.stdout.write(f"{path:<{width}}  {shown}  {words:5}  {longest}")
        ages = [age for _, age, *_ in rows if age is not None]
        if ages:
            self.stdout.write(
                f"{len(rows)} pages; reading age {min(ages)} to {max(ages)} "
                f"(aim for {low} to {high}; Flesch-Kincaid grade + 5, an estimate)."
            )
