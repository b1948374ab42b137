"""Finds what in an HTML page could run code or load from elsewhere, the way a browser would.

`active_content(html)` returns a set of findings (script, event handlers, javascript:/data: URLs,
frames, objects, forms, styles, SVG, meta refresh, base, broken JSON-LD). A page built from
hostile content must have no finding that the same page built from plain words lacks.
"""

import json
import re
from html.parser import HTMLParser

# Elements that run code, load or embed other documents, or change how the page is read.
ACTIVE_ELEMENTS = {
    "applet", "base", "embed", "form", "frame", "frameset", "iframe", "link", "math", "meta",
    "object", "portal", "script", "style", "svg", "template",
}  # fmt: skip
# <link> relations that only describe the page and load nothing.
NAVIGATION_LINKS = {"alternate", "canonical", "next", "prev"}
URL_ATTRIBUTES = {
    "action", "background", "cite", "data", "dynsrc", "formaction", "href", "lowsrc", "ping",
    "poster", "src", "srcset", "xlink:href",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers drop tabs and newlines anywhere in a URL and control characters or spaces around it.
_URL_NOISE = re.compile(r"[\t\n\r]")


def url_scheme_is_dangerous(value):
    url = _URL_NOISE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                           "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                           "\x1d\x1e\x1f ").lower()  # fmt: skip
    return url.startswith(DANGEROUS_SCHEMES)


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = set()
        self._script = None  # (attributes, text parts) of the script element being read

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.add(("event handler", tag, name))
            elif name == "style":
                self.findings.add(("style attribute", tag))
            elif name == "srcdoc":
                self.findings.add(("srcdoc", tag))
            elif name in URL_ATTRIBUTES and value and url_scheme_is_dangerous(value):
                self.findings.add(("dangerous url", tag, name, value.strip()[:20].lower()))
        if tag == "script":
            self._script = (attributes, [])
        elif tag == "meta":
            if "http-equiv" in attributes:
                self.findings.add(("meta", attributes["http-equiv"], attributes.get("content")))
        elif tag == "link":
            if attributes.get("rel") not in NAVIGATION_LINKS:
                self.findings.add(("link", attributes.get("rel"), attributes.get("href")))
        elif tag == "form":
            self.findings.add(("form", attributes.get("action")))
        elif tag in ("svg", "template"):
            # With its class: the site's own step drawings (class step-picture__drawing) and the
            # guided routine's parts (class routine-parts) must not hide an <svg> or <template>
            # that content smuggled in beside them.
            self.findings.add((tag, attributes.get("class")))
        elif tag in ACTIVE_ELEMENTS:
            self.findings.add((tag,))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        attributes, parts = self._script
        self._script = None
        text = "".join(parts)
        if attributes.get("type") == "application/ld+json":
            # Data, not code; but if it does not parse, something broke out of it.
            self.findings.add(("json-ld", "valid" if _is_json(text) else "BROKEN"))
        else:
            self.findings.add(("script", attributes.get("src"), attributes.get("type"), text))


def _is_json(text):
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def active_content(html):
    finder = _Finder()
    finder.feed(html)
    finder.close()
    if finder._script is not None:
        finder.findings.add(("script", "never closed"))
    return finder.findings
