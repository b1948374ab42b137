"""`manage.py check_sources`: is every source the guide cites still there?

Each address in every content item's Sources box (articles.sources), live or not, is asked for
once: with HEAD, which costs the other site least, following redirects with the same method.
Some sites answer HEAD with an error (405, 403, even 404) while GET works, so any error answer
to HEAD is asked again with GET, and only GET's answer counts. Each broken address is listed
with the item and the line that cite it; the last line sums up. Exit status 1 if anything is
broken, for a scheduled job or CI to notice; 0 otherwise.

An address that answers may still have changed what it says: a person re-reads a source before
changing the day it was checked.
"""

import socket
import ssl
from http import HTTPStatus
from urllib.error import HTTPError, URLError
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from articles.models import CONTENT_MODELS
from articles.sources import numbered_sources

USER_AGENT = "calfcare-source-check/1.0 (checks the sources a health guide cites{site})"


class SameMethodRedirects(HTTPRedirectHandler):
    """urllib turns a redirected HEAD into a GET; keep asking with HEAD."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        redirected = super().redirect_request(req, fp, code, msg, headers, newurl)
        if redirected is not None:
            redirected.method = req.get_method()
        return redirected


class Command(BaseCommand):
    help = "Try every source address the guide cites and list the ones that no longer answer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=15.0,
            help="Seconds to wait for each address to answer (default 15).",
        )

    def handle(self, *args, timeout, **options):
        self.timeout = timeout
        self.opener = build_opener(SameMethodRedirects)
        site = f"; {settings.SITE_URL}" if settings.SITE_URL else ""
        self.user_agent = USER_AGENT.format(site=site)
        answers, broken, items = {}, [], 0
        for item, citations in self.citations():
            items += 1
            if isinstance(citations, ValidationError):
                broken.append(f"{self.name(item)}: {' '.join(citations.messages)}")
                continue
            for line, source in citations:
                if source.url not in answers:
                    answers[source.url] = self.problem(source.url)
                if answers[source.url]:
                    broken.append(
                        f"{self.name(item)}, line {line}: {source.url}: {answers[source.url]}"
                    )
        for report in broken:
            self.stdout.write(report)
        outcome = f"{len(broken)} broken" if broken else "all working"
        addresses = "address" if len(answers) == 1 else "addresses"
        self.stdout.write(
            f"Checked {len(answers)} {addresses} in {items} item{'s' * (items != 1)}: {outcome}."
        )
        if broken:
            raise SystemExit(1)

    def citations(self):
        """(item, its numbered sources) for every item that cites any; a ValidationError in
        place of the sources where the box was saved without the form's check."""
        for model in CONTENT_MODELS:
            if not hasattr(model, "source_list"):
                continue
            for item in model._default_manager.exclude(sources=""):
                try:
                    yield item, numbered_sources(item.sources)
                except ValidationError as error:
                    yield item, error

    def name(self, item):
        return f"{item._meta.verbose_name.capitalize()} “{item}”"

    def problem(self, url):
        """What is wrong with `url`, in words; "" if it answers."""
        try:
            self.ask(url, "HEAD")
        except HTTPError:
            try:
                self.ask(url, "GET")
            except HTTPError as error:
                return status_words(error)
            except (URLError, OSError) as error:
                return self.describe(error)
        except (URLError, OSError) as error:
            return self.describe(error)
        return ""

    def ask(self, url, method):
        request = Request(url, method=method, headers={"User-Agent": self.user_agent})
        with self.opener.open(request, timeout=self.timeout):
            pass

    def describe(self, error):
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError | socket.timeout):
            return f"no answer within {self.timeout:g} seconds"
        if isinstance(reason, ssl.SSLError):
            return f"its certificate could not be trusted ({reason.reason or reason})"
        if isinstance(reason, socket.gaierror):
            return "no such site (its name does not resolve)"
        if isinstance(reason, ConnectionRefusedError):
            return "could not connect (Connection refused)"
        return f"could not connect ({getattr(reason, 'strerror', None) or reason})"


def status_words(error):
    """ "404 Not Found": the status and its standard name, whatever words the server sent."""
    try:
        return f"{error.code} {HTTPStatus(error.code).phrase}"
    except ValueError:
        return f"{error.code} {error.reason}".strip()
