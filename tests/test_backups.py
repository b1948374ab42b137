"""Backups with Django's own dumpdata/loaddata: the whole content survives a round trip from
SQLite to PostgreSQL and back, and every page reads the same afterwards."""

import json
import re

import pytest

from tests.programs import throwaway_postgres
from tools.served import manage, production_env

pytestmark = pytest.mark.slow_server

DUMP_ARGS = [
    "dumpdata",
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=admin.logentry",
]
PAGE_DIGESTS = """
import hashlib, json
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
paths = ["/", "/causes/", "/causes/dehydration/", "/causes/deep-vein-thrombosis/",
         "/cramp-or-clot/", "/massage/", "/massage/knead-the-calf/", "/sitemap.xml"]
responses = {p: client.get(p) for p in paths}
assert all(r.status_code == 200 for r in responses.values()), responses
print(json.dumps({p: hashlib.sha256(r.content).hexdigest() for p, r in responses.items()}))
"""
EDITS = """
from articles.models import Cause, MassageStep
from feedback.models import Feedback
step = MassageStep.objects.get(slug="knead-the-calf")
step.title = "Knead the calf, gently"; step.position = 0; step.save()
Cause.objects.filter(slug="hyperpronation").update(is_published=False)
Feedback.objects.create(page_path="/massage/", page_title="How to massage", helpful=True)
"""


@pytest.fixture
def postgres_database():
    """A throwaway PostgreSQL database on the server .ci/postgres starts (make test runs it)."""
    url, drop = throwaway_postgres("calfcare_backup")
    yield url
    drop()


def shell(env, code):
    return manage(env, "shell", "-c", code).stdout.strip().splitlines()[-1]


def restore(env, dump_file):
    manage(env, "migrate", "--no-input")
    manage(env, "flush", "--no-input")  # drop the seed content: the backup replaces it whole
    manage(env, "loaddata", str(dump_file))


def test_content_round_trips_sqlite_to_postgresql_and_back(tmp_path, postgres_database):
    sqlite_env = production_env(tmp_path / "a", DJANGO_PAGE_CACHE="false")
    manage(sqlite_env, "migrate", "--no-input")
    manage(sqlite_env, "load_initial_content")
    manage(sqlite_env, "collectstatic", "--no-input", "--verbosity", "0")
    shell(sqlite_env, EDITS)
    original_pages = json.loads(shell(sqlite_env, PAGE_DIGESTS))
    first_dump = tmp_path / "sqlite-backup.json"
    manage(sqlite_env, *DUMP_ARGS, "-o", str(first_dump))

    postgres_env = production_env(tmp_path / "b", DATABASE_URL=postgres_database)
    restore(postgres_env, first_dump)
    restored = json.loads(shell(postgres_env, PAGE_DIGESTS))
    assert [path for path in original_pages if restored[path] != original_pages[path]] == []

    second_dump = tmp_path / "postgres-backup.json"
    manage(postgres_env, *DUMP_ARGS, "-o", str(second_dump))
    sqlite_again_env = production_env(tmp_path / "c")
    restore(sqlite_again_env, second_dump)
    assert json.loads(shell(sqlite_again_env, PAGE_DIGESTS)) == original_pages

    def rows_of(path):
        # Keys sorted: PostgreSQL's jsonb keeps a JSON field's keys in its own order. And a time
        # whose microseconds round down to ".000" comes back with none, so dumpdata writes it
        # without the fraction the second time: the same moment, spelled two ways.
        rows = [json.dumps(row, sort_keys=True) for row in json.loads(path.read_text())]
        return [re.sub(r"(T\d\d:\d\d:\d\d)\.000(?=[Z+-])", r"\1", row) for row in rows]

    first, second = rows_of(first_dump), rows_of(second_dump)
    assert sorted(set(first) ^ set(second)) == [], "nothing was lost or changed on the way"
    count = "from feedback.models import Feedback; print(Feedback.objects.count())"
    assert shell(sqlite_again_env, count) == "1"
