"""How easy a text is to read, as a reading age: the age at which most children read it easily.

The guide aims at a reading age of 9 to 11, as the NHS does for health information: short
sentences, everyday words. The estimate is the Flesch-Kincaid grade level (a US school grade,
from words per sentence and syllables per word; computed by textstat) plus 5, since US grade 1
is the year children turn 6 or 7. It is an estimate: it cannot tell a plain long word
("ultrasound") from a hard one, so editors read it as a hint, not a rule.

textstat counts syllables with the CMU pronouncing dictionary, which it loads the first time a
process estimates anything (about 2 seconds and 70 MB); only the editor's preview and the
tests ask, so readers' pages never pay for it.
"""

import re
from html.parser import HTMLParser

from django.utils.html import format_html

AIM = (9, 11)
# Fewer words than this and the estimate says more about chance than about the writing.
MIN_WORDS = 10
# Elements whose text stands alone, as a sentence does: a heading or a list item with no full
# stop still ends where it ends.
BLOCKS = {
    *"p li dt dd td th caption figcaption summary legend label button".split(),
    *"h1 h2 h3 h4 h5 h6 blockquote pre div section article header footer nav main".split(),
    *"aside ul ol dl table tr form fieldset details br".split(),
}
UNREAD = {"script", "style", "template", "head", "svg", "noscript"}
SENTENCE_ENDS = (".", "!", "?")


class _Sentences(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.words, self.unread = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD:
            self.unread += 1
        elif tag in BLOCKS:
            self.end_block()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self.end_block()

    def handle_endtag(self, tag):
        if tag in UNREAD:
            self.unread = max(0, self.unread - 1)
        elif tag in BLOCKS:
            self.end_block()

    def handle_data(self, data):
        if not self.unread:
            self.words.extend(data.split())

    def end_block(self):
        if self.words:
            self.blocks.append(" ".join(self.words))
            self.words = []


def text_blocks(html):
    """The text a reader reads in `html`, one string per block (paragraph, heading, list item,
    button...), scripts and styles left out."""
    parser = _Sentences()
    parser.feed(html)
    parser.close()
    parser.end_block()
    return parser.blocks


def as_sentences(blocks):
    """The blocks as one text of sentences: a block without a full stop of its own gets one,
    so "Step 1 of 6" is a sentence, as a reader takes it, and not the start of the next."""
    return " ".join(
        block if block.endswith(SENTENCE_ENDS) else f"{block}." for block in blocks if block
    )


def reading_age(text):
    """The reading age of `text` (plain sentences), to one decimal place; None if it has too
    few words to say."""
    import textstat  # here, not at import: see the module docstring

    if textstat.lexicon_count(text) < MIN_WORDS:
        return None
    return round(textstat.flesch_kincaid_grade(text) + 5, 1)


def reading_age_of_html(html):
    return reading_age(as_sentences(text_blocks(html)))


def estimate_html(html):
    """The line the editor's Markdown preview shows under `html`, the rendered preview:
    "Reading age about 10 (aim for 9 to 11)", with a hint when it is above the aim; "" when
    the text is too short to estimate."""
    age = reading_age_of_html(html)
    if age is None:
        return ""
    low, high = AIM
    shown = max(5, round(age))
    hint = " Try shorter sentences and everyday words." if shown > high else ""
    # The admin's quiet "help" look, on an element its aligned forms do not indent.
    return format_html(
        '<p class="reading-age"><small class="help">Reading age about {} (aim for {} to {}).{}'
        "</small></p>",
        shown,
        low,
        high,
        hint,
    )


def main_html(html):
    """The page's own content: what is inside its <main> (the whole page when it has none)."""
    start, end = html.find("<main"), html.rfind("</main>")
    return html[start:end] if start != -1 and end != -1 else html


SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”\"')]?\s+(?=[“\"(‘']?[A-Z0-9])")


def sentences(blocks):
    """Each block's sentences: a block is its own sentence, and a full stop, question mark or
    exclamation mark followed by a capital ends one inside it."""
    return [part for block in blocks for part in SENTENCE_BREAK.split(block) if part.strip()]


def word_count(sentence):
    # A word has a letter or a digit: "–" and "•" are not words.
    return sum(1 for token in sentence.split() if any(c.isalnum() for c in token))
