"""The serving limit: a bare WSGI app that hands out fixed bytes with no work at all.

`make bench` captures the site's own answer for each page (the HTML and the headers the site
sends with it, security headers included) into BENCH_PAGES and runs this under the same gunicorn
configuration, so both servers put the very same response on the wire and the ratio measures
only the work calfcare does to produce it.
"""

import json
import os

with open(os.environ["BENCH_PAGES"], encoding="utf-8") as pages_file:
    PAGES = {
        path: (page["html"].encode(), [tuple(header) for header in page["headers"]])
        for path, page in json.load(pages_file).items()
    }


def app(environ, start_response):
    page = PAGES.get(environ["PATH_INFO"])
    if page is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    body, headers = page
    start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
    return [body]
