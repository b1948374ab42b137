"""Programs the tests take from the machine rather than from pip: Java, redis-server, Chromium,
and the PostgreSQL server `make test` starts.

A missing one fails the test with how to install it, never skips it, so a machine without it
cannot pass quietly.
"""

import os
import secrets
import shutil
from urllib.parse import urlsplit, urlunsplit

import pytest


def program_or_fail(program, package, needed_by, other_way=""):
    """Where `program` is (a name on PATH or a full path), or a failure saying how to get it."""
    path = shutil.which(program)
    if path is None:
        pytest.fail(
            f"{needed_by} needs {program}. Install Debian's package (sudo apt-get install "
            f"{package}){other_way}; `make test` installs it when run as root.",
            pytrace=False,
        )
    return path


def throwaway_postgres(prefix):
    """A new, empty database on the server .ci/postgres starts: its URL, and how to drop it."""
    base = os.environ.get("TEST_POSTGRES_URL")
    if not base:
        pytest.fail(
            "TEST_POSTGRES_URL is not set: run the suite with `make test`, which starts "
            "PostgreSQL (bash .ci/postgres prints the URL to use).",
            pytrace=False,
        )
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')

    return urlunsplit(urlsplit(base)._replace(path=f"/{name}")), drop
