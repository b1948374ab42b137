"""The serving limit: a bare WSGI app that hands out fixed bytes with no work at all.

`make bench` writes the site's own pages to BENCH_PAGES (a JSON file of path -> HTML) and runs
this under the same gunicorn configuration, so the ratio compares like with like.
"""

import json
import os

with open(os.environ["BENCH_PAGES"], encoding="utf-8") as pages_file:
    PAGES = {path: html.encode() for path, html in json.load(pages_file).items()}
HEADERS = [("Content-Type", "text/html; charset=utf-8")]


def app(environ, start_response):
    body = PAGES.get(environ["PATH_INFO"])
    if body is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [*HEADERS, ("Content-Length", str(len(body)))])
    return [body]
