"""The one rule for "shows nothing", used by every check on what editors type.

A box shows something only if a reader would see at least one letter or digit in it. That is
judged on what reaches the page, never on the stored string:

- Markdown is rendered and sanitised first (the same `render_markdown` the pages use, in
  articles.markdown's `markdown_shows_words`), so `&#8203;`, `<!-- a comment -->`, `**` or an
  empty list, which render to nothing, show nothing.
- Entities are decoded, so `&nbsp;` is the space it stands for.
- Then the characters that draw nothing are removed: format and control characters, spaces and
  separators, combining marks (categories Cf, Cc, Z*, Mn), and the fillers that Unicode files as
  letters or symbols but every font draws blank (Hangul fillers, the braille blank, ...).
- What is left must hold a letter or a digit (categories L* and N*). Punctuation or a symbol
  alone ("!!!", "->") is no wording either.

Used by the warning (articles.warning), the safety texts (articles.safety_texts), the Markdown
validators (articles.validators) and review comments (publishing.views), so a box can never look
filled to one check and empty to another. It sits in publishing, below the content apps, because
publishing judges text too and imports no content app.
"""

import re
import unicodedata

INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn"})

# Filed as letters (Lo) or a symbol (So), drawn as nothing: a box of them reads as empty (or a
# tofu box) while looking filled to a check of categories alone. (Other blank characters, such as
# U+180E, U+3000 or U+17B4, are in the invisible categories already.)
BLANK_LOOKING = frozenset(
    {
        "\u115f",  # Hangul choseong filler
        "\u1160",  # Hangul jungseong filler
        "\u3164",  # Hangul filler
        "\uffa0",  # halfwidth Hangul filler
        "\u2800",  # braille pattern blank
    }
)


def is_blank_looking(char):
    return char in BLANK_LOOKING or unicodedata.category(char) in INVISIBLE_CATEGORIES


def readable(text):
    """`text` without the characters that draw nothing."""
    return "".join(char for char in text or "" if not is_blank_looking(char))


# Control characters other than tab and line breaks: nothing a person meant to type (they come
# pasted from PDFs and terminals), PostgreSQL refuses NUL in a text column outright, and XML 1.0
# and mail headers refuse most of the rest.
_TYPED_BY_ACCIDENT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def as_typed(text):
    """`text` as a person meant it: control characters (other than tab and line breaks) gone."""
    return _TYPED_BY_ACCIDENT.sub("", text or "")


def shows_words(text):
    """Whether plain `text` (a heading, a one-line box) shows a reader a letter or a digit."""
    return any(unicodedata.category(char)[0] in "LN" for char in readable(text))
