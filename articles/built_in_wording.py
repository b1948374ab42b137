"""Which boxes stand for built-in wording when they show readers nothing, and what that wording
is: the warning's three boxes (articles.warning) and each safety text's heading and body
(articles.safety_texts).

Comparisons read it so that a reviewer sees what readers see: "the built-in wording: Could it
be a blood clot?" rather than "(empty)", whether the box is empty or holds only characters that
draw nothing (publishing.visible_text).
"""

from articles.models import Guide, SafetyText
from articles.safety_texts import ShownSafetyText, built_in_body, built_in_heading
from articles.warning import DEFAULTS
from publishing.visible_text import shows_words


def built_in_wording_shown(item, field_name):
    """The built-in wording readers get for this box of `item` because the box shows them no
    words; None when its own words show, or when the box has no built-in wording."""
    if isinstance(item, Guide) and field_name in DEFAULTS:
        return None if shows_words(getattr(item, field_name)) else DEFAULTS[field_name]
    if isinstance(item, SafetyText) and item.kind:
        if field_name == "heading":
            return None if shows_words(item.heading) else built_in_heading(item.kind)
        if field_name == "body":
            return None if ShownSafetyText(item).has_own_body else built_in_body(item.kind)
    return None
