#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

LOCAL_ENV = Path(__file__).resolve().parent / ".env"


def read_local_env(path=LOCAL_ENV, environ=os.environ):
    """Fill `environ` from the local `.env` that make writes, so `./manage.py shell` works in a
    checkout without sourcing anything. Only when the file exists and DJANGO_SETTINGS_MODULE is
    unset (a deployment or the test settings name their module, and `make deploy-check` does,
    so none of them ever reads it), and only for variables not already set: the environment wins.
    Lines are read as make reads them (`NAME=value`, `#` comments, no quoting)."""
    if "DJANGO_SETTINGS_MODULE" in environ or not path.is_file():
        return
    for line in path.read_text().splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and name and not name.startswith("#"):
            environ.setdefault(name.strip(), value.strip())


def main():
    read_local_env()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calfcare.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
