"""Settings for calfcare, read from the environment (see .env.example for every variable).

Production is the default: DEBUG is off, HTTPS is assumed, and there is no default secret key.
`make run` writes a local `.env` that says, in one place, what a plain-http local server needs.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number above 0, not {value!r}.")
    return int(value)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_url_path(name, default):
    """A path prefix such as `admin/`: letters, digits, `-` and `_`, no leading slash."""
    value = (os.environ.get(name) or default).strip().strip("/")
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", value):
        raise ImproperlyConfigured(
            f"{name} must be a path such as 'admin/' (letters, digits, - and _), not {value!r}."
        )
    return value + "/"


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it in the environment (`make run` writes a local one "
        "to .env); production keys must never be committed."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

# The public address of the site, used for canonical links. Without it, canonical links are
# built from the request's (validated) host.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")

# The site's name wherever it names itself (page titles, link previews, JSON-LD, the admin), so a
# deployment under another name changes one variable rather than templates and code.
SITE_NAME = os.environ.get("DJANGO_SITE_NAME") or "calfcare"
# Who stands behind the guide, named in every page's footer and on "About this guide": readers
# judge a health page by who publishes it. The default claims no organisation that may not exist.
SITE_PUBLISHER = os.environ.get("DJANGO_SITE_PUBLISHER") or f"the {SITE_NAME} editors"
# Where the publisher can be written to by post, on "About this guide" and Contact: a health site
# says who stands behind it and where. Commas separate its lines. Empty: no postal address is
# shown, rather than an invented one.
SITE_PUBLISHER_ADDRESS = [
    line.strip()
    for line in os.environ.get("DJANGO_SITE_PUBLISHER_ADDRESS", "").split(",")
    if line.strip()
]
# An address readers may write to, on the Contact page. Empty: the page offers the feedback form
# only, rather than an inbox nobody reads.
CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "").strip()
# How many working days the publisher takes to answer an email, as Contact promises it. Empty:
# the page promises no time, since a promise nobody set is one nobody keeps.
CONTACT_REPLY_WORKING_DAYS = env_int("DJANGO_CONTACT_REPLY_WORKING_DAYS", None)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "markdownx",
    "axes",
    "simple_history",
    "adminsortable2",
    "articles",
    "translations",
    "publishing",
    "feedback",
    "delivery",
]

# The header middleware come first so that every response gets the headers, static files and
# /healthz included. Oversized bodies are refused next, before anything could read them.
# /healthz is answered before CommonMiddleware checks the Host header, because load balancers
# and Docker's HEALTHCHECK probe by IP address. Axes comes last, as it requires.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "delivery.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "delivery.request_limits.RequestBodyLimitMiddleware",
    "delivery.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "delivery.middleware.NeverCacheForEditorsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Editors' notes keep django-simple-history (articles.models.EditorNote says why): this
    # names the editor in each version of a note. Content's versions are revisions, which
    # record who saved them themselves.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "calfcare.urls"
WSGI_APPLICATION = "calfcare.wsgi.application"
# What gunicorn's entry point (calfcare.wsgi) puts around Django: the public page cache. Named
# here, as middleware are, so the project package imports no app.
WSGI_WRAPPER = "delivery.wsgi.wrap"
# The static page the page cache sends when the site cannot answer (a 503 with the warning):
# the guide renders it, since only it knows the warning's words.
UNAVAILABLE_PAGE = "articles.views.unavailable_page"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# SQLite by default. WAL lets readers carry on while one gunicorn worker writes; IMMEDIATE
# transactions take the write lock up front, so concurrent writers queue (for up to `timeout`
# seconds) instead of failing half-way with "database is locked".
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Caches shared by every gunicorn worker: files on this machine by default, Redis (one for
# several app servers) through REDIS_URL. "pages" holds the public page cache
# (delivery.page_cache), which judges its own store's errors; "default" (share cards) and
# "public-posts" (rate-limit counters of forms the public can post) treat any error as a miss
# (delivery.cache_guard): a cache outage never takes a page down.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR") or BASE_DIR / ".cache")
# Redis answers on the same network in a millisecond; an unreachable one must not hold a
# request for longer than a moment.
REDIS_TIMEOUT_SECONDS = 0.5


def shared_cache(name, max_entries, fail_open=True):
    # delivery.cache_guard has the file and Redis backends, as they are or failing open.
    backend = "delivery.cache_guard." + ("FailOpen" if fail_open else "")
    if REDIS_URL:
        return {
            "BACKEND": backend + "RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"calfcare-{name}",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    return {
        "BACKEND": backend + "FileBasedCache",
        "LOCATION": str(CACHE_DIR / name),
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {
    "default": shared_cache("django", 5_000),
    "public-posts": shared_cache("public-posts", 10_000),
    "pages": shared_cache("pages", 5_000, fail_open=False),
}
# The public page cache (delivery/page_cache.py). Its "generation" marks every page stale when
# content changes: a file on one machine, a key in Redis across several. Pages also expire on
# their own after PAGE_CACHE_SECONDS, the longest a change made outside Django's models (an
# .update() in a shell) can take to reach readers.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 300)
if PAGE_CACHE_SECONDS > 300:
    raise ImproperlyConfigured(
        "DJANGO_PAGE_CACHE_SECONDS must be at most 300: it bounds how long a change made "
        "outside the admin can take to reach readers."
    )
PAGE_CACHE_SHARED_GENERATION = bool(REDIS_URL)
PAGE_CACHE_GENERATION_FILE = CACHE_DIR / "page-generation"
# Shared HTTP caches in front of the app servers (Varnish: deploy/varnish/), purged whenever
# content changes (delivery.shared_cache): their base URLs, as the app servers reach them. Empty:
# no shared cache, nothing is purged.
SHARED_CACHES = env_list("DJANGO_SHARED_CACHE_URLS")
# `xkey`: purge by the keys naming what each page shows (Varnish with varnish-modules' xkey);
# `url`: purge every public page's address (caches without surrogate keys).
SHARED_CACHE_PURGE = (os.environ.get("DJANGO_SHARED_CACHE_PURGE") or "xkey").strip().lower()
if SHARED_CACHE_PURGE not in ("xkey", "url"):
    raise ImproperlyConfigured(
        f"DJANGO_SHARED_CACHE_PURGE must be xkey or url, not {SHARED_CACHE_PURGE!r}."
    )
# The host a page is kept under in the shared cache, for purging by URL.
SHARED_CACHE_HOST = (
    re.sub(r"^https?://", "", SITE_URL).split("/")[0]
    if SITE_URL
    else (ALLOWED_HOSTS[0] if ALLOWED_HOSTS else "")
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The guide's languages: English first (the source every translation is made from), then Welsh,
# Polish and Arabic (right to left: Django's LANGUAGES_BIDI knows it). Each translation of a
# content item is a version in the publishing workflow (translations.models). No LocaleMiddleware
# yet: with no /cy/ addresses (i18n_patterns) it would switch Django's own words and dates on an
# English address by the browser's Accept-Language, and vary every cached page by it.
LANGUAGES = [
    ("en", "English"),
    ("cy", "Welsh"),
    ("pl", "Polish"),
    ("ar", "Arabic"),
]
TIME_ZONE = "Europe/London"
# Times in 24-hour form with their zone, as publishing.dates writes them (calfcare/formats).
FORMAT_MODULE_PATH = ["calfcare.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names let whitenoise send far-future, immutable cache headers; it also writes
    # gzip and brotli copies at collectstatic time.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS is the production default. The one switch for a local plain-http server is
# DJANGO_HTTPS=false (make run's .env sets it): it turns off the redirect, HSTS, Secure cookies
# and the CSP's upgrade-insecure-requests, and nothing else.
HTTPS = env_bool("DJANGO_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers often probe over plain http; /healthz answers them instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# An editor is signed out a working day after signing in, and no session outlives that.
SESSION_COOKIE_AGE = 8 * 60 * 60
# The CSRF cookie stays readable by script: django-markdownx's editor sends it with each live
# Markdown preview.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "delivery.public_posts.csrf_failure"
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    # Only behind a proxy that sets X-Forwarded-Proto. One that appends to a client's value is
    # read as X-Forwarded-For is: delivery.page_cache.one_forwarded_scheme keeps its own value.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in a row append to X-Forwarded-For (a CDN then a load balancer is 2): the
# client's address is that many entries from the right (delivery.client_address), and so is
# the scheme in X-Forwarded-Proto.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1)

# The editors' admin; moving it off /admin/ keeps it out of the way of drive-by scanners.
ADMIN_PATH = env_url_path("DJANGO_ADMIN_PATH", "admin/")

# Content-Security-Policy (django-csp). Public pages have no inline script or style at all, and
# no nonces either: a nonce would differ per request, and public pages will be served from a
# cache. Everything comes from this site; nothing may frame it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        # The service worker (/sw.js, articles.offline) that keeps visited pages for offline
        # reading; named, rather than left to fall back on script-src.
        "worker-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "upgrade-insecure-requests": HTTPS,
    }
}
# The admin's own policy (chosen by path in delivery.middleware). Django's admin needs no inline
# script; its one inline style (on a change list whose ModelAdmin hides both action bars) is
# allowed by its hash, so the admin needs no 'unsafe-inline' either.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": [SELF, "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"],
    }
}
# Powerful browser features the site never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "local-fonts",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial",
        "usb", "xr-spatial-tracking",
    ]
}  # fmt: skip

# Sign-in protection (django-axes): after 5 failed attempts for the same user name from the same
# address, that combination is refused for 15 minutes; another failure meanwhile restarts the
# wait. Locking by the combination stops one address guessing a password without letting anyone
# lock an editor out from elsewhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "delivery.lockout.lockout_response"
# Failed attempts are kept (axes needs them); a log of every successful sign-in is not: the
# audit log and the versions already record who changed what.
AXES_DISABLE_ACCESS_LOG = True
# Axes's log lines say what happened, with the user name and address masked.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "user_agent"]
# The client's address, worked out as the public forms' rate limits work it out, so neither can
# be fooled by a made-up X-Forwarded-For (delivery/client_address.py).
AXES_CLIENT_IP_CALLABLE = "delivery.client_address.client_address"

# Health numbers differ by country (999/111 in the UK, 911 in the US and Canada, 112 in the EU).
EMERGENCY_NUMBER = os.environ.get("DJANGO_EMERGENCY_NUMBER") or "999"
URGENT_CARE_NUMBER = os.environ.get("DJANGO_URGENT_CARE_NUMBER") or "111"
URGENT_CARE_NAME = os.environ.get("DJANGO_URGENT_CARE_NAME") or "NHS 111"
# The urgent care card offers the service online beside its number (NHS 111 online in the UK), for
# readers who cannot phone or would rather not. Checked here, so a typo is a start-up error and
# never a broken link on the card.
URGENT_CARE_ONLINE_URL = os.environ.get("DJANGO_URGENT_CARE_ONLINE_URL") or "https://111.nhs.uk/"
if not re.match(r"https?://[^\s/]+\.[^\s/]+(/\S*)?$", URGENT_CARE_ONLINE_URL):
    raise ImproperlyConfigured(
        "DJANGO_URGENT_CARE_ONLINE_URL must be a web address (https://...), "
        f"not {URGENT_CARE_ONLINE_URL!r}."
    )
# Who the numbers above are for: readers are told wherever the numbers are given ("for readers
# in the UK"), and where a service differs inside that area (red-flags.md, "Scope"). Change them
# with the numbers: a site moved to 911 must not still say it is for the UK.
SERVICE_AREA = os.environ.get("DJANGO_SERVICE_AREA") or "the UK"
SERVICE_AREA_NOTE = os.environ.get(
    "DJANGO_SERVICE_AREA_NOTE",
    (
        "In Northern Ireland, NHS 111 is not available for this: contact your GP or the "
        "out-of-hours GP service."
    ),
).strip()

# A clinical review sets the next one due this many days ahead unless the reviewer picks a date.
REVIEW_INTERVAL_DAYS = env_int("DJANGO_REVIEW_INTERVAL_DAYS", 365)

# Readers' feedback is deleted this many days after it was sent (manage.py purge_feedback, run
# daily), as the Privacy page tells them.
FEEDBACK_KEEP_DAYS = env_int("DJANGO_FEEDBACK_KEEP_DAYS", 365)
# One address may send the feedback form this many times in this many seconds (feedback.views);
# the Privacy page says how long an address is counted for.
FEEDBACK_POSTS_PER_WINDOW = 5
FEEDBACK_WINDOW_SECONDS = 10 * 60

# How long a signed link for an outside clinical reviewer works, unless revoked first.
OUTSIDE_REVIEW_LINK_DAYS = env_int("DJANGO_OUTSIDE_REVIEW_LINK_DAYS", 7)

# Workflow email (submissions, decisions, review reminders). No SMTP host: printed to the
# console, which is what a local run wants; production sets the host and its credentials.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
    # A mail server that does not answer must not hold an editor's request for long.
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = (
    os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or f"{SITE_NAME} <noreply@localhost>"
)
# Emails link to the admin, and are sent outside any request (the daily reminders), so without
# DJANGO_SITE_URL the links are built from the first allowed host; when that is this machine (a
# local `make run`), on gunicorn's port (publishing.notifications.site_address).
LOCAL_SERVER_PORT = env_int("PORT", 8000)

# django-markdownx: the live Markdown preview and uploads go through our own staff-only views
# (articles.desk.endpoints, routed in calfcare/urls.py).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_UPLOAD_MAX_SIZE = 3 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png"]
# Decoded images larger than this are refused before Pillow allocates them (decompression bombs).
UPLOAD_MAX_PIXELS = 24_000_000
# Django answers 400 to a form whose fields (files aside) hold more than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Request bodies larger than these are refused with 413 before they are read
# (delivery.request_limits). Editors send at most one image (MARKDOWNX_UPLOAD_MAX_SIZE) or one
# form of text (which Django refuses above DATA_UPLOAD_MAX_MEMORY_SIZE): their sum, 4 MiB, covers
# either with room, so an image a little over its limit still gets the upload's own message.
REQUEST_BODY_MAX_BYTES_EDITORS = MARKDOWNX_UPLOAD_MAX_SIZE + DATA_UPLOAD_MAX_MEMORY_SIZE
# Everywhere else the only body is the feedback form (its own guard stops at 4 KB): 64 KiB is
# far more than it needs, and little enough that no reader's request costs memory or disk.
REQUEST_BODY_MAX_BYTES = 64 * 1024
# Every body let in is held in memory, never spooled to a temporary file: the runtime user may
# have nowhere to write, and nothing is left behind in /tmp.
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES_EDITORS

# One line per record on stdout, as key=value pairs (see delivery.logfmt). What is logged: the
# level, the logger, the message and any traceback; never request bodies, cookies or query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"logfmt": {"()": "delivery.logfmt.LogfmtFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "logfmt",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL") or "INFO"},
}
