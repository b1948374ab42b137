"""Test settings: the production settings with a throwaway key and no hashed-file manifest."""

import os
import tempfile
from pathlib import Path

os.environ["DJANGO_SECRET_KEY"] = "insecure-key-for-tests-only"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
os.environ["DJANGO_HTTPS"] = "false"

from calfcare.settings import *  # noqa: E402,F403

# Tests never run collectstatic, so serve static files by their plain names.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One test database per test process, so two runs in one checkout (or on one PostgreSQL server,
# as TEST_POSTGRES_URL runs share) never create, flush or drop each other's. Django drops it when
# the run ends; pytest-xdist workers would add their own suffix on top.
_RUN = os.getpid()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: the browser tests' live server then reads
    # through its own connection, as a gunicorn worker does, with WAL and IMMEDIATE in force.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{_RUN}.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_RUN}"}  # noqa: F405

# Find static files where they live, without a collectstatic run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test run gets its own caches, in memory: nothing leaks between runs or into `make run`.
# (tests/conftest.py empties them before each test.)
CACHE_DIR = Path(tempfile.mkdtemp(prefix="calfcare-test-cache-"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public-posts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-posts",
    },
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PAGE_CACHE_GENERATION_FILE = CACHE_DIR / "page-generation"
