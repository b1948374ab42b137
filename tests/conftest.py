import html
import os
import re

import pytest
from django.core.cache import caches
from django.utils.html import strip_tags
from hypothesis import settings


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    for cache in caches.all():
        cache.clear()


def page_text(response):
    """The text a reader sees, whitespace folded, for assertions that ignore markup."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(response.content.decode()))).strip()


@pytest.fixture
def text():
    return page_text


# Bad-input property tests: a few seconds in `make test`, a deeper run with `make fuzz`.
settings.register_profile("default", max_examples=40, deadline=None, derandomize=False)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
