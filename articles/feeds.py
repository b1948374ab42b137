"""The Atom feed of change notes: what changed in the guide, for anyone who follows it.

Its text is typed by people, and XML 1.0 has no place for most control characters: Django
refuses to write a feed with one, which would leave readers the last good copy for good. They
are dropped here (`xml_text`), from what is stored already as from what comes.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.change_notes import published_notes, review_words

FEED_LENGTH = 30
# What XML 1.0 cannot hold (Django's SimplerXMLGenerator refuses the same range).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text):
    return _NOT_IN_XML.sub("", text)


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self):
        return f"What changed in {settings.SITE_NAME}"

    def subtitle(self):
        return "Each published change to the guide, with its note."

    def link(self):
        return reverse("articles:changes")

    def items(self):
        return list(published_notes().select_related("content_type")[:FEED_LENGTH])

    def item_title(self, change):
        return xml_text(f"{change.item_label}: {change.change_note}")

    def item_description(self, change):
        return xml_text(f"{change.change_note} {review_words(change)}")

    def item_link(self, change):
        return reverse("articles:changes") + f"#change-{change.pk}"

    def item_guid(self, change):
        return f"calfcare-change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.published_at

    def item_updateddate(self, change):
        return change.published_at
