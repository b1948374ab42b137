"""Programs the tests take from the machine rather than from pip: Java, redis-server, Chromium.

A missing one fails the test with how to install it, never skips it, so a machine without it
cannot pass quietly.
"""

import shutil

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
