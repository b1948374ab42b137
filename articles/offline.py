"""Works offline once visited: the web app manifest, the service worker and the offline page.

The service worker (templates/offline/sw.js) is served from the site's root so that its scope is
the whole site. It is rendered here with what it needs to know: the pages to keep from the start
(the guide, every published cause and step, the cramp-or-clot check and the offline page, with
their stylesheets, scripts and icons), the only addresses it may keep (those pages, the guide's
sections, where a cause or step published later appears, and readers' static files), and a
cache name made from the build identity, so a new release starts a new cache and the old one is
deleted. It is told what it may keep, never what to avoid: a list of editors' addresses would
tell anyone who reads /sw.js where the admin is.

What it keeps is decided by the answer, not only by the address: only answers marked public
(delivery.page_cache.public_page, what a reader is sent) are stored, so an editor's page (private,
no-store: NeverCacheForEditorsMiddleware) or a draft preview never is.
"""

import functools
import json

from django.conf import settings
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.page_meta import PageMeta
from articles.pages import PAGES
from delivery.page_cache import build_identity

# The palette's brand teal and page colour (base.html's theme-color is the same teal).
THEME_COLOUR = "#0c6b62"
BACKGROUND_COLOUR = "#ffffff"
ICONS = [
    ("img/icons/icon-192.png", "192x192", "any"),
    ("img/icons/icon-512.png", "512x512", "any"),
    ("img/icons/icon-maskable-512.png", "512x512", "maskable"),
]
# What the service worker precaches besides pages: everything a page of the guide loads.
STATIC_FILES = [
    "css/site.css",
    "css/print.css",
    "js/guide.js",
    "js/offline.js",
    "js/print.js",
    "img/favicon.svg",
    "img/logo.svg",
]


@require_safe
def manifest(request):
    data = {
        "name": f"{settings.SITE_NAME}: sore calf guide",
        "short_name": settings.SITE_NAME,
        "description": "How to massage a sore calf muscle, and when it could be a blood clot.",
        "lang": "en-GB",
        "start_url": reverse("articles:guide"),
        "scope": reverse("articles:guide"),
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=60 * 60)
    return response


@functools.cache
def cache_name():
    """One cache per release: the build identity the page cache also keys on."""
    identity = build_identity(settings.BASE_DIR, settings.STATIC_ROOT / "staticfiles.json")
    return f"{settings.SITE_NAME}-{identity}"


def precached_addresses():
    """The guide's pages, as readers see them (published only), and what they load."""
    pages = [path for page in PAGES if page.offline for path in page.addresses()]
    files = [static(path) for path in [*STATIC_FILES, *(icon[0] for icon in ICONS)]]
    return [*pages, *files]


@require_safe
def service_worker(request):
    precached, static_url = precached_addresses(), settings.STATIC_URL
    config = {
        "cache": cache_name(),
        "precache": precached,
        "offline": reverse("articles:offline"),
        "static": static_url,
        # Belt and braces: only these addresses, and only answers marked public (what readers
        # are sent) are kept. Anything else (the admin, review links, uploads that may belong to
        # drafts) the worker leaves to the network untouched.
        "pages": [address for address in precached if not address.startswith(static_url)],
        "sections": [
            reverse("articles:cause-list"),
            reverse("articles:step-list"),
            _folder(reverse("step-picture", kwargs={"sha256": "0" * 64, "extension": "png"})),
        ],
        # The admin's own static files (admin/, admin-extra/) are for editors.
        "editorStatic": static_url + "admin",
    }
    body = SERVICE_WORKER.replace("__CONFIG__", json.dumps(config), 1)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # A browser checks for a new worker at least daily whatever this says; no-cache makes it
    # check on every visit, so a release reaches readers at once.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _folder(address):
    return address.rsplit("/", 1)[0] + "/"


def _read_service_worker():
    return (settings.BASE_DIR / "templates" / "offline" / "sw.js").read_text()


SERVICE_WORKER = _read_service_worker()


class OfflinePageView(TemplateView):
    """What the service worker shows for a page it has not kept: the warning and the care cards,
    in full, so a reader offline still knows when a sore calf needs help."""

    template_name = "offline/offline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_meta"] = PageMeta.build(
            self.request,
            "You are offline",
            "This page is not saved on this device. Check first it is not a blood clot.",
        )
        return context
